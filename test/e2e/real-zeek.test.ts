// These run only where a real zeek is installed (ZEEK or PATH); elsewhere jest reports them skipped.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { useTempDir } from '../helpers/temp-dir.js';
import { cli, REPO } from '../helpers/run-cli.js';
import { REAL_ZEEK, withRealZeek } from '../helpers/real-zeek.js';
import { packageArgs, SEED_FILE } from '../../harness/zeek-package.js';
import { writeWorkloadPcap } from '../../harness/workloads/index.js';

const tmp = useTempDir();
const SHARED = path.join(REPO, '..', 'shared', 'pcaps');
const SCRIPTS = path.join(REPO, 'test', 'fixtures', 'zeek-scripts');
const env = () => ({ ZEEK: REAL_ZEEK ?? '', ZEEK_BUDGET_CACHE: path.join(tmp(), 'cache') });

withRealZeek('the planted leak over real traces fails at the final dump, after connections are flushed', async () => {
  if (!existsSync(SHARED)) throw new Error(`${SHARED} is missing: the real-Zeek test needs ../shared/pcaps`);
  writeFileSync(
    path.join(tmp(), 's.yaml'),
    `traces:
  - ${SHARED}/wikipedia.pcap
  - ${SHARED}/echo-connections.pcap.gz
zeek:
  scripts: [${SCRIPTS}/leaky.zeek]
  interval: 10s
budgets:
  - variable: Leaky::seen
    trace: echo*
    max: 0
`,
  );
  const r = await cli(['budget', '--no-progress', 's.yaml', '--json', 'r.json'], { cwd: tmp(), env: env() });
  expect(r.stderr).not.toMatch(/RUN FAILED/);
  expect(r.code).toBe(1);
  const json = JSON.parse(readFileSync(path.join(tmp(), 'r.json'), 'utf8'));
  const echo = json.suites[0].subjects.find((s: { name: string }) => s.name.startsWith('echo'));
  const dumps = echo.dumps as Array<{ reason: string; footprints: Record<string, number> }>;
  expect(dumps[0]?.reason).toBe('first');
  expect(dumps.at(-1)?.reason).toBe('final');
  // The recording leak-echo-connections-10s: 500 connections, footprint 1500 once flushed.
  expect(dumps.at(-1)?.footprints['Leaky::seen']).toBe(1500);
  const wiki = json.suites[0].subjects.find((s: { name: string }) => s.name === 'wikipedia.pcap');
  expect(wiki.dumps.map((d: { reason: string }) => d.reason)).toEqual(['first', 'final']);
});

withRealZeek('generated workloads log as many connections, queries and requests as asked for', async () => {
  for (const [kind, log, count] of [
    ['tcp-churn', 'conn.log', 50],
    ['dns', 'dns.log', 40],
    ['http', 'http.log', 30],
  ] as const) {
    const dir = path.join(tmp(), kind);
    const trace = path.join(tmp(), `${kind}.pcap`);
    await writeWorkloadPcap({ kind, count, duration: 60, seed: 1 }, trace);
    await execa('mkdir', ['-p', dir]);
    await execa(REAL_ZEEK!, ['-C', '-r', trace, '-G', SEED_FILE, ...packageArgs({ runInterval: 20 })], { cwd: dir });
    const rows = readFileSync(path.join(dir, log), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect([kind, rows.length]).toEqual([kind, count]);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['my_stats.log', 'my_stats_runs.log']));
  }
});

withRealZeek('a set of every connection fails a scaling budget; with &create_expire it passes', async () => {
  const suite = (redef: string) => `traces:
  - workload: { kind: tcp-churn, count: [100, 200, 400], rate: 2 }
    name: conns
zeek:
  scripts: [${SCRIPTS}/leaky.zeek]
  interval: 20s
  redefs: { "Leaky::expire": ${redef} }
budgets:
  - variable: "Leaky::*"
    scaling: { max_per_unit: 0.01 }
`;
  writeFileSync(path.join(tmp(), 'leak.yaml'), suite('false'));
  writeFileSync(path.join(tmp(), 'expire.yaml'), suite('true'));
  const leak = await cli(['budget', '--no-progress', 'leak.yaml'], { cwd: tmp(), env: env() });
  expect(leak.stdout).toMatch(/FAIL Leaky::seen grows [\d.]+ per connection \(linear/);
  expect(leak.code).toBe(1);
  const expire = await cli(['budget', '--no-progress', 'expire.yaml'], { cwd: tmp(), env: env() });
  expect(expire.stdout).not.toMatch(/FAIL/);
  expect(expire.code).toBe(0);
});
