import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { EnvironmentError, LogFormatError, type SourceLocation } from '../errors.js';
import type { FootprintCallback } from './footprint-scanner.js';
import { readLogHead, type LogHead } from './log-head.js';
import { scanFootprints } from './my-stats.js';
import type { ScanResult, ScanTask } from './scan-protocol.js';
import type { StringTable } from './string-interner.js';
import type { LogReadStats } from './types.js';

export interface ParallelScanOptions {
  skipMalformed: boolean;
  /** Worker threads (default: one per core). */
  workers?: number;
  /** A plain file is cut into parts of about this many bytes (default 4 MiB). */
  partBytes?: number;
  /** Less than this much to read in all, and the calling thread reads it alone (default 16 MiB). */
  minParallelBytes?: number;
}

const PART_BYTES = 4 << 20;
const MIN_PARALLEL_BYTES = 16 << 20;
const SCHEMA_KEYS = ['#separator', '#set_separator', '#empty_field', '#unset_field', '#fields', '#types'];

interface Plan {
  file: string;
  head: LogHead;
  /** Byte ranges of a plain file cut into parts; undefined: read whole. */
  parts?: Array<{ start: number; end: number }>;
}

/**
 * The same rows, in the same order, with the same statistics, warnings and errors as
 * `scanFootprints` over each file in turn, but parsed on every core: worker threads take whole
 * files (gzip archives) or parts of a big plain file (lines whose first byte lies in the part,
 * read behind the file's header) and send the rows back as numbers; this thread hands them to
 * `onRow` in file order, with line numbers counted from each file's start. A part that follows a
 * header block with other columns is read again behind it. With --skip-malformed a plain file is
 * read whole (the count and first skipped line are the whole file's).
 */
export async function scanFootprintsParallel(files: string[], opts: ParallelScanOptions, strings: StringTable, onRow: FootprintCallback): Promise<LogReadStats[]> {
  const plans: Plan[] = [];
  let bytes = 0;
  for (const file of files) {
    const head = await readLogHead(file);
    bytes += head.size;
    plans.push({ file, head, parts: partsOf(head, opts) });
  }
  const taskCount = plans.reduce((n, p) => n + (p.parts?.length ?? 1), 0);
  const workers = Math.min(opts.workers ?? os.availableParallelism(), taskCount);
  if (workers < 2 || bytes < (opts.minParallelBytes ?? MIN_PARALLEL_BYTES)) return sequential(files, opts, strings, onRow);
  const pool = new ScanPool(workers, strings);
  try {
    const tasks: Array<{ plan: Plan; part: number; task: Omit<ScanTask, 'id'> }> = [];
    for (const plan of plans) {
      (plan.parts ?? [undefined]).forEach((range, part) => {
        const header = part === 0 ? '' : plan.head.header.toString('utf8');
        const json = plan.head.format === 'json';
        tasks.push({ plan, part, task: { file: plan.file, skipMalformed: opts.skipMalformed, range: range && { index: part, start: range.start, end: range.end, header, json } } });
      });
    }
    // A few tasks ahead of the one being handed on, no more: rows waiting are memory.
    const ahead = workers + 1;
    const answers: Array<Promise<Answer>> = [];
    const submitUpTo = (i: number) => {
      while (answers.length <= i && answers.length < tasks.length) answers.push(pool.submit((tasks[answers.length] as (typeof tasks)[number]).task));
    };
    const out: LogReadStats[] = [];
    let file: FileState | undefined;
    for (const [i, t] of tasks.entries()) {
      submitUpTo(i + ahead);
      if (t.part === 0) {
        if (file) out.push(file.stats);
        file = new FileState(t.plan);
      }
      const f = file as FileState;
      let answer = await (answers[i] as Promise<Answer>);
      let header = t.task.range?.header ?? '';
      const range = t.task.range;
      if (range !== undefined && t.part > 0 && f.schemaChanged()) {
        // A header block with other columns came before this part: read it again behind it.
        header = f.header();
        answer = await pool.submit({ ...t.task, range: { ...range, header } });
      }
      answers[i] = Promise.resolve(answer);
      f.take(answer, t.part, header, onRow);
      // Let go of the rows handed on.
      (answers as Array<Promise<Answer> | undefined>)[i] = undefined;
    }
    if (file) out.push(file.stats);
    return out;
  } finally {
    await pool.close();
  }
}

