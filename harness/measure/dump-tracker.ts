import type { ConnRow, DumpRow } from '../zeek-log/my-stats.js';
import type { FootprintRows } from '../zeek-log/row-columns.js';
import { grown } from '../util/grown.js';
import { AnnouncedDumps, type Announced } from './announced-dumps.js';

/**
 * How far apart rows of one dump can be when the logs do not say which rows form a dump (the
 * original corelight/my_stats has no runs log and stamps every row with its own time): a row of the
 * same node and run further than this from the dump's rows so far starts another dump (a restart
 * whose previous life had reached the same run number).
 */
export const SAME_DUMP_MAX_GAP_SECONDS = 10;

/**
 * Dumps with rows open per node at most (dumps split across loggers wait here for their other
 * half); past it the one touched longest ago is given up, so memory stays bounded.
 */
const MAX_OPEN_PER_NODE = 128;
/** File groups (rotations) an open dump may go without a row before it is given up: one late batch's worth. */
const IDLE_GROUPS = 2;
/** Dumps per node remembered for counting restarts in time order, however late a dump finishes. */
const RECENT = 64;
const EXAMPLES = 3;

/**
 * complete: its my_stats_runs row arrived and every row it announces (`logged`, `conns_logged`);
 * unverified: the node has no runs rows (the original package), so the rows are grouped by the
 * heuristics above; incomplete: rows or the runs row are missing (another logger's file not read,
 * a dump still being written): left out of every count and choice.
 */
export type DumpState = 'complete' | 'unverified' | 'incomplete';

/** The rows of one dump, as StringTable ids in typed arrays (no allocation per row). */
export interface TrackedDump {
  readonly node: number;
  readonly run: number;
  /** When the dump was taken: the ts its rows share (our package), or its first row's (the original package). */
  readonly ts: number;
  readonly firstTs: number;
  readonly lastTs: number;
  /** Rows 0..length-1 of the arrays below (their capacity may be larger). */
  readonly length: number;
  readonly variables: Int32Array;
  readonly modules: Int32Array;
  readonly sizes: Float64Array;
  /** Its rows of my_stats_conns.log (one per connection field). */
  readonly connRows: readonly ConnRow[];
  /** Its row of my_stats_runs.log. */
  readonly info: DumpRow | undefined;
  readonly state: DumpState;
  /** For an incomplete dump, what is missing: "162 of 324 rows", "no my_stats_runs row". */
  readonly missing: string;
}

/** What the tracker learnt about one node over everything it read. */
export interface NodeTrack {
  node: number;
  /** Dumps handed on as usable (complete or unverified). */
  dumps: number;
  /** Dumps left out as incomplete, and a few of them described ("run 7 at 2026-...: 162 of 324 rows"). */
  incomplete: number;
  incompleteExamples: string[];
  /** Process restarts seen: a dump whose run number is not above the one before it in time. */
  restarts: number;
  /** Time span of the node's rows (footprint and runs rows, incomplete dumps included). */
  firstTs: number;
  lastTs: number;
  /** Start times of the node's latest usable dumps (at most 64, ascending): the last dump and the dump interval. */
  recentStarts: number[];
  /** Packets over the usable dumps whose runs row has the `packets` column; undefined when none had it. */
  packets: number | undefined;
  packetDumps: number;
  /** Rows that repeated a variable of the same dump exactly (the same file read twice, say): ignored. */
  duplicates: number;
}

export interface DumpTrackerOptions {
  /**
   * Every dump once it is finished, complete or given up on, in the order they finish (not time
   * order: rows of several loggers' files are merged). Return true to keep the dump's storage
   * (hand it back with recycle() when done with it); otherwise it is reused for a later dump.
   */
  onDump: (dump: TrackedDump) => boolean | void;
  /** my_stats_conns.log is among the inputs: a dump is complete only once its conns_logged rows arrived. */
  expectConns?: boolean;
}

