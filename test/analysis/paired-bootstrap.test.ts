// The bootstrap interval of a median over paired runs: fixed seed, and data whose bootstrap
// distribution is known exactly (for an odd number of values the resampled median is always one of
// the values, and P(median <= x_(k)) = P(at least (n+1)/2 of n draws are <= x_(k)), a binomial sum).
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, bootstrapMedian, pairedDifferences, pairedRatios } from '../../harness/analysis/paired-bootstrap.js';
import { Rng } from '../../harness/workloads/prng.js';

function binomialAtLeast(n: number, p: number, atLeast: number): number {
  let sum = 0;
  for (let j = atLeast; j <= n; j++) {
    let c = 1;
    for (let i = 0; i < j; i++) c = (c * (n - i)) / (i + 1);
    sum += c * p ** j * (1 - p) ** (n - j);
  }
  return sum;
}

/** The exact percentile interval of the bootstrap median of n distinct sorted values (n odd). */
function exactInterval(sorted: number[], confidence: number): { low: number; high: number; cdf: number[] } {
  const n = sorted.length;
  const cdf = sorted.map((_, k) => binomialAtLeast(n, (k + 1) / n, (n + 1) / 2));
  const tail = (1 - confidence) / 2;
  const lowK = cdf.findIndex((f) => f > tail);
  const highK = cdf.findIndex((f) => f >= 1 - tail);
  return { low: sorted[lowK]!, high: sorted[highK]!, cdf };
}

test('five pairs: the 95% interval of the median is the whole range (one value beyond a limit keeps it open)', () => {
  const ratios = [1.4, 0.8, 1.2, 0.9, 1.3];
  const exact = exactInterval(
    [...ratios].sort((a, b) => a - b),
    0.95,
  );
  // P(resampled median = smallest value) is 5.8%, well above 2.5%: so the ends are the extremes.
  expect(exact.cdf[0]).toBeCloseTo(0.05792, 5);
  const r = bootstrapMedian(ratios);
  expect(r).toEqual({ median: 1.2, low: 0.8, high: 1.4, confidence: 0.95, n: 5 });
});

test('eleven values: the interval is the exact bootstrap percentile interval', () => {
  const values = [3, 9, 1, 7, 11, 5, 2, 10, 4, 8, 6];
  const exact = exactInterval(
    [...values].sort((a, b) => a - b),
    0.95,
  );
  // The check is only sharp where no order statistic's probability sits near 2.5% or 97.5%.
  for (const f of exact.cdf) expect(Math.min(Math.abs(f - 0.025), Math.abs(f - 0.975))).toBeGreaterThan(0.01);
  const r = bootstrapMedian(values);
  expect(r?.median).toBe(6);
  expect([r?.low, r?.high]).toEqual([exact.low, exact.high]);
  expect(exact.low).toBeGreaterThan(1);
  expect(exact.high).toBeLessThan(11);
});

test('the same data and seed give the same interval; the seed is fixed by default', () => {
  const rng = new Rng(7);
  const values = Array.from({ length: 24 }, () => 1 + rng.float());
  const a = bootstrapMedian(values);
  expect(bootstrapMedian([...values])).toEqual(a);
  expect(bootstrapMedian(values, { seed: BOOTSTRAP_SEED, resamples: BOOTSTRAP_RESAMPLES })).toEqual(a);
});

test('an even count: the median is the mean of the middle two, and the interval lies within the data', () => {
  const r = bootstrapMedian([1, 2, 3, 10]);
  expect(r?.median).toBe(2.5);
  expect(r!.low).toBeGreaterThanOrEqual(1);
  expect(r!.high).toBeLessThanOrEqual(10);
  expect(r!.low).toBeLessThan(r!.high);
});

test('more pairs from the same noise give a narrower interval around the same centre', () => {
  const rng = new Rng(11);
  // Ratios of a 20% slowdown with noise of +-15%: deterministic pseudo-random data.
  const draw = (n: number) => Array.from({ length: n }, () => 1.2 * (0.85 + 0.3 * rng.float()));
  const few = bootstrapMedian(draw(5))!;
  const many = bootstrapMedian(draw(60))!;
  expect(many.high - many.low).toBeLessThan(few.high - few.low);
  expect(many.low).toBeGreaterThan(1.1);
  expect(many.low).toBeLessThan(1.2);
  expect(many.high).toBeGreaterThan(1.2);
});

test('identical pairs: a zero-width interval; no values: no interval', () => {
  expect(bootstrapMedian([2, 2, 2, 2, 2])).toEqual({ median: 2, low: 2, high: 2, confidence: 0.95, n: 5 });
  expect(bootstrapMedian([])).toBeUndefined();
  expect(bootstrapMedian([1, 2, 3], { confidence: 0.5 })?.confidence).toBe(0.5);
});

test('pairs: ratios skip a base of 0 (a ratio to nothing says nothing); differences keep every pair', () => {
  expect(pairedRatios([2, 3, 4], [1, 0, 2])).toEqual([2, 2]);
  expect(pairedDifferences([2, 3, 4], [1, 0, 2])).toEqual([1, 3, 2]);
  expect(pairedRatios([1, 2], [1])).toEqual([1]);
});
