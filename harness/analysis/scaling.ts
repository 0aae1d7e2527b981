import { fitLine } from './least-squares.js';

export interface ScalingPoint {
  /** Size of the workload (connections, queries, ...). */
  size: number;
  value: number;
}

export type ScalingClass = 'flat' | 'sublinear' | 'linear' | 'superlinear';

export interface ScalingAnalysis {
  /** Entries added per unit of work (slope of the linear fit). */
  perUnit: number;
  /** Fitted exponent k of value ~ a + b * size^k; 0 when the footprint does not grow. */
  exponent: number;
  class: ScalingClass;
  points: number;
}

/**
 * Fits final footprints against workload size. The exponent k comes from fitting
 * value = a + b * size^k (a >= 0: state that exists before any traffic) over a grid of k, so a
 * fixed table of 100 entries plus one per connection reads as linear (1.0), not as 0.95.
 */
export function analyseScaling(points: ScalingPoint[]): ScalingAnalysis | undefined {
  const sorted = [...points].sort((a, b) => a.size - b.size);
  if (new Set(sorted.map((p) => p.size)).size < 2) return undefined;
  const line = fitLine(
    sorted.map((p) => p.size),
    sorted.map((p) => p.value),
  );
  if (!line) return undefined;
  const maxSize = Math.max(...sorted.map((p) => p.size));
  const minSize = Math.min(...sorted.map((p) => p.size));
  // Less than one entry of change over the whole range is noise, not growth.
  if (line.slope <= 0 || line.slope * (maxSize - minSize) < 1) {
    return { perUnit: Math.max(0, line.slope), exponent: 0, class: 'flat', points: sorted.length };
  }
  const exponent = bestExponent(sorted);
  return { perUnit: line.slope, exponent, class: classify(exponent), points: sorted.length };
}

const MAX_EXPONENT = 3;
const STEP = 0.01;

function bestExponent(points: ScalingPoint[]): number {
  // Sizes are scaled to at most 1 so size^k stays well-conditioned for every k on the grid.
  const scale = Math.max(...points.map((p) => p.size));
  const xs = points.map((p) => p.size / scale);
  const ys = points.map((p) => p.value);
  let best = { k: 1, err: Infinity };
  for (let k = STEP; k <= MAX_EXPONENT + 1e-9; k += STEP) {
    const err = residual(
      xs.map((x) => x ** k),
      ys,
    );
    if (err < best.err - 1e-9) best = { k, err };
  }
  return Math.round(best.k * 100) / 100;
}

/** Squared error of the best y = a + b*u with a >= 0 and b >= 0. */
function residual(us: number[], ys: number[]): number {
  const fit = fitLine(us, ys);
  let a = fit?.intercept ?? 0;
  let b = fit?.slope ?? 0;
  if (a < 0 || !fit) {
    a = 0;
    const suu = us.reduce((s, u) => s + u * u, 0);
    b = suu > 0 ? us.reduce((s, u, i) => s + u * (ys[i] as number), 0) / suu : 0;
  }
  if (b < 0) return Infinity;
  return us.reduce((s, u, i) => s + ((ys[i] as number) - a - b * u) ** 2, 0);
}

function classify(k: number): ScalingClass {
  if (k < 0.15) return 'flat';
  if (k < 0.85) return 'sublinear';
  if (k <= 1.15) return 'linear';
  return 'superlinear';
}