class Slot implements TrackedDump {
  node = 0;
  run = 0;
  ts = 0;
  firstTs = 0;
  lastTs = 0;
  length = 0;
  variables = new Int32Array(512);
  modules = new Int32Array(512);
  sizes = new Float64Array(512);
  connRows: ConnRow[] = [];
  info: DumpRow | undefined = undefined;
  state: DumpState = 'incomplete';
  missing = '';
  /** ts in microseconds: the key our package's rows, runs row and conns rows of one dump share. */
  key = 0;
  /** marks[variable] === seq: the variable has a row in this dump. */
  seq = 0;
  marks = new Int32Array(512);
  touched = 0;
  idleGroups = 0;

  append(variable: number, module: number, size: number): void {
    if (this.length === this.sizes.length) this.grow(this.length * 2);
    this.variables[this.length] = variable;
    this.modules[this.length] = module;
    this.sizes[this.length] = size;
    this.length++;
  }

  has(variable: number): boolean {
    return variable < this.marks.length && this.marks[variable] === this.seq;
  }

  mark(variable: number): void {
    if (variable >= this.marks.length) this.marks = grown(this.marks, Math.max(this.marks.length * 2, variable + 1));
    this.marks[variable] = this.seq;
  }

  private grow(cap: number): void {
    this.variables = grown(this.variables, cap);
    this.modules = grown(this.modules, cap);
    this.sizes = grown(this.sizes, cap);
  }
}

interface NodeState {
  track: NodeTrack;
  /** The node has runs rows: its dumps are told apart by (run, ts) exactly and checked against `logged`. */
  keyed: boolean;
  open: Slot[];
  /** Dumps announced by runs or conns rows (read first) whose footprint rows have not come. */
  announced: AnnouncedDumps;
  /** The dump the last row went to: the next row usually belongs to it too. */
  current: Slot | null;
  /** Usable dumps finished, by time: for counting restarts in time order. */
  recent: { ts: number; run: number }[];
  /** run, key, run, key, ... of dumps finished lately: rows or a runs row coming after their dump was handed on are no new dump. */
  finished: number[];
}

function finishedLately(st: NodeState, run: number, key: number): boolean {
  const f = st.finished;
  for (let i = f.length - 2; i >= 0; i -= 2) if (f[i] === run && f[i + 1] === key) return true;
  return false;
}

/** Whether a row at ts is close enough in time to a dump's rows to be of it (nodes without runs rows). */
function near(d: Slot, ts: number): boolean {
  return ts >= d.firstTs - SAME_DUMP_MAX_GAP_SECONDS && ts <= d.lastTs + SAME_DUMP_MAX_GAP_SECONDS;
}

function micro(ts: number): number {
  return Math.round(ts * 1e6);
}

/**
 * Assembles my_stats rows into dumps, for `summarize` and for the budget evaluation alike, from
 * logs read in any order: every logger's files of a rotation, each file's rows in turn (feed a
 * rotation's runs rows first, then its conns rows, then its footprint rows, and call endGroup()
 * after each rotation). With our package a dump is the rows of one node sharing (run, ts), merged
 * across files, and it is complete once its runs row arrived and its rows number what that row
 * says (`logged`, `conns_logged`): a dump split across two loggers is one dump, never a restart.
 * Nodes without runs rows (the original package) keep the older heuristics: a dump ends when the
 * run changes, a variable repeats, or the rows are more than SAME_DUMP_MAX_GAP_SECONDS apart.
 * Memory, whatever the log length: per node the dumps with rows still open (those split across
 * loggers; at most 128), the runs rows of about two rotations waiting for their rows, and a fixed amount.
 */
export class DumpTracker {
  /** Indexed by node id (ids are small and dense): no hashing per row. */
  private readonly nodes: (NodeState | undefined)[] = [];
  private seq = 0;
  private clock = 0;
  private readonly spares: Slot[] = [];

  constructor(private readonly options: DumpTrackerOptions) {}

  /** One my_stats.log row (node, module and variable as StringTable ids). */
  add(ts: number, run: number, node: number, module: number, variable: number, size: number): void {
    // Small on purpose, the rare paths out of line: inlined where it is called per row, it passes
    // no number through a call, so a row allocates nothing (a boxed double per row was most of the
    // garbage of a full read).
    const st = this.stateOf(node, ts);
    const key = micro(ts);
    const current = st.current;
    const d = current !== null && this.joins(st, current, run, ts, key, variable) ? current : this.otherDump(st, run, ts, key, variable);
    if (d === null || d.has(variable)) {
      // Only an exact (run, ts) match gets here: the same row again.
      st.track.duplicates++;
      return;
    }
    d.mark(variable);
    d.append(variable, module, size);
    if (ts < d.firstTs) d.firstTs = ts;
    if (ts > d.lastTs) d.lastTs = ts;
    this.touch(d);
    st.current = d;
    if (d.info !== undefined) this.finishIfComplete(st, d);
  }

