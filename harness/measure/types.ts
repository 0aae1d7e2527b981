/** One footprint dump: every global's footprint at one moment, plus what the package logged about the dump. */
export interface Dump {
  run: number;
  node: string;
  ts: number;
  networkTime?: number;
  reason?: string;
  /** Seconds global_container_footprints() took. */
  duration?: number;
  total?: number;
  peakRss?: number;
  /** Globals measured but not logged, below my_stats::min_var_size_to_log (known from my_stats_runs.log). */
  unlogged?: number;
  /** Current resident memory in bytes at the dump (newer packages on Zeek >= 7.0). */
  rss?: number;
  /** Packets processed since the previous dump (newer packages). */
  packets?: number;
  /** Rows the dump wrote to my_stats_conns.log, as its runs row says (newer packages). */
  connsLogged?: number;
  footprints: ReadonlyMap<string, number>;
  /**
   * Connection fields measured since the previous dump, by field name (`(connection)` is the whole
   * record). Undefined: the logs carry no connection data for this dump (an older package, or the
   * original corelight/my_stats); an empty map: the package measured connections and saw none.
   */
  conns?: Map<string, ConnField>;
}

/** One connection field over the connections measured in one dump interval. */
export interface ConnField {
  connections: number;
  total: number;
  /** The largest single connection's footprint of the field. */
  max: number;
  /** That connection: uid, 5-tuple text, and whether it was still open (polled) when measured. */
  uid: string;
  id: string;
  live: boolean;
}

/** The name my_stats_conns.log gives the whole connection record. */
export const WHOLE_CONNECTION = '(connection)';

export interface Sample {
  median: number;
  values: number[];
}

export interface TimingSamples {
  footprint_call?: Sample;
  wall?: Sample;
  peak_rss?: Sample;
  /** Current resident memory at the final dump of each run. */
  rss?: Sample;
  /** The largest current resident memory over the dumps of each run. */
  rss_max?: Sample;
}

/**
 * What budgets are evaluated on: one trace run by zeek (node ''), or one node of a cluster.
 * Footprints come from one run; timings are samples over the repeats.
 */
export interface Subject {
  name: string;
  trace?: string;
  node?: string;
  dumps: Dump[];
  timing: TimingSamples;
  trace_sha256?: string;
  /**
   * Set when the logs left variables out below a size cutoff (my_stats::min_var_size_to_log, the
   * original package's default 1024): the smallest footprint logged. A variable absent from a dump
   * then had a footprint below this, not zero.
   */
  cutoff?: number;
  /** For generated workloads: the scaling group, the size, and what one unit is. */
  workload?: { group: string; size: number; unit: string };
}
