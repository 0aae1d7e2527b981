import type { ExitCode } from '../errors.js';
import type { RunResult } from '../measure/run-result.js';
import type { ZeekInstallation } from '../runner/find-zeek.js';
import type { Suite } from '../suite/types.js';
import type { Counts, ScalingEvaluation, SubjectEvaluation } from './types.js';

// What a budget run returns: per suite the evaluations, the baseline's state and the run failures.
// The reporters render it; the pipeline builds it.

/** `not-used`: the run compared head with a base it measured itself (--against, --zeek-base), not with the baseline file. */
export type BaselineState = 'present' | 'missing' | 'created' | 'updated' | 'unchanged' | 'not-used';

export interface SuiteOutcome {
  suite: Suite;
  evaluations: SubjectEvaluation[];
  /** Scaling rules over workloads run at several sizes. */
  scaling: ScalingEvaluation[];
  failures: RunResult[];
  warnings: string[];
  skippedTraces: string[];
  /** Traces left to the other shards (--shard). */
  otherShards?: string[];
  /** This Zeek build's baseline file (read, and written by --update). */
  baselineFile: string;
  /** The build it belongs to, for people: `Zeek 8.2 (no Spicy)`; undefined when the Zeek is not known. */
  baselineZeek?: string;
  /** Baselines of other Zeek builds beside it: never compared with this run. */
  otherBaselines: string[];
  /** Set when the baseline was read from the suite's single-version file; --update moves it to baselineFile. */
  baselineReadFrom?: string;
  baselineState: BaselineState;
  /** Unified diff from the committed baseline to the measured one (what `--update` writes or wrote). */
  baselineDiff: string;
  /** Traces that have no baseline entry; in CI each one is a failure. */
  missingBaseline: string[];
  /** True in CI (without --update): each missing baseline entry counted as a failure. */
  missingBaselineFails: boolean;
  counts: Counts;
}

/** One side of an --against / --zeek-base comparison: which code and which Zeek. */
export interface ComparisonSide {
  /** How reports name it: `HEAD`, `working tree`, the REF as given, or `current scripts`. */
  label: string;
  /** The REF as given (`main`, `HEAD~1`, a tag), for the base. */
  ref?: string;
  /** Full commit hash, when the side is a commit of the suite's repository. */
  commit?: string;
  /** git's abbreviation of it, as reports show it. */
  short?: string;
  /** The commit's subject line. */
  subject?: string;
  /** Head only: the working tree has uncommitted changes (then head is the working tree, not `commit`). */
  dirty?: boolean;
  zeek: ZeekInstallation;
}

/** What a budget run with --against or --zeek-base compared, and how. */
export interface Comparison {
  head: ComparisonSide;
  base: ComparisonSide;
  /** Runs per trace and side (the suites' repeat, 5 unless they or --repeat set it). */
  repeat: number;
  /** Of the intervals around the median head/base ratios. */
  confidence: number;
  /** Seed of the bootstrap, fixed so the same runs give the same intervals. */
  seed: number;
}

export interface BudgetResult {
  /** Set by --against / --zeek-base: the figures of each trace are head's, compared with the base's. */
  comparison?: Comparison;
  zeek: ZeekInstallation;
  packageVersion: string;
  suites: SuiteOutcome[];
  counts: Counts;
  warnings: string[];
  exitCode: ExitCode;
}
