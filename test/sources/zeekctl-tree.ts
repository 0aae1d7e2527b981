// Builds, inside a test's temp directory, what a cluster installation holds after running a while:
// etc/node.cfg, archives logs/YYYY-MM-DD/my_stats.HH:MM:SS-HH:MM:SS[-logger-N].log.gz (rotated,
// gzip, named by local open/close time as zeekctl's archive-log and zeek-archiver do), each
// logger's live spool/logger-N/my_stats.log (no #close yet), its .pid/.status bookkeeping, and
// logs/current -> spool/logger-1. With several loggers the rows are spread as the recording
// ../shared/zeek-reference/cluster-2-loggers shows: each logger's own rows in its own file, every
// other node's dumps alternating between the loggers, a dump's runs row now and then in the other
// logger's file, the node's last dump split across both. The zeek-systemd-generator layout puts
// the same under var/spool/zeek/ and var/log/zeek/ (or var/logs/zeek/).
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface TreeDump {
  node: string;
  run: number;
  ts: number;
  footprints: Record<string, number>;
  /** Packets since the node's previous dump: with it, the runs log has the newer columns (rss, packets, conns_logged). */
  packets?: number;
}

const HEADER = (logPath: string, fields: string[], types: string[], opened: number) =>
  '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n' +
  `#path\t${logPath}\n#open\t${zeekTime(opened)}\n#fields\t${fields.join('\t')}\n#types\t${types.join('\t')}\n`;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Zeek's #open/#close spelling, local time. */
export function zeekTime(ts: number): string {
  const d = new Date(ts * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}-${pad(d.getMinutes())}-${pad(d.getSeconds())}`;
}

const day = (ts: number) => zeekTime(ts).slice(0, 10);
const hms = (ts: number) => zeekTime(ts).slice(11).replace(/-/g, ':');

const FOOTPRINT_HEADER = (opened: number) =>
  HEADER('my_stats', ['ts', 'run', 'node', 'module_name', 'variable', 'size'], ['time', 'count', 'string', 'string', 'string', 'count'], opened);

/**
 * The rows of a dump. Our package stamps every row of a dump with the dump's time; corelight/my_stats
 * (`perRowTime`) stamps each with its own current_time(), microseconds apart.
 */
function footprintLines(d: TreeDump, perRowTime: boolean): string[] {
  return Object.entries(d.footprints).map(([v, size], i) => {
    const sep = v.indexOf('::');
    const ts = perRowTime ? d.ts + i * 0.000005 : d.ts;
    return `${ts.toFixed(6)}\t${d.run}\t${d.node === '' ? '(empty)' : d.node}\t${sep < 0 ? 'GLOBAL' : v.slice(0, sep)}\t${v}\t${size}\n`;
  });
}

/** my_stats.log text: every node's rows in one file, as a logger writes them (rows stamped as corelight/my_stats does). */
export function myStatsText(dumps: TreeDump[], opened: number, closed?: number, perRowTime = true): string {
  const text = FOOTPRINT_HEADER(opened) + dumps.flatMap((d) => footprintLines(d, perRowTime)).join('');
  return closed === undefined ? text : `${text}#close\t${zeekTime(closed)}\n`;
}

const RUNS_FIELDS = ['ts', 'run', 'node', 'network_time', 'reason', 'duration', 'globals', 'logged', 'total', 'peak_rss'];
const RUNS_TYPES = ['time', 'count', 'string', 'time', 'string', 'interval', 'count', 'count', 'count', 'count'];

function runsHeader(opened: number, newer: boolean): string {
  // The newer package's columns (the log contract of issue 11) follow peak_rss.
  return HEADER(
    'my_stats_runs',
    newer ? [...RUNS_FIELDS, 'rss', 'packets', 'conns_logged'] : RUNS_FIELDS,
    newer ? [...RUNS_TYPES, 'count', 'count', 'count'] : RUNS_TYPES,
    opened,
  );
}

function runsLine(d: TreeDump, hidden: number, newer: boolean): string {
  const n = Object.keys(d.footprints).length;
  const total = Object.values(d.footprints).reduce((a, b) => a + b, 0);
  const base = `${d.ts.toFixed(6)}\t${d.run}\t${d.node || '(empty)'}\t${d.ts.toFixed(6)}\tinterval\t0.008${String(d.run).padStart(3, '0')}\t${n + hidden}\t${n}\t${total}\t${100 * 1048576 + d.run}`;
  return newer ? `${base}\t${90 * 1048576}\t${d.packets ?? '-'}\t0\n` : `${base}\n`;
}

