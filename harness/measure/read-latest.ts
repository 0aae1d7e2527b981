import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isZeekBudgetError } from '../errors.js';
import type { FoundLog } from '../zeek-log/find-logs.js';
import { readLogHead, type LogHead } from '../zeek-log/log-head.js';
import { readDumps, scanFootprints, type DumpRow, type StringTable } from '../zeek-log/my-stats.js';
import { RowColumns } from '../zeek-log/row-columns.js';
import { readDumpBlock, scanFootprintBlock, TailUnsupported } from '../zeek-log/scan-tail-block.js';
import { TailBlocks } from '../zeek-log/tail-blocks.js';
import type { LogReadStats } from '../zeek-log/types.js';
import { PACKAGE_LOGS } from '../zeek-package.js';
import { orderArchives, type ArchiveGroup } from './archive-groups.js';
import { SAME_DUMP_MAX_GAP_SECONDS } from './dump-boundary.js';
import { NewestDumps } from './newest-dumps.js';

/** The package's logs to read, each list oldest first (as find-logs lists them). */
export interface LatestLogs {
  footprints: FoundLog[];
  runs: FoundLog[];
}

export interface LatestOptions {
  /** Shared with the caller: node, module and variable ids of the rows handed on. */
  strings: StringTable;
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
export interface LatestFile {
  found: FoundLog;
  log: string;
  /** whole: read from start to end; tail: only its end, backwards in blocks. */
  read: 'whole' | 'tail';
  bytesRead: number;
  size: number;
  /** As a whole read states them; for a tail read: records read, format, #close at the end, end-of-file warnings. */
  stats: LogReadStats;
}

export interface LatestRead {
  /** Files opened, oldest first. */
  files: LatestFile[];
  /** Files found but not opened: they hold only older rotations. */
  unopened: FoundLog[];
  /** Per node id: rows from this time on are handed on (the start of the oldest dump kept). */
  cut: Map<number, number>;
  /** How far back before the newest row every log was read, at least (seconds): nodes silent longer may be missing. */
  horizon: number;
  /** How the logs were read, for --verbose. */
  notes: string[];
  /** Warnings of the files opened (a live log's missing #close left out). */
  warnings: string[];
  /** @internal the rows, in streams; use replayLatest. */
  readonly streams: readonly StreamRows[];
}

/** Either what the read found, or why the logs must be read whole. */
export type LatestResult = { read: LatestRead; fallback?: undefined } | { read?: undefined; fallback: string };

/** Where a row goes when the read is handed on (FootprintCallback's shape, without the line). */
export interface LatestSink {
  footprint(ts: number, run: number, node: number, module: number, variable: number, size: number): void;
  runs(row: DumpRow): void;
  /** After the files of one rotation (or directory, or the live logs), as the whole read groups them. */
  groupEnd?(): void;
}

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

interface Part {
  file: LatestFile;
  rows?: RowColumns;
  runs?: DumpRow[];
}

/** The parts read of one stream (oldest first) and what they tell about the parts not read. */
export interface StreamRows {
  /** 0 archives, 1 plain, 2 live: the order the whole read takes them in. */
  readonly rank: number;
  /** Replay groups: archives by rotation, plain files by directory, live files together. */
  readonly group: string;
  /** Parts, oldest first; each unit is what one extension read (a rotation, or a block). */
  units: Part[][];
  exhausted: boolean;
  /** Smallest ts of any row read (window filter or not). */
  minTs: number;
  /** By node id: smallest ts of the node's rows read. */
  nodeMin: Map<number, number>;
  /** A live log's #open (`YYYY-MM-DD HH:MM:SS`), once its head was read. */
  opened?: string;
  /** Archives: the newest rotation's time (its #open, else its name's). */
  newest?: string;
}

interface Stream extends StreamRows {
  extend(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Reads only the end of a history that the newest usable dumps of every node need: over archives,
 * the newest rotations (by name, checked against #open); a plain or live log backwards from its
 * end in blocks. It stops once, for every node, its newest `dumpsPerNode` usable dumps are in
 * what was read and nothing not read can belong to them or to anything newer: in every log not
 * read to its start, the node's earliest row read lies more than the dump gap before them (rows of
 * a node in one file come in time order), or, where the node has no row, the earliest row of any
 * node lies more than a minute of clock skew before them. Returns a fallback reason instead when a
 * file's structure does not allow it (gzip bigger than 64 MiB outside archives, several header
 * blocks with other columns, malformed lines near the end) or the dumps lie too far back.
 */
export async function readLatest(logs: LatestLogs, opts: LatestOptions): Promise<LatestResult> {
  const notes: string[] = [];
  const streams: Stream[] = [];
  try {
    const archives = [
      ...logs.footprints.filter((f) => f.kind === 'archive').map((found) => ({ found, log: PACKAGE_LOGS.footprints as string })),
      ...logs.runs.filter((f) => f.kind === 'archive').map((found) => ({ found, log: PACKAGE_LOGS.dumps as string })),
    ];
    if (archives.length > 0) {
      const ordered = await orderArchives(archives);
      if (ordered.note) notes.push(ordered.note);
      streams.push(new ArchiveStream(ordered.groups, opts));
    }
    for (const [log, list] of [[PACKAGE_LOGS.footprints, logs.footprints], [PACKAGE_LOGS.dumps, logs.runs]] as const) {
      for (const found of list) if (found.kind !== 'archive') streams.push(new FileStream(found, log, opts));
    }
    let rows = 0;
    for (;;) {
      const verdict = evaluate(streams, opts);
      if (verdict.done) {
        return { read: finish(streams, logs, verdict, notes) };
      }
      for (const s of verdict.blocking) {
        await s.extend();
      }
      rows = streams.reduce((n, s) => n + s.units.flat().reduce((m, p) => m + (p.rows?.length ?? 0) + (p.runs?.length ?? 0), 0), 0);
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

interface Verdict {
  done: boolean;
  blocking: Set<Stream>;
  cut: Map<number, number>;
  horizon: number;
}

function evaluate(streams: Stream[], opts: LatestOptions): Verdict {
  // Archives are older than the live logs whose #open comes after the newest archive's: what the
  // archives hold is older than anything read of those (zeekctl rotates the live log into them).
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
  const finder = new NewestDumps();
  let newest = -Infinity;
  const seen = new Set<number>();
  forEachRow(streams, undefined, {
    footprint: (ts, run, node, _m, variable) => {
      finder.footprint(ts, run, node, variable);
      seen.add(node);
      if (ts > newest) newest = ts;
    },
    runs: (row) => {
      const node = opts.strings.idOf(row.node);
      finder.runs(node, row.ts, row.run, row.logged);
      seen.add(node);
      if (row.ts > newest) newest = row.ts;
    },
  }, opts.strings);
  const usable = finder.usableStarts();
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
    const newer = [...blocking].some((l) => l.rank === 2 && (l.units.length === 0 || (l.opened !== undefined && a.newest !== undefined && l.opened >= a.newest)));
    if (newer) blocking.delete(a);
  }
  // Everything read: every row is handed on, as by the whole read.
  if (live.length === 0) return { done: true, blocking, cut: new Map(), horizon: Infinity };
  return { done: blocking.size === 0, blocking, cut, horizon };
}

function finish(streams: Stream[], logs: LatestLogs, verdict: Verdict, notes: string[]): LatestRead {
  const files = streams.flatMap((s) => s.units.flat().map((p) => p.file)).filter((f, i, all) => all.indexOf(f) === i);
  files.sort((a, b) => fileOrder(logs, a.found) - fileOrder(logs, b.found));
  const opened = new Set(files.map((f) => f.found.file));
  const unopened = [...logs.footprints, ...logs.runs].filter((f) => !opened.has(f.file));
  for (const f of files) {
    if (f.read === 'tail') notes.push(`${f.found.file}: read its last ${mib(f.bytesRead)} of ${mib(f.size)} backwards from the end`);
  }
  if (unopened.length > 0) notes.push(`${unopened.length} older file(s) not opened: the newest dumps of every node are in the ${files.length} newer one(s)`);
  const warnings = files.flatMap((f) => (f.found.kind === 'live' ? f.stats.warnings.filter((w) => !/ has no #close: /.test(w)) : f.stats.warnings));
  if (Number.isFinite(verdict.horizon)) notes.push(`every log was read back at least ${Math.round(verdict.horizon)} s before the newest row: a node silent for longer is not looked for (--read-all reads everything)`);
  return { files, unopened, cut: verdict.cut, horizon: verdict.horizon, notes, warnings, streams };
}

/** Position of a file in the lists given: the order the whole read would take them in. */
function fileOrder(logs: LatestLogs, f: FoundLog): number {
  const i = logs.footprints.indexOf(f);
  return i >= 0 ? i : logs.footprints.length + logs.runs.indexOf(f);
}

/**
 * Hands on the rows read in the order the whole read would give them: `footprints-then-runs`
 * every footprint row (archives, then plain logs, then live logs, each oldest first), then every
 * runs row; `by-group` rotation by rotation, each group's runs rows before its footprint rows,
 * with groupEnd after each. Per node, only rows from its cut on (the oldest dump kept): nothing
 * of a dump the read saw only in part.
 */
export function replayLatest(read: LatestRead, sink: LatestSink, strings: StringTable, order: 'footprints-then-runs' | 'by-group'): void {
  forEachRow(read.streams, read.cut, sink, strings, order);
}

function forEachRow(
  streams: readonly StreamRows[], cut: Map<number, number> | undefined, sink: LatestSink, strings: StringTable,
  order: 'footprints-then-runs' | 'by-group' = 'by-group',
): void {
  const sorted = [...streams].sort((a, b) => a.rank - b.rank || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  const keep = (node: number, ts: number) => cut === undefined || !cut.has(node) || ts >= (cut.get(node) as number);
  const footprints = (parts: Part[]) => {
    for (const p of parts) {
      const r = p.rows;
      if (r === undefined) continue;
      for (let i = 0; i < r.length; i++) {
        const node = r.node[i] as number;
        const ts = r.ts[i] as number;
        if (keep(node, ts)) sink.footprint(ts, r.run[i] as number, node, r.module[i] as number, r.variable[i] as number, r.size[i] as number);
      }
    }
  };
  const runs = (parts: Part[]) => {
    for (const p of parts) for (const row of p.runs ?? []) if (keep(strings.idOf(row.node), row.ts)) sink.runs(row);
  };
  if (order === 'footprints-then-runs') {
    for (const s of sorted) for (const u of s.units) footprints(u);
    for (const s of sorted) for (const u of s.units) runs(u);
    return;
  }
  // Units of the archive stream are rotations; the plain and live files group as the whole read does.
  const groups: Part[][] = [];
  let last = '';
  for (const s of sorted) {
    for (const u of s.units) {
      if (s.rank === 0) groups.push([...u]);
      else if (groups.length > 0 && last === s.group) (groups[groups.length - 1] as Part[]).push(...u);
      else groups.push([...u]);
      last = s.rank === 0 ? '' : s.group;
    }
  }
  for (const g of groups) {
    runs(g);
    footprints(g);
    sink.groupEnd?.();
  }
}

/** Rows of one file into a part; min times tracked for every row read, stored or not. */
class Intake {
  readonly rows = new RowColumns();
  readonly runs: DumpRow[] = [];
  constructor(private readonly stream: StreamRows, private readonly opts: LatestOptions, private readonly span?: { min: number; max: number }) {}

  footprint = (ts: number, run: number, node: number, module: number, variable: number, size: number): void => {
    this.saw(node, ts);
    if (this.inWindow(ts)) this.rows.push(ts, run, node, module, variable, size, 0);
  };

  runRow(row: DumpRow): void {
    this.saw(this.opts.strings.idOf(row.node), row.ts);
    if (this.inWindow(row.ts)) this.runs.push(row);
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

async function readWhole(found: FoundLog, log: string, intake: Intake, opts: LatestOptions): Promise<LatestFile> {
  const size = (await stat(found.file)).size;
  if (size > WHOLE_LIMIT_BYTES) throw new Fallback(`${found.file} is gzip'ed (${mib(size)}): it cannot be read from its end`);
  let stats: LogReadStats;
  if (log === PACKAGE_LOGS.footprints) {
    stats = { file: found.file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
    await scanFootprints(found.file, { skipMalformed: false }, stats, opts.strings, intake.footprint);
  } else {
    const rows = readDumps(found.file);
    for await (const row of rows) intake.runRow(row);
    stats = rows.stats;
  }
  return { found, log, read: 'whole', bytesRead: size, size, stats };
}

class ArchiveStream implements Stream {
  readonly rank = 0;
  readonly group = 'archives';
  units: Part[][] = [];
  exhausted = false;
  minTs = Infinity;
  nodeMin = new Map<number, number>();
  private next: number;
  private steps = 0;
  /** Smallest ts in the rotations read so far. */
  private newerMin = Infinity;

  readonly newest: string | undefined;

  constructor(private readonly groups: ArchiveGroup[], private readonly opts: LatestOptions) {
    this.next = groups.length - 1;
    const last = groups[groups.length - 1];
    this.newest = last === undefined ? undefined : (last.opened ?? last.key);
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
        const file = await readWhole(f.found, f.log, intake, this.opts);
        unit.push(f.log === PACKAGE_LOGS.footprints ? { file, rows: intake.rows } : { file, runs: intake.runs });
      }
      // What is not read is taken to be older than what is: the rotations' contents must agree.
      if (span.max > this.newerMin + SKEW_SECONDS) {
        throw new Fallback(`the archives' order by name and #open does not match their contents (${g.files[0]?.found.file} holds rows newer than the rotation after it)`);
      }
      if (span.min < this.newerMin) this.newerMin = span.min;
      this.units.unshift(unit);
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
  units: Part[][] = [];
  exhausted = false;
  minTs = Infinity;
  nodeMin = new Map<number, number>();
  opened: string | undefined;
  private head: LogHead | undefined;
  private blocks: TailBlocks | undefined;
  private file: LatestFile | undefined;

  constructor(private readonly found: FoundLog, private readonly log: string, private readonly opts: LatestOptions) {
    this.rank = found.kind === 'live' ? 2 : 1;
    this.group = found.kind === 'live' ? 'live' : `plain ${dirname(found.file)}`;
  }

  async extend(): Promise<void> {
    if (this.head === undefined) {
      this.head = await readLogHead(this.found.file);
      const h = this.head;
      this.opened = h.opened;
      if (h.compressed || h.format === 'empty' || h.size <= (this.opts.tuning?.smallFileBytes ?? SMALL_FILE_BYTES) || (h.format === 'ascii' && !h.schema.includes('#fields'))) {
        const intake = new Intake(this, this.opts);
        const file = await readWhole(this.found, this.log, intake, this.opts);
        this.units.unshift([this.log === PACKAGE_LOGS.footprints ? { file, rows: intake.rows } : { file, runs: intake.runs }]);
        this.exhausted = true;
        return;
      }
      this.blocks = await TailBlocks.open(this.found.file, h.header.length, this.opts.tuning?.firstBlockBytes);
      this.file = {
        found: this.found, log: this.log, read: 'tail', bytesRead: 0, size: h.size,
        stats: { file: this.found.file, format: h.format, compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 1, warnings: [] },
      };
    }
    const head = this.head;
    const blocks = this.blocks as TailBlocks;
    const file = this.file as LatestFile;
    const block = await blocks.previous();
    if (block === undefined) {
      this.exhausted = true;
      return;
    }
    const intake = new Intake(this, this.opts);
    const stats = this.log === PACKAGE_LOGS.footprints
      ? scanFootprintBlock(head, block, this.opts.strings, intake.footprint)
      : (() => {
        const r = readDumpBlock(head, block);
        for (const row of r.rows) intake.runRow(row);
        return r.stats;
      })();
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
    this.units.unshift([this.log === PACKAGE_LOGS.footprints ? { file, rows: intake.rows } : { file, runs: intake.runs }]);
  }

  async close(): Promise<void> {
    await this.blocks?.close();
  }
}

function medianGap(sorted: number[]): number {
  const gaps = sorted.slice(1).map((t, i) => t - (sorted[i] as number)).filter((g) => g > 0).sort((a, b) => a - b);
  return gaps.length === 0 ? 0 : (gaps[gaps.length >> 1] as number);
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
