import { stat } from 'node:fs/promises';
import { isZeekBudgetError } from '../errors.js';
import type { FoundLog } from '../zeek-log/find-logs.js';
import { readLogHead, type LogHead } from '../zeek-log/log-head.js';
import { connectionsOf, dumpsOf } from '../zeek-log/my-stats-rows.js';
import { readConnections, readDumps, scanFootprints, type ConnRow, type DumpRow, type StringTable } from '../zeek-log/my-stats.js';
import { RowColumns } from '../zeek-log/row-columns.js';
import { readRowsBlock, scanFootprintBlock, TailUnsupported, type BlockStats } from '../zeek-log/scan-tail-block.js';
import { TailBlocks } from '../zeek-log/tail-blocks.js';
import type { LogReadStats } from '../zeek-log/types.js';
import { PACKAGE_LOGS } from '../zeek-package.js';
import { fileWarnings, readGroupOf, type DumpLogHandlers, type DumpLogs, type PackageLog, type ReadLogFile } from './dump-logs.js';
import { DumpTracker, SAME_DUMP_MAX_GAP_SECONDS } from './dump-tracker.js';

export interface LatestOptions {
  /** Shared with the caller: node, module and variable ids of the rows handed on. */
  strings: StringTable;
  /** Keep a live my_stats log's "no #close" warning (see DumpLogHandlers.liveCloseWarning). */
  liveCloseWarning?: boolean;
  /** The newest usable dumps wanted per node (1 for "what is in memory now"; more to see the dump interval). */
  dumpsPerNode: number;
  /**
   * How far back before the newest row every log is read at least: `seconds`, and at least
   * `intervals` times the longest dump interval seen. A node with no row in that time has stopped
   * sending and is not looked for further back (unless expected).
   */
  horizon: { seconds: number; intervals: number };
  /** Nodes that must be found however far back (etc/node.cfg's); an empty name is a standalone Zeek. */
  expectNodes?: string[];
  /** Only rows in [since, until] (Unix seconds). */
  since?: number;
  until?: number;
  /** Block sizes (tests use tiny ones to read many blocks of small files). */
  tuning?: { firstBlockBytes?: number; smallFileBytes?: number };
}

/** One file the read opened, and how much of it. */
export interface LatestFile extends ReadLogFile {
  /** whole: read from start to end; tail: only its end, backwards in blocks. */
  read: 'whole' | 'tail';
  bytesRead: number;
  size: number;
}

export interface LatestRead {
  /** Files opened, in the order the whole read takes them. */
  files: LatestFile[];
  /** Files found but not opened: they hold only older rotations. */
  unopened: FoundLog[];
  /** Per node id: rows from this time on are handed on (the start of the oldest dump kept). */
  cut: Map<number, number>;
  /** How far back before the newest row every log was read, at least (seconds): nodes silent longer may be missing. */
  horizon: number;
  /** How the logs were read, for --verbose. */
  notes: string[];
  /** Warnings of the files opened (a live log's missing #close left out, unless liveCloseWarning). */
  warnings: string[];
  /** @internal the rows, in streams; use replayLatest. */
  readonly streams: readonly StreamRows[];
}

/** Either what the read found, or why the logs must be read whole. */
export type LatestResult = { read: LatestRead; fallback?: undefined } | { read?: undefined; fallback: string };

/**
 * How far back `summarize` reads at least: ten minutes, and four dump intervals. A node silent for
 * longer has nothing in memory "now"; --read-all shows it.
 */
export const LATEST_HORIZON = { seconds: 600, intervals: 4 };

/**
 * How far back `check --logs` reads at least: an hour, and four dump intervals (its default calls
 * a node stopped after three of its intervals, at least a minute, so a node that stopped within the
 * hour is found and failed as stopped). Nodes of node.cfg are looked for however far back.
 */
export const CHECK_HORIZON = { seconds: 3600, intervals: 4 };

