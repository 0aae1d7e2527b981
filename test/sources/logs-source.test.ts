// source: logs over a tree shaped like a zeekctl installation (built here): which files are read,
// which dumps count, and which nodes fail (silent, stopped sending).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { collectLogsSource } from '../../harness/sources/logs-source.js';
import { summarize } from '../../harness/summarize/summarize.js';
import { parseSuite } from '../../harness/suite/load-suite.js';
import type { LogsSourceSettings, Suite } from '../../harness/suite/types.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { CLUSTER_NODE_CFG, clusterDumps, myStatsText, TWO_LOGGER_NODE_CFG, writeZeekctlTree, type TreeDump } from './zeekctl-tree.js';

const tmp = useTempDir();
const HOUR = 3600;
// 23:00 local time: the hourly archives fall into two dated folders, as zeekctl names them (local time).
const START = new Date(2026, 10, 21, 23, 0, 0).getTime() / 1000;

async function logsSuite(logs: Record<string, unknown>): Promise<Suite> {
  return parseSuite(stringify({ source: { logs } }), path.join(tmp(), 'suite.yaml'));
}

/** readAll: as `check --read-all` (the latest dumps read from whole logs, not from their end). */
async function collect(logs: Record<string, unknown>, readAll = false) {
  const suite = await logsSuite(logs);
  return collectLogsSource(suite, { ...(suite.source as LogsSourceSettings), ...(readAll ? { readAll } : {}) });
}

const leakOf = (d: { footprints: ReadonlyMap<string, number> } | undefined) => d?.footprints.get('Leaky::seen');

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

test("latest: each node's newest dump, from archives on two days and the live spool log, the link read once", async () => {
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
  expect(run.failures[0]?.failure).toEqual({
    kind: 'no-logs',
    message: expect.stringMatching(/^node worker-3 \(worker\) sent no my_stats dumps in the logs: .*zeekctl diag worker-3/),
  });
  // Pointing at logs/ instead of the prefix: node.cfg is not consulted.
  expect((await collect({ paths: [path.join(tmp(), 'logs')] })).failures).toEqual([]);
});

