// Fuzzing the suite loader: damaged suites, YAML token soup and random bytes. Loading must end
// (bounded) and fail only with a ConfigError naming the suite file and the line.
import fc from 'fast-check';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../harness/errors.js';
import { parseSuite } from '../../harness/suite/load-suite.js';
import { REPO } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { fuzzRuns } from './fuzz-runs.js';
import { mutatedInput, tokenSoup } from './mutations.js';
import { untypedFailure } from './typed-failure.js';
import { Watchdog } from './watchdog.js';
import { YAML_TOKENS } from './yaml-tokens.js';

const tmp = useTempDir('zeek-budget-fuzz-');
const watchdog = new Watchdog();
// An error that escapes every await (an 'error' event nobody listens to, a lost rejection) fails
// the test by itself: jest reports uncaught exceptions and unhandled rejections as failures.
afterAll(() => watchdog.stop());

const RUNS = fuzzRuns(400);

// Every kind of key the schema knows, with paths that exist in the fuzz directory.
const RICH = `# yaml-language-server: $schema=../schema.json
name: fuzz
description: every feature
zeek:
  scripts: [./extra.zeek, local]
  redefs: { "Foo::enabled": true, "Foo::n": 3, "Foo::s": '"x"' }
  args: [-b]
  env: { A: "1" }
  interval: 10 secs
  first_delay: 0s
traces:
  - traces/a.pcap
  - "traces/*.pcap"
  - { path: traces/c.pcapng.gz, name: big }
  - workload: { kind: tcp-churn, count: [100, 200], rate: 20 }
    name: conns
  - workload: { kind: dns, count: 50, duration: 30m, seed: 1 }
repeat: 3
timeout: 1m30s
baseline: baselines/x.baseline.yaml
top: 5
budgets:
  - { variable: "DNS::*", max: 5000, level: warn, trace: "a*", node: "worker-*", measure: each }
  - { module: Conn, increase: { percent: 5, absolute: 50 }, measure: max, name: conn }
  - { total: true, increase: { percent: 1 } }
  - { timing: peak_rss, max: 512MB }
  - { timing: footprint_call, max: 50ms, increase: { percent: 25, absolute: 5ms } }
  - { variable: "Leaky::*", growth: { warmup: 2m, max_per_hour: 0 } }
  - { module: Leaky, scaling: { max_per_unit: 0.01, max_exponent: 0 } }
`;
const LOGS = `name: logs
source:
  logs: { paths: [logs], dumps: all, since: "2026-11-22T14:45:00Z", until: "2026-11-22T15:00:00Z", stale_after: 10m }
budgets:
  - { variable: "Leaky::seen", node: "worker-*", max: 0 }
`;
const CLUSTER = `name: cluster
source:
  zeekctl:
    mode: deploy
    dumps: 4
    timeout: 5m
    replay: { interface: lo, traces: [traces/a.pcap], speed: top }
zeek:
  scripts: [./extra.zeek]
  interval: 10s
budgets:
  - { total: true, node: manager, increase: { percent: 1 } }
`;

function examples(): Buffer[] {
  const dir = path.join(REPO, 'suites', 'examples');
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(path.join(dir, f)));
}

const seeds: Buffer[] = [...[RICH, LOGS, CLUSTER, 'traces: [traces/a.pcap]\n'].map((s) => Buffer.from(s)), ...examples()];
const SUITE_TOKENS = [...YAML_TOKENS, 'traces', 'budgets', 'zeek', 'source', 'workload', 'kind: scan', 'count: [1, 2]', 'max: ', 'increase: ',
  'percent: ', 'variable: ', 'timing: wall', 'measure: each', 'traces/a.pcap', 'traces/*', 'traces', 'nope.pcap', '../', '5m', '-1s', '1e3GB'];

const inputs = fc.oneof(
  { weight: 6, arbitrary: mutatedInput(seeds, SUITE_TOKENS).map(({ seed, bytes }) => ({ how: `seed ${seed} mutated`, bytes })) },
  { weight: 3, arbitrary: tokenSoup(SUITE_TOKENS).map((bytes) => ({ how: 'token soup', bytes })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => ({ how: 'random bytes', bytes: Buffer.from(b) })) },
);

test('damaged suites, YAML soup and random bytes: loading ends, and fails only with a ConfigError naming file and line', async () => {
  const dir = tmp();
  mkdirSync(path.join(dir, 'traces'));
  for (const t of ['a.pcap', 'b.pcap', 'c.pcapng.gz']) writeFileSync(path.join(dir, 'traces', t), 'x');
  writeFileSync(path.join(dir, 'extra.zeek'), '# a script\n');
  const file = path.join(dir, 'suite.yaml');
  let loaded = 0;
  await fc.assert(
    fc.asyncProperty(inputs, async ({ how, bytes }) => {
      const label = `parseSuite on ${how} (base64 ${bytes.toString('base64')})`;
      const text = bytes.toString('utf8');
      const failure = await watchdog
        .run(label, 3000, () => parseSuite(text, file, { workloadCache: path.join(dir, 'cache') }))
        .then(() => { loaded++; return undefined; }, (e: unknown) => e);
      if (failure !== undefined) {
        if (!(failure instanceof ConfigError)) throw new Error(`${label}\nnot a ConfigError: ${(failure as Error).stack}`);
        const problem = untypedFailure(failure, file);
        if (problem) throw new Error(`${label}\n${problem}`);
      }
    }),
    { numRuns: RUNS },
  );
  // Some mutations leave a valid suite: the property saw both outcomes.
  expect(loaded).toBeGreaterThan(0);
});
