import { flattenBatches } from './batched-iterable.js';
import { FootprintScanner, type FootprintCallback } from './footprint-scanner.js';
import { MalformedLinePolicy } from './log-line-parser.js';
import { connectionsOf, dumpsOf, type ConnRow, type DumpRow, type FootprintRow } from './my-stats-rows.js';
import { openLogBytes } from './open-log-bytes.js';
import { readZeekLogBatches, type ReadLogOptions } from './read-zeek-log.js';
import { StringTable } from './string-interner.js';
import type { LogReadStats, ZeekRecord } from './types.js';

export type { ConnRow, DumpRow, FootprintRow } from './my-stats-rows.js';
export type { FootprintCallback } from './footprint-scanner.js';
export { StringTable } from './string-interner.js';

export type RowStream<T> = AsyncIterable<T> & { readonly stats: LogReadStats };

function newStats(file: string): LogReadStats {
  return { file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
}

/**
 * Reads my_stats.log: columns `ts run node module_name variable size` (corelight/my_stats and
 * ours). A file without one of them is a LogFormatError "not a my_stats log: missing column ...".
 */
export function readFootprints(file: string, options: ReadLogOptions = {}): RowStream<FootprintRow> {
  const stats = newStats(file);
  const rows = flattenBatches(() => footprintBatches(file, options, stats));
  return { stats, [Symbol.asyncIterator]: () => rows[Symbol.asyncIterator]() };
}

async function* footprintBatches(file: string, options: ReadLogOptions, stats: LogReadStats): AsyncGenerator<FootprintRow[]> {
  const strings = new StringTable();
  const names = strings.strings;
  let batch: FootprintRow[] = [];
  const onRow: FootprintCallback = (ts, run, node, module, variable, size, line) => {
    batch.push({
      ts,
      run,
      node: names[node] as string,
      module: names[module] as string,
      variable: names[variable] as string,
      size,
      file,
      line,
    });
  };
  for await (const chunk of scanChunks(file, options, stats, strings, onRow)) {
    void chunk;
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
}

/**
 * The fastest way through a my_stats log: calls onRow for every row, with node/module/variable as
 * ids into `strings` (share one table across files so ids agree). Fills `stats`.
 */
export async function scanFootprints(
  file: string,
  options: ReadLogOptions,
  stats: LogReadStats,
  strings: StringTable,
  onRow: FootprintCallback,
): Promise<void> {
  for await (const chunk of scanChunks(file, options, stats, strings, onRow)) void chunk;
}

/** Drives the scanner; yields after every chunk so callers may hand on what it produced. */
async function* scanChunks(file: string, options: ReadLogOptions, stats: LogReadStats, strings: StringTable, onRow: FootprintCallback): AsyncGenerator<number> {
  Object.assign(stats, newStats(file));
  const bytes = await openLogBytes(file);
  stats.compressed = bytes.compressed;
  const scanner = new FootprintScanner(stats, options, strings, onRow);
  for await (const chunk of bytes.chunks) {
    scanner.push(chunk);
    yield chunk.length;
  }
  scanner.end();
  yield 0;
}

/** Reads my_stats_runs.log (our package), one row per dump. */
export function readDumps(file: string, options: ReadLogOptions = {}): RowStream<DumpRow> {
  return readTypedRows(file, options, dumpsOf);
}

/**
 * Reads my_stats_conns.log (our package): per dump, one row per connection field with the largest
 * connection named. Streams like the other readers: memory does not grow with the file.
 */
export function readConnections(file: string, options: ReadLogOptions = {}): RowStream<ConnRow> {
  return readTypedRows(file, options, connectionsOf);
}

type RowsOf<T> = (batch: ZeekRecord[], stats: LogReadStats, policy: MalformedLinePolicy) => T[];

/** A log through the generic reader, its records turned into typed rows (a bad row goes to the policy). */
function readTypedRows<T>(file: string, options: ReadLogOptions, rowsOf: RowsOf<T>): RowStream<T> {
  const stats = newStats(file);
  const rows = flattenBatches(() => typedBatches(file, options, stats, rowsOf));
  return { stats, [Symbol.asyncIterator]: () => rows[Symbol.asyncIterator]() };
}

async function* typedBatches<T>(file: string, options: ReadLogOptions, stats: LogReadStats, rowsOf: RowsOf<T>): AsyncGenerator<T[]> {
  const rowPolicy = new MalformedLinePolicy(stats, options.skipMalformed ?? false);
  for await (const batch of readZeekLogBatches(file, options, stats)) yield rowsOf(batch, stats, rowPolicy);
  rowPolicy.summarize();
}