/** Rows of an older part of a stream than those already read arrive unread before this many seconds later than the rows read (clock skew between nodes, late writes). */
const SKEW_SECONDS = 60;
/** Rows of one node in one file come in time order; ts ties within a dump. */
const EPSILON_SECONDS = 1;
/** More rows than this held in memory: the latest dumps lie so far back that the streaming whole read is the better way. */
const ROW_CAP = 2_000_000;
/** A file that must be read whole (gzip) and is bigger than this on disk is not read as part of a latest-dump read. */
const WHOLE_LIMIT_BYTES = 64 << 20;
/** Plain files up to this size are read whole (one read, exact statistics). */
const SMALL_FILE_BYTES = 1 << 20;

class Fallback extends Error {}

/** The rows one read of one file gave (a whole file, or one block of its end). */
interface Part {
  file: LatestFile;
  rows?: RowColumns;
  runs?: DumpRow[];
  conns?: ConnRow[];
}

/** The parts read of one stream (oldest first) and what they tell about the parts not read. */
export interface StreamRows {
  /** 0 archives, 1 plain, 2 live: the order the whole read takes them in. */
  readonly rank: number;
  /** The whole read's group (readGroupOf): its files are read together, then the tracker's endGroup. */
  readonly group: string;
  /** runs, conns, footprints: the order the whole read takes a group's logs in; then the file name. */
  readonly order: string;
  /** Parts, oldest first; each unit is what one extension read (a rotation, or a block). */
  units: Part[][];
  exhausted: boolean;
  /** Smallest ts of any row read (window filter or not). */
  minTs: number;
  /** By node id: smallest ts of the node's rows read. */
  nodeMin: Map<number, number>;
  /** A live log's #open (`YYYY-MM-DD HH:MM:SS`), once its head was read. */
  opened?: string;
  /** Archives: the newest rotation's time (as its names give it). */
  newest?: string;
}

interface Stream extends StreamRows {
  /** Reads further back; `wantTs`: how far back the read should reach, if known (a hint for the block size). */
  extend(wantTs?: number): Promise<void>;
  close(): Promise<void>;
}

const LOG_ORDER: Record<PackageLog, number> = { [PACKAGE_LOGS.dumps]: 0, [PACKAGE_LOGS.conns]: 1, [PACKAGE_LOGS.footprints]: 2 };

/**
 * Reads only the end of a history that the newest usable dumps of every node need: over archives,
 * the newest rotations (by the rotation time their names give, as the whole read groups them, and
 * checked against their contents); a plain or live log backwards from its end in blocks. The rows
 * read so far go through the one DumpTracker to learn which dumps are usable (complete: runs row,
 * every `logged` and `conns_logged` row). It stops once, for every node, its newest
 * `dumpsPerNode` usable dumps are in what was read and nothing not read can belong to them or to
 * anything newer: in every log not read to its start, the node's earliest row read lies more than
 * the dump gap before them (rows of a node in one file come in time order), or, where the node has
 * no row, the earliest row of any node lies more than a minute of clock skew before them. Returns
 * a fallback reason instead when a file's structure does not allow it (gzip bigger than 64 MiB
 * outside archives, several header blocks with other columns, malformed lines near the end,
 * archives whose contents contradict their names) or the dumps lie too far back.
 */
export async function readLatest(logs: DumpLogs, opts: LatestOptions): Promise<LatestResult> {
  const notes: string[] = [];
  const streams: Stream[] = [];
  const expectConns = logs.conns.length > 0;
  try {
    const all = [
      ...logs.runs.map((found) => ({ found, log: PACKAGE_LOGS.dumps as PackageLog })),
      ...logs.conns.map((found) => ({ found, log: PACKAGE_LOGS.conns as PackageLog })),
      ...logs.footprints.map((found) => ({ found, log: PACKAGE_LOGS.footprints as PackageLog })),
    ];
    const archives = all.filter((f) => f.found.kind === 'archive');
    if (archives.length > 0) streams.push(new ArchiveStream(await archiveGroups(archives), opts));
    for (const f of all) if (f.found.kind !== 'archive') streams.push(new FileStream(f.found, f.log, opts));
    for (;;) {
      const verdict = evaluate(streams, opts, expectConns);
      if (verdict.done) return { read: finish(streams, logs, verdict, notes, opts.liveCloseWarning ?? false) };
      for (const s of verdict.blocking) await s.extend(verdict.wantTs);
      const rows = streams.reduce(
        (n, s) => n + s.units.flat().reduce((m, p) => m + (p.rows?.length ?? 0) + (p.runs?.length ?? 0) + (p.conns?.length ?? 0), 0),
        0,
      );
      if (rows > ROW_CAP) throw new Fallback(`the newest dumps of every node lie more than ${ROW_CAP} rows back`);
    }
  } catch (e) {
    if (e instanceof Fallback || e instanceof TailUnsupported) return { fallback: e.message };
    // The whole read reports what is wrong with the file, with its line.
    if (isZeekBudgetError(e)) return { fallback: `reading from the end failed (${e.message})` };
    throw e;
  } finally {
    for (const s of streams) await s.close();
  }
}

