// Writes the measuring package's three logs (my_stats, my_stats_runs, my_stats_conns) the way Zeek
// writes them, through the project's own Zeek ASCII encoder (harness/zeek-log/encode-ascii.ts) or as
// Zeek's JSON writer does (unset fields omitted, times as epoch numbers), plain or gzip. Columns and
// types follow the log contract of the package (docs/reading-logs.md); `runs: 'old'` writes the runs
// log of packages before the rss/packets/conns_logged columns, `conns: false` no conns log at all.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeAsciiLog, type AsciiColumn, type EncodableValue } from '../../harness/zeek-log/encode-ascii.js';
import { zeekTime } from '../sources/zeekctl-tree.js';

export interface ConnSpec {
  field: string;
  connections: number;
  total: number;
  max: number;
  uid: string;
  id: string;
  live?: boolean;
}

export interface StatsDump {
  node: string;
  run: number;
  ts: number;
  networkTime?: number;
  reason?: string;
  footprints: Record<string, number>;
  /** Current RSS; undefined is written unset (`-`, omitted in JSON): a Zeek without telemetry. */
  rss?: number;
  packets?: number;
  /** The dump's conns rows (the package writes them sorted by field). */
  conns?: ConnSpec[];
}

export interface LogStyle {
  format?: 'ascii' | 'json';
  gzip?: boolean;
  /** Runs log columns: new (with rss, packets, conns_logged), old (without), or no runs log. */
  runs?: 'new' | 'old' | 'none';
  /** Write my_stats_conns.log (default: when any dump has conns). */
  conns?: boolean;
  /** #open / #close times (ASCII); no close: a live or killed log. */
  open?: number;
  close?: number;
}

const col = (name: string, type: AsciiColumn['type']): AsciiColumn => ({ name, type });
const FOOTPRINT_COLUMNS = [
  col('ts', 'time'),
  col('run', 'count'),
  col('node', 'string'),
  col('module_name', 'string'),
  col('variable', 'string'),
  col('size', 'count'),
];
const OLD_RUNS_COLUMNS = [
  col('ts', 'time'),
  col('run', 'count'),
  col('node', 'string'),
  col('network_time', 'time'),
  col('reason', 'string'),
  col('duration', 'interval'),
  col('globals', 'count'),
  col('logged', 'count'),
  col('total', 'count'),
  col('peak_rss', 'count'),
];
const RUNS_COLUMNS = [...OLD_RUNS_COLUMNS, col('rss', 'count'), col('packets', 'count'), col('conns_logged', 'count')];
const CONN_COLUMNS = [
  col('ts', 'time'),
  col('run', 'count'),
  col('node', 'string'),
  col('field', 'string'),
  col('connections', 'count'),
  col('total', 'count'),
  col('max', 'count'),
  col('max_uid', 'string'),
  col('max_id', 'string'),
  col('live', 'bool'),
];

type Row = Record<string, EncodableValue>;

function footprintRows(dumps: StatsDump[]): Row[] {
  return dumps.flatMap((d) =>
    Object.entries(d.footprints).map(([variable, size]) => {
      const sep = variable.indexOf('::');
      return { ts: d.ts, run: d.run, node: d.node, module_name: sep < 0 ? 'GLOBAL' : variable.slice(0, sep), variable, size };
    }),
  );
}

function runRows(dumps: StatsDump[], withNew: boolean): Row[] {
  return dumps.map((d) => {
    const total = Object.values(d.footprints).reduce((a, b) => a + b, 0);
    const n = Object.keys(d.footprints).length;
    const row: Row = {
      ts: d.ts,
      run: d.run,
      node: d.node,
      network_time: d.networkTime ?? d.ts,
      reason: d.reason ?? 'interval',
      duration: 0.008,
      globals: n,
      logged: n,
      total,
      peak_rss: 200 * 2 ** 20,
    };
    return withNew ? { ...row, rss: d.rss, packets: d.packets ?? 0, conns_logged: d.conns?.length ?? 0 } : row;
  });
}