/** my_stats_runs.log text (our package), one row per dump; `hidden` variables were below the cutoff. */
export function runsText(dumps: TreeDump[], opened: number, closed?: number, hidden = 0): string {
  const newer = dumps.some((d) => d.packets !== undefined);
  const text = runsHeader(opened, newer) + dumps.map((d) => runsLine(d, hidden, newer)).join('');
  return closed === undefined ? text : `${text}#close\t${zeekTime(closed)}\n`;
}

export interface ClusterTreeOptions {
  /** Per node, its dumps (with run numbers as logged). */
  dumps: TreeDump[];
  /** Dumps before this time go to archives, rotated at each boundary; the rest stay in the live logs. */
  rotations: number[];
  nodeCfg?: string;
  /** Also write my_stats_runs logs (our package); without, the logs look like the original package's. */
  runs?: boolean;
  /** Loggers (default 1): logger-1 ... logger-N, each with its own spool directory and archives. */
  loggers?: number;
  /** zeekctl (default) or zeek-systemd-generator's var/log/zeek (`systemd`) or var/logs/zeek (`systemd-logs`). */
  layout?: 'zeekctl' | 'systemd' | 'systemd-logs';
  /** One dump whose second half of rows arrives late: after the next rotation, in the other logger's next file. */
  late?: { node: string; run: number };
}

export interface ClusterTree {
  /** The my_stats archives written, oldest rotation first. */
  archives: string[];
  /** Each logger's live my_stats.log. */
  live: string[];
}

interface FileParts {
  rows: string[];
  runs: string[];
}

/**
 * Writes the tree under prefix. Files are split by time, like the hourly rotation: each archive named
 * by its open (first row) and close (rotation) time, with the logger's name when there are several.
 */
export function writeZeekctlTree(prefix: string, opts: ClusterTreeOptions): ClusterTree {
  const loggers = opts.loggers ?? 1;
  const layout = opts.layout ?? 'zeekctl';
  const spoolRoot = layout === 'zeekctl' ? path.join(prefix, 'spool') : path.join(prefix, 'var', 'spool', 'zeek');
  const logsRoot = layout === 'zeekctl' ? path.join(prefix, 'logs') : path.join(prefix, 'var', layout === 'systemd' ? 'log' : 'logs', 'zeek');
  mkdirSync(path.join(prefix, 'etc'), { recursive: true });
  if (opts.nodeCfg) writeFileSync(path.join(prefix, 'etc', 'node.cfg'), opts.nodeCfg);
  const sorted = [...opts.dumps].sort((a, b) => a.ts - b.ts);
  const bounds = [...opts.rotations].sort((a, b) => a - b);
  const periodOf = (ts: number) => bounds.filter((b) => b <= ts).length;
  // parts[period][logger]
  const parts: FileParts[][] = Array.from({ length: bounds.length + 1 }, () => Array.from({ length: loggers }, () => ({ rows: [], runs: [] })));
  const late: { period: number; logger: number; lines: string[] }[] = [];
  const nodes = [...new Set(sorted.map((d) => d.node))];
  const seenOf = new Map<string, number>();
  const lastRun = new Map<string, TreeDump>();
  for (const d of sorted) lastRun.set(d.node, d);
  const ours = opts.runs === true;
  const newer = sorted.some((d) => d.packets !== undefined);
  for (const d of sorted) {
    const i = seenOf.get(d.node) ?? 0;
    seenOf.set(d.node, i + 1);
    const period = periodOf(d.ts);
    const own = /^logger-(\d+)$/.exec(d.node);
    const base = own ? Math.min(Number(own[1]) - 1, loggers - 1) : (i + nodes.indexOf(d.node)) % loggers;
    const other = own ? base : (base + 1) % loggers;
    const lines = footprintLines(d, !ours);
    const half = Math.ceil(lines.length / 2);
    const isLate = opts.late?.node === d.node && opts.late.run === d.run;
    const split = isLate || (!own && loggers > 1 && lastRun.get(d.node) === d);
    const target = parts[period] as FileParts[];
    (target[base] as FileParts).rows.push(...(split ? lines.slice(0, half) : lines));
    if (split && isLate) late.push({ period: Math.min(period + 1, bounds.length), logger: other, lines: lines.slice(half) });
    else if (split) (target[other] as FileParts).rows.push(...lines.slice(half));
    if (ours) (target[i % 2 === 1 ? other : base] as FileParts).runs.push(runsLine(d, 0, newer));
  }
  for (const l of late) (parts[l.period]?.[l.logger] as FileParts).rows.push(...l.lines);

  const archives: string[] = [];
  const live: string[] = [];
  let from = sorted[0]?.ts ?? 0;
  for (const [p, bound] of [...bounds, undefined].entries()) {
    for (let l = 0; l < loggers; l++) {
      const part = parts[p]?.[l] as FileParts;
      if (bound !== undefined) {
        if (part.rows.length === 0 && part.runs.length === 0) continue;
        const dir = path.join(logsRoot, day(from));
        mkdirSync(dir, { recursive: true });
        const suffix = loggers > 1 ? `-logger-${l + 1}` : '';
        const name = (log: string) => path.join(dir, `${log}.${hms(from)}-${hms(bound)}${suffix}.log.gz`);
        writeFileSync(name('my_stats'), gzipSync(`${FOOTPRINT_HEADER(from)}${part.rows.join('')}#close\t${zeekTime(bound)}\n`));
        if (ours) writeFileSync(name('my_stats_runs'), gzipSync(`${runsHeader(from, newer)}${part.runs.join('')}#close\t${zeekTime(bound)}\n`));
        archives.push(name('my_stats'));
      } else {
        const spool = path.join(spoolRoot, `logger-${l + 1}`);
        mkdirSync(spool, { recursive: true });
        const file = path.join(spool, 'my_stats.log');
        writeFileSync(file, FOOTPRINT_HEADER(from) + part.rows.join(''));
        if (ours) writeFileSync(path.join(spool, 'my_stats_runs.log'), runsHeader(from, newer) + part.runs.join(''));
        writeFileSync(path.join(spool, '.pid'), `${4242 + l}\n`);
        writeFileSync(path.join(spool, '.status'), 'RUNNING [net_run]\n');
        live.push(file);
      }
    }
    if (bound !== undefined) from = bound;
  }
  mkdirSync(logsRoot, { recursive: true });
  if (layout === 'zeekctl') {
    mkdirSync(path.join(spoolRoot, 'installed-scripts-do-not-touch', 'site'), { recursive: true });
    symlinkSync(path.join(spoolRoot, 'logger-1'), path.join(logsRoot, 'current'));
  }
  return { archives, live };
}

