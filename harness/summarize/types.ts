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
  /** Wall-clock time of the dump (seconds since the epoch): the ts of its rows. */
  ts: number;
  /** Footprint of the dump (after --module), and how many variables it logged. */
  total: number;
  variables: number;
  /** Current resident memory at the dump, from my_stats_runs.log (newer packages on Zeek >= 7.0). */
  rss?: number;
}

export interface NodeSummary {
  /** Cluster::node; '' for a standalone Zeek. */
  node: string;
  /** Its dumps: complete ones (our package's runs log says so), or every one in logs without a runs log. */
  dumps: number;
  /** Process lifetimes seen: more than 1 means the node restarted (its run numbers started over). */
  lifetimes: number;
  /** Dumps left out because rows or their runs row are missing from the files read (another logger's files, a live log). */
  incomplete: number;
  /** Packets the node processed over its dumps (runs logs with the `packets` column only): 0 means idle. */
  packets?: number;
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

/**
 * One connection field (`(connection)`: the whole record) over the selected dumps: the connections
 * measured in the interval before each dump (removed ones, and open ones polled).
 */
export interface ConnectionGroup {
  field: string;
  /** Set when grouping by node (--by node...). */
  node?: string;
  connections: number;
  /** Sum of the connections' footprints of the field. */
  total: number;
  /** The largest single connection's footprint, and where it was. */
  max: number;
  maxNode: string;
  uid: string;
  id: string;
  /** Still open when measured (polled), not at its removal. */
  live: boolean;
}

export interface ConnectionSummary {
  groups: ConnectionGroup[];
  /** Groups left out by --top. */
  omitted: { groups: number; total: number };
}

/** A runs or conns log read beside the my_stats logs: they say which rows make a dump, its rss and its connection fields. */
export interface CompanionFile {
  file: string;
  log: 'my_stats_runs' | 'my_stats_conns';
  rows: number;
}

export interface Summary {
  /** The my_stats files opened. */
  files: SummaryFile[];
  /**
   * Files found but not opened (any of the package's logs): older rotations, not needed for the
   * newest dump of each node. Then, and when a file was read only at its end, the nodes' dumps,
   * lifetimes, incomplete, packets and firstTs count what was read.
   */
  unopened: number;
  /** How the logs were read (what --verbose prints): how far back, and why a log was read whole. */
  notes: string[];
  /** my_stats_runs and my_stats_conns logs read beside them (our package only): dumps, rss and connection fields. */
  companionFiles: CompanionFile[];
  warnings: string[];
  by: GroupBy[];
  run: RunSelector;
  nodes: NodeSummary[];
  groups: SummaryGroup[];
  /** Groups left out by --top, and their footprint. */
  omitted: { groups: number; footprint: number };
  total: number;
  /** Connection fields of the same dumps; null when the logs have no my_stats_conns.log. */
  connections: ConnectionSummary | null;
}
