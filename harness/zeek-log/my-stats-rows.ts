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
  /**
   * Current resident size in bytes (Telemetry, Zeek >= 7.0). Undefined when the column is absent
   * (an older package) or unset (a Zeek without the telemetry call): never 0 for "unknown".
   */
  rss?: number;
  /** Packets processed since the previous dump (absent in older logs). */
  packets?: number;
  /** Rows this dump wrote to my_stats_conns.log (absent in older logs). */
  connsLogged?: number;
  file: string;
  line: number;
}

/**
 * One row of my_stats_conns.log: one field of the connection record (or `(connection)`, the whole
 * record) over the connections measured since the previous dump, with the largest one named.
 */
export interface ConnRow {
  /** Wall clock of the dump: the same ts as that dump's my_stats.log rows. */
  ts: number;
  run: number;
  node: string;
  field: string;
  /** Connections measured since the previous dump that had the field set. */
  connections: number;
  /** Sum of their footprints of the field. */
  total: number;
  /** The largest single connection's footprint of the field. */
  max: number;
  /** uid of that connection. */
  maxUid: string;
  /** Its 5-tuple as text: `10.0.0.1:4711/tcp -> 10.0.0.2:80/tcp`. */
  maxId: string;
  /** True when that maximum was measured on a live connection (polling), false at its removal. */
  live: boolean;
  file: string;
  line: number;
}

export const FOOTPRINT_COLUMNS = ['ts', 'run', 'node', 'module_name', 'variable', 'size'] as const;
const DUMP_COLUMNS = ['ts', 'run', 'node', 'network_time', 'reason', 'duration', 'globals', 'logged', 'total', 'peak_rss'] as const;
export const CONN_COLUMNS = ['ts', 'run', 'node', 'field', 'connections', 'total', 'max', 'max_uid', 'max_id', 'live'] as const;

class BadRow extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Typed my_stats rows from generic records; a bad row goes to the policy (LogFormatError, or counted when skipping). */
export function footprintsOf(batch: ZeekRecord[], stats: LogReadStats, policy: MalformedLinePolicy): FootprintRow[] {
  return typedRows(batch, stats, policy, FOOTPRINT_COLUMNS, 'my_stats', (v, line) => {
    const variable = text(v, 'variable');
    return {
      ts: time(v, 'ts'),
      run: count(v, 'run'),
      node: nodeOf(v),
      module: v.module_name === null ? moduleOf(variable) : text(v, 'module_name'),
      variable,
      size: count(v, 'size'),
      file: stats.file,
      line,
    };
  });
}

export function dumpsOf(batch: ZeekRecord[], stats: LogReadStats, policy: MalformedLinePolicy): DumpRow[] {
  return typedRows(batch, stats, policy, DUMP_COLUMNS, 'my_stats_runs', (v, line) => ({
    ts: time(v, 'ts'),
    run: count(v, 'run'),
    node: nodeOf(v),
    networkTime: time(v, 'network_time'),
    reason: text(v, 'reason'),
    duration: seconds(v, 'duration'),
    globals: count(v, 'globals'),
    logged: count(v, 'logged'),
    total: count(v, 'total'),
    peakRss: count(v, 'peak_rss'),
    ...optionalCount(v, 'rss', 'rss'),
    ...optionalCount(v, 'packets', 'packets'),
    ...optionalCount(v, 'conns_logged', 'connsLogged'),
    file: stats.file,
    line,
  }));
}

/** Typed my_stats_conns rows (our package); a file without one of the columns is not a conns log. */
export function connectionsOf(batch: ZeekRecord[], stats: LogReadStats, policy: MalformedLinePolicy): ConnRow[] {
  return typedRows(batch, stats, policy, CONN_COLUMNS, 'my_stats_conns', (v, line) => ({
    ts: time(v, 'ts'),
    run: count(v, 'run'),
    node: nodeOf(v),
    field: text(v, 'field'),
    connections: count(v, 'connections'),
    total: count(v, 'total'),
    max: count(v, 'max'),
    maxUid: text(v, 'max_uid'),
    maxId: text(v, 'max_id'),
    live: bool(v, 'live'),
    file: stats.file,
    line,
  }));
}

/** Every record of a batch through `convert`, after checking it has the log's columns. */
function typedRows<T>(
  batch: ZeekRecord[],
  stats: LogReadStats,
  policy: MalformedLinePolicy,
  columns: readonly string[],
  log: string,
  convert: (values: Record<string, ZeekValue>, line: number) => T,
): T[] {
  const rows: T[] = [];
  for (const r of batch) {
    requireColumns(r.values, columns, log, stats.file, r.line);
    try {
      rows.push(convert(r.values, r.line));
    } catch (e) {
      handleBadRow(e, r, policy);
    }
  }
  return rows;
}

/** Cluster::node; a standalone Zeek's empty one may come unset. */
function nodeOf(v: Record<string, ZeekValue>): string {
  return v.node === null ? '' : text(v, 'node');
}

/**
 * A column newer logs have and older ones lack: absent (older package) and unset (`-`, omitted in
 * JSON) both leave the key out, so "unknown" is never read as 0.
 */
function optionalCount<K extends string>(values: Record<string, ZeekValue>, field: string, key: K): Partial<Record<K, number>> {
  const v = values[field];
  if (v === undefined || v === null) return {};
  return { [key]: count(values, field) } as Partial<Record<K, number>>;
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

function bool(values: Record<string, ZeekValue>, field: string): boolean {
  const v = values[field];
  if (typeof v === 'boolean') return v;
  throw new BadRow(`expected a bool (T or F), found ${describe(v)}`, field);
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
