import { LogFormatError } from '../errors.js';
import type { MalformedLinePolicy } from './log-line-parser.js';
import type { LogReadStats, ZeekRecord, ZeekValue } from './types.js';

/** One row of my_stats.log: the footprint of one global at one dump. */
export interface FootprintRow {
  /** Wall clock of the dump (seconds since the epoch). */
  ts: number;
  run: number;
  /** Cluster::node; '' when standalone. */
  node: string;
  module: string;
  variable: string;
  /** Footprint: a count of values, not bytes. */
  size: number;
  file: string;
  line: number;
}

/** One row of my_stats_runs.log (our package): what one dump measured and cost. */
export interface DumpRow {
  ts: number;
  run: number;
  node: string;
  networkTime: number;
  /** first | interval | trace_end | final */
  reason: string;
  /** Seconds global_container_footprints() took. */
  duration: number;
  globals: number;
  logged: number;
  total: number;
  /** Peak resident size in bytes (get_proc_stats()$mem). */
  peakRss: number;
  file: string;
  line: number;
}

export const FOOTPRINT_COLUMNS = ['ts', 'run', 'node', 'module_name', 'variable', 'size'] as const;
const DUMP_COLUMNS = ['ts', 'run', 'node', 'network_time', 'reason', 'duration', 'globals', 'logged', 'total', 'peak_rss'] as const;

class BadRow extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
  }
}

/** Typed my_stats rows from generic records; a bad row goes to the policy (LogFormatError, or counted when skipping). */
export function footprintsOf(batch: ZeekRecord[], stats: LogReadStats, policy: MalformedLinePolicy): FootprintRow[] {
  const rows: FootprintRow[] = [];
  for (const r of batch) {
    const v = r.values;
    requireColumns(v, FOOTPRINT_COLUMNS, 'my_stats', stats.file, r.line);
    try {
      const variable = text(v, 'variable');
      rows.push({
        ts: time(v, 'ts'),
        run: count(v, 'run'),
        node: v.node === null ? '' : text(v, 'node'),
        module: v.module_name === null ? moduleOf(variable) : text(v, 'module_name'),
        variable,
        size: count(v, 'size'),
        file: stats.file,
        line: r.line,
      });
    } catch (e) {
      handleBadRow(e, r, policy);
    }
  }
  return rows;
}

export function dumpsOf(batch: ZeekRecord[], stats: LogReadStats, policy: MalformedLinePolicy): DumpRow[] {
  const rows: DumpRow[] = [];
  for (const r of batch) {
    const v = r.values;
    requireColumns(v, DUMP_COLUMNS, 'my_stats_runs', stats.file, r.line);
    try {
      rows.push({
        ts: time(v, 'ts'),
        run: count(v, 'run'),
        node: v.node === null ? '' : text(v, 'node'),
        networkTime: time(v, 'network_time'),
        reason: text(v, 'reason'),
        duration: seconds(v, 'duration'),
        globals: count(v, 'globals'),
        logged: count(v, 'logged'),
        total: count(v, 'total'),
        peakRss: count(v, 'peak_rss'),
        file: stats.file,
        line: r.line,
      });
    } catch (e) {
      handleBadRow(e, r, policy);
    }
  }
  return rows;
}

/** `line` is the first record without the column: in a file of several header blocks, the bad block. */
function requireColumns(values: Record<string, ZeekValue>, columns: readonly string[], log: string, file: string, line: number): void {
  for (const c of columns) {
    if (values[c] === undefined) {
      throw new LogFormatError(`not a ${log} log: missing column '${c}' (expected columns: ${columns.join(' ')})`, { file, line });
    }
  }
}

function handleBadRow(e: unknown, r: ZeekRecord, policy: MalformedLinePolicy): void {
  if (!(e instanceof BadRow)) throw e;
  policy.report(e.message, r.line, e.field);
}

/** module_name as both packages derive it: the part before the first `::`, else GLOBAL. */
export function moduleOf(variable: string): string {
  const sep = variable.indexOf('::');
  return sep > 0 ? variable.slice(0, sep) : 'GLOBAL';
}

function text(values: Record<string, ZeekValue>, field: string): string {
  const v = values[field];
  if (typeof v !== 'string') throw new BadRow(`expected text, found ${describe(v)}`, field);
  return v;
}

function count(values: Record<string, ZeekValue>, field: string): number {
  const v = values[field];
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'bigint') {
    throw new BadRow(`${v} is beyond 2^53: not a value Zeek's footprint or counters produce here`, field);
  }
  throw new BadRow(`expected a count, found ${describe(v)}`, field);
}

function seconds(values: Record<string, ZeekValue>, field: string): number {
  const v = values[field];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new BadRow(`expected seconds, found ${describe(v)}`, field);
}

/** Epoch seconds; JSON logs written with LogAscii::json_timestamps=JSON::TS_ISO8601 carry ISO text. */
function time(values: Record<string, ZeekValue>, field: string): number {
  const v = values[field];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    // Date keeps milliseconds only; Zeek writes microseconds, so the fraction is added separately.
    const fraction = /\.(\d+)/.exec(v);
    const ms = Date.parse(fraction ? v.replace(fraction[0], '') : v);
    if (Number.isFinite(ms)) return ms / 1000 + (fraction ? Number(`0.${fraction[1]}`) : 0);
  }
  throw new BadRow(`expected a time, found ${describe(v)}`, field);
}

function describe(v: ZeekValue | undefined): string {
  if (v === null || v === undefined) return 'an unset value (-)';
  if (Array.isArray(v)) return 'a set/vector';
  return `${typeof v} '${String(v)}'`;
}