/** One rotation's archives (every logger's, every log of the package), oldest rotation first. */
interface ArchiveGroup {
  /** The rotation time the names give (`YYYY-MM-DD HH:MM:SS`), else the earliest #open of its files. */
  key: string;
  files: Array<{ found: FoundLog; log: PackageLog }>;
}

/**
 * Archives by rotation, as the whole read groups them (readGroupOf). Only archives whose names
 * carry no rotation time (a file named outside its dated folder) need their `#open` read to be
 * placed; one such group alone needs nothing.
 */
async function archiveGroups(files: Array<{ found: FoundLog; log: PackageLog }>): Promise<ArchiveGroup[]> {
  const byGroup = new Map<string, ArchiveGroup>();
  for (const f of files) {
    const group = readGroupOf(f.found, f.log);
    let g = byGroup.get(group);
    if (g === undefined) {
      g = { key: f.found.rotatedAt ?? '', files: [] };
      byGroup.set(group, g);
    }
    g.files.push(f);
  }
  const groups = [...byGroup.values()];
  const unnamed = groups.filter((g) => g.key === '');
  if (unnamed.length > 0 && groups.length > 1) {
    for (const g of unnamed) {
      const heads = await Promise.all(g.files.map((f) => readLogHead(f.found.file).catch(() => undefined)));
      const opened = heads
        .map((h) => h?.opened)
        .filter((o): o is string => o !== undefined)
        .sort()[0];
      if (opened === undefined) throw new Fallback(`${g.files[0]?.found.file}: neither its name nor its header (#open) says when it was written`);
      g.key = opened;
    }
  }
  for (const g of groups) g.files.sort((a, b) => LOG_ORDER[a.log] - LOG_ORDER[b.log] || compare(a.found.file, b.found.file));
  return groups.sort((a, b) => compare(a.key, b.key));
}

interface Verdict {
  done: boolean;
  blocking: Set<Stream>;
  cut: Map<number, number>;
  horizon: number;
  /** While the horizon is not reached: the time the blocking streams must be read back to. */
  wantTs?: number;
}

/** Per node id, the start times of its usable dumps in what was read, ascending: the one tracker's answer. */
function usableStarts(streams: readonly StreamRows[], strings: StringTable, expectConns: boolean): Map<number, number[]> {
  const starts = new Map<number, number[]>();
  const tracker = new DumpTracker({
    expectConns,
    onDump: (d) => {
      if (d.state === 'incomplete') return;
      let list = starts.get(d.node);
      if (list === undefined) starts.set(d.node, (list = []));
      list.push(d.ts);
    },
  });
  forEachRow(streams, undefined, {
    strings,
    onFootprint: tracker.add.bind(tracker),
    onRuns: (row) => tracker.addInfo(strings.idOf(row.node), row),
    onConn: (row) => tracker.addConn(strings.idOf(row.node), row),
    onGroupEnd: () => tracker.endGroup(),
  });
  tracker.finish();
  for (const list of starts.values()) list.sort((a, b) => a - b);
  return starts;
}

