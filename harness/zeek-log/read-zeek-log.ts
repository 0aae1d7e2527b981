import { basename } from 'node:path';
import { AsciiLogParser } from './ascii-log-parser.js';
import { flattenBatches } from './batched-iterable.js';
import { JsonLogParser } from './json-log-parser.js';
import { LineSplitter } from './line-splitter.js';
import { MalformedLinePolicy, type LogLineParser } from './log-line-parser.js';
import { openLogBytes } from './open-log-bytes.js';
import type { LogReadStats, ZeekRecord } from './types.js';
import { failure } from '../messages.js';

export interface ReadLogOptions {
  /** Count malformed lines in stats.skippedLines instead of throwing LogFormatError. */
  skipMalformed?: boolean;
  /** A longer line is a LogFormatError (default MAX_LINE_BYTES, 16 MiB). */
  maxLineBytes?: number;
}

export interface ZeekLogStream extends AsyncIterable<ZeekRecord> {
  /** Filled in while iterating; complete once iteration ends. */
  readonly stats: LogReadStats;
}

/**
 * Streams the records of one Zeek log (ASCII or JSON, plain or gzip). Memory does not grow with the
 * file: lines are parsed chunk by chunk and handed on as they complete.
 */
export function readZeekLog(file: string, options: ReadLogOptions = {}): ZeekLogStream {
  const stats = newStats(file);
  const records = flattenBatches(() => readZeekLogBatches(file, options, stats));
  return { stats, [Symbol.asyncIterator]: () => records[Symbol.asyncIterator]() };
}

/**
 * The same records in the batches one read chunk produces: for hot loops that would otherwise pay
 * an `await` per record. Fills `stats` (reset first) as it goes.
 */
export async function* readZeekLogBatches(file: string, options: ReadLogOptions, stats: LogReadStats): AsyncGenerator<ZeekRecord[]> {
  Object.assign(stats, newStats(file));
  const bytes = await openLogBytes(file);
  stats.compressed = bytes.compressed;
  const policy = new MalformedLinePolicy(stats, options.skipMalformed ?? false);
  const defaultPath = pathFromFileName(file);
  const splitter = new LineSplitter(file, options.maxLineBytes);
  let parser: LogLineParser | null = null;
  let lineNo = 0;
  let out: ZeekRecord[] = [];

  const onLine = (text: string): void => {
    lineNo++;
    if (parser === null) {
      if (text.trim().length === 0) return;
      parser = chooseParser(text, stats, policy, defaultPath, lineNo);
    }
    parser.line(text, lineNo, out);
  };

  for await (const chunk of bytes.chunks) {
    splitter.push(chunk, onLine);
    if (out.length > 0) {
      stats.records += out.length;
      const batch = out;
      out = [];
      yield batch;
    }
  }
  const partial = splitter.finish();
  if (parser === null && partial !== null && partial.trim().length > 0) {
    parser = chooseParser(partial, stats, policy, defaultPath, lineNo + 1);
  }
  const finalParser: LogLineParser | null = parser;
  if (finalParser === null) {
    stats.format = 'empty';
    stats.closed = false;
    stats.warnings.push(
      `${file} is empty: Zeek buffers log writes (about 1 s), so it was probably killed before its first write, or the log was never written`,
    );
  } else {
    finalParser.end(partial, lineNo + 1, out);
  }
  policy.summarize();
  if (out.length > 0) {
    stats.records += out.length;
    yield out;
  }
}

/** Picks the format from the first non-blank line: JSON objects start with `{`, ASCII logs with `#`. */
export function chooseParser(firstLine: string, stats: LogReadStats, policy: MalformedLinePolicy, path: string, lineNo = 1): LogLineParser {
  checkEncoding(firstLine, stats.file, lineNo);
  if (firstLine.trimStart().startsWith('{')) {
    stats.format = 'json';
    return new JsonLogParser(stats, policy, path);
  }
  stats.format = 'ascii';
  return new AsciiLogParser(stats, policy, path);
}

/** Zeek writes UTF-8 without a byte-order mark: anything else was re-saved by some other program. */
function checkEncoding(firstLine: string, file: string, lineNo: number): void {
  if (firstLine.startsWith('\ufeff')) {
    throw failure('logByteOrderMark', { file, line: lineNo });
  }
  if (firstLine.includes('\u0000')) {
    throw failure('logUtf16', { file, line: lineNo });
  }
}

function newStats(file: string): LogReadStats {
  return { file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
}

/** `my_stats.14:45:13-14:46:06.log.gz` -> `my_stats`: JSON logs carry no #path. */
export function pathFromFileName(file: string): string {
  const name = basename(file);
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
