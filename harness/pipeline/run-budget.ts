import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { glob } from 'tinyglobby';
import { readBaseline, renderBaseline, writeBaselineAtomic } from '../baseline/baseline-file.js';
import { withBaselineLock } from '../baseline/baseline-lock.js';
import type { Baseline } from '../baseline/types.js';
import { updatedBaseline, type UpdateMode } from '../baseline/update-baseline.js';
import { ConfigError, EnvironmentError, EXIT, type ExitCode } from '../errors.js';
import { findZeek, type ZeekInstallation } from '../runner/find-zeek.js';
import { runSuites, type RunSuitesOptions } from '../runner/run-suites.js';
import type { SuiteRun } from '../measure/run-result.js';
import { loadSuite } from '../suite/load-suite.js';
import type { Suite, TraceRef } from '../suite/types.js';
import { packageVersion } from '../zeek-package.js';
import { countChecks, evaluateSubject, matches } from '../budget/evaluate.js';
import { evaluateScaling } from '../budget/scaling-checks.js';
import type { SourceOptions, SourceRun } from '../sources/types.js';
import { shardSelector, type Shard } from './shard.js';
import type { Check, Counts } from '../budget/types.js';
import type { BaselineState, BudgetResult, SuiteOutcome } from '../budget/outcome.js';

export const DEFAULT_SUITES = 'suites/*.yaml';

/** Baselines bigger than this (footprints) get no diff unless written (--update). */
const MAX_DIFF_FOOTPRINTS = 1_000_000;

/** What baselines record as the Zeek version when the logs do not tell it. */
export const UNKNOWN_ZEEK_VERSION = 'unknown';

export interface BudgetOptions {
  suiteFiles: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  zeek?: string;
  jobs: number;
  keepTmp: boolean;
  update?: UpdateMode;
  filter?: string;
  /** Run only this share of the traces (see shard.ts); the other shards' traces are listed, not run. */
  shard?: Shard;
  /** In CI a missing baseline fails; locally it is reported and `--update` creates it. */
  ci: boolean;
  signal?: AbortSignal;
  onRunStart?: RunSuitesOptions['onRunStart'];
  onRunEnd?: RunSuitesOptions['onRunEnd'];
  /** Progress of suites that read logs or drive a cluster (a cluster run takes minutes). */
  onSourceNote?: SourceOptions['onNote'];
  /** Suites already loaded (zeek-budget check builds one); suiteFiles is then ignored. */
  suites?: Suite[];
  /** Called once the suites are loaded and zeek is found, before anything runs. */
  onStart?: (info: { suites: Suite[]; zeek: ZeekInstallation; runs: number }) => void;
}

export async function resolveSuiteFiles(files: string[], cwd: string): Promise<string[]> {
  if (files.length) return files.map((f) => path.resolve(cwd, f));
  const found = (await glob(DEFAULT_SUITES, { cwd, absolute: true })).sort();
  if (found.length === 0) {
    throw new ConfigError(`no suites: name suite files, or put them in ${DEFAULT_SUITES} (see suites/examples/)`);
  }
  return found;
}

