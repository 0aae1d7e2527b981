import type { ResolvedWorkloadSpec } from '../workloads/workload-spec.js';
import type { LOG_DUMP_CHOICES, MEASURES, TIMINGS, ZEEKCTL_MODES } from './schema.js';

export type Measure = (typeof MEASURES)[number];
export type TimingFigure = (typeof TIMINGS)[number];

export type Selector =
  | { kind: 'variable'; pattern: string }
  | { kind: 'module'; pattern: string }
  | { kind: 'total' }
  | { kind: 'connection'; pattern: string }
  | { kind: 'timing'; figure: TimingFigure };

export interface RuleLocation {
  file: string;
  line: number;
  column: number;
}

/** A budget rule with its units resolved: footprints in entries, durations in seconds, sizes in bytes. */
export interface BudgetRule {
  index: number;
  label: string;
  location: RuleLocation;
  selector: Selector;
  trace?: string;
  node?: string;
  measure: Measure;
  max?: number;
  increase?: { percent?: number; absolute?: number };
  /** Seconds of warm-up; entries (timing: rss, bytes) per hour allowed after it. */
  growth?: { maxPerHour: number; warmup: number };
  scaling?: { maxPerUnit?: number; maxExponent?: number };
  level: 'error' | 'warn';
}

export interface TraceRef {
  /** Names the trace in reports and the baseline. */
  label: string;
  /** The trace file; for a workload, where it is generated (a cache keyed by its parameters). */
  path: string;
  compressed: boolean;
  workload?: WorkloadTrace;
}

export interface WorkloadTrace {
  spec: ResolvedWorkloadSpec;
  /** Workloads that differ only in count form one scaling group. */
  group: string;
  /** What one unit of count is: connection, query, request, port. */
  unit: string;
}

export interface ZeekRunSettings {
  /** Resolved: existing paths are absolute, names (e.g. `local`) are kept for Zeek to resolve. */
  scripts: string[];
  redefs: Array<[string, string]>;
  args: string[];
  env: Record<string, string>;
  interval: number;
  firstDelay?: number;
}

/** Where a suite's footprints come from: zeek over its traces, existing logs, or a zeekctl cluster. */
export type SuiteSource = { kind: 'zeek' } | LogsSourceSettings | ZeekctlSourceSettings;

export interface LogsSourceSettings {
  kind: 'logs';
  /** Absolute paths or globs (resolved against the suite's directory). */
  paths: string[];
  dumps: (typeof LOG_DUMP_CHOICES)[number];
  /** Unix seconds. */
  since?: number;
  until?: number;
  /** Seconds; undefined: three of the node's dump intervals, at least a minute. */
  staleAfter?: number;
  /** With dumps latest: read every log whole instead of only the end that holds the newest dumps (check --read-all). */
  readAll?: boolean;
}

export interface ZeekctlSourceSettings {
  kind: 'zeekctl';
  /** Absolute, when the suite names them. */
  zeekctl?: string;
  prefix?: string;
  mode: (typeof ZEEKCTL_MODES)[number];
  dumps: number;
  /** Seconds. */
  timeout: number;
  replay?: { interface: string; traces: string[]; speed: number | 'top'; loop: number };
  stop: boolean;
}

export interface Suite {
  file: string;
  dir: string;
  name: string;
  description?: string;
  zeek: ZeekRunSettings;
  source: SuiteSource;
  /** Empty unless the source is zeek. */
  traces: TraceRef[];
  repeat: number;
  /** True when the suite file sets `repeat` itself (else --against uses its own default). */
  repeatGiven?: boolean;
  timeout: number;
  baselineFile: string;
  top: number;
  budgets: BudgetRule[];
  /** True when the suite gave no budgets and the documented defaults apply. */
  defaultBudgets: boolean;
}
