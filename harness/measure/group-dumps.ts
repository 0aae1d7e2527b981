import type { DumpRow, FootprintRow } from '../zeek-log/my-stats.js';
import { endsDump, SAME_DUMP_MAX_GAP_SECONDS } from './dump-boundary.js';
import { FootprintTable } from './footprint-table.js';
import type { Dump } from './types.js';


export interface DumpCollectorOptions {
  /** Keep only each node's newest dump: memory stays at one dump per node however long the logs are. */
  latestOnly?: boolean;
}

interface NodeState {
  current: Dump | undefined;
  /** Time of the current dump's latest row. */
  lastTs: number;
  kept: Dump[];
  /** Start time of every dump seen, kept or not. */
  starts: number[];
  /** Where the node's dumps keep their footprints: numbers, not a Map per dump. */
  table: FootprintTable;
}

export interface NodeDumps {
  node: string;
  /** In time order. */
  dumps: Dump[];
  /** Start time of every dump seen (also those not kept), in the order they were read. */
  starts: number[];
}

/**
 * Groups my_stats rows into dumps per node. Rows come in the order the logs hold them (files oldest
 * first); nodes interleave. A node's dump ends when its run number changes, when a variable repeats
 * (a restart that reached the same run number again) or after a long gap.
 */
export class DumpCollector {
  private readonly nodes = new Map<string, NodeState>();

  constructor(private readonly options: DumpCollectorOptions = {}) {}

  addFootprint(row: FootprintRow): void {
    const st = this.stateOf(row.node);
    let d = st.current;
    if (d === undefined || endsDump({ run: d.run, lastTs: st.lastTs }, row.run, d.footprints.has(row.variable), row.ts)) {
      d = { run: row.run, node: row.node, ts: row.ts, footprints: st.table.row() };
      st.current = d;
      st.starts.push(row.ts);
      if (!this.options.latestOnly) st.kept.push(d);
      else if (st.kept[0] === undefined || d.ts >= st.kept[0].ts) st.kept = [d];
    }
    d.footprints.set(row.variable, row.size);
    st.lastTs = row.ts;
  }

  /**
   * The runs log's row of a dump (read after the footprints): matched by node, run and time. A row
   * without footprint rows is a dump whose variables were all below the logging cutoff.
   */
  addDumpInfo(row: DumpRow): void {
    const st = this.stateOf(row.node);
    let d = findLast(st.kept, (k) => k.run === row.run && Math.abs(k.ts - row.ts) <= SAME_DUMP_MAX_GAP_SECONDS);
    if (d === undefined) {
      if (this.options.latestOnly) return;
      d = { run: row.run, node: row.node, ts: row.ts, footprints: new Map() };
      st.kept.push(d);
      st.starts.push(row.ts);
    }
    d.networkTime = row.networkTime;
    d.reason = row.reason;
    d.duration = row.duration;
    d.total = row.total;
    d.peakRss = row.peakRss;
    d.unlogged = row.globals - row.logged;
  }

  /** Dumps per node, in time order. */
  result(): Map<string, Dump[]> {
    return new Map(this.perNode().map((n) => [n.node, n.dumps]));
  }

  perNode(): NodeDumps[] {
    return [...this.nodes].map(([node, st]) => ({ node, dumps: [...st.kept].sort((a, b) => a.ts - b.ts), starts: st.starts }));
  }

  private stateOf(node: string): NodeState {
    let st = this.nodes.get(node);
    if (st === undefined) {
      st = { current: undefined, lastTs: 0, kept: [], starts: [], table: new FootprintTable() };
      this.nodes.set(node, st);
    }
    return st;
  }
}

function findLast<T>(items: T[], pred: (t: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as T;
    if (pred(item)) return item;
  }
  return undefined;
}
