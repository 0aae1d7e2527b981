// Fuzzing the suite loader: damaged suites, YAML token soup and random bytes. Loading must end
// (bounded) and fail only with a ConfigError naming the suite file and the line.
import fc from 'fast-check';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../harness/errors.js';
import { parseSuite } from '../../harness/suite/load-suite.js';
import { REPO } from '../helpers/run-cli.js';
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
  - "traces/b*.pcap"
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

// The shipped examples, loaded as if they sat in suites/examples/ of a repository beside ../shared:
// the fuzz directory mirrors the paths they name, so every seed loads before it is damaged.
const EXAMPLES = path.join(REPO, 'suites', 'examples');
const exampleFiles = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const seedTexts: Array<[string, string]> = [
  ['rich', RICH],
  ['logs', LOGS],
  ['cluster', CLUSTER],
  ['one line', 'traces: [traces/a.pcap]\n'],
  ...exampleFiles.map((f): [string, string] => [f, readFileSync(path.join(EXAMPLES, f), 'utf8')]),
];
const seeds: Buffer[] = seedTexts.map(([, text]) => Buffer.from(text));

/** Lays out the files the seeds name; returns the suite file to parse as. */
function fuzzTree(root: string): string {
  const suiteDir = path.join(root, 'repo', 'suites', 'examples');
  const files = [
    'repo/suites/examples/traces/a.pcap',
    'repo/suites/examples/traces/b.pcap',
    'repo/suites/examples/traces/c.pcapng.gz',
    'repo/test/fixtures/zeek-scripts/leaky.zeek',
    'repo/test/fixtures/zeek-scripts/leaky-expiring.zeek',
    'shared/pcaps/wikipedia.pcap',
    'shared/pcaps/echo-connections.pcap.gz',
    'shared/pcaps/http-bro.org.pcap',
  ];
  for (const f of files) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), 'x');
  }
  writeFileSync(path.join(suiteDir, 'extra.zeek'), '# a script\n');
  return path.join(suiteDir, 'suite.yaml');
}

const SUITE_TOKENS = [
  ...YAML_TOKENS,
  'traces',
  'budgets',
  'zeek',
  'source',
  'workload',
  'kind: scan',
  'count: [1, 2]',
  'max: ',
  'increase: ',
  'percent: ',
  'variable: ',
  'timing: wall',
  'measure: each',
  'traces/a.pcap',
  'traces/*',
  'traces',
  'nope.pcap',
  '../',
  '5m',
  '-1s',
  '1e3GB',
];

const inputs = fc.oneof(
  { weight: 6, arbitrary: mutatedInput(seeds, SUITE_TOKENS).map(({ seed, bytes }) => ({ how: `seed ${seed} mutated`, bytes })) },
  { weight: 3, arbitrary: tokenSoup(SUITE_TOKENS).map((bytes) => ({ how: 'token soup', bytes })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => ({ how: 'random bytes', bytes: Buffer.from(b) })) },
);

const load = (text: string, file: string, dir: string) => parseSuite(text, file, { workloadCache: path.join(dir, 'cache') });

test.each(seedTexts)('the seed %s loads as it is (every seed is valid before it is damaged)', async (_name, text) => {
  const dir = tmp();
  const suite = await load(text, fuzzTree(dir), dir);
  expect(suite.traces.length > 0 || suite.source.kind !== 'zeek').toBe(true);
});

test(
  'damaged suites, YAML soup and random bytes: loading ends, and fails only with a ConfigError naming file and line',
  async () => {
    const dir = tmp();
    const file = fuzzTree(dir);
    const outcomes = { loaded: 0, failed: 0 };
    await fc.assert(
      fc.asyncProperty(inputs, async ({ how, bytes }) => {
        const label = `parseSuite on ${how} (base64 ${bytes.toString('base64')})`;
        const text = bytes.toString('utf8');
        const failure = await watchdog
          .run(label, CASE_MS, () => load(text, file, dir))
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        if (failure === undefined) {
          outcomes.loaded++;
          return;
        }
        outcomes.failed++;
        if (!(failure instanceof ConfigError)) throw new Error(`${label}\nnot a ConfigError: ${(failure as Error).stack}`);
        const problem = untypedFailure(failure, file);
        if (problem) throw new Error(`${label}\n${problem}`);
      }),
      fuzzParams(400),
    );
    // Both outcomes were seen: some damage leaves a valid suite, most reaches the error paths.
    expect(outcomes.loaded).toBeGreaterThan(0);
    expect(outcomes.failed).toBeGreaterThan(0);
  },
  FUZZ_TEST_MS,
);