async function sequential(files: string[], opts: ParallelScanOptions, strings: StringTable, onRow: FootprintCallback): Promise<LogReadStats[]> {
  const out: LogReadStats[] = [];
  for (const file of files) {
    const stats: LogReadStats = { file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
    await scanFootprints(file, { skipMalformed: opts.skipMalformed }, stats, strings, onRow);
    out.push(stats);
  }
  return out;
}

function partsOf(head: LogHead, opts: ParallelScanOptions): Plan['parts'] {
  const size = opts.partBytes ?? PART_BYTES;
  if (head.compressed || opts.skipMalformed || head.format === 'empty' || head.size < 2 * size) return undefined;
  if (head.format === 'ascii' && !head.schema.includes('#fields')) return undefined;
  const dataStart = head.header.length;
  const parts: Array<{ start: number; end: number }> = [];
  for (let start = 0; start < head.size; ) {
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

  take(answer: Answer, part: number, header: string, onRow: FootprintCallback): void {
    const r = answer.result;
    const whole = this.plan.parts === undefined;
    const last = whole || part === (this.plan.parts as unknown[]).length - 1;
    // A later part counts its lines from the first line of the header it was read behind.
    const offset = part === 0 || whole ? 0 : this.lines - countLines(header);
    if (r.error) {
      const loc = r.error.location;
      const where: SourceLocation | undefined = loc && { ...loc, line: loc.line === undefined ? undefined : loc.line + offset };
      throw r.error.kind === 'format' ? new LogFormatError(r.error.message, where) : new EnvironmentError(r.error.message, where);
    }
    // A part in which no line begins adds nothing (the reader there saw an empty log), except, as
    // the last, that the file ended where the part before it ended.
    if (part > 0 && !whole && r.ownLines === 0) {
      if (last) this.stats.warnings.push(...this.endWarnings);
      return;
    }
    const ids = answer.ids;
    const rows = r.rows;
    for (let i = 0; i < rows.length; i++) {
      onRow(rows.ts[i] as number, rows.run[i] as number, ids[rows.node[i] as number] as number, ids[rows.module[i] as number] as number,
        ids[rows.variable[i] as number] as number, rows.size[i] as number, (rows.line[i] as number) + offset);
    }
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
      this.extraHeader.push(...own);
    }
  }
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
  ids: Int32Array;
}

/** Where the worker's code is: beside this module when compiled; the compiled copy when running from the TypeScript sources (tests). */
function workerUrl(): URL {
  const here = new URL('./scan-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return here;
  return new URL(here.href.replace(/\/harness\/zeek-log\/scan-worker\.js$/, '/dist/harness/zeek-log/scan-worker.js'));
}

/** Worker threads taking tasks in order; answers come back per task, string ids already mapped. */
class ScanPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Array<{ task: ScanTask; resolve: (a: Answer) => void; reject: (e: Error) => void }> = [];
  private readonly pending = new Map<number, { worker: Worker; resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  /** Per worker: its string ids -> ids of the caller's table (answers of one worker are taken in the order it gave them). */
  private readonly maps = new Map<Worker, number[]>();
  private nextId = 0;

  constructor(count: number, private readonly strings: StringTable) {
    const url = workerUrl();
    for (let i = 0; i < count; i++) {
      // Small young generations: a worker's garbage is the chunks it read, freed chunk by chunk.
      const w = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
      w.on('message', (m: { id: number; result?: ScanResult; crash?: string }) => this.answered(w, m));
      w.on('error', (e) => this.failed(w, e));
      this.idle.push(w);
      this.all.push(w);
      this.maps.set(w, []);
    }
  }

  submit(task: Omit<ScanTask, 'id'>): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.queue.push({ task: { ...task, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.shift() as Worker;
      const job = this.queue.shift() as (typeof this.queue)[number];
      this.pending.set(job.task.id, { worker: w, resolve: job.resolve, reject: job.reject });
      w.postMessage(job.task);
    }
  }

  private answered(w: Worker, m: { id: number; result?: ScanResult; crash?: string }): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    this.idle.push(w);
    this.dispatch();
    if (m.result === undefined) {
      p.reject(new Error(`my_stats reader thread failed: ${m.crash ?? 'no answer'}`));
      return;
    }
    p.resolve({ result: m.result, ids: this.mapIds(w, m.result.strings) });
  }

  private mapIds(w: Worker, fresh: string[]): Int32Array {
    const map = this.maps.get(w) as number[];
    for (const s of fresh) map.push(this.strings.idOf(s));
    return Int32Array.from(map);
  }

  private failed(w: Worker, e: Error): void {
    for (const [id, p] of this.pending) {
      if (p.worker !== w) continue;
      this.pending.delete(id);
      p.reject(e);
    }
  }
}
