import { stat } from 'node:fs/promises';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ConfigError, EnvironmentError, LogFormatError, type SourceLocation } from '../errors.js';
import type { FootprintCallback } from './footprint-scanner.js';
import { readLogHead, type LogHead } from './log-head.js';
import { scanFootprints } from './my-stats.js';
import { columnArrays, type FootprintRowsCallback } from './row-columns.js';
import type { ScanResult, ScanTask, TaskRows } from './scan-protocol.js';
import type { StringTable } from './string-interner.js';
import type { LogReadStats } from './types.js';
import { mapLimit } from '../util/map-limit.js';

export interface ParallelScanOptions {
  skipMalformed: boolean;
  /** Worker threads (default: one per core, os.availableParallelism(), and none on one core). */
  workers?: number;
  /** A plain file is cut into parts of about this many bytes (default 4 MiB). */
  partBytes?: number;
  /** Less than this much to read in all, and the calling thread reads it alone (default 16 MiB). */
  minParallelBytes?: number;
}

const PART_BYTES = 4 << 20;
/** Files stat'ed, or their heads read, at the same time (a zeekctl tree of 30 days holds 1440 archives). */
const FILES_AT_ONCE = 16;
const MIN_PARALLEL_BYTES = 16 << 20;
const SCHEMA_KEYS = ['#separator', '#set_separator', '#empty_field', '#unset_field', '#fields', '#types'];

interface Plan {
  file: string;
  /** Its head when it may be cut into parts (else an empty one: it is read whole). */
  head: LogHead;
  /** Byte ranges of a plain file cut into parts; undefined: read whole. */
  parts?: Array<{ start: number; end: number }>;
}

/**
 * Reads my_stats logs one after another, in the order given at open(): `scan` of each file in
 * turn gives the same rows, in the same order, with the same statistics, warnings and errors as
 * `scanFootprints`. Behind it, worker threads parse ahead on every core.
 */
export interface FootprintFiles {
  /** Worker threads reading (0: the calling thread reads each file itself). */
  readonly workers: number;
  /**
   * The next file's rows to `onRow`, or in bulk to `onRows` when given and the rows were read on a
   * worker thread (the same rows in the same order); fills `stats`. Files must come in the order given.
   */
  scan(file: string, stats: LogReadStats, onRow: FootprintCallback, onRows?: FootprintRowsCallback): Promise<void>;
  /** Ends the worker threads (always call it, also after an error). */
  close(): Promise<void>;
}

/**
 * Opens `files` for reading in that order. Worker threads take whole files (gzip archives) or
 * parts of a big plain file (the lines whose first byte lies in the part, read behind the file's
 * header) and send the rows back as numbers in typed arrays; `scan` hands them to its callback in
 * file order, line numbers counted from each file's start. A part that follows a header block
 * with other columns is read again behind it. With skipMalformed a plain file is read whole (the
 * count and first skipped line are the whole file's). Little to read in all, or one core: the
 * calling thread reads alone, as scanFootprints does.
 */
export async function openFootprintFiles(files: string[], opts: ParallelScanOptions, strings: StringTable): Promise<FootprintFiles> {
  // Sizes first (a stat each, 16 at a time): a read too small for worker threads, or one core,
  // needs no file's head.
  const sizes = await mapLimit(files, FILES_AT_ONCE, (file) =>
    stat(file).then(
      (st) => (st.isFile() ? st.size : undefined),
      () => undefined,
    ),
  );
  const bytes = sizes.reduce<number>((n, size) => n + (size ?? 0), 0);
  const maxWorkers = opts.workers ?? defaultWorkers();
  if (maxWorkers < 1 || (maxWorkers < 2 && opts.workers === undefined) || bytes < (opts.minParallelBytes ?? MIN_PARALLEL_BYTES))
    return sequentialFiles(opts, strings);
  // Anything but a readable regular file (opening a FIFO would wait for a writer) is left to the
  // reader's own checks, which fail it in turn, after the files before it.
  // Only a file big enough to be cut into parts needs its head (where its data begin, its
  // columns): every other one is read whole, and a zeekctl tree's archives are far smaller.
  const partBytes = opts.partBytes ?? PART_BYTES;
  const heads = await mapLimit(files, FILES_AT_ONCE, (file, i) => {
    const size = sizes[i];
    return size === undefined || size < 2 * partBytes || opts.skipMalformed ? undefined : readLogHead(file).catch(() => undefined);
  });
  const plans: Plan[] = files.map((file, i) => {
    const head = heads[i];
    if (head === undefined) return { file, head: { file, size: 0, compressed: false, format: 'empty', header: Buffer.alloc(0), schema: '' } };
    return { file, head, parts: partsOf(head, partBytes) };
  });
  const taskCount = plans.reduce((n, p) => n + (p.parts?.length ?? 1), 0);
  const workers = Math.min(maxWorkers, taskCount);
  if (workers < 1 || (workers < 2 && taskCount < 2)) return sequentialFiles(opts, strings);
  return new ParallelFiles(plans, opts, new ScanPool(workers, strings));
}

