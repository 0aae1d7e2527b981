// source: logs over a tree shaped like a zeekctl installation (built here): which files are read,
// which dumps count, and which nodes fail (silent, stopped sending).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { collectLogsSource } from '../../harness/sources/logs-source.js';
import { parseSuite } from '../../harness/suite/load-suite.js';
import type { LogsSourceSettings, Suite } from '../../harness/suite/types.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { CLUSTER_NODE_CFG, clusterDumps, myStatsText, writeZeekctlTree, type TreeDump } from './zeekctl-tree.js';

const tmp = useTempDir();
const HOUR = 3600;
// 23:00 local time: the hourly archives fall into two dated folders, as zeekctl names them (local time).
const START = new Date(2026, 10, 21, 23, 0, 0).getTime() / 1000;

async function logsSuite(logs: Record<string, unknown>): Promise<Suite> {
  return parseSuite(stringify({ source: { logs } }), path.join(tmp(), 'suite.yaml'));
}

async function collect(logs: Record<string, unknown>) {
  const suite = await logsSuite(logs);
  return collectLogsSource(suite, suite.source as LogsSourceSettings);
}

const leakOf = (d: { footprints: Map<string, number> } | undefined) => d?.footprints.get('Leaky::seen');

/** Ten dumps per node, 20 minutes apart, rotated hourly (archives on two days) and the rest live. */
function standardTree(extra: { nodeCfg?: string; runs?: boolean; dumps?: TreeDump[] } = {}) {
  const dumps = extra.dumps ?? clusterDumps({ start: START, interval: 1200, count: 10, leak: 100 });
  return writeZeekctlTree(tmp(), {
    dumps,
    rotations: [START + HOUR, START + 2 * HOUR, START + 3 * HOUR],
    nodeCfg: extra.nodeCfg ?? CLUSTER_NODE_CFG,
    runs: extra.runs,
  });
}

test('latest: each node\'s newest dump, from archives on two days and the live spool log, the link read once', async () => {
  const tree = standardTree();
  expect(tree.archives.map((a) => path.relative(tmp(), a))).toEqual([
    'logs/2026-11-21/my_stats.23:00:00-00:00:00.log.gz',
    'logs/2026-11-22/my_stats.00:00:00-01:00:00.log.gz',
    'logs/2026-11-22/my_stats.01:00:00-02:00:00.log.gz',
  ]);
  const run = await collect({ paths: [tmp()] });
  expect(run.failures).toEqual([]);
  expect(run.subjects.map((s) => s.name)).toEqual(['logger-1', 'manager', 'proxy-1', 'worker-1', 'worker-2']);
  for (const s of run.subjects) {
    expect(s.node).toBe(s.name);
    expect(s.trace).toBeUndefined();
    expect(s.dumps).toHaveLength(1);
    expect(s.dumps[0]?.run).toBe(10);
  }
  expect(run.subjects.map((s) => leakOf(s.dumps[0]))).toEqual([0, 0, 0, 900, 900]);
  // The live log is being written: no "has no #close" warning for it.
  expect(run.warnings.filter((w) => w.includes('#close'))).toEqual([]);
});