  /** The dump a row that does not join the node's current one goes to; null: a row of a dump already handed on. */
  private otherDump(st: NodeState, run: number, ts: number, key: number, variable: number): Slot | null {
    const other = st.open.find((o) => o !== st.current && this.joins(st, o, run, ts, key, variable));
    // A row of a dump already handed on: the same rows read twice (a copy of a file).
    if (other === undefined && finishedLately(st, run, key)) return null;
    return other ?? this.openWithRows(st, run, ts, key);
  }

  /**
   * Rows in bulk, each as add() takes it; `keep` (by time and node id) drops rows first. A loop
   * here, not a call per row from the reader: the rows' numbers stay unboxed. A row with the time,
   * run and node of the row before joins that row's dump straight away when it is still the node's
   * current one: add() would choose it too (same run and ts: the same key), so only the variable's
   * mark is checked (a row of our package's dumps costs a third of add()). Likewise a row of the
   * original package (no runs rows: every row has a time of its own) with the run and node of the
   * row before joins that row's dump when add() would: its variable not in it yet, its time
   * within SAME_DUMP_MAX_GAP_SECONDS of the dump's rows.
   */
  addRows(rows: FootprintRows, keep?: (ts: number, node: number) => boolean): void {
    const { ts, run, node, module, variable, size } = rows.columns;
    const ids = rows.ids;
    let st: NodeState | undefined;
    let d: Slot | null = null;
    /** The unkeyed dump the last row went to (its node has no runs rows). */
    let u: Slot | null = null;
    let lastTs = NaN,
      lastRun = -1,
      lastNode = -1;
    for (let i = 0; i < rows.length; i++) {
      const t = ts[i] as number;
      const r = run[i] as number;
      const raw = node[i] as number;
      if (d !== null && t === lastTs && r === lastRun && raw === lastNode && (st as NodeState).current === d) {
        const v = ids[variable[i] as number] as number;
        if (!d.has(v)) {
          d.mark(v);
          d.append(v, ids[module[i] as number] as number, size[i] as number);
          this.touch(d);
          if (d.info !== undefined) this.finishIfComplete(st as NodeState, d);
          continue;
        }
      }
      if (u !== null && r === lastRun && raw === lastNode && (st as NodeState).current === u) {
        const v = ids[variable[i] as number] as number;
        if (!u.has(v) && near(u, t) && (keep === undefined || keep(t, ids[raw] as number))) {
          const track = (st as NodeState).track;
          if (t < track.firstTs) track.firstTs = t;
          if (t > track.lastTs) track.lastTs = t;
          u.mark(v);
          u.append(v, ids[module[i] as number] as number, size[i] as number);
          if (t < u.firstTs) u.firstTs = t;
          if (t > u.lastTs) u.lastTs = t;
          this.touch(u);
          lastTs = t;
          d = null;
          continue;
        }
      }
      lastTs = t;
      lastRun = r;
      lastNode = raw;
      d = null;
      u = null;
      const n = ids[raw] as number;
      if (keep !== undefined && !keep(t, n)) continue;
      this.add(t, r, n, ids[module[i] as number] as number, ids[variable[i] as number] as number, size[i] as number);
      st = this.nodes[n] as NodeState;
      const current = st.current;
      // The dump the row went to (not one that a duplicate row left current).
      if (current !== null && current.run === r && current.key === micro(t)) d = current;
      if (current !== null && !st.keyed && current.info === undefined && current.run === r) u = current;
    }
  }

