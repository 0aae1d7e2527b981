/** One column of a table or CSV: a header and how to get the cell text from a row. */
export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Numbers read best right-aligned. Default left. */
  align?: 'left' | 'right';
}

export interface TableStyle {
  /** Applied to the header line after padding (e.g. bold when writing to a terminal). */
  header?: (text: string) => string;
  /** Put before every line. */
  indent?: string;
  /** Between columns. Default two spaces. */
  gap?: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Width on screen: colour codes take no room. */
function visibleLength(s: string): number {
  return s.replace(ANSI, '').length;
}

/**
 * An aligned plain-text table, one line per row, ending with a newline. Widths are measured on the
 * visible text, so colouring a header or a cell never breaks the alignment. Trailing spaces are trimmed.
 */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[], style: TableStyle = {}): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) => Math.max(visibleLength(c.header), ...cells.map((row) => visibleLength(row[i] as string))));
  const gap = style.gap ?? '  ';
  const indent = style.indent ?? '';
  const line = (values: string[]): string => (indent + values.map((v, i) => pad(v, widths[i] as number, columns[i]?.align ?? 'left')).join(gap)).trimEnd();
  const header = line(columns.map((c) => c.header));
  const out = [style.header ? style.header(header) : header, ...cells.map(line)];
  return out.join('\n') + '\n';
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** CSV with a header line, RFC 4180 quoting (a field holding a comma, quote or newline is quoted), LF line ends. */
export function formatCsv<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const line = (values: string[]): string => values.map(csvField).join(',');
  return [line(columns.map((c) => c.header)), ...rows.map((r) => line(columns.map((c) => c.value(r))))].join('\n') + '\n';
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
