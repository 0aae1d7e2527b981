import { closeSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export interface GenerateOptions {
  /** Stop after the first dump that brings the file to at least this many bytes. */
  targetBytes: number;
  format: 'ascii' | 'json';
  gzip: boolean;
  nodes?: string[];
  variablesPerDump?: number;
}

export interface GeneratedLog {
  file: string;
  /** Size on disk. */
  bytes: number;
  /** Size of the log text (equals bytes unless gzip). */
  uncompressedBytes: number;
  lines: number;
  dumps: number;
}

// Module names as they appear in the default scripts; variables are drawn per module so names have
// Zeek's real shape and length (`DCE_RPC::uuid_endpoint_map`).
const MODULES = [
  'GLOBAL',
  'SSL',
  'DNS',
  'HTTP',
  'Conn',
  'Log',
  'Cluster',
  'Broker',
  'Files',
  'Intel',
  'Notice',
  'Weird',
  'Software',
  'Known',
  'SumStats',
  'DCE_RPC',
  'SMB',
  'RDP',
  'FTP',
  'SMTP',
  'SSH',
  'Site',
  'Signatures',
  'PacketAnalyzer',
  'Analyzer',
  'Input',
  'Reporter',
  'Config',
  'Telemetry',
  'Tunnel',
  'X509',
  'PE',
  'MQTT',
  'Syslog',
  'SNMP',
  'SOCKS',
  'NTLM',
  'KRB',
  'DHCP',
  'Exec',
];
const WORDS = [
  'ports',
  'table',
  'store',
  'cache',
  'map',
  'codes',
  'streams',
  'filters',
  'state',
  'pending',
  'seen',
  'handlers',
  'actions',
  'names',
  'desc',
  'queue',
  'pool',
  'versions',
  'registry',
  'expire',
];

function variableNames(count: number): { module: string; variable: string }[] {
  const out: { module: string; variable: string }[] = [];
  for (let i = 0; i < count; i++) {
    const module = MODULES[i % MODULES.length] as string;
    const a = WORDS[(i * 7) % WORDS.length] as string;
    const b = WORDS[(i * 13 + 5) % WORDS.length] as string;
    const name = `${a}_${b}_${i}`;
    out.push({ module, variable: module === 'GLOBAL' ? name : `${module}::${name}` });
  }
  return out;
}

/**
 * Writes a realistic my_stats log: `nodes` cluster nodes dump every 10 s, each dump ~300 rows with
 * microsecond-spaced wall-clock timestamps, nodes interleaved as a logger receives them, and a
 * planted leak on the workers so sizes change between dumps.
 */
export function generateMyStatsLog(file: string, opts: GenerateOptions): GeneratedLog {
  const nodes = opts.nodes ?? ['logger-1', 'manager', 'proxy-1', 'worker-1', 'worker-2', 'worker-3', 'worker-4'];
  const vars = variableNames(opts.variablesPerDump ?? 300);
  const baseSizes = vars.map((_, i) => (i * 2654435761) % 20000);
  const fd = openSync(file, 'w');
  const pieces: string[] = [];
  let pendingChars = 0;
  let bytes = 0;
  let lines = 0;
  let dumps = 0;
  const flush = (): void => {
    const buf = Buffer.from(pieces.join(''), 'utf8');
    pieces.length = 0;
    pendingChars = 0;
    // Gzip: one member per piece, as valid as one stream (members concatenate) and memory stays flat.
    writeSync(fd, opts.gzip ? gzipSync(buf, { level: 6 }) : buf);
  };
  const emit = (s: string): void => {
    pieces.push(s);
    pendingChars += s.length;
    bytes += s.length;
    if (pendingChars > 4 << 20) flush();
  };
  if (opts.format === 'ascii') {
    emit('#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tmy_stats\n#open\t2026-11-22-14-45-13\n');
    emit('#fields\tts\trun\tnode\tmodule_name\tvariable\tsize\n#types\ttime\tcount\tstring\tstring\tstring\tcount\n');
  }
  let t = 1795358712.752226;
  for (let run = 1; bytes < opts.targetBytes; run++) {
    for (let n = 0; n < nodes.length && bytes < opts.targetBytes; n++) {
      const node = nodes[n] as string;
      const leak = node.startsWith('worker') ? (run - 1) * 1608 : 0;
      for (let i = 0; i < vars.length; i++) {
        const v = vars[i] as { module: string; variable: string };
        const size = (baseSizes[i] as number) + (i === 7 ? leak : 0);
        t += 0.000007;
        emit(
          opts.format === 'ascii'
            ? `${t.toFixed(6)}\t${run}\t${node}\t${v.module}\t${v.variable}\t${size}\n`
            : `{"ts":${t.toFixed(6)},"run":${run},"node":"${node}","module_name":"${v.module}","variable":"${v.variable}","size":${size}}\n`,
        );
        lines++;
      }
      dumps++;
      t += 1.43;
    }
  }
  if (opts.format === 'ascii') {
    emit('#close\t2026-11-22-15-46-06\n');
    lines++;
  }
  flush();
  closeSync(fd);
  return { file, bytes: statSync(file).size, uncompressedBytes: bytes, lines: lines + (opts.format === 'ascii' ? 8 : 0), dumps };
}

export interface TreeOptions {
  days: number;
  nodes?: string[];
  variablesPerDump?: number;
  intervalSeconds?: number;
  /** zeekctl rotates hourly by default. */
  rotateSeconds?: number;
  /** gzip level of the archives (zeekctl's gzip default is 6; 1 generates faster and reads alike). */
  gzipLevel?: number;
}

export interface GeneratedTree {
  /** The zeekctl prefix: logs/YYYY-MM-DD/ archives, spool/logger-1/ live logs. */
  prefix: string;
  archives: number;
  /** Compressed bytes of the archives, uncompressed bytes of everything. */
  archiveBytes: number;
  textBytes: number;
  rows: number;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** Zeek's local `YYYY-MM-DD-HH-MM-SS`. */
function zeekLocalTime(ts: number): string {
  const d = new Date(ts * 1000);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}-${two(d.getHours())}-${two(d.getMinutes())}-${two(d.getSeconds())}`;
}

const FOOTPRINT_HEADER = '#fields\tts\trun\tnode\tmodule_name\tvariable\tsize\n#types\ttime\tcount\tstring\tstring\tstring\tcount\n';
const RUNS_HEADER =
  '#fields\tts\trun\tnode\tnetwork_time\treason\tduration\tglobals\tlogged\ttotal\tpeak_rss\n#types\ttime\tcount\tstring\ttime\tstring\tinterval\tcount\tcount\tcount\tcount\n';

function header(path: string, fields: string, opened: number): string {
  return `#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t${path}\n#open\t${zeekLocalTime(opened)}\n${fields}`;
}

/**
 * A zeekctl installation that ran `days` days: our package on `nodes` nodes dumping every
 * `intervalSeconds` (a dump's rows share its time, and a runs row follows it), rotated every
 * `rotateSeconds` into `logs/YYYY-MM-DD/my_stats.HH:MM:SS-HH:MM:SS.log.gz` and
 * `my_stats_runs....log.gz` (named in local time, as zeekctl does), the current rotation live in
 * `spool/logger-1/`. A leak on the workers grows by one entry per dump.
 */
export function generateArchiveTree(prefix: string, opts: TreeOptions): GeneratedTree {
  const nodes = opts.nodes ?? ['logger-1', 'manager', 'proxy-1', 'worker-1', 'worker-2'];
  const vars = variableNames(opts.variablesPerDump ?? 300);
  const interval = opts.intervalSeconds ?? 60;
  const rotate = opts.rotateSeconds ?? 3600;
  const level = opts.gzipLevel ?? 1;
  const baseSizes = vars.map((_, i) => (i * 2654435761) % 20000);
  const suffixes = nodes.map((node) => vars.map((v) => `\t${node}\t${v.module}\t${v.variable}\t`));
  const spool = `${prefix}/spool/logger-1`;
  mkdirSync(spool, { recursive: true });
  writeFileSync(`${spool}/.pid`, '4242\n');
  // An hour boundary in local time, `days` days before the end.
  const end = Math.floor(Date.parse('2026-12-01T12:00:00Z') / 1000 / rotate) * rotate;
  const start = end - opts.days * 86400;
  let run = 0;
  let archives = 0;
  let archiveBytes = 0;
  let textBytes = 0;
  let rows = 0;
  for (let from = start; from <= end; from += rotate) {
    const to = from + rotate;
    const live = from === end;
    const fp: string[] = [header('my_stats', FOOTPRINT_HEADER, from)];
    const rr: string[] = [header('my_stats_runs', RUNS_HEADER, from)];
    for (let t = from; t < to; t += interval) {
      run++;
      nodes.forEach((node, k) => {
        const ts = (t + k * 0.2 + 0.000123).toFixed(6);
        const prefixText = `${ts}\t${run}`;
        const leak = node.startsWith('worker') ? run : 0;
        const sfx = suffixes[k] as string[];
        let total = 0;
        for (let i = 0; i < vars.length; i++) {
          const size = (baseSizes[i] as number) + (i === 7 ? leak : 0);
          total += size;
          fp.push(`${prefixText}${sfx[i]}${size}\n`);
        }
        rows += vars.length;
        rr.push(`${ts}\t${run}\t${node}\t${ts}\tinterval\t0.008000\t${vars.length}\t${vars.length}\t${total}\t104857600\n`);
      });
    }
    if (!live) {
      fp.push(`#close\t${zeekLocalTime(to)}\n`);
      rr.push(`#close\t${zeekLocalTime(to)}\n`);
    }
    const fpText = Buffer.from(fp.join(''));
    const rrText = Buffer.from(rr.join(''));
    textBytes += fpText.length + rrText.length;
    if (live) {
      writeFileSync(`${spool}/my_stats.log`, fpText);
      writeFileSync(`${spool}/my_stats_runs.log`, rrText);
      continue;
    }
    const open = zeekLocalTime(from);
    const close = zeekLocalTime(to);
    const dir = `${prefix}/logs/${open.slice(0, 10)}`;
    mkdirSync(dir, { recursive: true });
    const name = `${open.slice(11).replace(/-/g, ':')}-${close.slice(11).replace(/-/g, ':')}`;
    const a = gzipSync(fpText, { level });
    const b = gzipSync(rrText, { level });
    writeFileSync(`${dir}/my_stats.${name}.log.gz`, a);
    writeFileSync(`${dir}/my_stats_runs.${name}.log.gz`, b);
    archives += 2;
    archiveBytes += a.length + b.length;
  }
  return { prefix, archives, archiveBytes, textBytes, rows };
}