/** The main job: load suites, run zeek over their traces, evaluate budgets and baselines, update if asked. */
export async function runBudget(opts: BudgetOptions): Promise<BudgetResult> {
  // `zeek --version` runs while the suites load (most runs need a zeek); its answer, or its error,
  // is only taken once the suites say a zeek is needed, so suite errors still come first.
  const zeekEarly = opts.suites === undefined ? settle(findZeek(opts.zeek, opts.env, opts.cwd)) : undefined;
  const suites = opts.suites ?? (await loadSuites(await resolveSuiteFiles(opts.suiteFiles, opts.cwd)));
  const filtered = traceFilter(opts.filter);
  // Suites that read logs or a cluster have no traces: --filter picks them by name, shard 1 runs them.
  const fromSources = suites.filter((s) => s.source.kind !== 'zeek' && (!opts.filter || matches(opts.filter, s.name)) && (opts.shard?.index ?? 1) === 1);
  if (opts.filter && fromSources.length === 0 && !suites.some((s) => s.traces.some((t) => filtered(s, t)))) {
    throw new ConfigError(`--filter ${opts.filter} matches no suite or trace (suites: ${suites.map((s) => s.name).join(', ')})`);
  }
  if (opts.shard && opts.update) {
    throw new ConfigError('--update with --shard would write part of each baseline on each machine: run --update once, without --shard');
  }
  const inShard = opts.shard ? shardSelector(suites, filtered, opts.shard) : undefined;
  const selectTrace = inShard ? (s: Suite, t: TraceRef) => filtered(s, t) && inShard(s, t) : filtered;
  // A shard may get no trace of a suite, or none at all: that is an empty share, not an error.
  const selected = suites.filter((s) => s.traces.some((t) => selectTrace(s, t)));
  // Only zeek runs need a zeek: budgeting logs or a cluster works without one on this machine.
  const zeek = selected.length > 0 || fromSources.length === 0
    ? await (zeekEarly ? zeekEarly.then(unsettle) : findZeek(opts.zeek, opts.env, opts.cwd))
    : undefined;
  const runs = selected.reduce((n, s) => n + s.traces.filter((t) => selectTrace(s, t)).length * s.repeat, 0);
  if (zeek) opts.onStart?.({ suites: selected, zeek, runs });
  // Loaded on use: a budget run over traces does not pay for the log and cluster sources.
  const sourceRuns = fromSources.length === 0 ? [] : await (await import('../sources/collect-source.js'))
    .collectSources(fromSources, { env: opts.env, signal: opts.signal, onNote: opts.onSourceNote });
  const suiteRuns: SourceRun[] = zeek === undefined ? [] : await runSuites(selected, {
    zeekPath: zeek.path,
    env: opts.env,
    jobs: opts.jobs,
    keepTmp: opts.keepTmp,
    selectTrace,
    signal: opts.signal,
    onRunStart: opts.onRunStart,
    onRunEnd: opts.onRunEnd,
  });
  if (opts.signal?.aborted) throw new EnvironmentError('interrupted: runs were stopped and no baseline was written');
  const version = packageVersion();
  const outcomes: SuiteOutcome[] = [];
  const byOrder = [...suiteRuns, ...sourceRuns].sort((a, b) => suites.indexOf(a.suite) - suites.indexOf(b.suite));
  for (const run of byOrder) {
    const outcome = await concludeSuite(run, run.suite.source.kind === 'zeek' ? zeek : sourceZeek(run), version, opts);
    if (inShard) {
      // run-suites lists every trace it did not run; split those into filtered out and elsewhere.
      outcome.otherShards = run.skippedTraces.filter((label) => filtered(run.suite, traceByLabel(run.suite, label)));
      outcome.skippedTraces = run.skippedTraces.filter((label) => !outcome.otherShards?.includes(label));
    }
    outcomes.push(outcome);
  }
  const counts = sumCounts(outcomes.map((o) => o.counts));
  return {
    zeek: zeek ?? sourceRuns.map(sourceZeek).find((z) => z !== undefined) ?? { path: '', version: UNKNOWN_ZEEK_VERSION, foundBy: 'not needed: the suites read logs' },
    packageVersion: version,
    suites: outcomes,
    counts,
    warnings: [],
    exitCode: exitCodeFor(outcomes, counts),
  };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects (no unhandled rejection while nobody awaits it yet). */
function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
}

function unsettle<T>(s: Settled<T>): T {
  if (s.ok) return s.value;
  throw s.error;
}

/** The cluster's zeek, when the source ran one; logs do not say which Zeek wrote them. */
function sourceZeek(run: SourceRun): ZeekInstallation | undefined {
  return run.zeekVersion === undefined ? undefined : { path: run.zeekPath ?? '', version: run.zeekVersion, foundBy: 'the cluster' };
}

async function loadSuites(files: string[]): Promise<Suite[]> {
  const suites: Suite[] = [];
  for (const f of files) suites.push(await loadSuite(f));
  const names = new Map<string, string>();
  for (const s of suites) {
    const other = names.get(s.name);
    if (other) throw new ConfigError(`two suites are named "${s.name}" (${other} and ${s.file}): suite names name their baselines, so they must differ`);
    names.set(s.name, s.file);
  }
  return suites;
}

function traceByLabel(suite: Suite, label: string): TraceRef {
  const t = suite.traces.find((x) => x.label === label);
  if (!t) throw new Error(`internal: trace ${label} is not in suite ${suite.name}`);
  return t;
}

function traceFilter(filter: string | undefined): (suite: Suite, trace: TraceRef) => boolean {
  if (!filter) return () => true;
  return (suite, trace) => matches(filter, suite.name) || matches(filter, trace.label) || matches(filter, `${suite.name}/${trace.label}`);
}