test('all: every dump in time order across files; a restart (run numbers starting over) is a new dump', async () => {
  standardTree({ dumps: clusterDumps({ start: START, interval: 1200, count: 10, leak: 100, restartAt: 6 }) });
  const run = await collect({ paths: [path.join(tmp(), 'logs'), path.join(tmp(), 'spool')], dumps: 'all' });
  const w1 = run.subjects.find((s) => s.name === 'worker-1');
  const w2 = run.subjects.find((s) => s.name === 'worker-2');
  expect(w1?.dumps.map((d) => d.run)).toEqual([1, 2, 3, 4, 5, 6, 1, 2, 3, 4]);
  expect(w1?.dumps.map(leakOf)).toEqual([0, 100, 200, 300, 400, 500, 0, 100, 200, 300]);
  expect(w2?.dumps.map(leakOf)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
});

test('since/until keep the dumps of a time window; latest is then the newest inside it', async () => {
  standardTree();
  const win = await collect({ paths: [tmp()], dumps: 'all', since: START + 1200, until: START + 3 * 1200 + 1 });
  expect(win.subjects.find((s) => s.name === 'worker-2')?.dumps.map((d) => d.run)).toEqual([2, 3, 4]);
  const latest = await collect({ paths: [tmp()], until: START + 3 * 1200 + 1 });
  expect(latest.subjects.map((s) => s.dumps[0]?.run)).toEqual([4, 4, 4, 4, 4]);
  const none = await collect({ paths: [tmp()], since: START + 100 * HOUR });
  expect(none.subjects).toEqual([]);
  // Every node of etc/node.cfg is then silent: each is named.
  expect(none.failures.map((f) => f.trace.label)).toEqual(['logger-1', 'manager', 'proxy-1', 'worker-1', 'worker-2']);
  expect(none.failures[0]?.failure?.message).toMatch(/^node logger-1 \(logger\) sent no my_stats dumps since 2026-11-2\dT/);
});

test('a node of etc/node.cfg that sent nothing is a failure naming it; the others are still subjects', async () => {
  standardTree({ nodeCfg: `${CLUSTER_NODE_CFG}\n[worker-3]\ntype=worker\nhost=10.0.0.3\ninterface=eth1\n` });
  const run = await collect({ paths: [tmp()] });
  expect(run.subjects.map((s) => s.name)).toEqual(['logger-1', 'manager', 'proxy-1', 'worker-1', 'worker-2']);
  expect(run.failures).toHaveLength(1);
  expect(run.failures[0]?.trace.label).toBe('worker-3');
  expect(run.failures[0]?.failure).toEqual({ kind: 'no-logs', message: expect.stringMatching(/^node worker-3 \(worker\) sent no my_stats dumps in the logs: .*zeekctl diag worker-3/) });
  // Pointing at logs/ instead of the prefix: node.cfg is not consulted.
  expect((await collect({ paths: [path.join(tmp(), 'logs')] })).failures).toEqual([]);
});

test('a node whose dumps stop while the others go on has stopped sending: a failure, and no subject', async () => {
  const dumps = clusterDumps({ start: START, interval: 1200, count: 10, leak: 100 }).filter((d) => !(d.node === 'worker-2' && d.run > 4));
  standardTree({ dumps });
  const run = await collect({ paths: [tmp()] });
  expect(run.subjects.map((s) => s.name)).toEqual(['logger-1', 'manager', 'proxy-1', 'worker-1']);
  expect(run.failures.map((f) => f.trace.label)).toEqual(['worker-2']);
  expect(run.failures[0]?.failure?.message).toMatch(/^node worker-2 stopped sending: its last dump \(.*\) is 7200 s older than the newest \(worker-1, .*\), more than 3600 s \(3 of its dump intervals/);
  // A looser limit accepts it.
  const loose = await collect({ paths: [tmp()], stale_after: '3h' });
  expect(loose.failures).toEqual([]);
  expect(loose.subjects.find((s) => s.name === 'worker-2')?.dumps[0]?.run).toBe(4);
});

test('our package\'s runs log gives timings; a standalone Zeek\'s empty node is the subject "standalone"', async () => {
  standardTree({ runs: true, dumps: clusterDumps({ start: START, interval: 1200, count: 10, leak: 100, nodes: [''] }), nodeCfg: '[zeek]\ntype=standalone\nhost=localhost\ninterface=eth0\n' });
  const run = await collect({ paths: [tmp()], dumps: 'all' });
  expect(run.failures).toEqual([]);
  expect(run.subjects.map((s) => [s.name, s.node])).toEqual([['standalone', '']]);
  const s = run.subjects[0];
  expect(s?.dumps.map((d) => d.duration)).toEqual([0.008001, 0.008002, 0.008003, 0.008004, 0.008005, 0.008006, 0.008007, 0.008008, 0.008009, 0.00801]);
  // The slowest dump, as for traces; every variable was logged, so there is no cutoff.
  expect(s?.timing.footprint_call).toEqual({ median: 0.00801, values: [0.00801] });
  expect(s?.timing.peak_rss?.median).toBe(100 * 1048576 + 10);
  expect(s?.cutoff).toBeUndefined();
  // Naming a my_stats file directly reads the runs log of the same rotation beside it.
  const day = path.join(tmp(), 'logs', '2026-11-22');
  const archive = await collect({ paths: [path.join(day, 'my_stats.00:00:00-01:00:00.log.gz')], dumps: 'all' });
  expect(archive.subjects[0]?.dumps.map((d) => d.duration)).toEqual([0.008004, 0.008005, 0.008006]);
});

test('logs of the original package with its 1024 cutoff: the subject knows absent means "below the cutoff"', async () => {
  const dumps: TreeDump[] = [1, 2].map((run) => ({ node: 'worker-1', run, ts: START + run * 60, footprints: { 'DCE_RPC::operations': 17998, 'SMB::statuses': 17282, ...(run === 2 ? { 'Leaky::seen': 1608 } : {}) } }));
  mkdirSync(path.join(tmp(), 'plain'));
  writeFileSync(path.join(tmp(), 'plain', 'my_stats.log'), myStatsText(dumps, START, START + 600));
  const run = await collect({ paths: [path.join(tmp(), 'plain')], dumps: 'all' });
  expect(run.subjects[0]?.cutoff).toBe(1608);
  expect(run.subjects[0]?.dumps.map(leakOf)).toEqual([undefined, 1608]);
});

test('a missing path or a glob that matches nothing is a failure of the suite, named', async () => {
  const missing = await collect({ paths: [path.join(tmp(), 'nope')] });
  expect(missing.failures[0]?.failure?.kind).toBe('bad-log');
  expect(missing.failures[0]?.failure?.message).toContain(`${path.join(tmp(), 'nope')}: no such file or directory`);
  const glob = await collect({ paths: [path.join(tmp(), '*.none')] });
  expect(glob.failures[0]?.failure?.message).toBe(`no file or directory matches ${path.join(tmp(), '*.none')}`);
});
