import path from 'node:path';
import { glob } from 'tinyglobby';
import type { BaselineChoice } from '../baseline/select-baseline.js';
import { ConfigError, InterruptedError } from '../errors.js';
import { findZeekAhead, zeekHasSpicy, type ZeekAhead, type ZeekInstallation } from '../runner/find-zeek.js';
import { runSuites, type RunSuitesOptions } from '../runner/run-suites.js';
import { loadSuite } from '../suite/load-suite.js';
import type { Suite, TraceRef } from '../suite/types.js';
import { packageVersion } from '../zeek-package.js';
import { matches } from '../budget/glob.js';
import type { SourceOptions, SourceRun } from '../sources/types.js';
import { startAhead } from '../util/start-ahead.js';
import { selectTraces, splitSkipped, type Shard, type TraceSelection } from './shard.js';
import type { ConcludeOptions } from './conclude-suite.js';
import type { BudgetResult, Comparison, SuiteOutcome } from '../budget/outcome.js';
import { runningBuild, UNKNOWN_ZEEK_VERSION } from './running-build.js';

/** Where suites are looked for without names: this repository's layout, then a Zeek package's (zeek-budget init). */
export const DEFAULT_SUITES = ['suites/*.yaml', 'testing/zeek-budget/*.yaml'];

export interface BudgetOptions extends ConcludeOptions {
  suiteFiles: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  zeek?: string;
  jobs: number;
  keepTmp: boolean;
  filter?: string;
  /** Run only this share of the traces (see shard.ts); the other shards' traces are listed, not run. */
  shard?: Shard;
  signal?: AbortSignal;
  onRunStart?: RunSuitesOptions['onRunStart'];
  onRunEnd?: RunSuitesOptions['onRunEnd'];
  /** Progress of suites that read logs or drive a cluster (a cluster run takes minutes). */
  onSourceNote?: SourceOptions['onNote'];
  /** Suites already loaded (zeek-budget check builds one); suiteFiles is then ignored. */
  suites?: Suite[];
  /** Runs per trace for every suite, instead of each suite's `repeat` (--repeat). */
  repeat?: number;
  /**
   * The zeek search (zeek --version and -N), already started by the caller for `zeek` in `env`:
   * the CLI starts it before this module and its dependencies load, about a quarter of a second
   * sooner. Without it, runBudget starts its own.
   */
  zeekAhead?: ZeekAhead;
  /** Called once the suites are loaded and zeek is found, before anything runs. */
  onStart?: (info: { suites: Suite[]; zeek: ZeekInstallation; runs: number; comparison?: Comparison }) => void;
}

export async function resolveSuiteFiles(files: string[], cwd: string): Promise<string[]> {
  if (files.length) return files.map((f) => path.resolve(cwd, f));
  for (const pattern of DEFAULT_SUITES) {
    const found = (await glob(pattern, { cwd, absolute: true })).sort();
    if (found.length > 0) return found;
  }
  throw new ConfigError(
    `no suites: name suite files, or put them in ${DEFAULT_SUITES.join(' or ')} (see suites/examples/; \`zeek-budget init\` writes one for a Zeek package)`,
  );
}

