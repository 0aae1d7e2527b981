// End-to-end: the zeekctl source against the fake zeekctl in the layouts Zeek 8 clusters have:
// two loggers (each node's rows spread over both loggers' files, its final dump split, runs rows in
// the other file, archives with -logger-N), a standalone node, and workers that see no traffic.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  budgetOnCluster,
  byLogger,
  clusterSuite,
  fakeInstallation,
  killFakeCluster,
  LEAK_BUDGETS,
  nodePids,
  REPLAY,
  STANDALONE,
  TWO_LOGGERS,
  type ClusterSubject,
} from '../zeekctl/fake-cluster.js';

let dir = '';
let prefix = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zeek-budget-cluster-'));
});
afterEach(async () => {
  if (prefix) await killFakeCluster(prefix);
  rmSync(dir, { recursive: true, force: true });
});

const leak = (s: ClusterSubject | undefined) => s?.dumps.map((d) => d.footprints['Leaky::seen']);

/** The rows of a gzip'ed archive whose name matches, per node and run. */
function archiveRows(day: string, pattern: RegExp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of readdirSync(day).filter((n) => pattern.test(n))) {
    for (const line of gunzipSync(readFileSync(path.join(day, f)))
      .toString('utf8')
      .split('\n')) {
      if (!/^\d/.test(line)) continue;
      const [, run, node] = line.split('\t');
      const key = `${f.includes('logger-2') ? 2 : 1} ${node} ${run}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

test("two loggers: every node's dumps come back whole from both loggers' files; the fake spreads and splits them as the recording shows", async () => {
  prefix = fakeInstallation(dir, TWO_LOGGERS);
  const r = await budgetOnCluster(dir, [clusterSuite(dir, prefix, { mode: 'deploy', dumps: 3, replay: REPLAY }, LEAK_BUDGETS)]);
  expect(r.suite?.runFailures).toEqual([]);
  expect(r.suite?.warnings).toEqual([]);
  expect(r.code).toBe(1);
  const subjects = r.suite?.subjects ?? [];
  expect(subjects.map((s) => [s.name, s.dumps.length])).toEqual([
    ['logger-1', 3],
    ['logger-2', 3],
    ['manager', 3],
    ['proxy-1', 3],
    ['worker-1', 3],
    ['worker-2', 3],
  ]);
  expect(leak(subjects[4])?.at(-1)).toBe(600);
  expect(leak(subjects[0])).toEqual([0, 0, 0]);
  // Every dump has all its variables, wherever its rows were.
  const sizes = new Set(subjects.flatMap((s) => s.dumps.map((d) => Object.keys(d.footprints).length)));
  expect(sizes.size).toBe(1);
  expect(nodePids(prefix)).toEqual([]);
  // The archives: one per logger, named after it.
  const days = readdirSync(path.join(prefix, 'logs')).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  const day = path.join(prefix, 'logs', days[0] ?? '');
  expect(
    readdirSync(day)
      .filter((f) => f.startsWith('my_stats.'))
      .sort(byLogger),
  ).toEqual([
    expect.stringMatching(/^my_stats\.\d\d:\d\d:\d\d-\d\d:\d\d:\d\d-logger-1\.log\.gz$/),
    expect.stringMatching(/^my_stats\.\d\d:\d\d:\d\d-\d\d:\d\d:\d\d-logger-2\.log\.gz$/),
  ]);
  const rows = archiveRows(day, /^my_stats\.\d/);
  // worker-1's dumps alternate between the loggers, its final one (the last run) split across both.
  const w1 = [...rows.keys()].filter((k) => k.includes(' worker-1 '));
  const runs = [...new Set(w1.map((k) => Number(k.split(' ')[2])))].sort((a, b) => a - b);
  const final = runs.at(-1) ?? 0;
  expect(rows.get(`1 worker-1 ${final}`)).toBeGreaterThan(0);
  expect(rows.get(`2 worker-1 ${final}`)).toBeGreaterThan(0);
  expect(w1.filter((k) => k.startsWith('1 ')).length).toBeGreaterThan(1);
  expect(w1.filter((k) => k.startsWith('2 ')).length).toBeGreaterThan(1);
  // A logger's own rows only in its own file.
  expect([...rows.keys()].filter((k) => k.includes(' logger-1 ')).every((k) => k.startsWith('1 '))).toBe(true);
  // Runs rows: some of worker-1's in the other logger's file than its rows.
  const runsRows = archiveRows(day, /^my_stats_runs\./);
  expect([1, 2].every((l) => [...runsRows.keys()].some((k) => k.startsWith(`${l} worker-1 `)))).toBe(true);
}, 60_000);

test('a standalone node: its subject is "standalone"; without traffic it is idle (a warning, not a failure), with a replay it is not', async () => {
  prefix = fakeInstallation(dir, STANDALONE);
  const quiet = await budgetOnCluster(dir, [clusterSuite(dir, prefix, { mode: 'deploy', dumps: 2 })]);
  expect(quiet.suite?.runFailures).toEqual([]);
  expect(quiet.code).toBe(0);
  expect(quiet.suite?.subjects.map((s) => [s.name, s.node, s.dumps.length])).toEqual([['standalone', '', 2]]);
  expect(quiet.suite?.warnings).toEqual([expect.stringMatching(/^node standalone is idle: none of its \d+ dump\(s\) saw a packet .*interface \(lo\)\?$/)]);
  expect(quiet.stdout).toMatch(/node standalone is idle/);
  // As in the deploy test of cluster-zeekctl.test.ts: 200 connections at top speed are in before the third dump.
  const busy = await budgetOnCluster(dir, [clusterSuite(dir, prefix, { mode: 'deploy', dumps: 3, replay: REPLAY })]);
  expect(busy.suite?.runFailures).toEqual([]);
  expect(busy.suite?.warnings).toEqual([]);
  expect(busy.suite?.subjects[0]?.dumps.some((d) => (d.packets ?? 0) > 0)).toBe(true);
}, 60_000);

test('workers on a quiet interface keep sending dumps: idle, named, exit 0; the logger, manager and proxy are not called idle', async () => {
  prefix = fakeInstallation(dir);
  const r = await budgetOnCluster(dir, [clusterSuite(dir, prefix, { mode: 'deploy', dumps: 2 })]);
  expect(r.code).toBe(0);
  expect(r.suite?.subjects).toHaveLength(5);
  expect(r.suite?.warnings.map((w) => w.slice(0, 24))).toEqual(['node worker-1 is idle: n', 'node worker-2 is idle: n']);
}, 60_000);