/**
 * One worker per core. The calling thread's share (taking the rows into the dump tracker) is about
 * a fifth of a worker's, since the rows arrive in shared memory and are taken in one loop per part:
 * measured on 2 cores, 2 workers read a 1 GB plain log in 2.2-2.6 s against 2.7-2.9 s alone. One
 * worker alone is not worth it: it only moves the parse to another thread (tests still ask for one).
 */
function defaultWorkers(): number {
  return os.availableParallelism();
}

function sequentialFiles(opts: ParallelScanOptions, strings: StringTable): FootprintFiles {
  return {
    workers: 0,
    scan: (file, stats, onRow) => scanFootprints(file, { skipMalformed: opts.skipMalformed }, stats, strings, onRow),
    close: async () => {},
  };
}

interface Task {
  plan: Plan;
  part: number;
  task: Omit<ScanTask, 'id'>;
}

class ParallelFiles implements FootprintFiles {
  private readonly tasks: Task[] = [];
  private readonly answers: Array<Promise<Answer> | undefined> = [];
  private submitted = 0;
  private next = 0;
  /** A few tasks ahead of the one being handed on, no more: rows waiting are memory. */
  private readonly ahead: number;

  constructor(
    plans: Plan[],
    opts: ParallelScanOptions,
    private readonly pool: ScanPool,
  ) {
    this.ahead = pool.size + 1;
    for (const plan of plans) {
      const json = plan.head.format === 'json';
      (plan.parts ?? [undefined]).forEach((range, part) => {
        const header = part === 0 ? '' : plan.head.header.toString('utf8');
        this.tasks.push({
          plan,
          part,
          task: { file: plan.file, skipMalformed: opts.skipMalformed, range: range && { index: part, start: range.start, end: range.end, header, json } },
        });
      });
    }
    this.submitUpTo(this.ahead);
  }

  get workers(): number {
    return this.pool.size;
  }

  async scan(file: string, stats: LogReadStats, onRow: FootprintCallback, onRows?: FootprintRowsCallback): Promise<void> {
    const first = this.tasks[this.next];
    if (first === undefined || first.plan.file !== file || first.part !== 0) {
      throw new Error(`parallel my_stats reader: ${file} read out of the order given (expected ${first?.plan.file ?? 'no more files'})`);
    }
    const f = new FileState(first.plan);
    do {
      const i = this.next;
      const t = this.tasks[i] as Task;
      this.submitUpTo(i + this.ahead);
      let answer = await (this.answers[i] as Promise<Answer>);
      // Let go of the rows as soon as they are handed on.
      this.answers[i] = undefined;
      let header = t.task.range?.header ?? '';
      const range = t.task.range;
      if (range !== undefined && t.part > 0 && f.schemaChanged()) {
        // A header block with other columns came before this part: read it again behind it.
        header = f.header();
        answer = await this.pool.submit({ ...t.task, range: { ...range, header } });
      }
      this.next++;
      f.take(answer, t.part, header, onRow, onRows);
      answer.recycle();
    } while (this.tasks[this.next] !== undefined && (this.tasks[this.next] as Task).part > 0);
    Object.assign(stats, f.stats);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private submitUpTo(i: number): void {
    while (this.submitted <= i && this.submitted < this.tasks.length) {
      const p = this.pool.submit((this.tasks[this.submitted] as Task).task);
      // Rejections are seen when the answer is awaited in turn; until then they are not unhandled.
      p.catch(() => {});
      this.answers[this.submitted++] = p;
    }
  }
}

function partsOf(head: LogHead, size: number): Plan['parts'] {
  if (head.compressed || head.format === 'empty' || head.size < 2 * size) return undefined;
  if (head.format === 'ascii' && !head.schema.includes('#fields')) return undefined;
  const dataStart = head.header.length;
  const parts: Array<{ start: number; end: number }> = [];
  for (let start = 0; start < head.size;) {
    const end = start === 0 ? Math.max(dataStart + 1, size) : Math.min(head.size, start + size);
    parts.push({ start, end: Math.min(end, head.size) });
    start = Math.min(end, head.size);
  }
  return parts;
}

/** What one file's parts add up to, as the sequential reader would state it. */
class FileState {
  readonly stats: LogReadStats;
  /** Lines of the file before the next part. */
  private lines = 0;
  /** Header lines met after the file's first header block (a concatenated log). */
  private readonly extraHeader: string[] = [];
  private readonly headLines: number;
  /** What the part before said about the file's end, had it been the last. */
  private endWarnings: string[] = [];