function evaluate(streams: Stream[], opts: LatestOptions, expectConns: boolean): Verdict {
  // Archives are older than the live logs whose #open comes at or after the newest rotation: what
  // the archives hold is older than anything read of those (zeekctl rotates the live log into them).
  const minTs = new Map<Stream, number>();
  for (const s of streams) {
    let m = s.minTs;
    if (s.rank === 0 && s.newest !== undefined) {
      for (const l of streams) if (l.rank === 2 && l.opened !== undefined && l.opened >= s.newest) m = Math.min(m, l.minTs);
    }
    minTs.set(s, m);
  }
  const oldest = (s: Stream) => minTs.get(s) as number;
  // A log read back to before `since` has nothing more in the window either.
  const live = streams.filter((s) => !s.exhausted && !(opts.since !== undefined && oldest(s) + SKEW_SECONDS < opts.since));
  let newest = -Infinity;
  const seen = new Set<number>();
  for (const s of streams) for (const node of s.nodeMin.keys()) seen.add(node);
  for (const s of streams) for (const u of s.units) for (const p of u) newest = Math.max(newest, newestOf(p));
  // Short of the horizon in seconds, the streams that do not reach it are read further back
  // whatever the dumps say: the tracker's look at the rows waits until they do (it sees every row).
  const short = Number.isFinite(newest) ? live.filter((s) => oldest(s) + SKEW_SECONDS >= newest - opts.horizon.seconds) : [];
  if (short.length > 0) {
    return {
      done: false,
      blocking: new Set(short),
      cut: new Map(),
      horizon: opts.horizon.seconds,
      wantTs: newest - opts.horizon.seconds - SKEW_SECONDS - EPSILON_SECONDS,
    };
  }
  const usable = usableStarts(streams, opts.strings, expectConns);
  let longest = 0;
  for (const starts of usable.values()) longest = Math.max(longest, medianGap(starts));
  const horizon = Math.max(opts.horizon.seconds, opts.horizon.intervals * longest);
  const cut = new Map<number, number>();
  const blocking = new Set<Stream>();
  const bound = (s: Stream, n: number) => Math.min((s.nodeMin.get(n) ?? Infinity) + EPSILON_SECONDS, oldest(s) + SKEW_SECONDS);
  /** Streams that could still hold rows of node n at or after T (or within the dump gap before it). */
  const blockersAt = (n: number, t: number) => live.filter((s) => bound(s, n) >= t - SAME_DUMP_MAX_GAP_SECONDS);
  const horizonBlockers = Number.isFinite(newest) ? live.filter((s) => oldest(s) + SKEW_SECONDS >= newest - horizon) : live;
  for (const s of horizonBlockers) blocking.add(s);
  const horizonReached = horizonBlockers.length === 0;
  const expected = (opts.expectNodes ?? []).map((name) => opts.strings.idOf(name));
  for (const n of new Set([...seen, ...expected])) {
    const starts = usable.get(n) ?? [];
    const first = starts.findIndex((t) => blockersAt(n, t).length === 0);
    if (first < 0) {
      // Its newest usable dump is not known to be whole yet: read further back.
      for (const s of starts.length > 0 ? blockersAt(n, starts[starts.length - 1] as number) : live) blocking.add(s);
      continue;
    }
    cut.set(n, starts[first] as number);
    const kept = starts.length - first;
    if (kept < opts.dumpsPerNode && !horizonReached) {
      const wanted = starts.length >= opts.dumpsPerNode ? (starts[starts.length - opts.dumpsPerNode] as number) : -Infinity;
      for (const s of wanted === -Infinity ? live : blockersAt(n, wanted)) blocking.add(s);
    }
  }
  // Newer before older: a live log newer than the archives (or not read yet) is read further back
  // first, what it holds may make the archives unnecessary.
  for (const a of [...blocking]) {
    if (a.rank !== 0) continue;
    const newer = [...blocking].some(
      (l) => l.rank === 2 && (l.units.length === 0 || (l.opened !== undefined && a.newest !== undefined && l.opened >= a.newest)),
    );
    if (newer) blocking.delete(a);
  }
  // Everything read: every row is handed on, as by the whole read.
  if (live.length === 0) return { done: true, blocking, cut: new Map(), horizon: Infinity };
  return { done: blocking.size === 0, blocking, cut, horizon };
}

function newestOf(p: Part): number {
  let m = -Infinity;
  const r = p.rows;
  if (r !== undefined) for (let i = 0; i < r.length; i++) if ((r.ts[i] as number) > m) m = r.ts[i] as number;
  for (const row of p.runs ?? []) if (row.ts > m) m = row.ts;
  for (const row of p.conns ?? []) if (row.ts > m) m = row.ts;
  return m;
}

