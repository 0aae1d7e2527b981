// End-to-end: budgets over logs a cluster already wrote — `zeek-budget check --logs` and suites with
// source: logs — over a zeekctl tree built here and over the recording of a real cluster
// (../shared/zeek-reference/cluster: two workers with a planted leak 0, 0, 1608, 3216, 4824, 4824).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli, REPO } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { CLUSTER_NODE_CFG, clusterDumps, myStatsText, writeZeekctlTree, type TreeDump } from '../sources/zeekctl-tree.js';

const tmp = useTempDir();
const RECORDED = path.resolve(REPO, '..', 'shared', 'zeek-reference', 'cluster');
const RECORDED_2 = path.resolve(REPO, '..', 'shared', 'zeek-reference', 'cluster-2-loggers');
const present = existsSync(RECORDED);
if (!present) console.warn(`skipping tests over the recorded cluster: ${RECORDED} not found (../shared beside the repo)`);
const withRecording = present ? test : test.skip;
const withTwoLoggers = existsSync(RECORDED_2) ? test : test.skip;
if (!existsSync(RECORDED_2)) console.warn(`skipping tests over the recorded two-logger cluster: ${RECORDED_2} not found`);
const START = new Date(2026, 10, 21, 23, 0, 0).getTime() / 1000;

const run = (argv: string[]) => cli(argv, { cwd: tmp(), env: {} });

interface Json {
  suites: Array<{
    subjects: Array<{ name: string; node?: string; trace?: string; dumps: Array<{ footprints: Record<string, number> }> }>;
    runFailures: Array<{ trace: string; message: string }>;
    warnings: string[];
  }>;
}
const readJson = (file: string) => JSON.parse(readFileSync(path.join(tmp(), file), 'utf8')) as Json;

const LEAK_SUITE = `budgets:
  - { variable: "Leaky::seen", node: "worker-*", max: 0 }
  - { variable: "Leaky::seen", node: "logger*", max: 0, measure: max }
`;

withRecording('check --logs over the recorded cluster: the leak fails on both workers, not on the logger', async () => {
  writeFileSync(path.join(tmp(), 'leak.yaml'), LEAK_SUITE + `source: { logs: { paths: [${RECORDED}] } }\n`);
  const r = await run(['check', '--logs', RECORDED, '--suite', 'leak.yaml', '--dumps', 'all', '--json', 'out.json']);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^ {2}node worker-1 {2}6 dumps/m);
  expect(r.stdout).toMatch(/^ {2}node logger-1 {2}5 dumps/m);
  expect(r.stdout).toMatch(/Leaky::seen +- +4824 .*FAIL 4824 exceeds max 0 +variable Leaky::seen \(final, node worker-\*\)/);
  expect(r.stdout).toMatch(/^1 passed, 2 failed/m);
  const subjects = readJson('out.json').suites[0]?.subjects ?? [];
  expect(subjects.map((s) => [s.name, s.node, s.trace])).toEqual([
    ['logger-1', 'logger-1', undefined],
    ['manager', 'manager', undefined],
    ['proxy-1', 'proxy-1', undefined],
    ['worker-1', 'worker-1', undefined],
    ['worker-2', 'worker-2', undefined],
  ]);
  for (const w of ['worker-1', 'worker-2']) {
    expect(subjects.find((s) => s.name === w)?.dumps.map((d) => d.footprints['Leaky::seen'])).toEqual([0, 0, 1608, 3216, 4824, 4824]);
  }
  expect(subjects.find((s) => s.name === 'logger-1')?.dumps.map((d) => d.footprints['Leaky::seen'])).toEqual([0, 0, 0, 0, 0]);
});