  constructor(private readonly plan: Plan) {
    this.stats = { file: plan.file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
    this.headLines = countLines(plan.head.header.toString('utf8'));
  }

  /** The header lines a later part is to be read behind: the first header and every header line since. */
  header(): string {
    const head = this.plan.head.header.toString('utf8');
    return this.extraHeader.length === 0 ? head : `${head}${this.extraHeader.join('\n')}\n`;
  }

  /**
   * Whether the header lines met so far leave the reader in another state than the file's first
   * header does: other columns or markers, or closed (#close with no header block after it).
   */
  schemaChanged(): boolean {
    if (this.extraHeader.length === 0) return false;
    let closed = false;
    for (const line of this.extraHeader) {
      if (line.startsWith('#close')) closed = true;
      else if (line.startsWith('#separator') || line.startsWith('#open') || line.startsWith('#fields')) closed = false;
    }
    if (closed) return true;
    const first = schemaValues(this.plan.head.schema.split('\n'));
    const now = schemaValues([...this.plan.head.schema.split('\n'), ...this.extraHeader]);
    return SCHEMA_KEYS.some((k) => first.get(k) !== now.get(k));
  }

  take(answer: Answer, part: number, header: string, onRow: FootprintCallback, onRows: FootprintRowsCallback | undefined): void {
    const r = answer.result;
    const whole = this.plan.parts === undefined;
    const last = whole || part === (this.plan.parts as unknown[]).length - 1;
    // A later part counts its lines from the first line of the header it was read behind.
    const offset = part === 0 || whole ? 0 : this.lines - countLines(header);
    if (r.error) throw rebuildError(r.error, offset);
    // A part in which no line begins adds nothing (the reader there saw an empty log), except, as
    // the last, that the file ended where the part before it ended.
    if (part > 0 && !whole && r.ownLines === 0) {
      if (last) this.stats.warnings.push(...this.endWarnings);
      return;
    }
    const ids = answer.ids();
    const rows = r.rows;
    if (onRows !== undefined) onRows({ length: rows.length, columns: rows, ids, lineOffset: offset });
    else handOn(rows, ids, offset, onRow);
    const s = this.stats;
    const own = part === 0 || whole ? r.headerLines.slice(whole ? 0 : this.headLines) : r.headerLines;
    if (part === 0) {
      s.format = r.stats.format;
      s.compressed = r.stats.compressed;
      s.headerBlocks = r.stats.headerBlocks;
    } else {
      s.headerBlocks += own.filter((l) => l.startsWith('#fields')).length;
    }
    s.records += r.stats.records;
    s.skippedLines += r.stats.skippedLines;
    s.closed = r.stats.closed;
    this.endWarnings = [];
    for (const raw of r.stats.warnings) {
      const w = offset === 0 ? raw : raw.replace(/^(.*?):(\d+):/, (m, f: string, n: string) => (f === s.file ? `${f}:${Number(n) + offset}:` : m));
      // Every part but the last ends without #close: only the file's end can say so.
      if (!last && w.startsWith(`${s.file} has no #close: `)) this.endWarnings.push(w);
      else s.warnings.push(w);
    }
    if (!whole) {
      this.lines += r.ownLines;
      for (const line of own) this.extraHeader.push(line);
    }
  }
}

/** Rows one call each, as the sequential reader gives them. */
function handOn(rows: TaskRows, ids: Int32Array, offset: number, onRow: FootprintCallback): void {
  const { ts, run, node, module, variable, size, line } = rows;
  for (let i = 0; i < rows.length; i++) {
    onRow(
      ts[i] as number,
      run[i] as number,
      ids[node[i] as number] as number,
      ids[module[i] as number] as number,
      ids[variable[i] as number] as number,
      size[i] as number,
      (line[i] as number) + offset,
    );
  }
}

/** The worker's error as the sequential reader would have thrown it: its line counted from the file's start. */
function rebuildError(e: NonNullable<ScanResult['error']>, offset: number): Error {
  const loc = e.location;
  const where: SourceLocation | undefined = loc && { ...loc, line: loc.line === undefined ? undefined : loc.line + offset };
  if (e.kind === 'format') return new LogFormatError(e.message, where);
  if (e.kind === 'config') return new ConfigError(e.message, where);
  return new EnvironmentError(e.message, where);
}

function schemaValues(lines: string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of lines) {
    const key = SCHEMA_KEYS.find((k) => line === k || line.startsWith(`${k}\t`) || line.startsWith(`${k} `));
    if (key) values.set(key, line);
  }
  return values;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** A worker's answer, its string ids mapped to the caller's table. */
interface Answer {
  result: ScanResult;
  /** The worker's string ids -> the caller's. Interned when called, in the order answers are taken (file order), never on arrival: ids, and so the order nodes are reported in, must not depend on which thread answered first. */
  ids: () => Int32Array;
  /** Hands the row arrays back to the worker to fill again (call once the rows were taken). */
  recycle: () => void;
}

/** Where the worker's code is: beside this module when compiled; the compiled copy when running from the TypeScript sources (tests). */
function workerUrl(): URL {
  const here = new URL('./scan-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return here;
  return new URL(here.href.replace(/\/harness\/zeek-log\/scan-worker\.js$/, '/dist/harness/zeek-log/scan-worker.js'));
}

type Job = { task: ScanTask; resolve: (a: Answer) => void; reject: (e: Error) => void };

/**
 * Worker threads taking tasks in order; answers come back per task, string ids already mapped.
 * A worker that dies fails every task (nothing waits for ever); close() terminates them all.
 */
class ScanPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly pending = new Map<number, Job & { worker: Worker }>();
  /** Per worker: the strings it sent (its ids, in the order it gave them) and the caller's ids of those interned so far. */
  private readonly maps = new Map<Worker, { names: string[]; ids: number[] }>();
  private nextId = 0;
  private broken: Error | undefined;
  private closed = false;

  constructor(
    count: number,
    private readonly strings: StringTable,
  ) {
    const url = workerUrl();
    for (let i = 0; i < count; i++) {
      // Small young generations: a worker's garbage is the chunks it read, freed chunk by chunk.
      const w = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
      w.on('message', (m: { id: number; result?: ScanResult; crash?: string }) => this.answered(w, m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`my_stats reader thread exited (code ${code})`));
      });
      this.idle.push(w);
      this.all.push(w);
      this.maps.set(w, { names: [], ids: [] });
    }
  }

