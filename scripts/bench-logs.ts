/**
 * Log reading benchmark: the my_stats reader and `zeek-budget summarize` against awk doing the same
 * per-module sum and `wc -l` (the floor), on generated logs of each size and variant. Every tool
 * runs as its own child process; the median of the repeats is reported, with peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from '../harness/text/format-table.js';
import { generateMyStatsLog, type GeneratedLog } from './bench-generate.js';
import { measure, quote, type Summary } from './bench-measure.js';

export type Variant = 'ascii' | 'gzip' | 'json';

export interface LogBenchOptions {
  sizesMb: number[];
  variants: Variant[];
  repeat: number;
  /** Where logs are generated (removed after each size/variant). */
  dir: string;
  log: (line: string) => void;
}

export interface LogMeasurement extends Summary {
  sizeMb: number;
  variant: Variant;
  tool: Tool;
  mbPerSecond: number;
}

export type Tool = 'wc' | 'node-lines' | 'awk' | 'scan' | 'footprints' | 'records' | 'summarize' | 'startup';

const here = path.dirname(fileURLToPath(import.meta.url));
const cliBin = path.resolve(here, '..', 'cli', 'bin.js');
const readerBin = path.join(here, 'bench-read.js');

export const TOOL_LABELS: Record<Tool, [label: string, note: string]> = {
  startup: ['zeek-budget --help', 'CLI start-up only'],
  wc: ['wc -l (floor)', 'counts newlines only'],
  'node-lines': ['node: count lines', 'the same reads in node, newlines only'],
  awk: ['awk (sum by module)', 'sums every row, no dumps'],
  scan: ['reader: scanFootprints', 'ids, no objects; what summarize uses'],
  footprints: ['reader: readFootprints', 'one FootprintRow per row'],
  records: ['reader: readZeekLog', 'generic typed records'],
  summarize: ['zeek-budget summarize', 'whole CLI: start-up, dumps, groups'],
};

// printf, not print: mawk prints numbers above 2^31 with %.6g, which rounds large sums.
const AWK_ASCII = "-F'\\t' '!/^#/{s[$4]+=$6} END{for(m in s) printf \"%s %.0f\\n\", m, s[m]}'";
// The same sum on JSON rows: the module and size values found by position in each line.
const AWK_JSON = `'{ if (match($0, /"module_name":"[^"]*"/)) m = substr($0, RSTART + 15, RLENGTH - 16); if (match($0, /"size":[0-9]+/)) s[m] += substr($0, RSTART + 7, RLENGTH - 7) } END { for (k in s) printf "%s %.0f\\n", k, s[k] }'`;

function commands(variant: Variant, file: string): Array<[Tool, string]> {
  const cat = variant === 'gzip' ? `gzip -dc ${quote(file)} | ` : '';
  const input = variant === 'gzip' ? '' : ` ${quote(file)}`;
  return [
    ['wc', `${cat}wc -l${input}`],
    ['node-lines', `node ${quote(readerBin)} lines ${quote(file)}`],
    ['awk', `${cat}awk ${variant === 'json' ? AWK_JSON : AWK_ASCII}${input}`],
    ['scan', `node ${quote(readerBin)} scan ${quote(file)}`],
    ['footprints', `node ${quote(readerBin)} footprints ${quote(file)}`],
    ['records', `node ${quote(readerBin)} records ${quote(file)}`],
    ['summarize', `node ${quote(cliBin)} summarize ${quote(file)} --format json > /dev/null`],
  ];
}

function generate(dir: string, sizeMb: number, variant: Variant): GeneratedLog {
  const file = path.join(dir, `my_stats-${sizeMb}mb-${variant}.log${variant === 'gzip' ? '.gz' : ''}`);
  return generateMyStatsLog(file, { targetBytes: sizeMb * 1e6, format: variant === 'json' ? 'json' : 'ascii', gzip: variant === 'gzip' });
}

