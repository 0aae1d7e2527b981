import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BOOTSTRAP_CONFIDENCE, BOOTSTRAP_SEED } from '../analysis/paired-bootstrap.js';
import { updatedBaseline } from '../baseline/update-baseline.js';
import { countChecks, evaluateSubject, matches } from '../budget/evaluate.js';
import type { BudgetResult, Comparison, ComparisonSide, SuiteOutcome } from '../budget/outcome.js';
import { evaluateScaling } from '../budget/scaling-checks.js';
import { ConfigError, EnvironmentError } from '../errors.js';
import { commitInfo, hasUncommittedChanges, isInside, repositoryPath, repositoryRoot, resolveCommit, rootAsSeenFrom } from '../git/repository.js';
import type { GitOptions } from '../git/run-git.js';
import { withWorktree } from '../git/worktree.js';
import type { SuiteRun } from '../measure/run-result.js';
import { findZeek, type ZeekInstallation } from '../runner/find-zeek.js';
import { runSides } from '../runner/run-suites.js';
import { parseSuite } from '../suite/load-suite.js';
import type { Suite, TraceRef } from '../suite/types.js';
import { packageVersion } from '../zeek-package.js';
import { exitCodeFor, idleRules, sumCounts } from './conclude-suite.js';
import { loadSuites, resolveSuiteFiles, traceFilter, type BudgetOptions } from './run-budget.js';
import { selectTraces, splitSkipped } from './shard.js';

/** Runs per trace and side when neither the suite nor --repeat says: enough for a first interval. */
export const AGAINST_DEFAULT_REPEAT = 5;

export interface AgainstOptions extends BudgetOptions {
  /** A revision of the suites' git repository: the base side runs the suites' scripts as they are there. */
  against?: string;
  /** The zeek of the base side (default: the same as head's). Alone: two Zeeks over the same scripts. */
  zeekBase?: string;
}

interface Sides {
  comparison: Comparison;
  /** How reasons name the base: `base 1a2b3c4`, `base Zeek 8.1.0`. */
  reference: string;
}

/**
 * `budget --against REF` / `--zeek-base PATH`: head and base measured in one run on one machine,
 * interleaved (A B A B), and head judged against the base instead of the committed baseline. The
 * base's measurements become an in-memory baseline, so every footprint rule works as it does
 * against a baseline file; timing increases are judged on the paired runs (paired-timing.ts).
 * The base's checkout lives in a temporary git worktree that is removed however the run ends.
 */
export async function runAgainst(opts: AgainstOptions): Promise<BudgetResult> {
  if (opts.against === undefined && opts.zeekBase === undefined) throw new Error('internal: runAgainst needs --against or --zeek-base');
  if (opts.update) {
    throw new ConfigError(
      '--update writes the committed baseline, but --against/--zeek-base compare with a base measured in this run: run --update on its own',
    );
  }
  const loaded = opts.suites ?? (await loadSuites(await resolveSuiteFiles(opts.suiteFiles, opts.cwd), opts.env));
  const fromSources = loaded.filter((s) => s.source.kind !== 'zeek' && (!opts.filter || matches(opts.filter, s.name)));
  if (fromSources.length) {
    throw new ConfigError(
      `--against/--zeek-base run zeek over traces on both sides; ${fromSources.map((s) => `suite ${s.name} (${s.file}) reads ${s.source.kind}`).join(', ')}: leave it out (name the suites, or --filter)`,
    );
  }
  const suites = loaded
    .filter((s) => s.source.kind === 'zeek')
    .map((s) => ({ ...s, repeat: opts.repeat ?? (s.repeatGiven ? s.repeat : AGAINST_DEFAULT_REPEAT) }));
  const filtered = traceFilter(opts.filter);
  if (opts.filter && !suites.some((s) => s.traces.some((t) => filtered(s, t)))) {
    throw new ConfigError(`--filter ${opts.filter} matches no suite or trace (suites: ${suites.map((s) => s.name).join(', ')})`);
  }
  const selection = selectTraces(suites, filtered, opts.shard);
  // What REF means is settled before zeek is looked for: a wrong REF is the user's to fix (exit 2) wherever zeek is.
  const git: GitOptions = { env: opts.env, signal: opts.signal };
  const repo = opts.against === undefined ? undefined : await resolveSides(opts.against, selection.selected.length ? selection.selected : suites, git);
  const zeek = await findZeek(opts.zeek, opts.env, opts.cwd);
  const baseZeek = opts.zeekBase === undefined ? zeek : { ...(await findZeek(opts.zeekBase, opts.env, opts.cwd)), foundBy: '--zeek-base' };
  const repeat = Math.max(1, ...selection.selected.map((s) => s.repeat));
  const run = (bases: Suite[], sides: Sides, notes: Map<Suite, string[]>) =>
    compareSides({ ...selection, filtered, bases, sides, notes, zeek, baseZeek, opts });
  const method = { repeat, confidence: BOOTSTRAP_CONFIDENCE, seed: BOOTSTRAP_SEED };
  if (!repo) {
    const side = (z: ZeekInstallation): ComparisonSide => ({ label: 'current scripts', zeek: z });
    return run(
      selection.selected,
      { comparison: { head: side(zeek), base: side(baseZeek), ...method }, reference: `base Zeek ${baseZeek.version}` },
      new Map(),
    );
  }
  const { ref, root, base, head, dirty } = repo;
  const comparison: Comparison = {
    head: { label: dirty ? 'working tree' : 'HEAD', commit: head.hash, short: head.short, subject: head.subject, dirty, zeek },
    base: { label: ref, ref, commit: base.hash, short: base.short, subject: base.subject, zeek: baseZeek },
    ...method,
  };
  const sides = { comparison, reference: `base ${base.short}` };
  if (selection.selected.length === 0) return run([], sides, new Map());
  return withWorktree(root, base.hash, git, async (tree) => {
    const notes = new Map<Suite, string[]>();
    const bases: Suite[] = [];
    for (const suite of selection.selected) {
      const b = await suiteAt(suite, root, tree, `${ref} (${base.short})`, opts.zeekBase !== undefined);
      bases.push(b.suite);
      notes.set(suite, b.notes);
    }
    return run(bases, sides, notes);
  });
}

