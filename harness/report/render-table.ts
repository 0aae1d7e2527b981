export interface TableOptions {
  align?: Array<'l' | 'r'>;
  gap?: number;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

function visibleLength(s: string): number {
  return s.replace(ANSI, '').length;
}

/** Aligned columns for a terminal; the last column is not padded. Colour codes do not count as width. */
export function renderTable(rows: string[][], opts: TableOptions = {}): string[] {
  const gap = ' '.repeat(opts.gap ?? 2);
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell)); });
  return rows.map((row) =>
    row
      .map((cell, i) => {
        if (i === row.length - 1) return cell;
        const pad = ' '.repeat((widths[i] ?? 0) - visibleLength(cell));
        return opts.align?.[i] === 'r' ? pad + cell : cell + pad;
      })
      .join(gap)
      .trimEnd(),
  );
}
