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
  /** For generated workloads: the scaling group, the size, and what one unit is. */
  workload?: { group: string; size: number; unit: string };
}
