import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { readBaseline, renderBaseline, writeBaselineAtomic } from '../baseline/baseline-file.js';
import { chooseBaseline, type BaselineChoice } from '../baseline/select-baseline.js';
import { clearStaleLock, withBaselineLock } from '../baseline/baseline-lock.js';
import type { Baseline } from '../baseline/types.js';
import { updatedBaseline, type UpdateMode } from '../baseline/update-baseline.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { ZeekInstallation } from '../runner/find-zeek.js';
import type { SuiteRun } from '../measure/run-result.js';
import type { Subject } from '../measure/types.js';
import type { Suite } from '../suite/types.js';
import { countChecks, currentSeries, evaluateSubject } from '../budget/evaluate.js';
import { evaluateScaling } from '../budget/scaling-checks.js';
import type { Check, Counts } from '../budget/types.js';
import type { BaselineState, SuiteOutcome } from '../budget/outcome.js';
import { runningBuild, UNKNOWN_ZEEK_VERSION } from './running-build.js';

// What follows a suite's runs: its baseline read, its budgets evaluated, the baseline diffed (and
// written by an update). Loaded by runBudget once the zeeks are running: none of it (the yaml and
// diff libraries, the evaluation) needs to load before the first zeek starts.

/** What of a budget run's options concludes a suite. */
export interface ConcludeOptions {
  update?: UpdateMode;
  /** In CI a missing baseline fails; locally it is reported and `--update` creates it. */
  ci: boolean;
  /** --diff: the baseline diff is wanted, however large the measured baseline. */
  diff?: boolean;
  /** Without --update or --diff, the most footprints a measured baseline may hold to be rendered for its diff (default MAX_SHOWN_BASELINE_FOOTPRINTS). */
  diffLimit?: number;
}

