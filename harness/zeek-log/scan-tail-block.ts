import { FootprintScanner, type FootprintCallback } from './footprint-scanner.js';
import { LineSplitter } from './line-splitter.js';
import type { LogHead } from './log-head.js';
import { MalformedLinePolicy, type LogLineParser } from './log-line-parser.js';
import { moduleOf } from './my-stats-rows.js';
import { chooseParser, pathFromFileName } from './read-zeek-log.js';
import type { StringTable } from './string-interner.js';
import type { LogReadStats, ZeekRecord } from './types.js';
import type { TailBlock } from './tail-blocks.js';

/** The file's structure does not allow reading it from its end: read it whole instead (the message says why). */
export class TailUnsupported extends Error {}

/** What reading one block found, as the whole-file reader would have said it of those lines. */
export interface BlockStats {
  records: number;
  /** The block holds the file's end, and the file is closed (#close after the last data). */
  closed: boolean;
  format: LogReadStats['format'];
  /** Warnings about the file's end (a partial last line, no #close): only from the block at the end. */
  warnings: string[];
}

/**
 * The my_stats rows of one block of whole lines, parsed as if it followed the file's header:
 * through the same scanner as the whole-file reader, so values are identical. A header line in
 * the block that differs from the file's first header (another block with other columns) or a
 * malformed line (whose line number only a whole read can tell) is TailUnsupported.
 */
export function scanFootprintBlock(head: LogHead, block: TailBlock, strings: StringTable, onRow: FootprintCallback): BlockStats {
  checkHeaderLines(head, block.bytes);
  const stats = newStats(head.file);
  const scanner = new FootprintScanner(stats, { skipMalformed: true }, strings, head.format === 'ascii' ? checkedRows(head, strings, onRow) : onRow);
  if (head.header.length > 0) scanner.push(head.header);
  scanner.push(block.bytes);
  scanner.end();
  return blockStats(head, block, stats);
}

/** Turns a batch of generic records into typed rows (dumpsOf, connectionsOf of my-stats-rows). */
export type RowsOf<T> = (batch: ZeekRecord[], stats: LogReadStats, policy: MalformedLinePolicy) => T[];

/** The rows of one block of my_stats_runs.log or my_stats_conns.log, as readDumps / readConnections would give them. */
export function readRowsBlock<T>(head: LogHead, block: TailBlock, rowsOf: RowsOf<T>): { rows: T[]; stats: BlockStats } {
  checkHeaderLines(head, block.bytes);
  const stats = newStats(head.file);
  const policy = new MalformedLinePolicy(stats, true);
  const records: ZeekRecord[] = [];
  const splitter = new LineSplitter(head.file);
  let parser: LogLineParser | null = null;
  let lineNo = 0;
  const onLine = (text: string): void => {
    lineNo++;
    if (parser === null) {
      if (text.trim().length === 0) return;
      parser = chooseParser(text, stats, policy, pathFromFileName(head.file), lineNo);
    }
    parser.line(text, lineNo, records);
  };
  if (head.header.length > 0) splitter.push(head.header, onLine);
  splitter.push(block.bytes, onLine);
  const partial = splitter.finish();
  if (parser === null && partial !== null && partial.trim().length > 0) parser = chooseParser(partial, stats, policy, pathFromFileName(head.file));
  (parser as LogLineParser | null)?.end(partial, lineNo + 1, records);
  stats.records = records.length;
  const rowPolicy = new MalformedLinePolicy(stats, true);
  const rows = rowsOf(records, stats, rowPolicy);
  return { rows, stats: blockStats(head, block, stats) };
}

function blockStats(head: LogHead, block: TailBlock, stats: LogReadStats): BlockStats {
  if (stats.skippedLines > 0) throw new TailUnsupported(`${head.file} has malformed lines near its end`);
  // Line numbers here count from the block, not the file: the message names the end instead.
  const file = head.file;
  const warnings = block.atEnd ? stats.warnings.map((w) => (w.startsWith(`${file}:`) ? w.replace(/^[^\n]*?:\d+: /, `${file} (its last line): `) : w)) : [];
  return { records: stats.records, closed: block.atEnd && stats.closed, format: stats.format, warnings };
}

/**
 * A header block between the file's first one and the block could name the columns in another
 * order; string columns swapped would still parse. Both packages write module_name as the part of
 * the variable before `::`: rows that break that were read under the wrong header.
 */
function checkedRows(head: LogHead, strings: StringTable, onRow: FootprintCallback): FootprintCallback {
  const expected: number[] = [];
  return (ts, run, node, module, variable, size, line) => {
    let m = expected[variable];
    if (m === undefined) {
      m = strings.idOf(moduleOf(strings.strings[variable] as string));
      expected[variable] = m;
    }
    if (m !== module) throw new TailUnsupported(`${head.file}: rows near its end do not read as my_stats rows under its first header (another header block?)`);
    onRow(ts, run, node, module, variable, size, line);
  };
}

const SCHEMA_KEYS = ['#separator', '#set_separator', '#empty_field', '#unset_field', '#fields', '#types'];

/** Every header line in the block must say what the file's first header says, or the rows around it may be read under another schema. */
function checkHeaderLines(head: LogHead, bytes: Buffer): void {
  const expected = new Map<string, string>();
  for (const line of head.schema.split('\n')) expected.set(schemaKey(line), line);
  for (let pos = bytes[0] === 0x23 ? 0 : bytes.indexOf('\n#'); pos >= 0; pos = bytes.indexOf('\n#', pos + 1)) {
    const from = bytes[pos] === 0x23 ? pos : pos + 1;
    const nl = bytes.indexOf(0x0a, from);
    const line = bytes.toString('utf8', from, nl < 0 ? bytes.length : nl).replace(/\r$/, '');
    const key = schemaKey(line);
    if (!SCHEMA_KEYS.includes(key)) continue;
    if (head.format !== 'ascii' || expected.get(key) !== line) {
      throw new TailUnsupported(`${head.file} holds several header blocks with different columns or markers`);
    }
  }
}

function schemaKey(line: string): string {
  const m = /^#[a-z_]+/.exec(line);
  return m ? m[0] : '';
}

function newStats(file: string): LogReadStats {
  return { file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
}
