import { median } from '../util/stats.js';
import { Rng } from '../workloads/prng.js';

/**
 * The median of paired figures (head/base ratios, or head-base differences) with a percentile
 * bootstrap confidence interval over the pairs. Head and base run interleaved (A B A B ...), so
 * pair i saw the same machine at about the same moment: what disturbs one run of a pair disturbs
 * the other, and the ratio cancels much of it. The median of the pairs resists the odd run that a
 * neighbour on a shared CI runner slowed down; the bootstrap says how far that median can be
 * trusted without assuming any distribution of the noise.
 *
 * The seed is fixed, so the same measurements always give the same interval (a report can be
 * re-rendered and a CI decision reproduced); it is not a source of variation worth having.
 */
export const BOOTSTRAP_SEED = 20261201;
export const BOOTSTRAP_RESAMPLES = 4000;
export const BOOTSTRAP_CONFIDENCE = 0.95;

export interface MedianInterval {
  /** The median of the values. */
  median: number;
  low: number;
  high: number;
  /** Of the interval, e.g. 0.95. */
  confidence: number;
  /** How many values (pairs) it rests on. */
  n: number;
}

export interface BootstrapOptions {
  seed?: number;
  resamples?: number;
  confidence?: number;
}

/**
 * Resamples the values with replacement (`resamples` times, `seed`ed), takes each resample's
 * median, and returns the central `confidence` share of those medians (percentile method). With
 * five values the 95% interval of a median is their whole range: one value on the other side of a
 * limit keeps the verdict open, which is what five noisy runs can honestly say.
 */
export function bootstrapMedian(values: number[], opts: BootstrapOptions = {}): MedianInterval | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const confidence = opts.confidence ?? BOOTSTRAP_CONFIDENCE;
  const resamples = opts.resamples ?? BOOTSTRAP_RESAMPLES;
  const rng = new Rng(opts.seed ?? BOOTSTRAP_SEED);
  const medians = new Float64Array(resamples);
  const sample = new Array<number>(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[rng.int(0, n - 1)] as number;
    medians[b] = median(sample);
  }
  medians.sort();
  const tail = (1 - confidence) / 2;
  const lowIndex = Math.min(resamples - 1, Math.floor(tail * resamples));
  const highIndex = Math.max(0, Math.ceil((1 - tail) * resamples) - 1);
  return { median: median(values), low: medians[lowIndex] as number, high: medians[highIndex] as number, confidence, n };
}

/** head[i] / base[i] for every pair with a positive base (a ratio to 0 says nothing). */
export function pairedRatios(head: number[], base: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(head.length, base.length); i++) {
    const h = head[i] as number;
    const b = base[i] as number;
    if (b > 0 && Number.isFinite(h) && Number.isFinite(b)) out.push(h / b);
  }
  return out;
}

/** head[i] - base[i] for every pair. */
export function pairedDifferences(head: number[], base: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(head.length, base.length); i++) {
    const h = head[i] as number;
    const b = base[i] as number;
    if (Number.isFinite(h) && Number.isFinite(b)) out.push(h - b);
  }
  return out;
}
