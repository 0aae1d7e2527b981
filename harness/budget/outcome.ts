import type { ExitCode } from '../errors.js';
import type { RunResult } from '../measure/run-result.js';
import type { ZeekInstallation } from '../runner/find-zeek.js';
import type { Suite } from '../suite/types.js';
import type { Counts, ScalingEvaluation, SubjectEvaluation } from './types.js';

// What a budget run returns: per suite the evaluations, the baseline's state and the run failures.
// The reporters render it; the pipeline builds it.

export type BaselineState = 'present' | 'missing' | 'created' | 'updated' | 'unchanged';

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

export interface BudgetResult {
  zeek: ZeekInstallation;
  packageVersion: string;
  suites: SuiteOutcome[];
  counts: Counts;
  warnings: string[];
  exitCode: ExitCode;
}