async function concludeSuite(run: SuiteRun, zeek: ZeekInstallation | undefined, version: string, opts: BudgetOptions): Promise<SuiteOutcome> {
  const { suite } = run;
  const old = await readBaseline(suite.baselineFile);
  const zeekVersion = zeek?.version ?? UNKNOWN_ZEEK_VERSION;
  const warnings = [...run.warnings, ...(zeek ? versionWarnings(old, zeek, version) : [])];
  const missingBaseline = run.subjects.filter((s) => !old?.subjects[s.name]).map((s) => s.name);
  // Nodes come and go with a cluster: an update drops those it did not see, but only after a run
  // without failures (a failed source cannot tell which nodes exist).
  const known = suite.source.kind === 'zeek' ? suite.traces.map((t) => t.label) : run.failures.length ? undefined : run.subjects.map((s) => s.name);
  const measured = { suite: suite.name, zeekVersion, packageVersion: version, subjects: run.subjects, known: known && new Set(known) };
  const propose = (base: Baseline | undefined) => updatedBaseline(base, measured, opts.update ?? 'all');
  // Without --update the proposed baseline only serves the diff shown; for a baseline of millions
  // of footprints (--dumps all over a long history) it would be the biggest thing in memory.
  const footprints = run.subjects.reduce((n, s) => n + s.dumps.length * (s.dumps[s.dumps.length - 1]?.footprints.size ?? 0), 0);
  const diffable = opts.update !== undefined || footprints <= MAX_DIFF_FOOTPRINTS;
  if (!diffable) warnings.push(`no baseline diff: the baseline of this run would hold ${footprints} footprints (every dump of every node); --update writes it`);
  const proposed = diffable ? propose(old) : undefined;
  // An update accepts the measured values: checks then run against what is written, so only
  // absolute limits (max, growth, scaling) can still fail; the diff shows what changed.
  const reference = opts.update ? proposed : old;
  const evaluations = run.subjects.map((s) => evaluateSubject(s, suite.budgets, reference?.subjects[s.name]));
  const { diff, state } = proposed === undefined
    ? { diff: '', state: 'present' as const }
    : await applyBaseline(suite, old, proposed, opts.update !== undefined ? propose : undefined);
  const scaling = evaluateScaling(run.subjects, suite.budgets);
  const allChecks = [...evaluations.flatMap((e) => e.checks), ...scaling.flatMap((g) => g.checks)];
  const counts = countChecks(allChecks);
  if (run.subjects.length > 0) warnings.push(...idleRules(suite, allChecks));
  if (opts.ci && opts.update === undefined) counts.failed += missingBaseline.length;
  return {
    suite,
    evaluations,
    scaling,
    failures: run.failures,
    warnings,
    skippedTraces: run.skippedTraces,
    baselineFile: suite.baselineFile,
    baselineState: state === 'present' && !old ? 'missing' : state,
    baselineDiff: diff,
    missingBaseline,
    missingBaselineFails: opts.ci && opts.update === undefined && missingBaseline.length > 0,
    counts,
  };
}

/**
 * The diff against the baseline, and with `propose` (an update) the write. Another update of the
 * same suite may have written since `old` was read (two runs on other traces at once): under the
 * lock the baseline is read again and the update applied to what is there now, so neither is lost.
 */
async function applyBaseline(
  suite: Suite, old: Baseline | undefined, proposed: Baseline, propose: ((base: Baseline | undefined) => Baseline) | undefined,
): Promise<{ diff: string; state: BaselineState }> {
  const oldText = old ? await readFile(suite.baselineFile, 'utf8') : '';
  const newText = renderBaseline(proposed, suite.file);
  const diff = baselineDiff(suite, oldText, newText);
  if (!propose) return { diff, state: 'present' };
  if (!diff) return { diff, state: 'unchanged' };
  return withBaselineLock(suite.baselineFile, async () => {
    const currentText = await readFile(suite.baselineFile, 'utf8').catch(() => '');
    const current = currentText ? await readBaseline(suite.baselineFile) : undefined;
    const text = renderBaseline(propose(current), suite.file);
    const written = baselineDiff(suite, currentText, text);
    if (!written) return { diff: written, state: 'unchanged' };
    await writeBaselineAtomic(suite.baselineFile, text);
    return { diff: written, state: current ? 'updated' : 'created' };
  });
}

function baselineDiff(suite: Suite, from: string, to: string): string {
  const rel = path.basename(suite.baselineFile);
  return from === to ? '' : createTwoFilesPatch(`a/${rel}`, `b/${rel}`, from, to, 'baseline', 'measured', { context: 2 });
}

/** A rule that selected nothing anywhere is most likely a typo in its pattern. */
function idleRules(suite: Suite, checks: Check[]): string[] {
  const used = new Set(checks.map((c) => c.rule.index));
  return suite.budgets
    .filter((r) => !used.has(r.index) && !(r.scaling && !suite.traces.some((t) => t.workload)))
    .map((r) => `budgets[${r.index}] (${r.label})${r.location.line ? ` at line ${r.location.line}` : ''} matched nothing in any trace or node: check its pattern and filters`);
}

function versionWarnings(old: Baseline | undefined, zeek: ZeekInstallation, version: string): string[] {
  if (!old) return [];
  const w: string[] = [];
  if (old.zeek_version !== zeek.version) {
    w.push(`ZEEK VERSION CHANGED: baseline recorded with Zeek ${old.zeek_version}, this run uses ${zeek.version} (${zeek.path}). Footprints differ between Zeek versions (7.0 changed string footprints); compare like with like or update the baseline.`);
  }
  if (old.package_version !== version) {
    w.push(`the measuring package changed: baseline recorded with zeek-budget package ${old.package_version}, this run uses ${version}.`);
  }
  return w;
}

function sumCounts(all: Counts[]): Counts {
  return all.reduce(
    (a, c) => ({ passed: a.passed + c.passed, failed: a.failed + c.failed, warned: a.warned + c.warned, unchecked: a.unchecked + c.unchecked }),
    { passed: 0, failed: 0, warned: 0, unchecked: 0 },
  );
}

/** An environment failure outranks a budget failure: a trace that did not run proves nothing. */
function exitCodeFor(outcomes: SuiteOutcome[], counts: Counts): ExitCode {
  if (outcomes.some((o) => o.failures.length > 0)) return EXIT.environment;
  if (counts.failed > 0) return EXIT.budgetFailed;
  return EXIT.ok;
}
