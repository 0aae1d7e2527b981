/**
 * `npm run bench` (after a build: node dist/scripts/bench.js [logs|fast|harness|all] [options]):
 *   logs     my_stats log reading vs awk and wc -l, at several sizes and formats (bench-logs.ts)
 *   fast     start-up, the latest dump over growing archive trees, full passes on every core vs
 *            wc -l, DuckDB, mawk and parallel zcat, --dumps all memory (bench-fast.ts)
 *   harness  the whole `budget` run vs bare zeek runs, --jobs 1 and --jobs = cores (bench-harness.ts)
 * Options: --sizes 10,100,1000 (MB)  --variants ascii,gzip,json  --repeat N (medians of N runs)
 *          --delay-ms N (fake zeek's sleep or CPU time per run)  --stand-ins sleep,cpu  --suite-repeats 1,4  --jobs 1,2  --zeek PATH
 *          --quick (10 MB logs, short harness run)  --keep (keep the scratch directory)
 * Timings are never asserted in npm test; this prints them, with the machine, for docs/performance.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { goalsTable, logTable, runLogBench, type Variant } from './bench-logs.js';
import { harnessTables, runHarnessBench, zeekDescription, type StandIn } from './bench-harness.js';
import { describeMachine } from './bench-measure.js';
import { fastTables, runFastBench } from './bench-fast.js';

interface Args {
  what: 'logs' | 'fast' | 'harness' | 'all';
  treeDays: number[];
  fullTreeDays: number;
  plainMb: number;
  sizesMb: number[];
  variants: Variant[];
  repeat: number;
  delayMs: number;
  standIns: StandIn[];
  suiteRepeats: number[];
  jobs: number[];
  zeek?: string;
  keep: boolean;
}

const USAGE =
  'usage: bench [logs|fast|harness|all] [--tree-days 1,7,30] [--full-tree-days N] [--plain-mb N] [--sizes MB,...] [--variants ascii,gzip,json] [--repeat N] [--delay-ms N] [--stand-ins sleep,cpu] [--suite-repeats N,...] [--jobs N,...] [--zeek PATH] [--quick] [--keep]';

function numbers(v: string, what: string): number[] {
  const list = v.split(',').map(Number);
  if (list.length === 0 || list.some((n) => !(n > 0))) throw new Error(`${what} takes positive numbers, got ${v}\n${USAGE}`);
  return list;
}

export function parseArgs(argv: string[]): Args {
  const cores = os.availableParallelism();
  const args: Args = {
    what: 'all',
    treeDays: [1, 7, 30],
    fullTreeDays: 7,
    plainMb: 950,
    sizesMb: [10, 100, 1000],
    variants: ['ascii', 'gzip', 'json'],
    repeat: 3,
    delayMs: 500,
    standIns: ['sleep', 'cpu'],
    suiteRepeats: [1, 4],
    jobs: [...new Set([1, cores])],
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === 'logs' || a === 'fast' || a === 'harness' || a === 'all') args.what = a;
    else if (a === '--tree-days') args.treeDays = numbers(next(), a);
    else if (a === '--full-tree-days') args.fullTreeDays = numbers(next(), a)[0] as number;
    else if (a === '--plain-mb') args.plainMb = numbers(next(), a)[0] as number;
    else if (a === '--sizes' || a === '--size-mb') args.sizesMb = numbers(next(), a);
    else if (a === '--variants') args.variants = next().split(',') as Variant[];
    else if (a === '--repeat') args.repeat = numbers(next(), a)[0] as number;
    else if (a === '--delay-ms') args.delayMs = Number(next());
    else if (a === '--stand-ins') args.standIns = next().split(',') as StandIn[];
    else if (a === '--suite-repeats') args.suiteRepeats = numbers(next(), a);
    else if (a === '--jobs') args.jobs = numbers(next(), a);
    else if (a === '--zeek') args.zeek = path.resolve(next());
    else if (a === '--keep') args.keep = true;
    // A smoke run: every figure once, on small inputs (too small for the goals to mean much).
    else if (a === '--quick')
      Object.assign(args, { sizesMb: [10], suiteRepeats: [1, 2], delayMs: 200, repeat: 1, treeDays: [1, 2], fullTreeDays: 1, plainMb: 50 });
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  for (const v of args.standIns) if (!['sleep', 'cpu'].includes(v)) throw new Error(`unknown stand-in ${v}\n${USAGE}`);
  for (const v of args.variants) if (!['ascii', 'gzip', 'json'].includes(v)) throw new Error(`unknown variant ${v}\n${USAGE}`);
  if (!(args.delayMs >= 0)) throw new Error(`--delay-ms takes a number of milliseconds\n${USAGE}`);
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zeek-budget-bench-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const out: string[] = [...describeMachine(), `medians of ${args.repeat} runs; peak RSS from /usr/bin/time %M`, ''];
  try {
    if (args.what === 'fast' || args.what === 'all') {
      const r = runFastBench({ repeat: args.repeat, treeDays: args.treeDays, fullTreeDays: args.fullTreeDays, plainMb: args.plainMb, dir, log });
      out.push('Fast where users wait', '', fastTables(r));
    }
    if (args.what === 'logs' || args.what === 'all') {
      const results = runLogBench({ sizesMb: args.sizesMb, variants: args.variants, repeat: args.repeat, dir, log });
      out.push('Log reading', '', logTable(results), 'Goals', '', goalsTable(results));
    }
    if (args.what === 'harness' || args.what === 'all') {
      const r = await runHarnessBench({
        repeat: args.repeat,
        delayMs: args.delayMs,
        standIns: args.standIns,
        suiteRepeats: args.suiteRepeats,
        jobs: args.jobs,
        zeek: args.zeek,
        dir,
        log,
      });
      out.push(
        'Harness overhead',
        zeekDescription(r.zeek, r.real),
        `${r.traces.length} traces (${[...new Set(r.traces.map((t) => path.dirname(t)))].join(', ')}), suite repeat ${args.suiteRepeats.join(' and ')}`,
        '',
        harnessTables(r),
      );
    }
  } finally {
    if (args.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  out.push(
    `load average at end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
