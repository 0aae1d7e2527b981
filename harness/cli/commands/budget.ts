import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { runBudget } from '../../budget/budget-run.js';
import type { UpdateMode } from '../../baseline/update-baseline.js';
import { ConfigError } from '../../errors.js';
import { jsonResult } from '../../report/json-report.js';
import { terminalReport } from '../../report/terminal-report.js';
import type { CommandContext } from '../main.js';
import { createProgress } from '../progress.js';
import { useColor } from '../use-color.js';

interface BudgetFlags {
  update?: boolean | string;
  zeek?: string;
  jobs: number;
  filter?: string;
  json?: string;
  keepTmp?: boolean;
  diff?: boolean;
  progress: boolean;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1');
  return n;
}

function updateMode(flag: boolean | string | undefined): UpdateMode | undefined {
  if (flag === undefined || flag === false) return undefined;
  if (flag === true || flag === 'all') return 'all';
  if (flag === 'new') return 'new';
  throw new ConfigError(`--update takes no value, or "new" (only add missing entries); got "${flag}"`);
}

export function registerBudget(program: Command, ctx: CommandContext): void {
  program
    .command('budget')
    .description('Run zeek with the measuring package over each suite\'s traces and check budgets and baselines.')
    .argument('[suites...]', 'suite files (default: suites/*.yaml)')
    .option('--update [mode]', 'rewrite the baselines of the suites run (mode "new": only add missing traces/variables)')
    .option('--zeek <path>', 'the zeek to run (default: $ZEEK, PATH, /usr/local/zeek/bin, /opt/zeek/bin)')
    .option('-j, --jobs <n>', 'zeek runs in parallel', positiveInt, os.availableParallelism())
    .option('--filter <glob>', 'only suites/traces matching (suite, trace, or suite/trace)')
    .option('--json <file>', 'also write the full machine-readable result to this file')
    .option('--keep-tmp', 'keep each run\'s directory (zeek\'s logs) and print where')
    .option('--diff', 'show the baseline diff (what --update would write)')
    .option('--no-progress', 'no progress output')
    .action(async (suites: string[], flags: BudgetFlags) => {
      const { io } = ctx;
      const progress = flags.progress ? createProgress(io.stderr) : undefined;
      const update = updateMode(flags.update);
      const result = await runBudget({
        suiteFiles: suites,
        cwd: io.cwd,
        env: io.env,
        zeek: flags.zeek,
        jobs: flags.jobs,
        keepTmp: Boolean(flags.keepTmp),
        update,
        filter: flags.filter,
        ci: Boolean(io.env.CI) && io.env.CI !== 'false',
        signal: io.signal,
        onStart: ({ zeek, runs, suites: s }) => {
          io.stderr.write(`zeek-budget: Zeek ${zeek.version} (${zeek.path}), ${s.length} suite${s.length === 1 ? '' : 's'}, ${runs} runs, ${flags.jobs} in parallel\n`);
          progress?.start(runs);
        },
        onRunEnd: (r, done, total) => progress?.runEnd(r, done, total),
      }).finally(() => progress?.stop());
      io.stdout.write(terminalReport(result, { color: useColor(io), cwd: io.cwd, showDiff: Boolean(flags.diff), updating: update !== undefined }));
      if (flags.keepTmp) {
        for (const s of result.suites) for (const f of s.failures) if (f.runDir) io.stderr.write(`kept ${f.runDir}\n`);
      }
      if (flags.json) await writeFile(path.resolve(io.cwd, flags.json), `${JSON.stringify(jsonResult(result), null, 2)}\n`);
      ctx.setExitCode(result.exitCode);
    });
}
