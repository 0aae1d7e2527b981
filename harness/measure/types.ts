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
  /** Packets the node processed since its previous dump (my_stats_runs.log of newer packages; absent in older logs). */
  packets?: number;
  footprints: Map<string, number>;
}

export interface Sample {
  median: number;
  values: number[];
}

export interface TimingSamples {
  footprint_call?: Sample;
  wall?: Sample;
  peak_rss?: Sample;
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