withTwoLoggers("check --logs over the recorded two-logger cluster: every node's dumps whole, the final dump (split across both loggers) included", async () => {
  writeFileSync(path.join(tmp(), 'leak.yaml'), LEAK_SUITE + `source: { logs: { paths: [${RECORDED_2}] } }\n`);
  const r = await run(['check', '--logs', path.join(RECORDED_2, 'logs'), '--suite', 'leak.yaml', '--dumps', 'all', '--json', 'out.json']);
  expect(r.code).toBe(1);
  const doc = readJson('out.json').suites[0];
  expect(doc?.warnings).toEqual([]);
  expect(doc?.runFailures).toEqual([]);
  const subjects = doc?.subjects ?? [];
  expect(subjects.map((s) => [s.name, s.dumps.length])).toEqual([
    ['logger-1', 8],
    ['logger-2', 8],
    ['manager', 7],
    ['proxy-1', 7],
    ['worker-1', 7],
    ['worker-2', 7],
  ]);
  // The final dump after connections are flushed: 4917, with all 324 variables.
  for (const w of ['worker-1', 'worker-2']) {
    expect(subjects.find((s) => s.name === w)?.dumps.map((d) => d.footprints['Leaky::seen'])).toEqual([0, 0, 1608, 3216, 4824, 4824, 4917]);
  }
  expect(Object.keys(subjects.find((s) => s.name === 'worker-1')?.dumps.at(-1)?.footprints ?? {})).toHaveLength(324);
  expect(r.stdout).toMatch(/^ {2}node worker-1 {2}7 dumps, total 67773,/m);
});

test('check --logs over a zeek-systemd-generator prefix (two loggers, var/log/zeek and var/spool/zeek)', async () => {
  const prefix = path.join(tmp(), 'zeek');
  writeZeekctlTree(prefix, {
    dumps: clusterDumps({ start: START, interval: 1200, count: 4, leak: 10, nodes: ['logger-1', 'logger-2', 'manager', 'worker-1'] }),
    rotations: [START + 3600],
    runs: true,
    loggers: 2,
    layout: 'systemd',
  });
  const r = await run(['check', '--logs', prefix, '--dumps', 'all', '--json', 'out.json']);
  expect(r.code).toBe(0);
  const subjects = readJson('out.json').suites[0]?.subjects ?? [];
  expect(subjects.map((s) => [s.name, s.dumps.length, s.dumps.at(-1)?.footprints['Leaky::seen']])).toEqual([
    ['logger-1', 4, 0],
    ['logger-2', 4, 0],
    ['manager', 4, 0],
    ['worker-1', 4, 30],
  ]);
});

withRecording('the example suite over the recording: budget runs it without any zeek installed', async () => {
  const r = await cli(['budget', '--no-progress', path.join(REPO, 'suites', 'examples', 'archived-logs.yaml')], { cwd: tmp(), env: { PATH: '/usr/bin:/bin' } });
  expect(r.code).toBe(1);
  expect(r.stderr).not.toMatch(/zeek not found/);
  expect(r.stdout).toMatch(/^suite archived-logs/m);
  expect(r.stdout).toMatch(/node worker-2 [^\n]*\n(.*\n)*? +Leaky::seen +\S+ +4824 .*FAIL/);
});

