import { fitLine } from './least-squares.js';

export interface GrowthPoint {
  /** Seconds of trace time (network time), or wall time for live clusters. */
  t: number;
  value: number;
}

export interface GrowthAnalysis {
  /** Points after the warm-up that the fit used. */
  points: number;
  /** Fitted growth in entries per hour of traffic, after the warm-up. */
  perHour: number;
  /** True when the footprint never shrank over the last points and ended higher than it started after the warm-up. */
  stillGrowing: boolean;
  /** Seconds since the first point at which the final non-decreasing run started. */
  growingSince?: number;
  first: number;
  last: number;
}

/** Fewer than this many points after the warm-up cannot tell growth from a step. */
export const MIN_GROWTH_POINTS = 3;

/**
 * Fits a variable's footprint against time after a warm-up. Sustained growth — the footprint
 * rising over the run and never falling back at its end — is what a missing expiration looks like;
 * a table that fills and then plateaus or shrinks is not flagged.
 */
export function analyseGrowth(series: GrowthPoint[], warmupSeconds: number): GrowthAnalysis | undefined {
  if (series.length === 0) return undefined;
  const start = (series[0] as GrowthPoint).t;
  const after = series.filter((p) => p.t - start >= warmupSeconds);
  if (after.length < MIN_GROWTH_POINTS) return undefined;
  const fit = fitLine(
    after.map((p) => p.t),
    after.map((p) => p.value),
  );
  const first = (after[0] as GrowthPoint).value;
  const last = (after[after.length - 1] as GrowthPoint).value;
  let runStart = after.length - 1;
  while (runStart > 0 && (after[runStart - 1] as GrowthPoint).value <= (after[runStart] as GrowthPoint).value) runStart--;
  // Growing at the end: the last few points never fell, and there is net growth over them.
  const tailStart = Math.max(0, after.length - MIN_GROWTH_POINTS);
  const stillGrowing = runStart <= tailStart && last > (after[tailStart] as GrowthPoint).value;
  return {
    points: after.length,
    perHour: fit ? fit.slope * 3600 : 0,
    stillGrowing,
    growingSince: stillGrowing ? (after[runStart] as GrowthPoint).t - start : undefined,
    first,
    last,
  };
}
