import { endsDump } from './dump-boundary.js';

interface KeyedDump {
  run: number;
  ts: number;
  rows: number;
  /** `logged` of its my_stats_runs row, once that row was seen. */
  logged: number;
}

interface NodeRows {
  /** Dumps by microsecond ts (the key our package's rows and runs row of one dump share), then run. */
  keyed: Map<number, KeyedDump[]>;
  /** The dump the node's last row went to: the next row usually belongs to it too. */
  last: KeyedDump | undefined;
  hasRuns: boolean;
  /** Dumps told apart by the row heuristics (the original package has no runs log): their starts. */
  starts: number[];
  run: number;
  lastTs: number;
  /** marks[variable] === seq: the variable has a row in the current heuristic dump. */
  marks: Int32Array;
  seq: number;
}

/**
 * Which dumps of each node are usable, from rows fed in log order (a rotation's runs rows before
 * its footprint rows): with our package's runs rows,
 * the dumps whose runs row arrived and whose rows number its `logged` (the completeness rule);
 * for nodes without runs rows (corelight/my_stats), every dump, told apart as the dump tracker does
 * (run changes, a variable repeats, a gap). Used to decide how much of a log's end to read; the
 * rows then go to the real tracker, which has the last word. Numbers only: it sees every row read.
 */
export class NewestDumps {
  private readonly nodes: (NodeRows | undefined)[] = [];
  private seq = 0;

  footprint(ts: number, run: number, node: number, variable: number): void {
    const n = this.nodeOf(node);
    // Dumps by key only for nodes with runs rows (fed first, as the readers do): the original
    // package stamps every row with its own time, a key per row.
    if (n.hasRuns) {
      const last = n.last;
      if (last !== undefined && last.run === run && last.ts === ts) last.rows++;
      else n.last = this.keyedDump(n, run, ts, 1);
    }
    const seen = variable < n.marks.length && n.marks[variable] === n.seq;
    if (n.seq === 0 || endsDump({ run: n.run, lastTs: n.lastTs }, run, seen, ts)) {
      n.seq = ++this.seq;
      n.starts.push(ts);
      n.run = run;
      n.lastTs = ts;
    }
    if (variable >= n.marks.length) {
      const grown = new Int32Array(Math.max(n.marks.length * 2, variable + 1));
      grown.set(n.marks);
      n.marks = grown;
    }
    n.marks[variable] = n.seq;
    if (ts > n.lastTs) n.lastTs = ts;
  }

  runs(node: number, ts: number, run: number, logged: number): void {
    const n = this.nodeOf(node);
    n.hasRuns = true;
    const k = this.keyedDump(n, run, ts, 0);
    k.logged = logged;
  }

  /** Per node id, the start times of its usable dumps, ascending. */
  usableStarts(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    this.nodes.forEach((n, node) => {
      if (n === undefined) return;
      if (!n.hasRuns) {
        out.set(node, [...n.starts].sort((a, b) => a - b));
        return;
      }
      const starts: number[] = [];
      for (const list of n.keyed.values()) for (const k of list) if (k.rows === k.logged) starts.push(k.ts);
      out.set(node, starts.sort((a, b) => a - b));
    });
    return out;
  }

  private keyedDump(n: NodeRows, run: number, ts: number, rows: number): KeyedDump {
    const key = Math.round(ts * 1e6);
    let list = n.keyed.get(key);
    if (list === undefined) {
      list = [];
      n.keyed.set(key, list);
    }
    let k = list.find((d) => d.run === run);
    if (k === undefined) {
      k = { run, ts, rows: 0, logged: -1 };
      list.push(k);
    }
    k.rows += rows;
    return k;
  }

  private nodeOf(node: number): NodeRows {
    let n = this.nodes[node];
    if (n === undefined) {
      n = { keyed: new Map(), last: undefined, hasRuns: false, starts: [], run: 0, lastTs: 0, marks: new Int32Array(512), seq: 0 };
      this.nodes[node] = n;
    }
    return n;
  }
}