function finish(streams: Stream[], logs: DumpLogs, verdict: Verdict, notes: string[], liveCloseWarning: boolean): LatestRead {
  const files = streams.flatMap((s) => s.units.flat().map((p) => p.file)).filter((f, i, all) => all.indexOf(f) === i);
  const order = new Map<FoundLog, number>();
  [...logs.runs, ...logs.conns, ...logs.footprints].forEach((f, i) => order.set(f, i));
  files.sort((a, b) => (order.get(a.found) ?? 0) - (order.get(b.found) ?? 0));
  const opened = new Set(files.map((f) => f.found.file));
  const unopened = [...logs.footprints, ...logs.runs, ...logs.conns].filter((f) => !opened.has(f.file));
  for (const f of files) {
    if (f.read === 'tail') notes.push(`${f.found.file}: read its last ${mib(f.bytesRead)} of ${mib(f.size)} backwards from the end`);
  }
  if (unopened.length > 0) notes.push(`${unopened.length} older file(s) not opened: the newest dumps of every node are in the ${files.length} newer one(s)`);
  const warnings = files.flatMap((f) => fileWarnings(f, liveCloseWarning));
  if (Number.isFinite(verdict.horizon))
    notes.push(
      `every log was read back at least ${Math.round(verdict.horizon)} s before the newest row: a node silent for longer is not looked for (--read-all reads everything)`,
    );
  return { files, unopened, cut: verdict.cut, horizon: verdict.horizon, notes, warnings, streams };
}

/**
 * Hands on the rows read in the order the whole read (readDumpLogs) gives them: group by group
 * (archives by rotation, then plain files by directory, then the live files), each group's runs
 * rows, then its conns rows, then its footprint rows, file by file, and onGroupEnd after each.
 * Per node, only rows from its cut on (the oldest dump kept): nothing of a dump the read saw
 * only in part.
 */
export function replayLatest(read: LatestRead, h: DumpLogHandlers): void {
  forEachRow(read.streams, read.cut, h);
}

function forEachRow(streams: readonly StreamRows[], cut: Map<number, number> | undefined, h: DumpLogHandlers): void {
  const strings = h.strings;
  const sorted = [...streams].sort((a, b) => a.rank - b.rank || compare(a.group, b.group) || compare(a.order, b.order));
  const keep = (node: number, ts: number) => cut === undefined || !cut.has(node) || ts >= (cut.get(node) as number);
  const footprints = (p: Part) => {
    const r = p.rows;
    if (r === undefined) return;
    for (let i = 0; i < r.length; i++) {
      const node = r.node[i] as number;
      const ts = r.ts[i] as number;
      if (keep(node, ts)) h.onFootprint(ts, r.run[i] as number, node, r.module[i] as number, r.variable[i] as number, r.size[i] as number, r.line[i] as number);
    }
  };
  const typed = (p: Part) => {
    for (const row of p.runs ?? []) if (keep(strings.idOf(row.node), row.ts)) h.onRuns(row);
    for (const row of p.conns ?? []) if (keep(strings.idOf(row.node), row.ts)) h.onConn(row);
  };
  // Archive units are rotations (their files in the whole read's order); the plain and live
  // streams of one group make one group, their parts in stream order (runs, conns, footprints).
  const groups: Part[][] = [];
  let last = '';
  for (const s of sorted) {
    for (const u of s.units) {
      if (s.rank !== 0 && groups.length > 0 && last === s.group) (groups[groups.length - 1] as Part[]).push(...u);
      else groups.push([...u]);
      last = s.rank === 0 ? '' : s.group;
    }
  }
  for (const g of groups) {
    for (const p of g) typed(p);
    for (const p of g) footprints(p);
    h.onGroupEnd();
  }
}

/** Rows of one file into a part; min times tracked for every row read, stored or not. */
class Intake {
  readonly rows = new RowColumns();
  readonly runs: DumpRow[] = [];
  readonly conns: ConnRow[] = [];
  constructor(
    private readonly stream: StreamRows,
    private readonly opts: LatestOptions,
    private readonly span?: { min: number; max: number },
  ) {}

  footprint = (ts: number, run: number, node: number, module: number, variable: number, size: number, line: number): void => {
    this.saw(node, ts);
    if (this.inWindow(ts)) this.rows.push(ts, run, node, module, variable, size, line);
  };