export async function concludeSuite(
  run: SuiteRun,
  zeek: ZeekInstallation | undefined,
  version: string,
  opts: ConcludeOptions,
  readAhead?: () => Promise<BaselineChoice>,
): Promise<SuiteOutcome> {
  const { suite } = run;
  const build = runningBuild(zeek);
  const choice = await (readAhead ? readAhead() : chooseBaseline(suite.baselineFile, build));
  const old = choice.baseline;
  const zeekVersion = zeek?.version ?? UNKNOWN_ZEEK_VERSION;
  const warnings = [...run.warnings, ...(zeek ? versionWarnings(old, zeek, version, build !== undefined) : [])];
  const missingBaseline = run.subjects.filter((s) => !old?.subjects[s.name]).map((s) => s.name);
  // Nodes come and go with a cluster: an update drops those it did not see, but only after a run
  // without failures (a failed source cannot tell which nodes exist).
  const known = suite.source.kind === 'zeek' ? suite.traces.map((t) => t.label) : run.failures.length ? undefined : run.subjects.map((s) => s.name);
  const measured = {
    suite: suite.name,
    zeekVersion,
    zeekBuild: build?.flavour,
    packageVersion: version,
    subjects: run.subjects,
    known: known && new Set(known),
  };
  const propose = (base: Baseline | undefined) => updatedBaseline(base, measured, opts.update ?? 'all');
  // Without an update the proposed baseline is only shown as a diff. Past a size nobody reads it,
  // and it (a list per variable, its text, the diff's text) would be most of the memory of a
  // `--dumps all` check over a long history.
  const measuredFootprints = footprintCount(run.subjects);
  const limit = opts.update !== undefined || opts.diff ? Infinity : (opts.diffLimit ?? MAX_SHOWN_BASELINE_FOOTPRINTS);
  const shown = measuredFootprints <= limit ? propose(old) : undefined;
  // An update accepts the measured values: checks then run against what is written, so only
  // absolute limits (max, growth, scaling) can still fail; the diff shows what changed.
  const reference = opts.update ? shown : old;
  const evaluations = run.subjects.map((s) => evaluateSubject(s, suite.budgets, reference?.subjects[s.name]));
  const { diff, state } = shown
    ? await applyBaseline(suite, choice, shown, opts.update !== undefined ? propose : undefined)
    : { diff: '', state: 'present' as const };
  if (!shown) warnings.push(omittedDiffWarning(measuredFootprints, limit));
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
    baselineFile: choice.file,
    baselineZeek: choice.label,
    otherBaselines: choice.others,
    ...(choice.legacy ? { baselineReadFrom: choice.legacy } : {}),
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
 * A baseline read from the suite's single-version file (choice.legacy) is written to the build's
 * own file, and the single file removed: git then shows the move.
 */
async function applyBaseline(
  suite: Suite,
  choice: BaselineChoice,
  proposed: Baseline,
  propose: ((base: Baseline | undefined) => Baseline) | undefined,
): Promise<{ diff: string; state: BaselineState }> {
  const file = choice.file;
  const source = choice.legacy ?? file;
  // A concurrent update may have moved the single-version file since it was read: then its text is
  // what was read, rendered (the diff under the lock below reads what is there now).
  const oldText = choice.baseline ? await readFile(source, 'utf8').catch(() => renderBaseline(choice.baseline!, suite.file)) : '';
  const newText = renderBaseline(proposed, suite.file);
  const diff = baselineDiff(file, oldText, newText);
  if (!propose) return { diff, state: 'present' };
  if (!diff && !choice.legacy) {
    // Nothing to write, so no lock taken: a stale one (its writer killed after its rename) goes now.
    await Promise.all([file, suite.baselineFile].map(clearStaleLock));
    return { diff, state: 'unchanged' };
  }
  // A move also holds the single file's lock: a writer of the old layout may still be at it.
  const legacy = choice.legacy;
  const locked = <T>(fn: () => Promise<T>) => withBaselineLock(file, () => (legacy ? withBaselineLock(legacy, fn) : fn()));
  return locked(async () => {
    const ownText = await readFile(file, 'utf8').catch(() => '');
    const from = ownText || !choice.legacy ? file : choice.legacy;
    const currentText = ownText || (choice.legacy ? await readFile(choice.legacy, 'utf8').catch(() => '') : '');
    const current = currentText ? await readBaseline(from) : undefined;
    const text = renderBaseline(propose(current), suite.file);
    const written = baselineDiff(file, currentText, text);
    if (written || from !== file) await writeBaselineAtomic(file, text);
    if (from !== file) await rm(from, { force: true });
    if (!written) return { diff: written, state: 'unchanged' };
    return { diff: written, state: current ? 'updated' : 'created' };
  });
}

/** The most footprints (one per variable and dump) a measured baseline may hold for its diff to be shown without --update: about 7 MB of text. */
export const MAX_SHOWN_BASELINE_FOOTPRINTS = 1_000_000;

/** The footprints a baseline of these subjects holds: a list entry per variable and dump. */
function footprintCount(subjects: Subject[]): number {
  let n = 0;
  for (const s of subjects) {
    // The evaluation's own list of a subject's variables (one pass per new set of names).
    let names = 0;
    for (const _ of currentSeries(s).names()) names++;
    n += names * s.dumps.length;
  }
  return n;
}

function omittedDiffWarning(footprints: number, limit: number): string {
  return (
    `the baseline diff is left out: the measured baseline holds ${footprints.toLocaleString('en-US')} footprints (one per variable and dump), ` +
    `beyond the ${limit.toLocaleString('en-US')} a diff is made for unasked; --diff shows it, --update writes the baseline and shows it`
  );
}

function baselineDiff(file: string, from: string, to: string): string {
  const rel = path.basename(file);
  return from === to ? '' : createTwoFilesPatch(`a/${rel}`, `b/${rel}`, from, to, 'baseline', 'measured', { context: 2 });
}

/** A rule that selected nothing anywhere is most likely a typo in its pattern. */
export function idleRules(suite: Suite, checks: Check[]): string[] {
  const used = new Set(checks.map((c) => c.rule.index));
  // The default rules are not typos; the connection one has nothing to match in logs without connection data.
  return suite.budgets
    .filter((r) => r.location.line !== 0)
    .filter((r) => !used.has(r.index) && !(r.scaling && !suite.traces.some((t) => t.workload)))
    .map(
      (r) =>
        `budgets[${r.index}] (${r.label})${r.location.line ? ` at line ${r.location.line}` : ''} matched nothing in any trace or node: check its pattern and filters`,
    );
}

function versionWarnings(old: Baseline | undefined, zeek: ZeekInstallation, version: string, perBuild: boolean): string[] {
  if (!old) return [];
  const w: string[] = [];
  if (old.zeek_version !== zeek.version && perBuild) {
    // Same series (the baseline is chosen per build): patch releases rarely move footprints.
    w.push(
      `baseline recorded with Zeek ${old.zeek_version}, this run uses ${zeek.version} (${zeek.path}): same series, so compared; after an upgrade, --update re-records it.`,
    );
  } else if (old.zeek_version !== zeek.version) {
    w.push(
      `ZEEK VERSION CHANGED: baseline recorded with Zeek ${old.zeek_version}, this run uses ${zeek.version} (${zeek.path}). Footprints differ between Zeek versions (7.0 changed string footprints); compare like with like or update the baseline.`,
    );
  }
  if (old.package_version !== version) {
    w.push(`the measuring package changed: baseline recorded with zeek-budget package ${old.package_version}, this run uses ${version}.`);
  }
  return w;
}

export function sumCounts(all: Counts[]): Counts {
  return all.reduce(
    (a, c) => ({ passed: a.passed + c.passed, failed: a.failed + c.failed, warned: a.warned + c.warned, unchecked: a.unchecked + c.unchecked }),
    { passed: 0, failed: 0, warned: 0, unchecked: 0 },
  );
}

/** An environment failure outranks a budget failure: a trace that did not run proves nothing. */
export function exitCodeFor(outcomes: SuiteOutcome[], counts: Counts): ExitCode {
  if (outcomes.some((o) => o.failures.length > 0)) return EXIT.environment;
  if (counts.failed > 0) return EXIT.budgetFailed;
  return EXIT.ok;
}
