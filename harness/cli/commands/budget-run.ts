import { runBudget } from '../../pipeline/run-budget.js';
import { parseShard } from '../../pipeline/shard.js';
import { comparisonLine } from '../../report/document-views.js';
import { checkReportTargets, writeReports } from '../../report/write-reports.js';
import { parseReporterSpec, planReports, type ReporterSpec } from '../../report/reporter-plan.js';
import type { ExitCode } from '../../errors.js';
import type { ZeekAhead } from '../../runner/find-zeek.js';
import type { CommandContext } from '../command-context.js';
import { updateCommandFor } from '../update-command.js';
import { updateMode } from '../update-mode.js';
import { createProgress } from '../progress.js';
import { useColor } from '../use-color.js';
import { startAhead } from '../../util/start-ahead.js';

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

/** `zeek-budget budget` once its arguments are parsed (loaded only when it runs): runs the suites, writes the reports; resolves to the exit code. `init` records its first baseline through it. */
export async function runBudgetCommand(ctx: CommandContext, suites: string[], flags: BudgetFlags, zeekAhead?: ZeekAhead): Promise<ExitCode> {
  const { io } = ctx;
  const update = updateMode(flags.update);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const specs: ReporterSpec[] = [...flags.reporter.map(parseReporterSpec), ...(flags.json ? [{ name: 'json' as const, file: flags.json }] : [])];
  const plans = planReports(specs, { cwd: io.cwd, env: io.env });
  const comparing = flags.against !== undefined || flags.zeekBase !== undefined;
  // Before any run: a report that cannot be written would otherwise fail only at the end.
  await checkReportTargets(plans);
  const progress = flags.progress ? createProgress(io.stderr) : undefined;
  // Loaded on use: a run against the baseline does not pay for git worktrees and paired statistics.
  const run = comparing ? (await import('../../pipeline/run-against.js')).runAgainst : runBudget;
  let documents: (() => Promise<typeof import('../../report/build-result-document.js')>) | undefined;
  const result = await run({
    suiteFiles: suites,
    cwd: io.cwd,
    env: io.env,
    zeek: flags.zeek,
    zeekAhead,
    jobs: flags.jobs,
    keepTmp: Boolean(flags.keepTmp),
    update,
    diff: flags.diff === true,
    filter: flags.filter,
    shard,
    repeat: flags.repeat,
    against: flags.against,
    zeekBase: flags.zeekBase,
    ci: Boolean(io.env.CI) && io.env.CI !== 'false',
    signal: io.signal,
    onStart: ({ zeek, runs, suites: s, comparison }) => {
      io.stderr.write(
        `zeek-budget: Zeek ${zeek.version} (${zeek.path}), ${s.length} suite${s.length === 1 ? '' : 's'}, ${runs} runs, ${flags.jobs} in parallel\n`,
      );
      if (comparison) io.stderr.write(`zeek-budget: comparing ${comparisonLine(comparison)}, interleaved\n`);
      progress?.start(runs);
    },
    // The report's modules load once the first zeek is on its way, not before it.
    onRunStart: () => {
      documents ??= startAhead(import('../../report/build-result-document.js'));
    },
    onRunEnd: (r, done, total) => progress?.runEnd(r, done, total),
    // Cluster sources take minutes: say what they are doing (deploying, waiting for dumps), and
    // always what they do to put a cluster back after an interruption or a timeout.
    onSourceNote: (suite, note, kind) => {
      if (flags.progress || kind === 'cleanup') io.stderr.write(`zeek-budget: ${suite}: ${note}\n`);
    },
  }).finally(() => progress?.stop());
  const { toResultDocument } = await (documents ?? startAhead(import('../../report/build-result-document.js')))();
  const doc = toResultDocument(result, { cwd: io.cwd, shard, updateCommand: updateCommandFor(io.cwd, io.env) });
  // diff: false (init's first baseline) leaves out the diff of a file that is new in every line.
  await writeReports(doc, plans, io, {
    color: useColor(io),
    showDiff: Boolean(flags.diff),
    updating: update !== undefined && flags.diff !== false,
    env: io.env,
  });
  if (flags.keepTmp) {
    for (const s of result.suites) for (const f of s.failures) if (f.runDir) io.stderr.write(`kept ${f.runDir}\n`);
  }
  return result.exitCode;
}
