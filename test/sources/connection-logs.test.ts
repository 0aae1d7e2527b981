// source: logs with the conns log beside my_stats: connection fields go to the dump they belong to,
// across gzip archives and the live spool, ASCII and JSON; logs without it have no connection data.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { collectLogsSource } from '../../harness/sources/logs-source.js';
import { parseSuite } from '../../harness/suite/load-suite.js';
import type { LogsSourceSettings } from '../../harness/suite/types.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { writeConnsTree, writeMyStatsLogs, type StatsDump } from '../helpers/my-stats-logs.js';
import { CLUSTER_NODE_CFG } from './zeekctl-tree.js';

const tmp = useTempDir();
const START = new Date(2026, 10, 21, 23, 0, 0).getTime() / 1000;

async function collect(logs: Record<string, unknown>) {
  const suite = await parseSuite(stringify({ source: { logs } }), path.join(tmp(), 'suite.yaml'));
  return collectLogsSource(suite, suite.source as LogsSourceSettings);
}

/** Six dumps per worker, 20 minutes apart: a per-connection table that grows on worker-1 only. */
function clusterDumps(): StatsDump[] {
  const out: StatsDump[] = [];
  for (let i = 0; i < 6; i++) {
    for (const [k, node] of ['worker-1', 'worker-2'].entries()) {
      const pending = node === 'worker-1' ? 100 * (i + 1) : 10;
      out.push({
        node,
        run: i + 1,
        ts: START + i * 1200 + k,
        footprints: { 'Site::local_nets': 3, 'Conn::watching': 2 * i },
        rss: (300 + 10 * i) * 2 ** 20,
        packets: 5000,
        conns:
          i === 0
            ? []
            : [
                { field: '(connection)', connections: 40, total: 4000, max: 100 + pending, uid: `CW${k}d${i}`, id: `10.0.${k}.1:4711/tcp -> 10.0.0.2:80/tcp` },
                {
                  field: 'http_state',
                  connections: 12,
                  total: 84 + pending,
                  max: pending,
                  uid: `CH${k}d${i}`,
                  id: `10.0.${k}.1:5000/tcp -> 10.0.0.2:80/tcp`,
                  live: i === 5,
                },
              ],
      });
    }
  }
  return out;
}

const NODE_CFG = CLUSTER_NODE_CFG.split('\n\n')
  .filter((s) => s.includes('worker'))
  .join('\n\n');

test.each([['ascii'], ['json']] as const)('%s: every dump carries its fields, from the gzip archive and the live spool alike', async (format) => {
  writeConnsTree(tmp(), clusterDumps(), START + 3600, NODE_CFG, { format });
  const run = await collect({ paths: [tmp()], dumps: 'all' });
  expect(run.failures).toEqual([]);
  expect(run.warnings).toEqual([]);
  const w1 = run.subjects.find((s) => s.name === 'worker-1')!;
  expect(w1.dumps.map((d) => d.conns?.get('http_state')?.max)).toEqual([undefined, 200, 300, 400, 500, 600]);
  expect(w1.dumps.map((d) => d.conns?.size)).toEqual([0, 2, 2, 2, 2, 2]);
  expect(w1.dumps[5]?.conns?.get('http_state')).toEqual({
    connections: 12,
    total: 684,
    max: 600,
    uid: 'CH0d5',
    id: '10.0.0.1:5000/tcp -> 10.0.0.2:80/tcp',
    live: true,
  });
  expect(w1.dumps.map((d) => d.rss)).toEqual([300, 310, 320, 330, 340, 350].map((m) => m * 2 ** 20));
  // rss at the latest dump read, and the largest over them.
  expect(w1.timing.rss?.median).toBe(350 * 2 ** 20);
  expect(w1.timing.rss_max?.median).toBe(350 * 2 ** 20);
  const w2 = run.subjects.find((s) => s.name === 'worker-2')!;
  expect(w2.dumps.map((d) => d.conns?.get('(connection)')?.uid)).toEqual([undefined, 'CW1d1', 'CW1d2', 'CW1d3', 'CW1d4', 'CW1d5']);
});

test('latest: only the newest dump is kept, with its own fields', async () => {
  writeConnsTree(tmp(), clusterDumps(), START + 3600, NODE_CFG);
  const run = await collect({ paths: [tmp()] });
  expect(run.subjects.map((s) => [s.name, s.dumps.length, s.dumps[0]?.conns?.get('http_state')?.max])).toEqual([
    ['worker-1', 1, 600],
    ['worker-2', 1, 10],
  ]);
});

test('logs of an older package (no conns log, runs log without rss): no connection data, no rss, no warning', async () => {
  writeConnsTree(tmp(), clusterDumps(), START + 3600, NODE_CFG, { runs: 'old', conns: false });
  const run = await collect({ paths: [tmp()], dumps: 'all' });
  expect(run.warnings).toEqual([]);
  for (const s of run.subjects) {
    expect(s.dumps.every((d) => d.conns === undefined && d.rss === undefined)).toBe(true);
    expect(s.timing.rss).toBeUndefined();
    expect(s.timing.peak_rss?.median).toBe(200 * 2 ** 20);
  }
});

test('a my_stats file named directly brings the conns log of the same rotation', async () => {
  writeConnsTree(tmp(), clusterDumps(), START + 3600, NODE_CFG);
  const [archive] = readdirSync(path.join(tmp(), 'logs', '2026-11-21')).filter((f) => f.startsWith('my_stats.'));
  const run = await collect({ paths: [path.join(tmp(), 'logs', '2026-11-21', archive!)], dumps: 'all' });
  expect(run.subjects.find((s) => s.name === 'worker-1')?.dumps.map((d) => d.conns?.get('http_state')?.max)).toEqual([undefined, 200, 300]);
});

test('a dump whose conns rows did not all arrive is incomplete: left out, and named with what it lacks', async () => {
  const dumps = clusterDumps().filter((d) => d.node === 'worker-1');
  writeMyStatsLogs(tmp(), dumps);
  // Cut the conns log after its first rows, as a killed Zeek or a live log does.
  const file = path.join(tmp(), 'my_stats_conns.log');
  const lines = readFileSync(file, 'utf8').split('\n');
  writeFileSync(file, `${lines.slice(0, lines.findIndex((l) => !l.startsWith('#')) + 3).join('\n')}\n`);
  const run = await collect({ paths: [tmp()], dumps: 'all' });
  // Dump 1 measured no connection, dump 2 has both its rows; from dump 3 on rows are missing.
  expect(run.subjects[0]?.dumps.map((d) => d.run)).toEqual([1, 2]);
  expect(run.warnings).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^node worker-1: 4 incomplete dump\(s\) left out \(run 4 at \S+: 0 of 2 connection rows; run 5 at \S+: 0 of 2 connection rows; run 6 at \S+: 0 of 2 connection rows\)/,
      ),
    ]),
  );
});