export const CLUSTER_NODE_CFG =
  '[logger-1]\ntype=logger\nhost=localhost\n\n[manager]\ntype=manager\nhost=localhost\n\n[proxy-1]\ntype=proxy\nhost=localhost\n\n' +
  '[worker-1]\ntype=worker\nhost=localhost\ninterface=lo\n\n[worker-2]\ntype=worker\nhost=localhost\ninterface=lo\n';

/** The same cluster with a second logger (Zeek 8.1+ with ZeroMQ balances log writes across loggers). */
export const TWO_LOGGER_NODE_CFG = `[logger-1]\ntype=logger\nhost=localhost\n\n[logger-2]\ntype=logger\nhost=localhost\n\n${CLUSTER_NODE_CFG.slice(CLUSTER_NODE_CFG.indexOf('[manager]'))}`;

/**
 * Dumps of a cluster every `interval` s from `start`: a few globals, and on workers a leak growing
 * by `leak` per dump. `restartAt`: worker-1's run numbers start over at that dump index.
 * `packets`: the runs log's packets column per node (as a function of node and dump index).
 */
export function clusterDumps(o: {
  start: number;
  interval: number;
  count: number;
  leak: number;
  nodes?: string[];
  restartAt?: number;
  packets?: (node: string, i: number) => number;
}): TreeDump[] {
  const nodes = o.nodes ?? ['logger-1', 'manager', 'proxy-1', 'worker-1', 'worker-2'];
  const out: TreeDump[] = [];
  for (let i = 0; i < o.count; i++) {
    nodes.forEach((node, k) => {
      const worker = node.startsWith('worker');
      const restarted = node === 'worker-1' && o.restartAt !== undefined && i >= o.restartAt;
      const run = restarted ? i - (o.restartAt ?? 0) + 1 : i + 1;
      out.push({
        node,
        run,
        ts: o.start + i * o.interval + k * 0.2,
        footprints: {
          'Conn::state': 40 + (worker ? 3 * i : 0),
          'DCE_RPC::operations': 17998,
          'Leaky::seen': worker ? (restarted ? run - 1 : i) * o.leak : 0,
          udp_content_ports: 0,
        },
        ...(o.packets ? { packets: o.packets(node, i) } : {}),
      });
    });
  }
  return out;
}