  runRow(row: DumpRow): void {
    this.saw(this.opts.strings.idOf(row.node), row.ts);
    if (this.inWindow(row.ts)) this.runs.push(row);
  }

  connRow(row: ConnRow): void {
    this.saw(this.opts.strings.idOf(row.node), row.ts);
    if (this.inWindow(row.ts)) this.conns.push(row);
  }

  part(file: LatestFile): Part {
    return { file, rows: this.rows, runs: this.runs, conns: this.conns };
  }

  private saw(node: number, ts: number): void {
    const s = this.stream;
    if (this.span) {
      if (ts < this.span.min) this.span.min = ts;
      if (ts > this.span.max) this.span.max = ts;
    }
    if (ts < s.minTs) s.minTs = ts;
    const m = s.nodeMin.get(node);
    if (m === undefined || ts < m) s.nodeMin.set(node, ts);
  }

  private inWindow(ts: number): boolean {
    return (this.opts.since === undefined || ts >= this.opts.since) && (this.opts.until === undefined || ts <= this.opts.until);
  }
}

async function readWhole(found: FoundLog, log: PackageLog, intake: Intake, opts: LatestOptions): Promise<LatestFile> {
  const size = (await stat(found.file)).size;
  if (size > WHOLE_LIMIT_BYTES) throw new Fallback(`${found.file} is gzip'ed (${mib(size)}): it cannot be read from its end`);
  let stats: LogReadStats;
  if (log === PACKAGE_LOGS.footprints) {
    stats = emptyStats(found.file);
    await scanFootprints(found.file, { skipMalformed: false }, stats, opts.strings, intake.footprint);
  } else if (log === PACKAGE_LOGS.dumps) {
    const rows = readDumps(found.file);
    for await (const row of rows) intake.runRow(row);
    stats = rows.stats;
  } else {
    const rows = readConnections(found.file);
    for await (const row of rows) intake.connRow(row);
    stats = rows.stats;
  }
  return { found, log, stats, read: 'whole', bytesRead: size, size };
}

class ArchiveStream implements Stream {
  readonly rank = 0;
  readonly group = '0';
  readonly order = '';
  units: Part[][] = [];
  exhausted = false;
  minTs = Infinity;
  nodeMin = new Map<number, number>();
  readonly newest: string | undefined;
  private next: number;
  private steps = 0;
  /** Smallest ts in the rotations read so far. */
  private newerMin = Infinity;

  constructor(
    private readonly groups: ArchiveGroup[],
    private readonly opts: LatestOptions,
  ) {
    this.next = groups.length - 1;
    this.newest = groups[groups.length - 1]?.key;
  }

  async extend(): Promise<void> {
    // One rotation at a time at first, then more at once: a long way back takes few rounds.
    const count = this.steps++ < 4 ? 1 : 2 ** (this.steps - 4);
    for (let k = 0; k < count && this.next >= 0; k++) {
      const g = this.groups[this.next--] as ArchiveGroup;
      const unit: Part[] = [];
      const span = { min: Infinity, max: -Infinity };
      for (const f of g.files) {
        const intake = new Intake(this, this.opts, span);
        unit.push(intake.part(await readWhole(f.found, f.log, intake, this.opts)));
      }
      // What is not read is taken to be older than what is: the rotations' contents must agree.
      if (span.max > this.newerMin + SKEW_SECONDS) {
        throw new Fallback(`the archives' order by name does not match their contents (${g.files[0]?.found.file} holds rows newer than the rotation after it)`);
      }
      if (span.min < this.newerMin) this.newerMin = span.min;
      this.units.unshift(unit);
      // The rotation named next older must begin before these rows (its first row, from its first
      // KiB): a renamed or copied archive holding newer rows under an older name is not taken for old.
      const older = this.groups[this.next];
      if (older !== undefined && Number.isFinite(span.min)) {
        const heads = await Promise.all(older.files.map((f) => readLogHead(f.found.file).catch(() => undefined)));
        const first = Math.min(...heads.map((h) => h?.firstTs ?? Infinity));
        if (first > span.min + SKEW_SECONDS) {
          throw new Fallback(
            `the archives' order by name does not match their contents (${older.files[0]?.found.file} begins after the rows of ${g.files[0]?.found.file}, named newer)`,
          );
        }
      }
    }
    if (this.next < 0) this.exhausted = true;
  }

