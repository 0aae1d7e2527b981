import path from 'node:path';
import { Option, type Command } from 'commander';
import { stringify } from 'yaml';
import { runBudget } from '../../pipeline/run-budget.js';
import { ConfigError } from '../../errors.js';
import { toResultDocument } from '../../report/build-result-document.js';
import { parseReporterSpec, planReports, REPORTERS, type ReporterSpec } from '../../report/reporter-plan.js';
import { checkReportTargets, writeReports } from '../../report/write-reports.js';
import { parseTimePoint } from '../../util/time-point.js';
import { loadSuite, parseSuite } from '../../suite/load-suite.js';
import { LOG_DUMP_CHOICES } from '../../suite/schema.js';
import type { LogsSourceSettings, Suite } from '../../suite/types.js';
import type { CommandContext } from '../command-context.js';
import { updateMode } from '../update-mode.js';
import { useColor } from '../use-color.js';
import { failure } from '../../messages.js';

interface CheckFlags {
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

/** Without --suite the check is the suite `logs` in the current directory: baselines/logs.baseline.yaml. */
export const CHECK_SUITE_NAME = 'logs';

export function registerCheck(program: Command, ctx: CommandContext): void {
  program
    .command('check')
    .description('Check budgets and baselines against my_stats logs a Zeek or a zeekctl cluster already wrote (one subject per node; no zeek needed).')
    .requiredOption('--logs <path...>', 'my_stats.log[.gz] files, log directories, zeekctl prefixes or logs/ trees, or globs of these')
    .option('--suite <file>', 'take name, budgets and baseline from this suite (its own source is replaced by --logs)')
    .option('--baseline <file>', `the baseline file (default: the suite's, else baselines/${CHECK_SUITE_NAME}.baseline.yaml here)`)
    .addOption(new Option('--dumps <which>', "each node's newest dump, or all its dumps (default: the suite's, else latest)").choices(LOG_DUMP_CHOICES))
    .option('--since <time>', 'only dumps from then on: Unix seconds, a date and time (2026-11-22 14:45), or a duration before now (2h)')
    .option('--until <time>', 'only dumps up to then (same forms)')
    .option('--update [mode]', 'write the baseline from these logs (mode "new": only add missing nodes/variables)')
    .option('--reporter <name[=file]>', `report format, repeatable: ${REPORTERS.join(', ')}; =FILE writes to a file (default: terminal on stdout)`, (v: string, prev: string[]) => [...prev, v], [])
    .option('--json <file>', 'also write the full machine-readable result to this file (= --reporter json=FILE)')
    .option('--diff', 'show the baseline diff (what --update would write)')
    .option('--read-all', 'with --dumps latest, read every log from start to end (by default only the newest files and the end of a plain log are read)')
    .option('--verbose', 'say how the logs were read: how far back, which files were not opened, and why a log was read whole')
    .addHelpText('after', `
Exit codes: 0 every budget holds, 1 a budget or baseline check failed, 2 bad usage or suite,
3 a log is missing or unreadable, or a node sent no dumps or stopped sending.
Examples:
  zeek-budget check --logs /opt/zeek --update          # record the cluster's current state
  zeek-budget check --logs /opt/zeek                   # later: compare with it
  zeek-budget check --logs /opt/zeek/logs --suite suites/cluster.yaml --dumps all --since 2h`)
    .action(async (flags: CheckFlags) => {
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
        ci: Boolean(io.env.CI) && io.env.CI !== 'false',
        signal: io.signal,
        onSourceNote: flags.verbose ? (name, note) => io.stderr.write(`zeek-budget: ${name}: ${note}\n`) : undefined,
      });
      const doc = toResultDocument(result, { cwd: io.cwd, updateCommand: checkUpdateCommand(flags) });
      await writeReports(doc, plans, io, { color: useColor(io), showDiff: Boolean(flags.diff), updating: update !== undefined, env: io.env });
      ctx.setExitCode(result.exitCode);
    });
}

/** How to re-run this check so that it records the baseline. */
function checkUpdateCommand(flags: Pick<CheckFlags, 'logs' | 'suite' | 'baseline'>): string {
  const parts = ['zeek-budget check', ...flags.logs.map((l) => `--logs ${l}`)];
  if (flags.suite) parts.push(`--suite ${flags.suite}`);
  if (flags.baseline) parts.push(`--baseline ${flags.baseline}`);
  return `${parts.join(' ')} --update`;
}

/** The suite the check runs: --suite's (budgets, baseline, name) or the defaults, reading --logs. */
export async function checkSuite(flags: Pick<CheckFlags, 'logs' | 'suite' | 'baseline' | 'dumps' | 'since' | 'until' | 'readAll'>, cwd: string): Promise<Suite> {
  const paths = flags.logs.map((p) => path.resolve(cwd, p));
  const base = flags.suite
    ? await loadSuite(path.resolve(cwd, flags.suite))
    // Through the suite loader, so the defaults are exactly a suite's defaults.
    : await parseSuite(stringify({ name: CHECK_SUITE_NAME, source: { logs: { paths } } }), path.join(cwd, `${CHECK_SUITE_NAME}.yaml`));
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

