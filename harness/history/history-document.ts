/**
 * What `zeek-budget history` finds: per suite and baseline file, the commits that changed the
 * file and, per trace, the series of each variable's final footprint (and of the total and the
 * timing medians) over those commits. The terminal, json and html reports render this one
 * document. Versioning as for the result document: fields are only added within a version.
 */
export const HISTORY_SCHEMA = 'zeek-budget/history@1';

export interface HistoryCommit {
  hash: string;
  /** git's abbreviation. */
  short: string;
  subject: string;
  /** Author date, ISO 8601. */
  date: string;
  /** Author time, Unix seconds. */
  time: number;
  /** `recorded`: the baseline was read; `deleted`: the commit removed the file; `unreadable`: it could not be parsed there (see notes). */
  state: 'recorded' | 'deleted' | 'unreadable';
}

/** One change of a series: at `commit` (a hash) the value went from `from` to `to`. */
export interface HistoryStep {
  commit: string;
  from: number;
  to: number;
}

export interface HistorySeries {
  /** The trace (or cluster node) the baseline records it for. */
  trace: string;
  /** A variable's name, `total`, or a timing figure (footprint_call, wall, peak_rss, ...). */
  item: string;
  kind: 'variable' | 'total' | 'timing';
  /**
   * One value per commit of the history, in the same order: a variable's footprint at the final
   * dump (0 where the trace is recorded without it: it did not exist), the sum of those, or the
   * timing median; null where the commit's baseline does not record the trace (or the figure).
   */
  values: Array<number | null>;
  /** Every change between two commits that both record the trace, oldest first. */
  steps: HistoryStep[];
}

export interface BaselineHistory {
  /** The baseline file (absolute, as the suite names it now). */
  file: string;
  /** The top of the git repository it is committed in. */
  repository: string;
  /** Oldest first. With --since: the commits from then on, after the last one before (the starting point). */
  commits: HistoryCommit[];
  /** The selected variables that changed, those that changed most first (by their largest step), at most --limit. */
  variables: HistorySeries[];
  /** How many selected variables changed in all. */
  changedVariables: number;
  /** Per trace, the total footprint. */
  totals: HistorySeries[];
  /** Per trace and timing figure, the recorded median. */
  timings: HistorySeries[];
  notes: string[];
}

export interface SuiteHistory {
  name: string;
  file: string;
  baselines: BaselineHistory[];
}

export interface HistoryDocument {
  schema: typeof HISTORY_SCHEMA;
  /** ISO 8601 time the document was written. */
  generatedAt: string;
  cwd: string;
  selection: {
    /** --variable: the glob variables must match. */
    variable: string;
    /** --since, Unix seconds. */
    since?: number;
    /** --limit: variables per baseline. */
    limit: number;
  };
  suites: SuiteHistory[];
}