/** awk and the reader must agree on the sums, or the comparison means nothing. */
function checkSameSums(file: string, variant: Variant): void {
  const cat = variant === 'gzip' ? `gzip -dc ${quote(file)} | ` : '';
  const input = variant === 'gzip' ? '' : ` ${quote(file)}`;
  const awk = spawnSync('sh', ['-c', `${cat}awk ${variant === 'json' ? AWK_JSON : AWK_ASCII}${input}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const reader = spawnSync('node', [readerBin, 'scan', file], { encoding: 'utf8' });
  const awkTotal = awk.stdout
    .trim()
    .split('\n')
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  const readerTotal = (JSON.parse(reader.stdout) as { check: number }).check;
  if (awkTotal !== readerTotal) throw new Error(`awk and the reader disagree on ${file}: ${awkTotal} vs ${readerTotal}`);
}

export function runLogBench(opts: LogBenchOptions): LogMeasurement[] {
  const results: LogMeasurement[] = [];
  const startup = measure(`node ${quote(cliBin)} --help > /dev/null`, opts.dir, opts.repeat);
  results.push({ ...startup, sizeMb: 0, variant: 'ascii', tool: 'startup', mbPerSecond: NaN });
  for (const sizeMb of opts.sizesMb) {
    for (const variant of opts.variants) {
      const log = generate(opts.dir, sizeMb, variant);
      const mb = log.uncompressedBytes / 1e6;
      opts.log(
        `${path.basename(log.file)}: ${mb.toFixed(0)} MB of log text (${(log.bytes / 1e6).toFixed(0)} MB on disk), ${log.lines} lines, ${log.dumps} dumps`,
      );
      checkSameSums(log.file, variant);
      for (const [tool, command] of commands(variant, log.file)) {
        const m = measure(command, opts.dir, opts.repeat);
        results.push({ ...m, sizeMb, variant, tool, mbPerSecond: mb / m.seconds });
        opts.log(`  ${TOOL_LABELS[tool][0]}: median ${m.seconds.toFixed(2)} s (${m.minSeconds.toFixed(2)}-${m.maxSeconds.toFixed(2)})`);
      }
      rmSync(log.file, { force: true });
    }
  }
  return results;
}

export function logTable(results: LogMeasurement[]): string {
  return formatTable(results, [
    { header: 'log', value: (r) => (r.tool === 'startup' ? '-' : `${r.sizeMb} MB`) },
    { header: 'variant', value: (r) => (r.tool === 'startup' ? '-' : r.variant) },
    { header: 'tool', value: (r) => TOOL_LABELS[r.tool][0] },
    { header: 'median s', value: (r) => r.seconds.toFixed(2), align: 'right' },
    { header: 'min-max s', value: (r) => `${r.minSeconds.toFixed(2)}-${r.maxSeconds.toFixed(2)}`, align: 'right' },
    { header: 'MB/s', value: (r) => (Number.isFinite(r.mbPerSecond) ? r.mbPerSecond.toFixed(0) : '-'), align: 'right' },
    { header: 'peak RSS MiB', value: (r) => (r.rssMiB === null ? 'n/a' : r.rssMiB.toFixed(0)), align: 'right' },
    { header: 'note', value: (r) => TOOL_LABELS[r.tool][1] },
  ]);
}

interface Goal {
  log: string;
  variant: Variant;
  scanVsAwk: number;
  summarizeVsAwk: number;
  scanVsWc: number;
  scanVsNodeFloor: number;
}

/** The three goals per log: faster than awk, within 3x of wc -l, memory flat with size. */
export function goalsTable(results: LogMeasurement[]): string {
  const at = (sizeMb: number, variant: Variant, tool: Tool) => results.find((r) => r.sizeMb === sizeMb && r.variant === variant && r.tool === tool);
  const goals: Goal[] = [];
  for (const r of results.filter((x) => x.tool === 'scan')) {
    const awk = at(r.sizeMb, r.variant, 'awk');
    const wc = at(r.sizeMb, r.variant, 'wc');
    const floor = at(r.sizeMb, r.variant, 'node-lines');
    const summarize = at(r.sizeMb, r.variant, 'summarize');
    if (!awk || !wc || !floor || !summarize) continue;
    goals.push({
      log: `${r.sizeMb} MB`,
      variant: r.variant,
      scanVsAwk: awk.seconds / r.seconds,
      summarizeVsAwk: awk.seconds / summarize.seconds,
      scanVsWc: r.seconds / wc.seconds,
      scanVsNodeFloor: r.seconds / floor.seconds,
    });
  }
  const x = (v: number) => `${v.toFixed(2)}x`;
  const table = formatTable(goals, [
    { header: 'log', value: (g) => g.log },
    { header: 'variant', value: (g) => g.variant },
    { header: 'scan vs awk (>1 = faster)', value: (g) => `${x(g.scanVsAwk)} ${g.scanVsAwk > 1 ? 'met' : 'MISSED'}`, align: 'right' },
    { header: 'summarize vs awk', value: (g) => `${x(g.summarizeVsAwk)} ${g.summarizeVsAwk > 1 ? 'met' : 'MISSED'}`, align: 'right' },
    { header: 'scan / wc -l (<=3)', value: (g) => `${x(g.scanVsWc)} ${g.scanVsWc <= 3 ? 'met' : 'MISSED'}`, align: 'right' },
    { header: 'scan / node floor', value: (g) => x(g.scanVsNodeFloor), align: 'right' },
  ]);
  const rss: string[] = [];
  for (const tool of ['scan', 'summarize', 'records'] as Tool[]) {
    for (const variant of ['ascii', 'gzip', 'json'] as Variant[]) {
      const byte = results.filter((r) => r.tool === tool && r.variant === variant && r.rssMiB !== null).sort((a, b) => a.sizeMb - b.sizeMb);
      if (byte.length < 2) continue;
      const values = byte.map((r) => r.rssMiB as number);
      const ratio = Math.max(...values) / Math.min(...values);
      rss.push(
        `  ${TOOL_LABELS[tool][0]}, ${variant}: ${byte.map((r) => `${r.sizeMb} MB ${(r.rssMiB as number).toFixed(0)} MiB`).join(', ')} -> x${ratio.toFixed(2)} ${ratio <= 1.5 ? 'flat (met)' : 'GROWS (missed)'}`,
      );
    }
  }
  return `${table}${rss.length ? `\npeak RSS with size (flat = largest/smallest <= 1.5):\n${rss.join('\n')}\n` : ''}`;
}
