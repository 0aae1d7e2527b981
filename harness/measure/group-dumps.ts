import type { DumpRow, FootprintRow } from '../zeek-log/my-stats.js';
import type { Dump } from './types.js';

/**
 * Groups my_stats rows into dumps per node. A node's run numbers restart at 1 when its Zeek
 * restarts, so a lower run number than the last one seen starts a new lifetime.
 */
export class DumpCollector {
  private readonly nodes = new Map<string, { lifetime: number; lastRun: number; dumps: Map<string, Dump> }>();

  addFootprint(row: FootprintRow): void {
    this.dumpFor(row.node, row.run, row.ts).footprints.set(row.variable, row.size);
  }

  addDumpInfo(row: DumpRow): void {
    const d = this.dumpFor(row.node, row.run, row.ts, true);
    d.networkTime = row.networkTime;
    d.reason = row.reason;
    d.duration = row.duration;
    d.total = row.total;
    d.peakRss = row.peakRss;
  }

  /** Dumps per node, in order. */
  result(): Map<string, Dump[]> {
    const out = new Map<string, Dump[]>();
    for (const [node, state] of this.nodes) out.set(node, [...state.dumps.values()]);
    return out;
  }

  private dumpFor(node: string, run: number, ts: number, infoRow = false): Dump {
    let state = this.nodes.get(node);
    if (!state) {
      state = { lifetime: 0, lastRun: 0, dumps: new Map() };
      this.nodes.set(node, state);
    }
    // The runs log is read after the footprints log, so its rows must not open new lifetimes.
    if (!infoRow && run < state.lastRun) state.lifetime++;
    if (!infoRow) state.lastRun = run;
    const key = `${infoRow ? this.lifetimeOf(state, run) : state.lifetime}:${run}`;
    let dump = state.dumps.get(key);
    if (!dump) {
      dump = { run, node, ts, footprints: new Map() };
      state.dumps.set(key, dump);
    }
    return dump;
  }

  private lifetimeOf(state: { lifetime: number; dumps: Map<string, Dump> }, run: number): number {
    for (let l = state.lifetime; l >= 0; l--) if (state.dumps.has(`${l}:${run}`)) return l;
    return state.lifetime;
  }
}
