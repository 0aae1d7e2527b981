/**
 * Benchmark of the my_stats reader and `zeek-budget summarize` against awk and wc -l on the same
 * generated log. Usage (after a build): node dist/scripts/bench.js [--size-mb 100,400]
 * [--variants ascii,gzip,json] [--repeat 3] [--keep]. Every measured command runs as a child
 * process; the best wall time of --repeat runs is kept, and peak RSS comes from /usr/bin/time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from '../harness/cli/format-table.js';
import { generateMyStatsLog, type GeneratedLog } from './bench-generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cliBin = path.resolve(here, '..', 'harness', 'cli', 'bin.js');
const readerBin = path.join(here, 'bench-read.js');
const AWK_PROGRAM = "!/^#/{s[$4]+=$6} END{for(m in s) print m, s[m]}";

type Variant = 'ascii' | 'gzip' | 'json';

interface Args {
  sizesMb: number[];
  variants: Variant[];
  repeat: number;
  keep: boolean;
}

interface Measurement {
  size: string;
  variant: Variant;
  tool: string;
  seconds: number;
  mbPerSecond: number;
  maxRssMiB: number | null;
  note: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sizesMb: [100], variants: ['ascii'], repeat: 3, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--size-mb') args.sizesMb = next().split(',').map(Number);
    else if (a === '--variants') args.variants = next().split(',') as Variant[];
    else if (a === '--repeat') args.repeat = Number(next());
    else if (a === '--keep') args.keep = true;
    else throw new Error(`unknown option ${a} (options: --size-mb N[,N...] --variants ascii,gzip,json --repeat N --keep)`);
  }
  if (args.sizesMb.some((n) => !(n > 0)) || !(args.repeat >= 1)) throw new Error('--size-mb and --repeat must be positive numbers');
  for (const v of args.variants) if (!['ascii', 'gzip', 'json'].includes(v)) throw new Error(`unknown variant ${v}`);
  return args;
}

const hasTime = existsSync('/usr/bin/time');

/** Runs a shell command under /usr/bin/time; returns wall seconds, peak RSS and stdout. */
function timed(command: string, workDir: string): { seconds: number; maxRssKiB: number | null; stdout: string } {
  const timeFile = path.join(workDir, 'time.out');
  const wrapped = hasTime ? `/usr/bin/time -f '%M' -o '${timeFile}' sh -c '${command.replace(/'/g, "'\\''")}'` : command;
  const start = process.hrtime.bigint();
  const r = spawnSync('sh', ['-c', wrapped], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`benchmark command failed (${r.status}): ${command}\n${r.stderr}`);
  // %M of `sh -c` is the largest RSS among the shell and the command it waited for.
  const maxRssKiB = hasTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) : null;
  return { seconds, maxRssKiB, stdout: r.stdout };
}

function best(command: string, workDir: string, repeat: number) {
  let result = timed(command, workDir);
  for (let i = 1; i < repeat; i++) {
    const r = timed(command, workDir);
    if (r.seconds < result.seconds) result = { ...r, maxRssKiB: Math.max(r.maxRssKiB ?? 0, result.maxRssKiB ?? 0) };
  }
  return result;
}

function q(file: string): string {
  return `'${file.replace(/'/g, "'\\''")}'`;
}

function commandsFor(variant: Variant, file: string): [tool: string, command: string, note: string][] {
  const cat = variant === 'gzip' ? `gzip -dc ${q(file)} | ` : '';
  const input = variant === 'gzip' ? '' : ` ${q(file)}`;
  const cmds: [string, string, string][] = [
    ['wc -l (floor)', `${cat}wc -l${input}`, 'counts lines only'],
  ];
  if (variant !== 'json') cmds.push(['awk (sum by module)', `${cat}awk -F'\\t' '${AWK_PROGRAM}'${input}`, `${awkName()}; sums every row, no dumps`]);
  cmds.push(
    ['reader: scanFootprints', `node ${q(readerBin)} scan ${q(file)}`, 'ids, no objects; what summarize uses'],
    ['reader: readFootprints', `node ${q(readerBin)} footprints ${q(file)}`, 'one FootprintRow per row'],
    ['reader: readZeekLog', `node ${q(readerBin)} records ${q(file)}`, 'generic typed records'],
    ['zeek-budget summarize', `node ${q(cliBin)} summarize ${q(file)} --format json > /dev/null`, 'whole CLI: start-up, dumps, groups'],
  );
  return cmds;
}

function awkName(): string {
  const r = spawnSync('sh', ['-c', 'readlink -f "$(command -v awk)"'], { encoding: 'utf8' });
  return path.basename(r.stdout.trim() || 'awk');
}

function generate(dir: string, sizeMb: number, variant: Variant): GeneratedLog {
  const file = path.join(dir, `my_stats-${sizeMb}mb-${variant}.log${variant === 'gzip' ? '.gz' : ''}`);
  return generateMyStatsLog(file, { targetBytes: sizeMb * 1e6, format: variant === 'json' ? 'json' : 'ascii', gzip: variant === 'gzip' });
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(cliBin)) throw new Error(`${cliBin} not found: run 'npm run bench' (it builds first)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'zeek-budget-bench-'));
  const results: Measurement[] = [];
  // The CLI's fixed cost (node, loading every command's modules), to tell it apart from reading.
  const startup = best(`node ${q(cliBin)} --help > /dev/null`, dir, args.repeat);
  results.push({ size: '-', variant: 'ascii', tool: 'zeek-budget --help', seconds: startup.seconds, mbPerSecond: NaN,
    maxRssMiB: startup.maxRssKiB === null ? null : startup.maxRssKiB / 1024, note: 'start-up only' });
  try {
    for (const sizeMb of args.sizesMb) {
      for (const variant of args.variants) {
        const log = generate(dir, sizeMb, variant);
        const mb = log.uncompressedBytes / 1e6;
        process.stderr.write(`${path.basename(log.file)}: ${mb.toFixed(0)} MB of log text (${(log.bytes / 1e6).toFixed(0)} MB on disk), ${log.lines} lines, ${log.dumps} dumps\n`);
        for (const [tool, command, note] of commandsFor(variant, log.file)) {
          const r = best(command, dir, args.repeat);
          results.push({
            size: `${mb.toFixed(0)} MB`, variant, tool, seconds: r.seconds, mbPerSecond: mb / r.seconds,
            maxRssMiB: r.maxRssKiB === null ? null : r.maxRssKiB / 1024, note,
          });
          process.stderr.write(`  ${tool}: ${r.seconds.toFixed(2)} s\n`);
        }
        rmSync(log.file, { force: true });
      }
    }
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`node ${process.version}, best of ${args.repeat} runs, peak RSS from /usr/bin/time %M\n\n`);
  process.stdout.write(formatTable(results, [
    { header: 'log', value: (r) => r.size },
    { header: 'variant', value: (r) => (r.size === '-' ? '-' : r.variant) },
    { header: 'tool', value: (r) => r.tool },
    { header: 'seconds', value: (r) => r.seconds.toFixed(2), align: 'right' },
    { header: 'MB/s', value: (r) => (Number.isFinite(r.mbPerSecond) ? r.mbPerSecond.toFixed(0) : '-'), align: 'right' },
    { header: 'peak RSS MiB', value: (r) => (r.maxRssMiB === null ? 'n/a' : r.maxRssMiB.toFixed(0)), align: 'right' },
    { header: 'note', value: (r) => r.note },
  ]));
}

main();
