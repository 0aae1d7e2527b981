import type { Dump } from './types.js';

/**
 * Once a conns log was read: a dump whose runs row says it wrote conns rows (conns_logged, even 0)
 * measured connections, so it has connection data, possibly none. Without any conns log (an older
 * package, or my_stats::conn_footprints=F) dumps keep having none: unknown, not empty.
 */
export function markMeasuredConnections(dumps: Iterable<Dump>): void {
  for (const d of dumps) if (d.connsLogged !== undefined) d.conns ??= new Map();
}

/**
 * Dumps whose conns rows did not all arrive: the runs row says how many it wrote (conns_logged).
 * A log cut short (Zeek killed, or a live log still being written) shows up here instead of passing
 * as a dump with fewer connection fields.
 */
export function connectionGaps(dumps: Dump[], what: string): string[] {
  const out: string[] = [];
  dumps.forEach((d, i) => {
    const read = d.conns?.size ?? 0;
    if (d.connsLogged !== undefined && read < d.connsLogged) {
      out.push(`${what}dump ${i + 1} (run ${d.run}): my_stats_runs.log says ${d.connsLogged} my_stats_conns.log rows, ${read} found (a truncated or still-written conns log?)`);
    }
  });
  return out;
}
