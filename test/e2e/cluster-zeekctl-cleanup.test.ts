// End-to-end: an interrupted, timed-out or failed cluster run puts the cluster back: the nodes the
// run started are stopped (zeekctl stop, also with stop: false) and it says so; the site policy is
// restored. Against the fake zeekctl (test/fixtures/fake-zeekctl.mjs).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../harness/cli/main.js';
import { collectZeekctlSource } from '../../harness/sources/zeekctl/zeekctl-source.js';
import { loadSuite } from '../../harness/suite/load-suite.js';
import type { ZeekctlSourceSettings } from '../../harness/suite/types.js';
import { REPO } from '../helpers/run-cli.js';
import { budgetOnCluster, clusterSuite, FAKE_TCPREPLAY, nodePids, REPLAY, useFakeCluster } from '../zeekctl/fake-cluster.js';

let dir = '';
let prefix = '';
useFakeCluster((d, p) => {
  dir = d;
  prefix = p;
});

const siteScript = () => path.join(prefix, 'share', 'zeek', 'site', 'local.zeek');
const env = () => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  FAKE_WIRE_DIR: path.join(dir, 'wire'),
  TCPREPLAY: FAKE_TCPREPLAY,
  FAKE_ZEEKCTL_ARCHIVE_MS: '300',
});

test('interrupted while waiting for dumps (the AbortSignal the CLI passes on SIGINT/SIGTERM): the nodes it deployed are stopped, and it says so', async () => {
  const before = readFileSync(siteScript(), 'utf8');
  const file = clusterSuite(dir, prefix, { mode: 'deploy', dumps: 1000, timeout: '5m' });
  const controller = new AbortController();
  let stderr = '';
  const code = await runCli({
    argv: ['budget', file],
    cwd: dir,
    env: env(),
    stdout: { write: () => undefined },
    stderr: {
      write: (s: string) => {
        stderr += s;
        // The signal arrives once the cluster runs and the wait began.
        if (/waiting for 1000 dump/.test(s)) controller.abort();
      },
    },
    signal: controller.signal,
  });
  expect(controller.signal.aborted).toBe(true);
  expect(code).toBe(130); // an interrupted run exits 128 + SIGINT
  expect(stderr).toMatch(/zeek-budget: cluster: the run was interrupted: stopping the nodes zeek-budget started \(zeekctl stop\)\n/);
  expect(stderr).toMatch(/zeek-budget: cluster: zeekctl stop\n/);
  expect(nodePids(prefix)).toEqual([]);
  expect(readFileSync(siteScript(), 'utf8')).toBe(before);
  expect(existsSync(path.join(prefix, 'share', 'zeek', 'site', 'zeek-budget'))).toBe(false);
}, 60_000);

const BIN = path.join(REPO, 'dist', 'cli', 'bin.js');
const withBuild = existsSync(BIN) ? test : test.skip;
if (!existsSync(BIN)) console.warn(`skipping the SIGTERM test of the built CLI: ${BIN} not built (npm run build)`);

withBuild(
  'SIGTERM to the real process while it waits: the deployed nodes are stopped before it exits, even without progress output',
  async () => {
    const before = readFileSync(siteScript(), 'utf8');
    const file = clusterSuite(dir, prefix, { mode: 'deploy', dumps: 1000, timeout: '5m' });
    const child = spawn(process.execPath, [BIN, 'budget', '--no-progress', file], { cwd: dir, env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString('utf8');
    });
    // --no-progress prints no notes: the cluster is up when all five nodes run.
    while (nodePids(prefix).length < 5 && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/cluster: the run was interrupted: stopping the nodes zeek-budget started \(zeekctl stop\)/);
    expect(nodePids(prefix)).toEqual([]);
    expect(readFileSync(siteScript(), 'utf8')).toBe(before);
  },
  60_000,
);

test('stop: false is for a run that got its dumps: a timeout still stops what the run started, and says so', async () => {
  const r = await budgetOnCluster(dir, [clusterSuite(dir, prefix, { mode: 'deploy', dumps: 2, timeout: '2s', stop: false })], {
    FAKE_ZEEKCTL_SILENT: 'worker-2',
  });
  expect(r.code).toBe(3);
  expect(r.suite?.warnings).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^the run timed out: stopping the nodes zeek-budget started \(zeekctl stop\) although stop: false; zeek-budget's lines come out of \S+local\.zeek again$/,
      ),
    ]),
  );
  expect(nodePids(prefix)).toEqual([]);
}, 60_000);

test('... and so does an error after the deploy (tcpreplay missing)', async () => {
  const r = await budgetOnCluster(dir, [clusterSuite(dir, prefix, { mode: 'deploy', dumps: 2, stop: false, replay: REPLAY })], {
    TCPREPLAY: path.join(dir, 'no-tcpreplay'),
  });
  expect(r.code).toBe(3);
  expect(r.suite?.runFailures.map((f) => f.trace)).toContain('tcpreplay');
  expect(r.suite?.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^the run failed: stopping the nodes zeek-budget started/)]));
  expect(nodePids(prefix)).toEqual([]);
}, 60_000);

test('interrupted before the deploy: nothing is started, the site policy is put back', async () => {
  const before = readFileSync(siteScript(), 'utf8');
  const controller = new AbortController();
  controller.abort();
  const suite = await loadSuite(clusterSuite(dir, prefix, { mode: 'deploy', dumps: 2 }));
  const run = await collectZeekctlSource(suite, suite.source as ZeekctlSourceSettings, { env: env(), signal: controller.signal });
  expect(run.subjects).toEqual([]);
  expect(existsSync(path.join(prefix, 'spool', 'worker-1', '.startup'))).toBe(false);
  expect(readFileSync(siteScript(), 'utf8')).toBe(before);
  expect(existsSync(path.join(prefix, 'share', 'zeek', 'site', 'zeek-budget'))).toBe(false);
});

test('a run that got its dumps with stop: false leaves the cluster running, as asked', async () => {
  const r = await budgetOnCluster(dir, [clusterSuite(dir, prefix, { mode: 'deploy', dumps: 2, stop: false })]);
  expect(r.suite?.runFailures).toEqual([]);
  expect(r.suite?.warnings).toEqual(expect.arrayContaining(['the cluster keeps running (stop: false); zeek-budget started it']));
  expect(nodePids(prefix)).toHaveLength(5);
}, 60_000);
