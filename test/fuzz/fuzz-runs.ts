/** Cases per fuzz property: a few hundred in `npm test`; ZEEK_BUDGET_FUZZ_RUNS=20000 for a longer soak. */
export function fuzzRuns(defaultRuns: number): number {
  const n = Number(process.env.ZEEK_BUDGET_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : defaultRuns;
}
