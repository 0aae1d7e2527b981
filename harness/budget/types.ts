import type { BaselineSubject } from '../baseline/types.js';
import type { Subject } from '../measure/types.js';
import type { BudgetRule } from '../suite/types.js';

/** `unchecked`: the rule compares with a baseline and there is none (yet). */
export type Verdict = 'pass' | 'fail' | 'warn' | 'unchecked';

export interface Check {
  rule: BudgetRule;
  subject: string;
  /** The variable or module name, `total`, or the timing figure. */
  item: string;
  /** 1-based dump number, for `measure: each`. */
  dump?: number;
  current: number;
  baseline?: number;
  verdict: Verdict;
  /** Why it failed, or which limit held / why it was not checked. */
  reason: string;
  /** `limit`: max/increase; `growth`: the trend within the run; `scaling`: the fit across workload sizes. */
  aspect: 'limit' | 'growth' | 'scaling';
  /** The item's footprint per dump (growth) or per size (scaling), for sparklines. */
  series?: number[];
  /** Connection rules: the connection whose footprint of the field is the checked value. */
  connection?: ConnectionRef;
}

/** A connection named in a report: the largest one of a field at some dump. */
export interface ConnectionRef {
  uid: string;
  /** The 5-tuple as text: `10.0.0.1:4711/tcp -> 10.0.0.2:80/tcp`. */
  id: string;
  /** Measured while still open (polled), not at its removal. */
  live: boolean;
  /** 1-based dump it was measured at (for scaling: of the largest workload). */
  dump: number;
  /** The trace or node it was seen in, for checks across subjects (scaling). */
  subject?: string;
}

export interface ScalingEvaluation {
  /** The workload's scaling group, e.g. `conns (tcp-churn, 30m, seed 1)`. */
  group: string;
  unit: string;
  sizes: number[];
  checks: Check[];
}

export interface VariableChange {
  name: string;
  baseline: number;
  current: number;
}

export interface SubjectEvaluation {
  name: string;
  subject: Subject;
  baseline?: BaselineSubject;
  checks: Check[];
  /** Variables at the final dump that the baseline does not know. */
  added: VariableChange[];
  /** Variables the baseline has that no dump logged any more. */
  vanished: VariableChange[];
  /** Variables whose final footprint differs from the baseline. */
  changed: VariableChange[];
  /**
   * Connection fields against the baseline, by their largest connection over the run. Absent when
   * either side has no connection data (then nothing can be said to be new or gone).
   */
  connectionFields?: { added: VariableChange[]; vanished: VariableChange[]; changed: VariableChange[] };
  warnings: string[];
}

export interface Counts {
  passed: number;
  failed: number;
  warned: number;
  unchecked: number;
}
