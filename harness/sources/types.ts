import type { SuiteRun } from '../measure/run-result.js';

/** What a source (logs, a zeekctl cluster) hands to the evaluation: the same as a suite's zeek runs. */
export interface SourceRun extends SuiteRun {
  /** The Zeek version that wrote the data, when the source knows it (a cluster's zeek); logs do not say. */
  zeekVersion?: string;
  zeekPath?: string;
}

export interface SourceOptions {
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  /**
   * Progress notes for people watching (a cluster run takes minutes): "deploying", "waiting for
   * dumps". `cleanup` notes say what zeek-budget does to put a cluster back (stopping nodes it
   * started after an interruption): worth showing even without progress output.
   */
  onNote?: (suite: string, note: string, kind?: 'cleanup') => void;
}
