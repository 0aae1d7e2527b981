import type { ConnField, Dump } from './types.js';

/**
 * Per connection field, the largest single connection's footprint at each dump (0 where no
 * connection carried it in that dump's interval). Undefined when no dump has connection data: the
 * logs came from a package that does not write my_stats_conns.log.
 */
export function connectionSeries(dumps: Dump[]): Map<string, number[]> | undefined {
  if (!dumps.some((d) => d.conns !== undefined)) return undefined;
  const series = new Map<string, number[]>();
  dumps.forEach((d, i) => {
    for (const [field, c] of d.conns ?? []) {
      let s = series.get(field);
      if (!s) {
        s = new Array<number>(dumps.length).fill(0);
        series.set(field, s);
      }
      s[i] = c.max;
    }
  });
  return series;
}

/** The connection behind a field's value at one dump (0-based), if that dump measured one. */
export function connectionAt(dumps: Dump[], field: string, index: number): ConnField | undefined {
  return dumps[index]?.conns?.get(field);
}

/** The dump (0-based) at which a field's largest connection of the run was measured; the first on ties. */
export function largestDump(series: number[]): number {
  let best = 0;
  series.forEach((v, i) => {
    if (v > (series[best] ?? 0)) best = i;
  });
  return best;
}
