// A worker thread of the parallel my_stats reader (parallel-scan.ts): it parses what it is given
// (a whole file, plain or gzip; or a byte range of a plain file, behind the file's header) with the
// same scanner as the sequential reader and sends back the rows as numbers in typed arrays
// (shared memory, neither copied nor transferred), with the strings it met since its last answer.
import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { formatLocation, isZeekBudgetError } from '../errors.js';
import { FootprintScanner } from './footprint-scanner.js';
import { openLogBytes, unreadable } from './open-log-bytes.js';
import { columnArrays, RowColumns, type ColumnArrays } from './row-columns.js';
import type { ScanTask, ScanResult } from './scan-protocol.js';
import { StringTable } from './string-interner.js';
import type { LogReadStats } from './types.js';

const READ_CHUNK = 4 << 20;
const TAIL_READ = 64 * 1024;
const readBuffer = Buffer.allocUnsafe(READ_CHUNK);
const strings = new StringTable();
let sent = 0;

/** The bytes of [start, end), extended on both sides to whole lines: a line belongs to the range its first byte is in. */
async function* rangeChunks(file: string, start: number, end: number, fromFileStart: boolean): AsyncGenerator<Buffer> {
  const h = await open(file, 'r').catch((e: unknown) => {
    throw unreadable(file, e);
  });
  try {
    let pos = start;
    if (!fromFileStart && start > 0) {
      // Skip the line that began before `start`: the range before owns it.
      const probe = Buffer.allocUnsafe(1);
      await h.read(probe, 0, 1, start - 1);
      if (probe[0] !== 0x0a) {
        for (;;) {
          const buf = Buffer.allocUnsafe(64 * 1024);
          const { bytesRead } = await h.read(buf, 0, buf.length, pos);
          if (bytesRead === 0) return;
          const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
          if (nl >= 0) {
            pos += nl + 1;
            break;
          }
          pos += bytesRead;
        }
      }
    }
    // No line begins in the range: it owns none.
    if (pos >= end) return;
    // Read to `end`, then on to the end of the line in progress there.
    let done = false;
    while (!done) {
      // One buffer, read into again and again: the scanner copies what it keeps of a chunk.
      const buf = readBuffer;
      // Up to `end`, then small reads for the rest of the last line: reading a whole buffer past
      // the part would copy the next part's bytes for nothing.
      const want = Math.min(buf.length, Math.max(end - pos, TAIL_READ));
      const { bytesRead } = await h.read(buf, 0, want, pos);
      if (bytesRead === 0) return;
      let chunk = buf.subarray(0, bytesRead);
      if (pos + bytesRead >= end) {
        // The line holding byte end-1 is the last one: cut after its newline.
        const from = Math.max(0, end - 1 - pos);
        const nl = chunk.indexOf(0x0a, from);
        if (nl >= 0) {
          chunk = chunk.subarray(0, nl + 1);
          done = true;
        }
      }
      pos += chunk.length;
      if (chunk.length > 0) yield chunk;
    }
  } finally {
    await h.close();
  }
}

/**
 * Arrays the reader handed back once it had taken their rows: filled again, so neither thread
 * allocates (and collects) the arrays of every part anew.
 */
const spare: ColumnArrays[] = [];

function columns(capacity: number): RowColumns {
  const i = spare.findIndex((a) => a.ts.length >= capacity);
  if (i < 0) return new RowColumns(capacity);
  return new RowColumns(capacity, spare.splice(i, 1)[0]);
}

async function run(task: ScanTask): Promise<ScanResult> {
  const stats: LogReadStats = {
    file: task.file,
    format: 'empty',
    compressed: false,
    closed: false,
    records: 0,
    skippedLines: 0,
    headerBlocks: 0,
    warnings: [],
  };
  const range = task.range;
  // Room for about as many rows as a part's bytes hold (a my_stats row is 50-80 bytes); a whole file grows as it goes.
  const rows = columns(range === undefined ? 1 << 16 : Math.ceil((range.end - range.start) / 48));
  const scanner = new FootprintScanner(stats, { skipMalformed: task.skipMalformed }, strings, (ts, r, node, module, variable, size, line) =>
    rows.push(ts, r, node, module, variable, size, line),
  );
  const headerLines: string[] = [];
  let ownLines = 0;
  try {
    if (range === undefined) {
      const bytes = await openLogBytes(task.file);
      stats.compressed = bytes.compressed;
      for await (const chunk of bytes.chunks) scanner.push(chunk);
      scanner.end();
    } else {
      const header = Buffer.from(range.header, 'utf8');
      if (range.json && range.index > 0) scanner.readAsJson();
      if (header.length > 0) scanner.push(header);
      const fed = scanner.linesRead;
      scanner.onHeaderLine = (line) => headerLines.push(line);
      let endsWithNewline = true;
      for await (const chunk of rangeChunks(task.file, range.start, range.end, range.index === 0)) {
        scanner.push(chunk);
        endsWithNewline = chunk[chunk.length - 1] === 0x0a;
      }
      ownLines = scanner.linesRead - fed + (endsWithNewline ? 0 : 1);
      scanner.end();
    }
  } catch (e) {
    if (!isZeekBudgetError(e)) throw e;
    // The message without its location: the reader puts the location back (a part's lines counted from the file's start).
    const message = e.location ? e.message.slice(formatLocation(e.location).length + 2) : e.message;
    const kind = e.name === 'LogFormatError' ? 'format' : e.name === 'ConfigError' ? 'config' : 'environment';
    return answer(rows, stats, { ownLines, headerLines }, { kind, message, location: e.location });
  }
  return answer(rows, stats, { ownLines, headerLines });
}

function answer(rows: RowColumns, stats: LogReadStats, lines: { ownLines: number; headerLines: string[] }, error?: ScanResult['error']): ScanResult {
  const fresh = strings.strings.slice(sent);
  sent = strings.strings.length;
  // The arrays go as they are (shared memory); `length` says how much of them is rows. This thread
  // fills them again only once the reader hands them back.
  return {
    strings: fresh,
    rows: { length: rows.length, ...columnArrays(rows) },
    stats,
    ownLines: lines.ownLines,
    headerLines: lines.headerLines,
    error,
  };
}

parentPort?.on('message', (m: ScanTask | { recycle: ColumnArrays }) => {
  if ('recycle' in m) {
    // Enough for the answers in flight; more would only hold memory.
    if (spare.length < 4) spare.push(m.recycle);
    return;
  }
  const task = m;
  run(task).then(
    (result) => {
      parentPort?.postMessage({ id: task.id, result });
    },
    (e: unknown) => parentPort?.postMessage({ id: task.id, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
