// Issue 5 end to end: generated workloads at several sizes, the planted leak of test/fixtures/zeek-scripts
// (fake-zeek.mjs simulates it from its directives), growth and scaling rules.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { useTempDir } from '../helpers/temp-dir.js';
import { cli, FAKE_ZEEK, REPO } from '../helpers/run-cli.js';

const tmp = useTempDir();
const LEAKY = path.join(REPO, 'test', 'fixtures', 'zeek-scripts', 'leaky.zeek');

function suite(redefs: string): string {
  return `traces:
  - workload: { kind: tcp-churn, count: [100, 200, 400], rate: 2 }
    name: conns
zeek:
  scripts: [${LEAKY}]
  interval: 20s
  redefs: { ${redefs} }
budgets:
  - variable: "Leaky::*"
    scaling: { max_per_unit: 0.01 }
  - variable: "Leaky::*"
    growth: { warmup: 40s }
`;
}

async function run(redefs: string) {
  writeFileSync(path.join(tmp(), 's.yaml'), suite(redefs));
  return cli(['budget', '--no-progress', 's.yaml', '--json', 'r.json'], {
    cwd: tmp(),
    env: { ZEEK: FAKE_ZEEK, ZEEK_BUDGET_CACHE: path.join(tmp(), 'cache') },
  });
}

test('a set that keeps every connection fails the scaling and growth budgets, and says how much', async () => {
  const r = await run('"Leaky::expire": false');
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/scaling conns \(tcp-churn, 2\/s, seed 1\) {2}sizes 100, 200, 400 \(connections\)/);
  expect(r.stdout).toMatch(/FAIL Leaky::seen grows 3\.0 per connection \(linear, exponent 1\.00\) — budget allows 0\.010 per connection/);
  expect(r.stdout).toMatch(/trace conns-400 .*\n(.*\n)*? {4}FAIL Leaky::seen \S+ still growing: \+\d+\/h of traffic since \+\d+s/);
  // The generated traces went where ZEEK_BUDGET_CACHE says (the documented cache), one per size.
  expect(
    readdirSync(path.join(tmp(), 'cache'))
      .filter((f) => f.endsWith('.pcap'))
      .map((f) => f.replace(/-h.*$/, '')),
  ).toEqual(['tcp-churn-n100', 'tcp-churn-n200', 'tcp-churn-n400']);
  const json = JSON.parse(readFileSync(path.join(tmp(), 'r.json'), 'utf8'));
  const scaling = json.suites[0].scaling[0];
  expect(scaling.sizes).toEqual([100, 200, 400]);
  const seen = scaling.checks.find((c: { item: string }) => c.item === 'Leaky::seen');
  expect(seen.series).toEqual([300, 600, 1200]);
});

test('the same state with &create_expire passes both', async () => {
  const r = await run('"Leaky::expire": true');
  expect(r.stdout).toMatch(/ok {3}Leaky::seen_expiring grows 0 per connection \(flat/);
  expect(r.stdout).not.toMatch(/FAIL/);
  expect(r.code).toBe(0);
});
