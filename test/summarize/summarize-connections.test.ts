// summarize with our package's runs and conns logs beside my_stats: rss per node and the connection
// fields of the same dumps, largest total first, the largest connection named.
import path from 'node:path';
import { cli } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { writeConnsTree, writeMyStatsLogs, type StatsDump } from '../helpers/my-stats-logs.js';

const tmp = useTempDir();
const START = new Date(2026, 10, 21, 23, 0, 0).getTime() / 1000;
const MiB = 2 ** 20;

function dumps(): StatsDump[] {
  const out: StatsDump[] = [];
  for (let i = 0; i < 4; i++) {
    for (const [k, node] of ['worker-1', 'worker-2'].entries()) {
      out.push({
        node,
        run: i + 1,
        ts: START + 1200 * i + k,
        footprints: { 'Conn::x': 10 * (i + 1) },
        rss: (500 + 100 * i + 1000 * k) * MiB,
        conns: [
          { field: '(connection)', connections: 50, total: 5000 + i, max: 200 + i, uid: `CA${k}${i}`, id: `10.0.${k}.1:1/tcp -> 10.0.0.9:80/tcp` },
          {
            field: 'smb_state',
            connections: 2,
            total: k === 0 ? 30000 * (i + 1) : 10,
            max: k === 0 ? 20000 * (i + 1) : 5,
            uid: `CS${k}${i}`,
            id: `10.0.${k}.1:445/tcp -> 10.0.0.9:445/tcp`,
            live: true,
          },
        ],
      });
    }
  }
  return out;
}

const run = (args: string[]) => cli(['summarize', ...args], { cwd: tmp(), env: {} });

test('the latest dump per node: rss beside the footprint, then the connection fields that hold most', async () => {
  writeConnsTree(tmp(), dumps(), START + 3000, '[worker-1]\ntype=worker\nhost=localhost\ninterface=lo\n');
  const r = await run([tmp()]);
  expect(r.code).toBe(0);
  // The live log's own warning, once: its runs and conns logs beside it add none.
  expect(r.stderr.match(/has no #close/g)).toHaveLength(1);
  expect(r.stdout).toMatch(/and beside them 2 my_stats_runs and 2 my_stats_conns file\(s\)/);
  expect(r.stdout).toMatch(/node +dumps .* footprint +rss\n +worker-1 +4 .* 40 +800\.0 MiB\n +worker-2 +4 .* 40 +1\.76 GiB\n/);
  expect(r.stdout).toContain("Connection fields (the same dumps; connections measured since each node's dump before):");
  expect(r.stdout).toMatch(
    /field +connections +total +largest +on +uid +connection\n +smb_state +4 +120010 +80000 +worker-1 +CS03 +10\.0\.0\.1:445\/tcp -> 10\.0\.0\.9:445\/tcp \(open\)\n +\(connection\) +100 +10006 +203 +worker-1 +CA03 /,
  );
});

test('json, --by node and --run max: per node and field, from the dump picked for each node', async () => {
  writeConnsTree(tmp(), dumps(), START + 3000, '[worker-1]\ntype=worker\nhost=localhost\ninterface=lo\n', { format: 'json' });
  const s = JSON.parse((await run([tmp(), '--by', 'node', '--run', '2', '--format', 'json'])).stdout);
  expect(s.nodes.map((n: { node: string; selected: { run: number; rss: number } }) => [n.node, n.selected.run, n.selected.rss / MiB])).toEqual([
    ['worker-1', 2, 600],
    ['worker-2', 2, 1600],
  ]);
  expect(
    s.connections.groups.map((g: { node: string; field: string; total: number; max: number; uid: string }) => [g.node, g.field, g.total, g.max, g.uid]),
  ).toEqual([
    ['worker-1', 'smb_state', 60000, 40000, 'CS01'],
    ['worker-1', '(connection)', 5001, 201, 'CA01'],
    ['worker-2', '(connection)', 5001, 201, 'CA11'],
    ['worker-2', 'smb_state', 10, 5, 'CS11'],
  ]);
  expect(s.companionFiles.map((f: { log: string }) => f.log).sort()).toEqual(['my_stats_conns', 'my_stats_conns', 'my_stats_runs', 'my_stats_runs']);
});

test('logs without a conns log: no connection section, connections null; an older runs log: no rss column', async () => {
  writeMyStatsLogs(tmp(), dumps(), { runs: 'old', conns: false, close: START + 9000 });
  const r = await run([path.join(tmp(), 'my_stats.log')]);
  expect(r.code).toBe(0);
  expect(r.stdout).not.toMatch(/Connection fields|rss/);
  expect(JSON.parse((await run([tmp(), '--format', 'json'])).stdout).connections).toBeNull();
});
