import os from 'node:os';
import { type Command, Option } from 'commander';
import { parseShard } from '../../pipeline/shard.js';
import { parseReporterSpec, planReports, REPORTERS, type ReporterSpec } from '../../report/reporter-plan.js';
import type { ExitCode } from '../../errors.js';
import type { CommandContext } from '../command-context.js';
import { positiveInt } from '../option-parsers.js';
import { updateCommandFor } from '../update-command.js';
import { updateMode } from '../update-mode.js';
import { createProgress } from '../progress.js';
import { useColor } from '../use-color.js';

export interface BudgetFlags {
  update?: boolean | string;
  zeek?: string;
  jobs: number;
  filter?: string;
  json?: string;
  reporter: string[];
  shard?: string;
  keepTmp?: boolean;
  diff?: boolean;
  progress: boolean;
  against?: string;
  zeekBase?: string;
  repeat?: number;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}


export function registerBudget(program: Command, ctx: CommandContext): void {
  program
    .command('budget')
    .description('Run zeek with the measuring package over each suite\'s traces and check budgets and baselines.')
    .argument('[suites...]', 'suite files (default: suites/*.yaml, else testing/zeek-budget/*.yaml)')
    .option('--update [mode]', 'rewrite the baselines of the suites run (mode "new": only add missing traces/variables)')
    .option('--zeek <path>', 'the zeek to run, or docker:IMAGE to run it in a container (default: $ZEEK, PATH, /usr/local/zeek/bin, /opt/zeek/bin)')
    .option('-j, --jobs <n>', 'zeek runs in parallel', positiveInt, os.availableParallelism())
    .option('--filter <glob>', 'only suites/traces matching (suite, trace, or suite/trace)')
    .addOption(new Option('--reporter <name[=file]>', `report format, repeatable: ${REPORTERS.join(', ')}; =FILE writes to a file`).argParser(collect).default([], 'terminal on stdout'))
    .option('--json <file>', 'also write the full machine-readable result to this file (= --reporter json=FILE)')
    .option('--shard <i/n>', 'run only share i of n of the traces (stable across machines); combine the JSON results with `zeek-budget merge`')
    .option('--keep-tmp', 'keep each run\'s directory (zeek\'s logs) and print where')
    .option('--diff', 'show the baseline diff (what --update would write)')
    .option('--no-progress', 'no progress output')
    .option('--against <ref>', 'compare with REF of the suites\' git repository, measured in this run (interleaved, in a temporary worktree) instead of the baseline')
    .option('--zeek-base <path>', 'the base side\'s zeek: alone, two Zeek builds over the same scripts; with --against, REF under this zeek')
    .option('--repeat <n>', 'runs per trace (and side), for every suite (default: the suite\'s repeat; with --against/--zeek-base 5 unless the suite sets it)', positiveInt)
    .action(async (suites: string[], flags: BudgetFlags) => {
      ctx.setExitCode(await runBudgetCommand(ctx, suites, flags));
    });
}

/** `zeek-budget budget`: runs the suites, writes the reports; resolves to the exit code. `init` records its first baseline through it. */
export async function runBudgetCommand(ctx: CommandContext, suites: string[], flags: BudgetFlags): Promise<ExitCode> {
  const { io } = ctx;
  const update = updateMode(flags.update);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const specs: ReporterSpec[] = [...flags.reporter.map(parseReporterSpec), ...(flags.json ? [{ name: 'json' as const, file: flags.json }] : [])];
  const plans = planReports(specs, { cwd: io.cwd, env: io.env });
  // Loaded on use, so other commands (and --help) do not pay for zod, execa and the reporters.
  const comparing = flags.against !== undefined || flags.zeekBase !== undefined;
  const [{ runBudget }, { runAgainst }, { toResultDocument }, { checkReportTargets, writeReports }, { comparisonLine }] = await Promise.all([
    import('../../pipeline/run-budget.js'),
    import('../../pipeline/run-against.js'),
    import('../../report/build-result-document.js'),
    import('../../report/write-reports.js'),
    import('../../report/document-views.js'),
  ]);
  // Before any run: a report that cannot be written would otherwise fail only at the end.
  await checkReportTargets(plans);
  const progress = flags.progress ? createProgress(io.stderr) : undefined;
  const run = comparing ? runAgainst : runBudget;
  const result = await run({
    suiteFiles: suites,
    cwd: io.cwd,
    env: io.env,
    zeek: flags.zeek,
    jobs: flags.jobs,
    keepTmp: Boolean(flags.keepTmp),
    update,
    filter: flags.filter,
    shard,
    repeat: flags.repeat,
    against: flags.against,
    zeekBase: flags.zeekBase,
    ci: Boolean(io.env.CI) && io.env.CI !== 'false',
    signal: io.signal,
    onStart: ({ zeek, runs, suites: s, comparison }) => {
      io.stderr.write(`zeek-budget: Zeek ${zeek.version} (${zeek.path}), ${s.length} suite${s.length === 1 ? '' : 's'}, ${runs} runs, ${flags.jobs} in parallel\n`);
      if (comparison) io.stderr.write(`zeek-budget: comparing ${comparisonLine(comparison)}, interleaved\n`);
      progress?.start(runs);
    },
    onRunEnd: (r, done, total) => progress?.runEnd(r, done, total),
    // Cluster sources take minutes: say what they are doing (deploying, waiting for dumps), and
    // always what they do to put a cluster back after an interruption or a timeout.
    onSourceNote: (suite, note, kind) => {
      if (flags.progress || kind === 'cleanup') io.stderr.write(`zeek-budget: ${suite}: ${note}\n`);
    },
  }).finally(() => progress?.stop());
  const doc = toResultDocument(result, { cwd: io.cwd, shard, updateCommand: updateCommandFor(io.cwd, io.env) });
  // diff: false (init's first baseline) leaves out the diff of a file that is new in every line.
  await writeReports(doc, plans, io, { color: useColor(io), showDiff: Boolean(flags.diff), updating: update !== undefined && flags.diff !== false, env: io.env });
  if (flags.keepTmp) {
    for (const s of result.suites) for (const f of s.failures) if (f.runDir) io.stderr.write(`kept ${f.runDir}\n`);
  }
  return result.exitCode;
}
