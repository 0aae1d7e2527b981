// Fuzzing the baseline reader: a baseline is committed, so people edit it, merge it and resolve
// conflicts in it by hand. Damaged baselines must end (bounded) and fail only with a ConfigError
// (or an EnvironmentError for an unreadable file) naming the file and the line.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readBaseline, renderBaseline } from '../../harness/baseline/baseline-file.js';
import type { Baseline } from '../../harness/baseline/types.js';
import { ConfigError } from '../../harness/errors.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { fuzzParams } from './fuzz-runs.js';
import { mutatedInput, tokenSoup } from './mutations.js';
import { untypedFailure } from './typed-failure.js';
import { CASE_MS, FUZZ_TEST_MS, Watchdog } from './watchdog.js';
import { YAML_TOKENS } from './yaml-tokens.js';

const tmp = useTempDir('zeek-budget-fuzz-');
const watchdog = new Watchdog();
// An error that escapes every await (an 'error' event nobody listens to, a lost rejection) fails
// the test by itself: jest reports uncaught exceptions and unhandled rejections as failures.
afterAll(() => watchdog.stop());

const sample: Baseline = {
  suite: 'demo',
  zeek_version: '8.2.2',
  package_version: '0.1.0',
  subjects: {
    'dns-300.pcap': {
      sha256: 'ab'.repeat(32),
      dumps: 4,
      timing: { footprint_call: 0.008123, peak_rss: 125829120, wall: 1.204 },
      variables: { 'DNS::pending_messages': [0, 12, 3, 0], 'Conn::state': [1, 2, 3, 4], GLOBAL_x: [5, 5, 5, 5] },
    },
    'http-100.pcap': { dumps: 2, timing: {}, variables: { 'HTTP::x': [1, 2] } },
  },
};
const rendered = renderBaseline(sample, 'demo.yaml');
// A merge conflict left in the file, as git writes it.
const conflicted = rendered.replace(
  '      Conn::state: [ 1, 2, 3, 4 ]\n',
  '<<<<<<< HEAD\n      Conn::state: [ 1, 2, 3, 4 ]\n=======\n      Conn::state: [ 1, 2, 3, 5 ]\n>>>>>>> branch\n',
);
const empty = 'suite: demo\nzeek_version: "8"\npackage_version: "0"\nsubjects: {}\n';
const seeds = [rendered, empty].map((s) => Buffer.from(s));
const TOKENS = [...YAML_TOKENS, 'subjects', 'variables', 'dumps', 'timing', 'sha256', 'wall', '[ 1, 2 ]', '<<<<<<< HEAD\n', '=======\n', '>>>>>>> b\n'];

const inputs = fc.oneof(
  { weight: 6, arbitrary: mutatedInput(seeds, TOKENS).map(({ seed, bytes }) => ({ how: `seed ${seed} mutated`, bytes })) },
  { weight: 3, arbitrary: tokenSoup(TOKENS).map((bytes) => ({ how: 'token soup', bytes })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => ({ how: 'random bytes', bytes: Buffer.from(b) })) },
);

async function check(file: string, label: string): Promise<'read' | 'failed'> {
  const failure = await watchdog
    .run(label, CASE_MS, () => readBaseline(file))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (failure === undefined) return 'read';
  if (!(failure instanceof ConfigError)) throw new Error(`${label}\nnot a ConfigError: ${(failure as Error).stack}`);
  const problem = untypedFailure(failure, file);
  if (problem) throw new Error(`${label}\n${problem}`);
  expect(failure.message).toMatch(/git checkout -- demo\.baseline\.yaml|--update/);
  return 'failed';
}

test('the rendered sample reads back (the seeds are valid)', async () => {
  const file = path.join(tmp(), 'demo.baseline.yaml');
  writeFileSync(file, rendered);
  expect(await readBaseline(file)).toEqual(sample);
  writeFileSync(file, empty);
  expect(await readBaseline(file)).toEqual({ suite: 'demo', zeek_version: '8', package_version: '0', subjects: {} });
});

test('a merge conflict left in a baseline is a config error naming its line', async () => {
  const file = path.join(tmp(), 'demo.baseline.yaml');
  writeFileSync(file, conflicted);
  expect(await check(file, 'merge conflict')).toBe('failed');
  const line = conflicted.split('\n').findIndex((l) => l.startsWith('<<<<<<<')) + 1;
  await expect(readBaseline(file)).rejects.toThrow(new RegExp(`demo\\.baseline\\.yaml:${line}:`));
});

test('an alias bomb in a baseline is a config error, not a crash or a hang', async () => {
  const file = path.join(tmp(), 'demo.baseline.yaml');
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 0; i < 8; i++)
    bomb.push(
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(97 + i)}`)
        .join(',')}]`,
    );
  writeFileSync(file, `${bomb.join('\n')}\nsuite: demo\n`);
  expect(await check(file, 'alias bomb')).toBe('failed');
  await expect(readBaseline(file)).rejects.toThrow(/demo\.baseline\.yaml:2:\d+: baseline is not valid YAML \(Excessive alias count/);
  // Found by the fuzzer below: an alias to an anchor that is never defined.
  writeFileSync(file, 'suite: demo\n<<: *a\n');
  await expect(readBaseline(file)).rejects.toThrow(/demo\.baseline\.yaml:2:5: baseline is not valid YAML \(Unresolved alias/);
});

test(
  'damaged baselines, YAML soup and random bytes: reading ends, and fails only with a ConfigError naming file and line',
  async () => {
    const file = path.join(tmp(), 'demo.baseline.yaml');
    const outcomes = { read: 0, failed: 0 };
    await fc.assert(
      fc.asyncProperty(inputs, async ({ how, bytes }) => {
        writeFileSync(file, bytes);
        outcomes[await check(file, `readBaseline on ${how} (base64 ${bytes.toString('base64')})`)]++;
      }),
      fuzzParams(400),
    );
    expect(outcomes.failed).toBeGreaterThan(0);
  },
  FUZZ_TEST_MS,
);