  get size(): number {
    return this.all.length;
  }

  submit(task: Omit<ScanTask, 'id'>): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      if (this.broken) {
        reject(this.broken);
        return;
      }
      this.queue.push({ task: { ...task, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.shift() as Worker;
      const job = this.queue.shift() as Job;
      this.pending.set(job.task.id, { ...job, worker: w });
      w.postMessage(job.task);
    }
  }

  private answered(w: Worker, m: { id: number; result?: ScanResult; crash?: string }): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.result === undefined) {
      p.reject(new Error(`my_stats reader thread failed: ${m.crash ?? 'no answer'}`));
    } else {
      const map = this.maps.get(w) as { names: string[]; ids: number[] };
      // One at a time: an answer may carry more new names than a call takes arguments (push(...)
      // threw past about 120,000, in this event handler, so the read waited for ever).
      for (const name of m.result.strings) map.names.push(name);
      const known = map.names.length;
      // A worker's answers are taken in the order it gave them, so interning up to `known` is interning in file order.
      const ids = () => {
        while (map.ids.length < known) map.ids.push(this.strings.idOf(map.names[map.ids.length] as string));
        return Int32Array.from(map.ids.slice(0, known));
      };
      const arrays = columnArrays(m.result.rows);
      const recycle = () => {
        if (this.closed || this.broken) return;
        w.postMessage({ recycle: arrays });
      };
      p.resolve({ result: m.result, ids, recycle });
    }
    this.idle.push(w);
    this.dispatch();
  }

  /** A worker failed: its string table is lost with it, so no later answer can be trusted. */
  private fail(e: Error): void {
    if (this.broken) return;
    this.broken = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    for (const j of this.queue.splice(0)) j.reject(e);
  }
}