/** The suites' repository, REF's commit there, and head: its commit and whether what runs differs from it. */
async function resolveSides(ref: string, suites: Suite[], git: GitOptions) {
  const root = await suitesRepository(suites, git);
  const baseCommit = await resolveCommit(root, ref, git);
  const measured = await measuredPaths(suites, root);
  const [base, head, dirty] = await Promise.all([commitInfo(root, baseCommit, git), commitInfo(root, 'HEAD', git), hasUncommittedChanges(root, measured, git)]);
  return { ref, root, base, head, dirty };
}

/** The suite files and the scripts they load that lie in the repository, as git names them. */
async function measuredPaths(suites: Suite[], root: string): Promise<string[]> {
  const paths = new Set<string>();
  for (const s of suites) {
    const seen = await rootAsSeenFrom(root, s.dir);
    for (const p of [s.file, ...s.zeek.scripts.filter((x) => path.isAbsolute(x))]) if (isInside(seen, p)) paths.add(repositoryPath(seen, p) || '.');
  }
  return [...paths];
}

/** The repository holding the suites; one per run, so REF means one thing. */
async function suitesRepository(suites: Suite[], git: GitOptions): Promise<string> {
  const roots = new Map<string, string>();
  for (const s of suites) {
    const root = await repositoryRoot(s.dir, git).catch((e: unknown) => {
      if (e instanceof ConfigError)
        throw new ConfigError(`--against REF is a revision of the git repository that holds the suite, and ${s.file} is in none (${e.message})`);
      throw e;
    });
    roots.set(root, s.file);
  }
  if (roots.size > 1) {
    throw new ConfigError(
      `--against: the suites lie in different git repositories (${[...roots].map(([r, f]) => `${f} in ${r}`).join('; ')}): run --against once per repository`,
    );
  }
  const root = [...roots.keys()][0];
  if (root === undefined) throw new ConfigError('--against: no suite to run');
  return root;
}

/**
 * The base side of one suite: the suite file as it is at REF (or, if it did not exist there, the
 * current one), with every script path that lies in the repository taken from REF's worktree.
 * The traces, repeats, timeout and rules stay head's: both sides run the same traces and are
 * judged by the same rules.
 */
async function suiteAt(head: Suite, root: string, tree: string, refText: string, otherZeek: boolean): Promise<{ suite: Suite; notes: string[] }> {
  const logicalRoot = await rootAsSeenFrom(root, head.dir);
  const rel = path.relative(logicalRoot, head.file);
  const there = await readFile(path.join(tree, rel), 'utf8').catch(() => undefined);
  const notes: string[] = [];
  if (there === undefined)
    notes.push(`${rel} does not exist at ${refText}: the base ran the current suite's zeek settings with the scripts as they are at ${refText.split(' ')[0]}`);
  const mapPath = (p: string) => (isInside(logicalRoot, p) ? path.join(tree, path.relative(logicalRoot, p)) : p);
  let atRef: Suite;
  try {
    atRef = await parseSuite(there ?? (await readFile(head.file, 'utf8')), head.file, { skipTraces: true, mapPath });
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`the suite as it is at ${refText}: ${e.message}`);
    throw e;
  }
  if (atRef.source.kind !== 'zeek') throw new ConfigError(`the suite as it is at ${refText} reads ${atRef.source.kind}, not traces: there is no base to run`);
  if (!otherZeek && !head.zeek.scripts.some((s) => path.isAbsolute(s) && isInside(logicalRoot, s))) {
    notes.push(`no script of this suite lies in the repository (${logicalRoot}): both sides ran the same code, so only noise can differ`);
  }
  return { suite: { ...head, zeek: atRef.zeek }, notes };
}

