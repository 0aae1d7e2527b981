import type { Dump, Subject } from './types.js';
import type { Suite, TraceRef } from '../suite/types.js';

// What a run (of zeek over a trace, or of a source such as a cluster) hands on: the layers above
// (sources, runner, pipeline) share these types without importing each other.

export type RunFailureKind = 'timeout' | 'crash' | 'exit' | 'no-logs' | 'bad-log' | 'aborted';

export interface RunFailure {
  kind: RunFailureKind;
  message: string;
}

export interface RunResult {
  suite: string;
  trace: TraceRef;
  repeat: number;
  command: string;
  runDir?: string;
  wallSeconds: number;
  dumps: Dump[];
  warnings: string[];
  failure?: RunFailure;
  /** With --against / --zeek-base: the side the run belongs to (absent: head, or a plain run). */
  side?: 'head' | 'base';
}

export interface SuiteRun {
  suite: Suite;
  subjects: Subject[];
  /** Runs that failed: zeek crashed, timed out, exited non-zero, or its logs were unreadable. */
  failures: RunResult[];
  warnings: string[];
  /** Traces in the suite that were not run (filtered out). */
  skippedTraces: string[];
}
