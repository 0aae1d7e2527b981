import { closeSync, openSync, statSync, writeSync } from 'node:fs';
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
  'GLOBAL', 'SSL', 'DNS', 'HTTP', 'Conn', 'Log', 'Cluster', 'Broker', 'Files', 'Intel', 'Notice', 'Weird',
  'Software', 'Known', 'SumStats', 'DCE_RPC', 'SMB', 'RDP', 'FTP', 'SMTP', 'SSH', 'Site', 'Signatures',
  'PacketAnalyzer', 'Analyzer', 'Input', 'Reporter', 'Config', 'Telemetry', 'Tunnel', 'X509', 'PE', 'MQTT',
  'Syslog', 'SNMP', 'SOCKS', 'NTLM', 'KRB', 'DHCP', 'Exec',
];
const WORDS = ['ports', 'table', 'store', 'cache', 'map', 'codes', 'streams', 'filters', 'state', 'pending',
  'seen', 'handlers', 'actions', 'names', 'desc', 'queue', 'pool', 'versions', 'registry', 'expire'];

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
