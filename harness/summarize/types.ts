export type GroupBy = 'module' | 'variable' | 'node';

/** Which dump of each node is summarized: the latest (by time), the one with the largest total, or run N. */
export type RunSelector = 'last' | 'max' | number;

export interface SummarizeOptions {
  /** Group keys, e.g. ['module'] or ['node', 'module']. */
  by: GroupBy[];
  /** Keep only the N largest groups (the rest are counted in `omitted`). */
  top?: number;
  run: RunSelector;
  node?: string;
  module?: string;
  skipMalformed?: boolean;
  /**
   * Read every log from start to end even for --run last (by default only the newest files and
   * the end of a plain log are read: what holds each node's newest dump).
   */
  fullRead?: boolean;
}

export interface SummaryFile {
  file: string;
  kind: 'plain' | 'live' | 'archive';
  format: 'ascii' | 'json' | 'empty';
  compressed: boolean;
  closed: boolean;
  rows: number;
  skippedLines: number;
  /** whole: read from start to end; tail: only its end (the newest dumps), rows counts what was read. */
  read: 'whole' | 'tail';
}

export interface SelectedDump {
  run: number;
  /** Wall-clock time of the dump's first row (seconds since the epoch). */
  ts: number;
  /** Footprint of the dump (after --module), and how many variables it logged. */
  total: number;
  variables: number;
}

export interface NodeSummary {
  /** Cluster::node; '' for a standalone Zeek. */
  node: string;
  dumps: number;
  /** Process lifetimes seen: more than 1 means the node restarted (its run numbers started over). */
  lifetimes: number;
  firstTs: number;
  lastTs: number;
  /** null when no dump of this node matches --run. */
  selected: SelectedDump | null;
}

export interface SummaryGroup {
  /** One entry per --by key, e.g. { node: 'worker-1', module: 'Log' }. */
  key: Partial<Record<GroupBy, string>>;
  footprint: number;
  /** footprint / total, 0..1. */
  share: number;
  variables: number;
}

export interface Summary {
  /** The files opened. */
  files: SummaryFile[];
  /** Files found but not opened: older rotations, not needed for the newest dump of each node. */
  unopened: number;
  /** How the logs were read (what --verbose prints): how far back, and why a log was read whole. */
  notes: string[];
  warnings: string[];
  by: GroupBy[];
  run: RunSelector;
  nodes: NodeSummary[];
  groups: SummaryGroup[];
  /** Groups left out by --top, and their footprint. */
  omitted: { groups: number; footprint: number };
  total: number;
}
