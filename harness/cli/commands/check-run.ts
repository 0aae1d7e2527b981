import path from 'node:path';
import { stringify } from 'yaml';
import { runBudget } from '../../pipeline/run-budget.js';
import { ConfigError } from '../../errors.js';
import { toResultDocument } from '../../report/build-result-document.js';
import { parseReporterSpec, planReports, type ReporterSpec } from '../../report/reporter-plan.js';
import { checkReportTargets, writeReports } from '../../report/write-reports.js';
import { parseTimePoint } from '../../util/time-point.js';
import { loadSuite, parseSuite } from '../../suite/load-suite.js';
import type { LogsSourceSettings, Suite } from '../../suite/types.js';
import type { CommandContext } from '../command-context.js';
import { updateMode } from '../update-mode.js';
import { useColor } from '../use-color.js';
import { failure } from '../../messages.js';
import { CHECK_SUITE_NAME } from './check-suite-name.js';

export interface CheckFlags {
  logs: string[];
  suite?: string;
  baseline?: string;
  dumps?: LogsSourceSettings['dumps'];
  since?: string;
  until?: string;
  update?: boolean | string;
  json?: string;
  reporter: string[];
  diff?: boolean;
  readAll?: boolean;
  verbose?: boolean;
}

/** `zeek-budget check --logs` once its arguments are parsed (loaded only when it runs). */
export async function runCheckCommand(flags: CheckFlags, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const update = updateMode(flags.update);
  const specs: ReporterSpec[] = [...flags.reporter.map(parseReporterSpec), ...(flags.json ? [{ name: 'json' as const, file: flags.json }] : [])];
  const plans = planReports(specs, { cwd: io.cwd, env: io.env });
  await checkReportTargets(plans);
  const suite = await checkSuite(flags, io.cwd);
  const result = await runBudget({
    suites: [suite],
    suiteFiles: [],
    cwd: io.cwd,
    env: io.env,
    jobs: 1,
    keepTmp: false,
    update,
    diff: flags.diff === true,
    ci: Boolean(io.env.CI) && io.env.CI !== 'false',
    signal: io.signal,
    onSourceNote: flags.verbose ? (name, note) => io.stderr.write(`zeek-budget: ${name}: ${note}\n`) : undefined,
  });
  const doc = toResultDocument(result, { cwd: io.cwd, updateCommand: checkUpdateCommand(flags) });
  await writeReports(doc, plans, io, { color: useColor(io), showDiff: Boolean(flags.diff), updating: update !== undefined, env: io.env });
  ctx.setExitCode(result.exitCode);
}

/** How to re-run this check so that it records the baseline. */
function checkUpdateCommand(flags: Pick<CheckFlags, 'logs' | 'suite' | 'baseline'>): string {
  const parts = ['zeek-budget check', ...flags.logs.map((l) => `--logs ${l}`)];
  if (flags.suite) parts.push(`--suite ${flags.suite}`);
  if (flags.baseline) parts.push(`--baseline ${flags.baseline}`);
  return `${parts.join(' ')} --update`;
}

/** The suite the check runs: --suite's (budgets, baseline, name) or the defaults, reading --logs. */
export async function checkSuite(
  flags: Pick<CheckFlags, 'logs' | 'suite' | 'baseline' | 'dumps' | 'since' | 'until' | 'readAll'>,
  cwd: string,
): Promise<Suite> {
  const paths = flags.logs.map((p) => path.resolve(cwd, p));
  const base = flags.suite
    ? await loadSuite(path.resolve(cwd, flags.suite))
    : // Through the suite loader, so the defaults are exactly a suite's defaults.
      await parseSuite(stringify({ name: CHECK_SUITE_NAME, source: { logs: { paths } } }), path.join(cwd, `${CHECK_SUITE_NAME}.yaml`));
  const own = base.source.kind === 'logs' ? base.source : undefined;
  const source: LogsSourceSettings = {
    kind: 'logs',
    paths,
    dumps: flags.dumps ?? own?.dumps ?? 'latest',
    since: flags.since === undefined ? own?.since : timeFlag('--since', flags.since),
    until: flags.until === undefined ? own?.until : timeFlag('--until', flags.until),
    staleAfter: own?.staleAfter,
    ...(flags.readAll ? { readAll: true } : {}),
  };
  if (source.since !== undefined && source.until !== undefined && source.since > source.until) {
    throw failure('untilBeforeSince', undefined, '--since', '--until');
  }
  return { ...base, source, traces: [], baselineFile: flags.baseline ? path.resolve(cwd, flags.baseline) : base.baselineFile };
}

function timeFlag(flag: string, value: string): number {
  try {
    return parseTimePoint(value);
  } catch (e) {
    throw new ConfigError(`${flag}: ${(e as Error).message}`);
  }
}
