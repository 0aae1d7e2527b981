// Every fast-check property in `npm test` runs from one fixed seed (test/helpers/property-params.ts):
// a property left without it would draw new random inputs on every run and could turn a clean
// checkout red once in a while, as the suite-loader fuzz test did.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { propertyParams, propertySeed } from '../helpers/property-params.js';
import { REPO } from '../helpers/run-cli.js';
import { fuzzRuns } from './fuzz-runs.js';

function testSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : testSources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

test('every fc.assert in the tests passes the fixed-seed parameters', () => {
  const unseeded: string[] = [];
  let asserts = 0;
  for (const file of testSources(path.join(REPO, 'test'))) {
    const text = readFileSync(file, 'utf8');
    const n = text.split('fc.assert(').length - 1;
    asserts += n;
    const seeded = text.split(/\b(?:propertyParams|fuzzParams)\(\d/).length - 1;
    if (seeded < n) unseeded.push(`${path.relative(REPO, file)}: ${n} fc.assert, ${seeded} with propertyParams/fuzzParams`);
  }
  expect(asserts).toBeGreaterThan(5);
  expect(unseeded).toEqual([]);
});

test('the seed is fixed unless ZEEK_BUDGET_FUZZ_SEED says otherwise', () => {
  expect(propertySeed({})).toBe(propertySeed({ ZEEK_BUDGET_FUZZ_SEED: '' }));
  expect(propertySeed({ ZEEK_BUDGET_FUZZ_SEED: '42' })).toBe(42);
  expect(propertySeed({ ZEEK_BUDGET_FUZZ_SEED: 'random' })).toBeUndefined();
  expect(() => propertySeed({ ZEEK_BUDGET_FUZZ_SEED: 'forty-two' })).toThrow(/whole number or "random"/);
  expect(propertyParams(7).numRuns).toBe(7);
  expect(fuzzRuns(400, {})).toBe(400);
  expect(fuzzRuns(400, { ZEEK_BUDGET_FUZZ_RUNS: '20000' })).toBe(20000);
  expect(() => fuzzRuns(400, { ZEEK_BUDGET_FUZZ_RUNS: 'lots' })).toThrow(/positive whole number/);
});