test('check --logs: no baseline yet, --update writes one entry per node, then changes are judged against it', async () => {
  const tree = (leak: number, extra: TreeDump[] = []) => {
    writeZeekctlTree(path.join(tmp(), `zeek-${leak}`), {
      dumps: [...clusterDumps({ start: START, interval: 1200, count: 6, leak }), ...extra],
      rotations: [START + 3600],
      nodeCfg: CLUSTER_NODE_CFG,
      runs: true,
    });
    return path.join(tmp(), `zeek-${leak}`);
  };
  const before = tree(0);
  const first = await run(['check', '--logs', before]);
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/no baseline yet/);

  const update = await run(['check', '--logs', before, '--update']);
  expect(update.code).toBe(0);
  const baseline = readFileSync(path.join(tmp(), 'baselines', 'logs.baseline.yaml'), 'utf8');
  expect(baseline).toMatch(/^suite: logs$/m);
  // Logs do not say which Zeek wrote them.
  expect(baseline).toMatch(/^zeek_version: unknown$/m);
  expect([...baseline.matchAll(/^ {2}(\S+):$/gm)].map((m) => m[1])).toEqual(['logger-1', 'manager', 'proxy-1', 'worker-1', 'worker-2']);
  expect(baseline).toMatch(/^ {6}Leaky::seen: \[ 0 \]$/m);
  expect(baseline).toMatch(/^ {6}footprint_call: 0\.008006$/m);
  expect((await run(['check', '--logs', before])).code).toBe(0);

  // Later the workers leak: the default rules catch it per node.
  const after = tree(50);
  const r = await run(['check', '--logs', after, '--json', 'r.json']);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/node worker-1 [^\n]*\n(.*\n)*? +Leaky::seen +0 +250 +\+250 .*FAIL grew \+250/);
  expect(r.stdout).toMatch(/node logger-1 /);
  expect(
    readJson('r.json')
      .suites[0]?.subjects.filter((s) => s.dumps[0]?.footprints['Leaky::seen'] === 250)
      .map((s) => s.name),
  ).toEqual(['worker-1', 'worker-2']);

  // --baseline elsewhere: nothing there yet.
  const other = await run(['check', '--logs', after, '--baseline', 'elsewhere.yaml']);
  expect(other.code).toBe(0);
  expect(other.stdout).toMatch(/no baseline yet/);
});

test('a node of node.cfg without dumps is exit 3 naming it; the rest is still judged', async () => {
  writeZeekctlTree(tmp(), {
    dumps: clusterDumps({ start: START, interval: 1200, count: 3, leak: 0, nodes: ['logger-1', 'manager', 'proxy-1', 'worker-1'] }),
    rotations: [],
    nodeCfg: CLUSTER_NODE_CFG,
  });
  const r = await run(['check', '--logs', tmp()]);
  expect(r.code).toBe(3);
  expect(r.stdout).toMatch(/RUN FAILED worker-2: node worker-2 \(worker\) sent no my_stats dumps in the logs/);
  expect(r.stdout).toMatch(/node worker-1 /);
});

test("the original package's cutoff: a variable gone below it is not reported as vanished", async () => {
  const dumps = (big: number): TreeDump[] => [
    { node: 'worker-1', run: 1, ts: START, footprints: { 'DCE_RPC::operations': 17998, ...(big ? { 'Leaky::seen': big } : {}) } },
  ];
  writeFileSync(path.join(tmp(), 'my_stats.log'), myStatsText(dumps(1500), START, START + 60));
  expect((await run(['check', '--logs', 'my_stats.log', '--update'])).code).toBe(0);
  writeFileSync(path.join(tmp(), 'my_stats.log'), myStatsText(dumps(0), START, START + 60));
  const r = await run(['check', '--logs', 'my_stats.log']);
  expect(r.code).toBe(0);
  expect(r.stdout).not.toMatch(/vanished/);
  expect(r.stdout).toMatch(/below the logging cutoff now .*: Leaky::seen \(was 1500\)/);
});

test('bad usage is exit 2: no --logs, a time that is not one, until before since', async () => {
  expect((await run(['check'])).code).toBe(2);
  const since = await run(['check', '--logs', '.', '--since', 'soon']);
  expect(since.code).toBe(2);
  expect(since.stderr).toMatch(/--since: invalid time "soon"/);
  expect((await run(['check', '--logs', '.', '--since', '2026-11-22', '--until', '2026-11-21'])).stderr).toMatch(/--until is before --since/);
  expect((await run(['check', '--logs', '.', '--dumps', 'some'])).code).toBe(2);
});

test('a log path that does not exist is exit 3, named', async () => {
  const r = await run(['check', '--logs', 'nowhere']);
  expect(r.code).toBe(3);
  expect(r.stdout).toContain(`${path.join(tmp(), 'nowhere')}: no such file or directory`);
});