function connRows(dumps: StatsDump[]): Row[] {
  return dumps.flatMap((d) =>
    [...(d.conns ?? [])]
      .sort((a, b) => (a.field < b.field ? -1 : 1))
      .map((c) => ({
        ts: d.ts,
        run: d.run,
        node: d.node,
        field: c.field,
        connections: c.connections,
        total: c.total,
        max: c.max,
        max_uid: c.uid,
        max_id: c.id,
        live: c.live ?? false,
      })),
  );
}

function jsonLog(rows: Row[]): string {
  // Zeek's JSON writer omits unset fields; an empty string stays "".
  return rows.map((r) => `${JSON.stringify(Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined && v !== null)))}\n`).join('');
}

function render(logPath: string, columns: AsciiColumn[], rows: Row[], style: LogStyle): string {
  if (style.format === 'json') return jsonLog(rows);
  const open = style.open ?? 1763820000;
  return encodeAsciiLog({ path: logPath, columns, open: zeekTime(open), close: style.close === undefined ? undefined : zeekTime(style.close), records: rows });
}

/** The texts of the three logs for these dumps (conns and runs only where the style has them). */
export function myStatsLogTexts(dumps: StatsDump[], style: LogStyle = {}): { my_stats: string; my_stats_runs?: string; my_stats_conns?: string } {
  const runs = style.runs ?? 'new';
  const conns = style.conns ?? dumps.some((d) => d.conns !== undefined);
  return {
    my_stats: render('my_stats', FOOTPRINT_COLUMNS, footprintRows(dumps), style),
    ...(runs === 'none'
      ? {}
      : { my_stats_runs: render('my_stats_runs', runs === 'new' ? RUNS_COLUMNS : OLD_RUNS_COLUMNS, runRows(dumps, runs === 'new'), style) }),
    ...(conns ? { my_stats_conns: render('my_stats_conns', CONN_COLUMNS, connRows(dumps), style) } : {}),
  };
}

/** Writes the logs into dir as `<log><infix>.log[.gz]`; returns the files written. */
export function writeMyStatsLogs(dir: string, dumps: StatsDump[], style: LogStyle = {}, infix = ''): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [log, text] of Object.entries(myStatsLogTexts(dumps, style))) {
    if (text === undefined) continue;
    const file = path.join(dir, `${log}${infix}.log${style.gzip ? '.gz' : ''}`);
    writeFileSync(file, style.gzip ? gzipSync(text) : text);
    files.push(file);
  }
  return files;
}

const pad = (n: number) => String(n).padStart(2, '0');
const hms = (ts: number) => {
  const d = new Date(ts * 1000);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

/**
 * A zeekctl prefix after a while: dumps before `rotation` in one dated gzip archive of each log
 * (`logs/YYYY-MM-DD/my_stats_conns.HH:MM:SS-HH:MM:SS.log.gz`), the rest in the logger's live spool
 * (no #close), logs/current linking to it, and etc/node.cfg.
 */
export function writeConnsTree(prefix: string, dumps: StatsDump[], rotation: number, nodeCfg: string, style: LogStyle = {}): void {
  const sorted = [...dumps].sort((a, b) => a.ts - b.ts);
  const before = sorted.filter((d) => d.ts < rotation);
  const after = sorted.filter((d) => d.ts >= rotation);
  const spool = path.join(prefix, 'spool', 'logger-1');
  mkdirSync(path.join(prefix, 'etc'), { recursive: true });
  writeFileSync(path.join(prefix, 'etc', 'node.cfg'), nodeCfg);
  if (before.length) {
    const from = before[0]!.ts;
    const day = zeekTime(from).slice(0, 10);
    writeMyStatsLogs(path.join(prefix, 'logs', day), before, { ...style, gzip: true, open: from, close: rotation }, `.${hms(from)}-${hms(rotation)}`);
  }
  writeMyStatsLogs(spool, after, { ...style, gzip: false, open: rotation });
  writeFileSync(path.join(spool, '.pid'), '4242\n');
  mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  symlinkSync(spool, path.join(prefix, 'logs', 'current'));
}
