/** When things start: evenly over a span of trace time, each shifted by seeded jitter, never out of order. */
import { deriveSeed, mix32 } from './prng.js';

/** 2024-01-01 00:00:00 UTC in microseconds: every generated trace starts here. */
export const TRACE_EPOCH_US = 1_704_067_200_000_000;

/**
 * Start time (µs) of item i of `count` spread over `spanUs`. Item i lands in the i-th of `count`
 * equal slots, at a random point in the first 80% of its slot, so starts are strictly ordered by i.
 */
export function spreadStart(i: number, count: number, spanUs: number, seed: number): number {
  const jitter = (mix32(deriveSeed(seed, 0x4a495454, i)) / 4294967296) * 0.8;
  return TRACE_EPOCH_US + Math.floor(((i + jitter) * spanUs) / count);
}
