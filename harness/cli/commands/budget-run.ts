import { runBudget } from '../../pipeline/run-budget.js';
import { parseShard } from '../../pipeline/shard.js';
import { toResultDocument } from '../../report/build-result-document.js';
import { parseReporterSpec, planReports, type ReporterSpec } from '../../report/reporter-plan.js';
import { writeReports } from '../../report/write-reports.js';
import type { CommandContext } from '../command-context.js';
import { createProgress } from '../progress.js';
import { updateMode } from '../update-mode.js';
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
}

/** `zeek-budget budget`: what it does once its arguments are parsed (loaded only when it runs). */
export async function runBudgetCommand(suites: string[], flags: BudgetFlags, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const update = updateMode(flags.update);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const specs: ReporterSpec[] = [...flags.reporter.map(parseReporterSpec), ...(flags.json ? [{ name: 'json' as const, file: flags.json }] : [])];
  const plans = planReports(specs, { cwd: io.cwd, env: io.env });
  const progress = flags.progress ? createProgress(io.stderr) : undefined;
  const result = await runBudget({
    suiteFiles: suites,
    cwd: io.cwd,
    env: io.env,
    zeek: flags.zeek,
    jobs: flags.jobs,
    keepTmp: Boolean(flags.keepTmp),
    update,
    filter: flags.filter,
    shard,
    ci: Boolean(io.env.CI) && io.env.CI !== 'false',
    signal: io.signal,
    onStart: ({ zeek, runs, suites: s }) => {
      io.stderr.write(`zeek-budget: Zeek ${zeek.version} (${zeek.path}), ${s.length} suite${s.length === 1 ? '' : 's'}, ${runs} runs, ${flags.jobs} in parallel\n`);
      progress?.start(runs);
    },
    onRunEnd: (r, done, total) => progress?.runEnd(r, done, total),
    // Cluster sources take minutes: say what they are doing (deploying, waiting for dumps).
    onSourceNote: flags.progress ? (suite, note) => io.stderr.write(`zeek-budget: ${suite}: ${note}\n`) : undefined,
  }).finally(() => progress?.stop());
  const doc = toResultDocument(result, { cwd: io.cwd, shard, updateCommand: 'npm run budget -- --update' });
  await writeReports(doc, plans, io, { color: useColor(io), showDiff: Boolean(flags.diff), updating: update !== undefined, env: io.env });
  if (flags.keepTmp) {
    for (const s of result.suites) for (const f of s.failures) if (f.runDir) io.stderr.write(`kept ${f.runDir}\n`);
  }
  ctx.setExitCode(result.exitCode);
}