  /** One my_stats_runs.log row: what the dump measured, and how many rows it logged. */
  addInfo(node: number, row: DumpRow): void {
    const st = this.stateOf(node, row.ts);
    st.keyed = true;
    const key = micro(row.ts);
    const d = st.open.find((o) => o.run === row.run && o.key === key && o.info === undefined);
    if (d !== undefined) {
      d.info = row;
      this.touch(d);
      this.finishIfComplete(st, d);
      return;
    }
    // Its dump was handed on already (given up long before, or the same row read twice).
    if (finishedLately(st, row.run, key)) return;
    const a = this.announce(st, row.run, row.ts, key);
    if (a.info !== undefined) return;
    a.info = row;
    if (this.lacks(0, a.connRows.length, row) === '') this.release(st, a);
  }

  /** One my_stats_conns.log row: it belongs to the dump of the same node, run and ts, counted against its conns_logged. */
  addConn(node: number, row: ConnRow): void {
    const st = this.stateOf(node, row.ts);
    st.keyed = true;
    const key = micro(row.ts);
    const d = st.open.find((o) => o.run === row.run && o.key === key);
    if (d !== undefined) {
      d.connRows.push(row);
      this.touch(d);
      if (d.info !== undefined) this.finishIfComplete(st, d);
      return;
    }
    if (finishedLately(st, row.run, key)) return;
    const a = this.announce(st, row.run, row.ts, key);
    a.connRows.push(row);
    if (a.info !== undefined && this.lacks(0, a.connRows.length, a.info) === '') this.release(st, a);
  }

  /** The files of one rotation were read: dumps that got nothing for a while are given up. */
  endGroup(): void {
    for (const st of this.nodes) {
      if (st === undefined) continue;
      for (const a of st.announced.values()) if (++a.idleGroups >= IDLE_GROUPS) this.release(st, a);
      for (const d of [...st.open]) if (++d.idleGroups >= IDLE_GROUPS) this.finish1(st, d);
    }
  }

  /** Finishes every open dump; per node, what was seen. */
  finish(): NodeTrack[] {
    const out: NodeTrack[] = [];
    for (const st of this.nodes) {
      if (st === undefined) continue;
      for (const a of st.announced.values().sort((x, y) => x.ts - y.ts)) this.release(st, a);
      for (const d of [...st.open].sort((a, b) => a.ts - b.ts)) this.finish1(st, d);
      st.track.recentStarts = st.recent.map((r) => r.ts);
      out.push(st.track);
    }
    return out;
  }

  /** Storage of a dump kept from onDump that is no longer needed. */
  recycle(dump: TrackedDump): void {
    if (dump instanceof Slot && this.spares.length < 4) this.spares.push(dump);
  }

  private joins(st: NodeState, d: Slot, run: number, ts: number, key: number, variable: number): boolean {
    if (d.run !== run) return false;
    if (d.key === key) return true;
    if (st.keyed || d.info !== undefined) return false;
    return !d.has(variable) && near(d, ts);
  }

  private announce(st: NodeState, run: number, ts: number, key: number): Announced {
    const a = st.announced.getOrAdd(run, ts, key);
    a.idleGroups = 0;
    return a;
  }

  /** A dump's first footprint row: its storage, with what its runs and conns rows announced. */
  private openWithRows(st: NodeState, run: number, ts: number, key: number): Slot {
    const d = this.open(st, run, ts, key);
    if (st.announced.size > 0) {
      const a = st.announced.get(run, key);
      if (a !== undefined) {
        st.announced.delete(a);
        d.info = a.info;
        d.connRows = a.connRows;
      }
    }
    return d;
  }

  /** An announced dump whose rows did not come (or need not: logged 0), handed on as it is. */
  private release(st: NodeState, a: Announced): void {
    st.announced.delete(a);
    const d = this.open(st, a.run, a.ts, a.key);
    d.info = a.info;
    d.connRows = a.connRows;
    this.finish1(st, d);
  }

  private open(st: NodeState, run: number, ts: number, key: number): Slot {
    // Without runs rows a node's dumps come one after another: a new one ends the one before.
    if (!st.keyed) for (const o of [...st.open]) if (o.info === undefined) this.finish1(st, o);
    if (st.open.length >= MAX_OPEN_PER_NODE) {
      const stalest = st.open.reduce((a, b) => (b.touched < a.touched ? b : a));
      this.finish1(st, stalest);
    }
    const d = this.spares.pop() ?? new Slot();
    d.node = st.track.node;
    d.run = run;
    d.ts = ts;
    d.firstTs = ts;
    d.lastTs = ts;
    d.length = 0;
    d.connRows = [];
    d.info = undefined;
    d.state = 'incomplete';
    d.missing = '';
    d.key = key;
    d.seq = ++this.seq;
    d.idleGroups = 0;
    st.open.push(d);
    return d;
  }

