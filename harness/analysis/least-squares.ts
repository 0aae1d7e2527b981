export interface LinearFit {
  slope: number;
  intercept: number;
  /** Coefficient of determination; 1 for a perfect line, NaN when y does not vary. */
  r2: number;
}

/** Ordinary least squares y = intercept + slope * x. Needs at least two distinct x. */
export function fitLine(xs: number[], ys: number[]): LinearFit | undefined {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return undefined;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? NaN : (sxy * sxy) / (sxx * syy) };
}