/** The main job: load suites, run zeek over their traces, evaluate budgets and baselines, update if asked. */
export async function runBudget(opts: BudgetOptions): Promise<BudgetResult> {
  // zeek --version runs while the suites load (most runs need a zeek); its answer, or its error,
  // is only taken once the suites say a zeek is needed, so that suite errors still come first.
  const ahead = opts.suites === undefined ? (opts.zeekAhead ?? findZeekAhead(opts.zeek, opts.env, opts.cwd, opts.signal)) : opts.zeekAhead;
  let plan: RunPlan;
  let search: ZeekAhead | undefined;
  let where: { path: string; foundBy: string } | undefined;
  try {
    plan = await planRuns(opts);
    // Only zeek runs need a zeek: budgeting logs or a cluster works without one on this machine.
    if (plan.selected.length > 0 || plan.fromSources.length === 0) {
      search = ahead ?? findZeekAhead(opts.zeek, opts.env, opts.cwd, opts.signal);
      where = await search.located();
    }
  } catch (e) {
    // Stopped while zeek --version still ran: say that, not where loading the suites noticed it.
    if (e instanceof InterruptedError && ahead) {
      await ahead.result().catch((stopped: unknown) => {
        if (stopped instanceof InterruptedError) throw stopped;
      });
    }
    ahead?.cancel();
    throw e;
  }
  if (search === undefined) ahead?.cancel();
  const { suites, filtered, fromSources, inShard, selectTrace, selected } = plan;
  InterruptedError.throwIfAborted(opts.signal, 'stopped before any run started');
  const runs = selected.reduce((n, s) => n + s.traces.filter((t) => selectTrace(s, t)).length * s.repeat, 0);
  // Loaded on use: a budget run over traces does not pay for the log and cluster sources.
  const sourceRuns =
    fromSources.length === 0
      ? []
      : await (await import('../sources/collect-source.js')).collectSources(fromSources, { env: opts.env, signal: opts.signal, onNote: opts.onSourceNote });
  // What follows the runs (reading the baselines, evaluating, diffing) loads and reads once the
  // first zeek is on its way: none of it is needed to start it, and a baseline of thousands of
  // variables takes a fifth of a second or more to parse. Baseline errors still come after the runs.
  // Held (startAhead): when --version fails, nothing asks for the build, and the error is thrown below.
  const build = startAhead((search?.result() ?? Promise.resolve(undefined)).then(runningBuild));
  let after: { conclusion: () => Promise<typeof import('./conclude-suite.js')>; baselines: Map<Suite, () => Promise<BaselineChoice>> } | undefined;
  const startConclusion = () => {
    if (after) return after;
    const choose = import('../baseline/select-baseline.js');
    const baselines = new Map(
      selected.map((s) => [s, startAhead(Promise.all([choose, build()]).then(([{ chooseBaseline }, b]) => chooseBaseline(s.baselineFile, b)))]),
    );
    after = { conclusion: startAhead(import('./conclude-suite.js')), baselines };
    return after;
  };
  // The runs start on the zeek found, while its --version and -N still answer (on 2 cores that
  // is a third of a second or more before the first run): a version that fails stops them, and its
  // error is the one reported. Run ends wait for onStart, which needs the version.
  const versionFailed = new AbortController();
  const early: Parameters<NonNullable<BudgetOptions['onRunEnd']>>[] = [];
  let announced = false;
  let started = false;
  const running = startAhead(
    where === undefined
      ? Promise.resolve([])
      : runSuites(selected, {
          zeekPath: where.path,
          env: opts.env,
          jobs: opts.jobs,
          keepTmp: opts.keepTmp,
          selectTrace,
          signal: opts.signal ? AbortSignal.any([opts.signal, versionFailed.signal]) : versionFailed.signal,
          onRunStart: (r) => {
            started = true;
            opts.onRunStart?.(r);
            startConclusion();
          },
          onRunEnd: (...end) => {
            if (announced) opts.onRunEnd?.(...end);
            else early.push(end);
          },
        }),
  );
  let zeek: ZeekInstallation | undefined;
  if (search) {
    try {
      zeek = await search.result();
    } catch (e) {
      versionFailed.abort();
      await running().catch(() => undefined);
      // Stopped by the user with runs under way: that is what was stopped, the version still owed.
      if (e instanceof InterruptedError && started && where) {
        throw new InterruptedError(e.signal, `runs were stopped and no baseline was written (${where.path} had not answered --version yet)`);
      }
      throw e;
    }
    opts.onStart?.({ suites: selected, zeek, runs });
  }
  announced = true;
  for (const end of early) opts.onRunEnd?.(...end);
  const suiteRuns: SourceRun[] = await running();
  const { conclusion, baselines } = startConclusion();
  const { concludeSuite, exitCodeFor, sumCounts } = await conclusion();
  InterruptedError.throwIfAborted(opts.signal, 'runs were stopped and no baseline was written');
  const version = packageVersion();
  const outcomes: SuiteOutcome[] = [];
  const byOrder = [...suiteRuns, ...sourceRuns].sort((a, b) => suites.indexOf(a.suite) - suites.indexOf(b.suite));
  for (const run of byOrder) {
    const outcome = await concludeSuite(
      run,
      run.suite.source.kind === 'zeek' ? zeek : await sourceZeek(run, opts.env),
      version,
      opts,
      baselines.get(run.suite),
    );
    if (inShard) splitSkipped(outcome, run, filtered);
    outcomes.push(outcome);
  }
  const counts = sumCounts(outcomes.map((o) => o.counts));
  return {
    zeek: zeek ??
      (await Promise.all(sourceRuns.map((r) => sourceZeek(r, opts.env)))).find((z) => z !== undefined) ?? {
        path: '',
        version: UNKNOWN_ZEEK_VERSION,
        foundBy: 'not needed: the suites read logs',
      },
    packageVersion: version,
    suites: outcomes,
    counts,
    warnings: [],
    exitCode: exitCodeFor(outcomes, counts),
  };
}

