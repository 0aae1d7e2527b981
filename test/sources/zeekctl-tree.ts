// Builds, inside a test's temp directory, what a zeekctl installation holds after running a while:
// etc/node.cfg, logs/YYYY-MM-DD/my_stats.HH:MM:SS-HH:MM:SS.log.gz archives (rotated, gzip, named by
// local open/close time as zeekctl's archive-log does), the logger's live spool/logger-1/my_stats.log
// (no #close yet), its .pid/.status bookkeeping, and logs/current -> spool/logger-1.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface TreeDump {
  node: string;
  run: number;
  ts: number;
  footprints: Record<string, number>;
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

/** my_stats.log text: the package's columns; every node's rows in one file, as the logger writes them. */
export function myStatsText(dumps: TreeDump[], opened: number, closed?: number): string {
  let text = HEADER('my_stats', ['ts', 'run', 'node', 'module_name', 'variable', 'size'], ['time', 'count', 'string', 'string', 'string', 'count'], opened);
  for (const d of dumps) {
    Object.entries(d.footprints).forEach(([v, size], i) => {
      const sep = v.indexOf('::');
      // corelight/my_stats stamps every row with its own current_time().
      text += `${(d.ts + i * 0.000005).toFixed(6)}\t${d.run}\t${d.node === '' ? '(empty)' : d.node}\t${sep < 0 ? 'GLOBAL' : v.slice(0, sep)}\t${v}\t${size}\n`;
    });
  }
  return closed === undefined ? text : `${text}#close\t${zeekTime(closed)}\n`;
}

/** my_stats_runs.log text (our package), one row per dump; `hidden` variables were below the cutoff. */
export function runsText(dumps: TreeDump[], opened: number, closed?: number, hidden = 0): string {
  let text = HEADER(
    'my_stats_runs',
    ['ts', 'run', 'node', 'network_time', 'reason', 'duration', 'globals', 'logged', 'total', 'peak_rss'],
    ['time', 'count', 'string', 'time', 'string', 'interval', 'count', 'count', 'count', 'count'],
    opened,
  );
  for (const d of dumps) {
    const n = Object.keys(d.footprints).length;
    const total = Object.values(d.footprints).reduce((a, b) => a + b, 0);
    text += `${d.ts.toFixed(6)}\t${d.run}\t${d.node || '(empty)'}\t${d.ts.toFixed(6)}\tinterval\t0.008${String(d.run).padStart(3, '0')}\t${n + hidden}\t${n}\t${total}\t${100 * 1048576 + d.run}\n`;
  }
  return closed === undefined ? text : `${text}#close\t${zeekTime(closed)}\n`;
}

export interface ClusterTreeOptions {
  /** Per node, its dumps (with run numbers as logged). */
  dumps: TreeDump[];
  /** Dumps before this time go to archives, rotated at each boundary; the rest stay in the live log. */
  rotations: number[];
  nodeCfg?: string;
  /** Also write my_stats_runs logs (our package); without, the logs look like the original package's. */
  runs?: boolean;
}

/**
 * Writes the tree under prefix; returns the archive and live files. Files are split by time, like
 * zeekctl's hourly rotation: each archive named by its open (first row) and close (rotation) time.
 */
export function writeZeekctlTree(prefix: string, opts: ClusterTreeOptions): { archives: string[]; live: string } {
  const spool = path.join(prefix, 'spool', 'logger-1');
  mkdirSync(spool, { recursive: true });
  mkdirSync(path.join(prefix, 'etc'), { recursive: true });
  if (opts.nodeCfg) writeFileSync(path.join(prefix, 'etc', 'node.cfg'), opts.nodeCfg);
  const sorted = [...opts.dumps].sort((a, b) => a.ts - b.ts);
  const bounds = [...opts.rotations].sort((a, b) => a - b);
  const archives: string[] = [];
  let from = sorted[0]?.ts ?? 0;
  for (const bound of bounds) {
    const part = sorted.filter((d) => d.ts >= from && d.ts < bound);
    if (part.length) {
      const dir = path.join(prefix, 'logs', day(from));
      mkdirSync(dir, { recursive: true });
      const name = (log: string) => path.join(dir, `${log}.${hms(from)}-${hms(bound)}.log.gz`);
      writeFileSync(name('my_stats'), gzipSync(myStatsText(part, from, bound)));
      if (opts.runs) writeFileSync(name('my_stats_runs'), gzipSync(runsText(part, from, bound)));
      archives.push(name('my_stats'));
    }
    from = bound;
  }
  const live = path.join(spool, 'my_stats.log');
  const rest = sorted.filter((d) => d.ts >= from);
  writeFileSync(live, myStatsText(rest, from));
  if (opts.runs) writeFileSync(path.join(spool, 'my_stats_runs.log'), runsText(rest, from));
  writeFileSync(path.join(spool, '.pid'), '4242\n');
  writeFileSync(path.join(spool, '.status'), 'RUNNING [net_run]\n');
  mkdirSync(path.join(prefix, 'spool', 'installed-scripts-do-not-touch', 'site'), { recursive: true });
  mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  symlinkSync(spool, path.join(prefix, 'logs', 'current'));
  return { archives, live };
}

export const CLUSTER_NODE_CFG = '[logger-1]\ntype=logger\nhost=localhost\n\n[manager]\ntype=manager\nhost=localhost\n\n[proxy-1]\ntype=proxy\nhost=localhost\n\n' +
  '[worker-1]\ntype=worker\nhost=localhost\ninterface=lo\n\n[worker-2]\ntype=worker\nhost=localhost\ninterface=lo\n';

/**
 * Dumps of a five-node cluster every `interval` s from `start`: a few globals, and on workers a
 * leak growing by `leak` per dump. `restartAt`: worker-1's run numbers start over at that dump index.
 */
export function clusterDumps(o: { start: number; interval: number; count: number; leak: number; nodes?: string[]; restartAt?: number }): TreeDump[] {
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
      });
    });
  }
  return out;
}