test('a node whose dumps stop while the others go on has stopped sending: a failure, and no subject', async () => {
  const dumps = clusterDumps({ start: START, interval: 1200, count: 10, leak: 100 }).filter((d) => !(d.node === 'worker-2' && d.run > 4));
  standardTree({ dumps });
  const run = await collect({ paths: [tmp()] });
  expect(run.subjects.map((s) => s.name)).toEqual(['logger-1', 'manager', 'proxy-1', 'worker-1']);
  expect(run.failures.map((f) => f.trace.label)).toEqual(['worker-2']);
  expect(run.failures[0]?.failure?.message).toMatch(
    /^node worker-2 stopped sending: its last dump \(.*\) is 7200 s older than the newest \(worker-1, .*\), more than 3600 s \(3 of its dump intervals/,
  );
  // A looser limit accepts it.
  const loose = await collect({ paths: [tmp()], stale_after: '3h' });
  expect(loose.failures).toEqual([]);
  expect(loose.subjects.find((s) => s.name === 'worker-2')?.dumps[0]?.run).toBe(4);
});

test('our package\'s runs log gives timings; a standalone Zeek\'s empty node is the subject "standalone"', async () => {
  standardTree({
    runs: true,
    dumps: clusterDumps({ start: START, interval: 1200, count: 10, leak: 100, nodes: [''] }),
    nodeCfg: '[zeek]\ntype=standalone\nhost=localhost\ninterface=eth0\n',
  });
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
  const dumps: TreeDump[] = [1, 2].map((run) => ({
    node: 'worker-1',
    run,
    ts: START + run * 60,
    footprints: { 'DCE_RPC::operations': 17998, 'SMB::statuses': 17282, ...(run === 2 ? { 'Leaky::seen': 1608 } : {}) },
  }));
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

test('summarize and the budget evaluation cut the same rows into the same dumps (one tracker): rows at ts 100, 95, 106 of one run are one dump', async () => {
  const header = myStatsText([], START).replace(/\n$/, '');
  const rows = [
    [100, 'a', 1],
    [95, 'b', 2],
    [106, 'c', 4],
  ].map(([ts, v, size]) => `${START + Number(ts)}.000000\t7\tworker-1\tGLOBAL\t${String(v)}\t${String(size)}`);
  mkdirSync(path.join(tmp(), 'plain'));
  writeFileSync(path.join(tmp(), 'plain', 'my_stats.log'), `${header}\n${rows.join('\n')}\n`);
  const summary = await summarize([path.join(tmp(), 'plain')], { by: ['node'], run: 'last' });
  expect(summary.nodes.map((n) => [n.node, n.dumps, n.selected?.total])).toEqual([['worker-1', 1, 7]]);
  const run = await collect({ paths: [path.join(tmp(), 'plain')], dumps: 'all' });
  expect(run.subjects.map((s) => [s.name, s.dumps.length, [...(s.dumps[0]?.footprints.keys() ?? [])].sort()])).toEqual([['worker-1', 1, ['a', 'b', 'c']]]);
});

describe('several loggers (Zeek 8.1+ with ZeroMQ)', () => {
  const nodes = ['logger-1', 'logger-2', 'manager', 'proxy-1', 'worker-1', 'worker-2'];
  const twoLoggerTree = (extra: Partial<Parameters<typeof writeZeekctlTree>[1]> = {}) =>
    writeZeekctlTree(tmp(), {
      dumps: clusterDumps({ start: START, interval: 1200, count: 10, leak: 100, nodes }),
      rotations: [START + HOUR, START + 2 * HOUR, START + 3 * HOUR],
      nodeCfg: TWO_LOGGER_NODE_CFG,
      runs: true,
      loggers: 2,
      ...extra,
    });

  test("every node's dumps spread over both loggers' archives and spools, its last dump split, runs rows in the other file, one dump late: all merged, no restart", async () => {
    const tree = twoLoggerTree({ late: { node: 'worker-1', run: 3 } });
    expect(tree.archives.map((a) => path.relative(tmp(), a))).toEqual([
      'logs/2026-11-21/my_stats.23:00:00-00:00:00-logger-1.log.gz',
      'logs/2026-11-21/my_stats.23:00:00-00:00:00-logger-2.log.gz',
      'logs/2026-11-22/my_stats.00:00:00-01:00:00-logger-1.log.gz',
      'logs/2026-11-22/my_stats.00:00:00-01:00:00-logger-2.log.gz',
      'logs/2026-11-22/my_stats.01:00:00-02:00:00-logger-1.log.gz',
      'logs/2026-11-22/my_stats.01:00:00-02:00:00-logger-2.log.gz',
    ]);
    const run = await collect({ paths: [tmp()], dumps: 'all' });
    expect(run.failures).toEqual([]);
    expect(run.warnings).toEqual([]);
    expect(run.subjects.map((s) => [s.name, s.dumps.length])).toEqual(nodes.map((n) => [n, 10]));
    const w1 = run.subjects.find((s) => s.name === 'worker-1');
    expect(w1?.dumps.map((d) => d.run)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(w1?.dumps.map(leakOf)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    // Every dump whole: four variables each, timings from its runs row wherever that was.
    expect(w1?.dumps.every((d) => d.footprints.size === 4 && d.duration !== undefined)).toBe(true);
    const latest = await collect({ paths: [tmp()] });
    expect(latest.subjects.map((s) => [s.name, s.dumps[0]?.run, s.dumps[0]?.footprints.size])).toEqual(nodes.map((n) => [n, 10, 4]));
  });

  test("one logger's file alone: the dumps it holds only part of are left out, with a warning that says to read every logger's files", async () => {
    const tree = twoLoggerTree();
    const run = await collect({ paths: [tree.archives[2] as string], dumps: 'all' });
    expect(run.failures).toEqual([]);
    const w = run.warnings.filter((x) => /incomplete dump/.test(x));
    expect(w.length).toBeGreaterThan(0);
    expect(w[0]).toMatch(/^node \S+: \d+ incomplete dump\(s\) left out \(run \d+ at [^:]+:\d\d:\d\d\.\d+Z: (no my_stats_runs row|0 of 4 rows)/);
    expect(w[0]).toMatch(/read them all/);
    // What it does hold whole is still measured, each dump with all four variables.
    for (const s of run.subjects) expect(s.dumps.every((d) => d.footprints.size === 4)).toBe(true);
  });

  test('the zeek-systemd-generator layout: var/spool/zeek/logger-N/ and var/log/zeek/ or var/logs/zeek/', async () => {
    for (const layout of ['systemd', 'systemd-logs'] as const) {
      const prefix = path.join(tmp(), layout);
      const tree = writeZeekctlTree(prefix, {
        dumps: clusterDumps({ start: START, interval: 1200, count: 6, leak: 100, nodes }),
        rotations: [START + HOUR],
        runs: true,
        loggers: 2,
        layout,
      });
      expect(tree.archives[0]).toContain(path.join('var', layout === 'systemd' ? 'log' : 'logs', 'zeek', '2026-11-2'));
      expect(tree.live.map((l) => path.relative(prefix, l))).toEqual(['var/spool/zeek/logger-1/my_stats.log', 'var/spool/zeek/logger-2/my_stats.log']);
      const run = await collect({ paths: [prefix], dumps: 'all' });
      expect({ layout, failures: run.failures, warnings: run.warnings }).toEqual({ layout, failures: [], warnings: [] });
      expect(run.subjects.map((s) => [s.name, s.dumps.length, leakOf(s.dumps.at(-1))])).toEqual(nodes.map((n) => [n, 6, n.startsWith('worker') ? 500 : 0]));
    }
  });
});

describe('idle and stopped nodes', () => {
  test('a worker whose dumps keep coming with packets 0 is idle: a warning naming it and its interface, still a subject; loggers, managers and proxies never are', async () => {
    standardTree({
      runs: true,
      dumps: clusterDumps({ start: START, interval: 1200, count: 10, leak: 0, packets: (node) => (node === 'worker-1' ? 5000 : 0) }),
    });
    const run = await collect({ paths: [tmp()] });
    expect(run.failures).toEqual([]);
    expect(run.subjects.map((s) => s.name)).toEqual(['logger-1', 'manager', 'proxy-1', 'worker-1', 'worker-2']);
    // The latest dump is read from the end (an hour, or four dump intervals, back): the dumps
    // counted are those read; read whole, every one.
    const idle = (dumps: string) =>
      new RegExp(
        `^node worker-2 is idle: none of its ${dumps} dump\\(s\\) saw a packet \\(packets 0 in my_stats_runs\\.log, 2026-11-2\\dT\\S+ to \\S+\\)\\. It has not stopped .*interface \\(lo\\)\\?$`,
      );
    expect(run.warnings).toEqual([expect.stringMatching(idle('[4-9]'))]);
    expect(run.subjects.find((s) => s.name === 'worker-1')?.dumps[0]?.packets).toBe(5000);
    const whole = await collect({ paths: [tmp()] }, true);
    expect(whole.warnings).toEqual([expect.stringMatching(idle('10'))]);
    expect(whole.subjects.map((s) => s.dumps)).toEqual(run.subjects.map((s) => s.dumps));
  });

  test('an idle worker that also stops sending is a stopped one: exit 3 as before; without the packets column nothing is said about idleness', async () => {
    const dumps = clusterDumps({ start: START, interval: 1200, count: 10, leak: 0, packets: () => 0 }).filter((d) => !(d.node === 'worker-2' && d.run > 4));
    standardTree({ runs: true, dumps });
    const run = await collect({ paths: [tmp()] });
    expect(run.failures.map((f) => [f.trace.label, f.failure?.message.slice(0, 34)])).toEqual([['worker-2', 'node worker-2 stopped sending: its']]);
    expect(run.warnings).toEqual([expect.stringMatching(/^node worker-1 is idle/)]);
    const old = path.join(tmp(), 'old');
    writeZeekctlTree(old, { dumps: clusterDumps({ start: START, interval: 1200, count: 3, leak: 0 }), rotations: [], nodeCfg: CLUSTER_NODE_CFG, runs: true });
    expect((await collect({ paths: [old] })).warnings).toEqual([]);
  });
});