type RunPlan = TraceSelection & { suites: Suite[]; filtered: (suite: Suite, trace: TraceRef) => boolean; fromSources: Suite[] };

/** The suites, and what of them this invocation runs: traces (by --filter and --shard) and log or cluster sources. */
async function planRuns(opts: BudgetOptions): Promise<RunPlan> {
  const loaded = opts.suites ?? (await loadSuites(await resolveSuiteFiles(opts.suiteFiles, opts.cwd), opts.env));
  InterruptedError.throwIfAborted(opts.signal, 'stopped before any run started');
  const suites = opts.repeat === undefined ? loaded : loaded.map((s) => ({ ...s, repeat: opts.repeat ?? s.repeat }));
  const filtered = traceFilter(opts.filter);
  // Suites that read logs or a cluster have no traces: --filter picks them by name, shard 1 runs them.
  const fromSources = suites.filter((s) => s.source.kind !== 'zeek' && (!opts.filter || matches(opts.filter, s.name)) && (opts.shard?.index ?? 1) === 1);
  if (opts.filter && fromSources.length === 0 && !suites.some((s) => s.traces.some((t) => filtered(s, t)))) {
    throw new ConfigError(`--filter ${opts.filter} matches no suite or trace (suites: ${suites.map((s) => s.name).join(', ')})`);
  }
  if (opts.shard && opts.update) {
    throw new ConfigError('--update with --shard would write part of each baseline on each machine: run --update once, without --shard');
  }
  return { ...selectTraces(suites, filtered, opts.shard), suites, filtered, fromSources };
}

/** The cluster's zeek, when the source ran one; logs do not say which Zeek wrote them. */
async function sourceZeek(run: SourceRun, env: NodeJS.ProcessEnv): Promise<ZeekInstallation | undefined> {
  if (run.zeekVersion === undefined) return undefined;
  const spicy = run.zeekPath ? await zeekHasSpicy(run.zeekPath, ['-N'], env) : undefined;
  return { path: run.zeekPath ?? '', version: run.zeekVersion, foundBy: 'the cluster', spicy };
}

export async function loadSuites(files: string[], env: NodeJS.ProcessEnv): Promise<Suite[]> {
  const suites: Suite[] = [];
  // The run's environment, not this process's: ZEEK_BUDGET_CACHE places the workload cache.
  for (const f of files) suites.push(await loadSuite(f, { env }));
  const names = new Map<string, string>();
  for (const s of suites) {
    const other = names.get(s.name);
    if (other) throw new ConfigError(`two suites are named "${s.name}" (${other} and ${s.file}): suite names name their baselines, so they must differ`);
    names.set(s.name, s.file);
  }
  return suites;
}

export function traceFilter(filter: string | undefined): (suite: Suite, trace: TraceRef) => boolean {
  if (!filter) return () => true;
  return (suite, trace) => matches(filter, suite.name) || matches(filter, trace.label) || matches(filter, `${suite.name}/${trace.label}`);
}