  private touch(d: Slot): void {
    d.touched = ++this.clock;
    d.idleGroups = 0;
  }

  /** Called per row: numbers only, no text, until the dump is whole. */
  private finishIfComplete(st: NodeState, d: Slot): void {
    const info = d.info as DumpRow;
    if (d.length !== info.logged) return;
    const conns = this.options.expectConns ? info.connsLogged : undefined;
    if (conns === undefined || d.connRows.length === conns) this.finish1(st, d);
  }

  /** What a dump with a runs row still lacks ('' when nothing). */
  private shortOf(d: Slot): string {
    return this.lacks(d.length, d.connRows.length, d.info as DumpRow);
  }

  private lacks(rows: number, connRows: number, info: DumpRow): string {
    if (rows !== info.logged) return `${rows} of ${info.logged} rows`;
    const conns = this.options.expectConns ? info.connsLogged : undefined;
    if (conns !== undefined && connRows !== conns) return `${connRows} of ${conns} connection rows`;
    return '';
  }

  private finish1(st: NodeState, d: Slot): void {
    st.open.splice(st.open.indexOf(d), 1);
    if (st.current === d) st.current = null;
    if (d.info !== undefined) {
      d.missing = this.shortOf(d);
      d.state = d.missing === '' ? 'complete' : 'incomplete';
    } else {
      d.missing = st.keyed ? 'no my_stats_runs row' : '';
      d.state = st.keyed ? 'incomplete' : 'unverified';
    }
    st.finished.push(d.run, d.key);
    if (st.finished.length > 2 * RECENT) st.finished.splice(0, 2);
    const t = st.track;
    if (d.state === 'incomplete') {
      t.incomplete++;
      t.incompleteExamples.push(`run ${d.run} at ${new Date(Math.round(d.ts * 1000)).toISOString()}: ${d.missing}`);
      if (t.incompleteExamples.length > EXAMPLES) t.incompleteExamples.shift();
    } else {
      t.dumps++;
      this.countRestarts(st, d);
      const packets = d.info?.packets;
      if (packets !== undefined) {
        t.packets = (t.packets ?? 0) + packets;
        t.packetDumps++;
      }
    }
    if (this.options.onDump(d) !== true && this.spares.length < 4) this.spares.push(d);
  }

  /** A dump whose run is not above its predecessor's in time is a new process lifetime. */
  private countRestarts(st: NodeState, d: Slot): void {
    const r = st.recent;
    let i = r.length;
    while (i > 0 && (r[i - 1] as { ts: number }).ts > d.ts) i--;
    const prev = r[i - 1];
    const next = r[i];
    const restart = (a: { run: number }, b: { run: number }) => (b.run <= a.run ? 1 : 0);
    if (prev && next) st.track.restarts -= restart(prev, next);
    if (prev) st.track.restarts += restart(prev, d);
    if (next) st.track.restarts += restart(d, next);
    r.splice(i, 0, { ts: d.ts, run: d.run });
    if (r.length > RECENT) r.shift();
  }

  private stateOf(node: number, ts: number): NodeState {
    const st = this.nodes[node] ?? this.newNode(node, ts);
    if (ts < st.track.firstTs) st.track.firstTs = ts;
    if (ts > st.track.lastTs) st.track.lastTs = ts;
    return st;
  }

  private newNode(node: number, ts: number): NodeState {
    const st: NodeState = {
      track: {
        node,
        dumps: 0,
        incomplete: 0,
        incompleteExamples: [],
        restarts: 0,
        firstTs: ts,
        lastTs: ts,
        recentStarts: [],
        packets: undefined,
        packetDumps: 0,
        duplicates: 0,
      },
      keyed: false,
      open: [],
      announced: new AnnouncedDumps(),
      current: null,
      recent: [],
      finished: [],
    };
    while (this.nodes.length < node) this.nodes.push(undefined);
    this.nodes[node] = st;
    return st;
  }
}