  async close(): Promise<void> {
    // Archives are read whole and closed as they are read.
  }
}

class FileStream implements Stream {
  readonly rank: number;
  readonly group: string;
  readonly order: string;
  units: Part[][] = [];
  exhausted = false;
  minTs = Infinity;
  nodeMin = new Map<number, number>();
  opened: string | undefined;
  /** Newest ts read, and the span of the rows read (for the bytes-per-second estimate). */
  private maxTs = -Infinity;
  private readonly span = { min: Infinity, max: -Infinity };
  private head: LogHead | undefined;
  private blocks: TailBlocks | undefined;
  private file: LatestFile | undefined;

  constructor(
    private readonly found: FoundLog,
    private readonly log: PackageLog,
    private readonly opts: LatestOptions,
  ) {
    this.rank = found.kind === 'live' ? 2 : 1;
    this.group = readGroupOf(found, log);
    this.order = `${LOG_ORDER[log]} ${found.file}`;
  }

  async extend(wantTs?: number): Promise<void> {
    if (this.head === undefined) {
      this.head = await readLogHead(this.found.file);
      const h = this.head;
      this.opened = h.opened;
      if (
        h.compressed ||
        h.format === 'empty' ||
        h.size <= (this.opts.tuning?.smallFileBytes ?? SMALL_FILE_BYTES) ||
        (h.format === 'ascii' && !h.schema.includes('#fields'))
      ) {
        const intake = new Intake(this, this.opts);
        this.units.unshift([intake.part(await readWhole(this.found, this.log, intake, this.opts))]);
        this.exhausted = true;
        return;
      }
      this.blocks = await TailBlocks.open(this.found.file, h.header.length, this.opts.tuning?.firstBlockBytes);
      this.file = {
        found: this.found,
        log: this.log,
        read: 'tail',
        bytesRead: 0,
        size: h.size,
        stats: { ...emptyStats(this.found.file), format: h.format, headerBlocks: 1 },
      };
    }
    const head = this.head;
    const file = this.file as LatestFile;
    const block = await (this.blocks as TailBlocks).previous(this.bytesFor(wantTs));
    if (block === undefined) {
      this.exhausted = true;
      return;
    }
    const intake = new Intake(this, this.opts, this.span);
    let stats: BlockStats;
    if (this.log === PACKAGE_LOGS.footprints) {
      stats = scanFootprintBlock(head, block, this.opts.strings, intake.footprint);
    } else if (this.log === PACKAGE_LOGS.dumps) {
      const r = readRowsBlock(head, block, dumpsOf);
      for (const row of r.rows) intake.runRow(row);
      stats = r.stats;
    } else {
      const r = readRowsBlock(head, block, connectionsOf);
      for (const row of r.rows) intake.connRow(row);
      stats = r.stats;
    }
    this.maxTs = this.span.max;
    file.bytesRead += block.bytes.length;
    file.stats.records += stats.records;
    if (block.atEnd) {
      file.stats.closed = stats.closed;
      file.stats.warnings.push(...stats.warnings);
    }
    if (block.atStart) {
      // Read to its start after all: a whole read.
      file.read = 'whole';
      file.bytesRead = file.size;
      this.exhausted = true;
    }
    this.units.unshift([intake.part(file)]);
  }

  /** Bytes to read to reach back to wantTs, at the rate (bytes per second of rows) read so far, with a fifth more. */
  private bytesFor(wantTs: number | undefined): number {
    const file = this.file as LatestFile;
    if (wantTs === undefined || file.bytesRead === 0 || !(this.minTs > wantTs) || !(this.maxTs > this.minTs)) return 0;
    return 1.2 * (this.minTs - wantTs) * (file.bytesRead / (this.maxTs - this.minTs));
  }

  async close(): Promise<void> {
    await this.blocks?.close();
  }
}

function emptyStats(file: string): LogReadStats {
  return { file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
}

function medianGap(sorted: number[]): number {
  const gaps = sorted
    .slice(1)
    .map((t, i) => t - (sorted[i] as number))
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  return gaps.length === 0 ? 0 : (gaps[gaps.length >> 1] as number);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
