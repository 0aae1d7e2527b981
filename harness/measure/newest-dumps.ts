import { endsDump } from './dump-boundary.js';

interface KeyedDump {
  ts: number;
  rows: number;
  /** `logged` of its my_stats_runs row, once that row was seen. */
  logged?: number;
}

interface NodeRows {
  /** Dumps by run and microsecond ts: the key our package's rows and runs row of one dump share. */
  keyed: Map<string, KeyedDump>;
  hasRuns: boolean;
  /** Dumps told apart by the row heuristics (the original package has no runs log). */
  starts: number[];
  current: { run: number; lastTs: number; seen: Set<number> } | null;
}

/**
 * Which dumps of each node are usable, from rows fed in log order: with our package's runs rows,
 * the dumps whose runs row arrived and whose rows number its `logged` (the completeness rule);
 * for nodes without runs rows (corelight/my_stats), every dump, told apart as the dump tracker does
 * (run changes, a variable repeats, a gap). Used to decide how much of a log's end to read; the
 * rows then go to the real tracker, which has the last word.
 */
export class NewestDumps {
  private readonly nodes = new Map<number, NodeRows>();

  footprint(ts: number, run: number, node: number, variable: number): void {
    const n = this.nodeOf(node);
    const key = `${run} ${Math.round(ts * 1e6)}`;
    const k = n.keyed.get(key);
    if (k === undefined) n.keyed.set(key, { ts, rows: 1 });
    else k.rows++;
    const cur = n.current;
    if (cur === null || endsDump(cur, run, cur.seen.has(variable), ts)) {
      n.current = { run, lastTs: ts, seen: new Set([variable]) };
      n.starts.push(ts);
    } else {
      cur.seen.add(variable);
      if (ts > cur.lastTs) cur.lastTs = ts;
    }
  }

  runs(node: number, ts: number, run: number, logged: number): void {
    const n = this.nodeOf(node);
    n.hasRuns = true;
    const key = `${run} ${Math.round(ts * 1e6)}`;
    const k = n.keyed.get(key);
    if (k === undefined) n.keyed.set(key, { ts, rows: 0, logged });
    else k.logged = logged;
  }

  /** Per node, the start times of its usable dumps, ascending. */
  usableStarts(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const [node, n] of this.nodes) {
      if (!n.hasRuns) {
        out.set(node, [...n.starts].sort((a, b) => a - b));
        continue;
      }
      const starts: number[] = [];
      for (const k of n.keyed.values()) if (k.logged !== undefined && k.rows === k.logged) starts.push(k.ts);
      out.set(node, starts.sort((a, b) => a - b));
    }
    return out;
  }

  private nodeOf(node: number): NodeRows {
    let n = this.nodes.get(node);
    if (n === undefined) {
      n = { keyed: new Map(), hasRuns: false, starts: [], current: null };
      this.nodes.set(node, n);
    }
    return n;
  }
}
