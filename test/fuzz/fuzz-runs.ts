import { propertyParams } from '../helpers/property-params.js';

/** Cases per fuzz property: a few hundred in `npm test`; ZEEK_BUDGET_FUZZ_RUNS=20000 for a longer soak. */
export function fuzzRuns(defaultRuns: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ZEEK_BUDGET_FUZZ_RUNS;
  if (raw === undefined || raw === '') return defaultRuns;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`ZEEK_BUDGET_FUZZ_RUNS must be a positive whole number, got ${JSON.stringify(raw)}`);
  return n;
}

/** The fast-check parameters of a fuzz property: the fixed (or given) seed and the number of cases. */
export function fuzzParams(defaultRuns: number): { seed?: number; numRuns: number } {
  return propertyParams(fuzzRuns(defaultRuns));
}