interface CompareInput {
  selected: Suite[];
  bases: Suite[];
  selectTrace: (suite: Suite, trace: TraceRef) => boolean;
  filtered: (suite: Suite, trace: TraceRef) => boolean;
  inShard?: (suite: Suite, trace: TraceRef) => boolean;
  sides: Sides;
  notes: Map<Suite, string[]>;
  zeek: ZeekInstallation;
  baseZeek: ZeekInstallation;
  opts: AgainstOptions;
}

async function compareSides(c: CompareInput): Promise<BudgetResult> {
  const { opts } = c;
  const runs = 2 * c.selected.reduce((n, s) => n + s.traces.filter((t) => c.selectTrace(s, t)).length * s.repeat, 0);
  opts.onStart?.({ suites: c.selected, zeek: c.zeek, runs, comparison: c.sides.comparison });
  const [headRuns = [], baseRuns = []] = await runSides(
    [
      { suites: c.selected, zeekPath: c.zeek.path },
      { suites: c.bases, zeekPath: c.baseZeek.path },
    ],
    {
      env: opts.env,
      jobs: opts.jobs,
      keepTmp: opts.keepTmp,
      selectTrace: c.selectTrace,
      signal: opts.signal,
      onRunStart: opts.onRunStart,
      onRunEnd: opts.onRunEnd,
    },
  );
  if (opts.signal?.aborted) throw new EnvironmentError('interrupted: runs were stopped; the base worktree was removed');
  const version = packageVersion();
  const outcomes = headRuns.map((run, i) => {
    const base = baseRuns[i];
    if (!base) throw new Error(`internal: no base run for suite ${run.suite.name}`);
    const notes = [...(c.notes.get(run.suite) ?? [])];
    if (c.zeek.version !== c.baseZeek.version) {
      notes.push(
        `head runs Zeek ${c.zeek.version}, the base Zeek ${c.baseZeek.version}: footprints of Zeek's own globals differ between versions (7.0 changed how strings count), so some changes may come from Zeek, not the scripts`,
      );
    }
    const outcome = conclude(run, base, c.baseZeek, version, c.sides.reference, notes);
    if (c.inShard) splitSkipped(outcome, run, c.filtered);
    return outcome;
  });
  const counts = sumCounts(outcomes.map((o) => o.counts));
  return {
    comparison: c.sides.comparison,
    zeek: c.zeek,
    packageVersion: version,
    suites: outcomes,
    counts,
    warnings: [],
    exitCode: exitCodeFor(outcomes, counts),
  };
}

/** One suite: head's subjects evaluated against an in-memory baseline made from the base's runs. */
function conclude(head: SuiteRun, base: SuiteRun, baseZeek: ZeekInstallation, version: string, reference: string, notes: string[]): SuiteOutcome {
  const { suite } = head;
  const baseline = updatedBaseline(undefined, { suite: suite.name, zeekVersion: baseZeek.version, packageVersion: version, subjects: base.subjects }, 'all');
  const baseSubjects = new Map(base.subjects.map((s) => [s.name, s]));
  const evaluations = head.subjects.map((s) =>
    evaluateSubject(s, suite.budgets, baseline.subjects[s.name], { reference, pairedBase: baseSubjects.get(s.name) }),
  );
  const scaling = evaluateScaling(head.subjects, suite.budgets);
  const allChecks = [...evaluations.flatMap((e) => e.checks), ...scaling.flatMap((g) => g.checks)];
  const warnings = [...notes, ...head.warnings, ...base.warnings.map((w) => `base: ${w}`)];
  const unmatched = head.subjects.filter((s) => !baseSubjects.has(s.name)).map((s) => s.name);
  if (unmatched.length) warnings.push(`no base measurement for ${unmatched.join(', ')} (the base's runs failed): nothing to compare with there`);
  if (head.subjects.length > 0) warnings.push(...idleRules(suite, allChecks));
  return {
    suite,
    evaluations,
    scaling,
    failures: [...head.failures, ...base.failures],
    warnings,
    skippedTraces: head.skippedTraces,
    baselineFile: suite.baselineFile,
    otherBaselines: [],
    baselineState: 'not-used',
    baselineDiff: '',
    missingBaseline: [],
    missingBaselineFails: false,
    counts: countChecks(allChecks),
  };
}
