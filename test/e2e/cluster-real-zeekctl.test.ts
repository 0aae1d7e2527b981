// The zeekctl source against a REAL zeekctl installation: only the one named on purpose,
//
//   ZEEK_BUDGET_TEST_ZEEKCTL=/usr/local/zeek npm test -- test/e2e/cluster-real-zeekctl.test.ts
//
// because the test deploys to it: it adds the measuring package to its site policy for the run,
// restarts every node, and stops them again. An installation merely found (on PATH, in
// /usr/local/zeek) is never touched; without the variable the test is reported skipped.
// scripts/cluster/test-cluster.sh setup makes a test installation of either kind this test knows:
// a loopback cluster (logger, manager, proxy, two workers on lo; traffic replayed with tcpreplay
// when it is installed and we are root) or a standalone node on lo (no replay needed: an idle node
// must still send its dumps). Every node must be on this machine and the cluster stopped.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureInterface, findTcpreplay, isLocalHost, nodesReached } from '../../harness/sources/zeekctl/replay.js';
import { readInstallation } from '../../harness/sources/zeekctl/zeekctl-installation.js';
import { cli, REPO } from '../helpers/run-cli.js';

const PREFIX = process.env.ZEEK_BUDGET_TEST_ZEEKCTL;
if (!PREFIX) {
  process.stderr.write(
    'real-zeekctl test skipped: it deploys to the installation it tests, so it runs only on one named on purpose: ' +
      'ZEEK_BUDGET_TEST_ZEEKCTL=<prefix> (a test installation; scripts/cluster/test-cluster.sh setup makes one)\n',
  );
}
const withNamedInstallation = PREFIX ? test : test.skip;

interface Json {
  suites: Array<{
    subjects: Array<{ name: string; dumps: Array<{ duration?: number; footprints: Record<string, number> }> }>;
    runFailures: unknown[];
    warnings: string[];
  }>;
}

function running(zeekctl: string): boolean {
  try {
    execFileSync(zeekctl, ['status'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

withNamedInstallation(
  'deploy on the named installation: every node of node.cfg sends 2 complete dumps, the site policy is restored, the cluster stopped',
  async () => {
    const inst = await readInstallation({ prefix: PREFIX as string }, process.env);
    const remote = inst.nodes.filter((n) => !isLocalHost(n.host));
    if (remote.length) throw new Error(`${inst.nodeCfg} has nodes on other hosts (${remote.map((n) => n.name).join(', ')}): not a test installation`);
    if (running(inst.zeekctl)) throw new Error(`the cluster of ${inst.zeekctl} is running: stop it first (zeekctl stop); the test deploys and stops it`);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zeek-budget-real-cluster-'));
    try {
      const site = path.join(inst.siteDir, inst.siteScripts[0] ?? 'local.zeek');
      const before = readFileSync(site, 'utf8');
      const capturing = inst.nodes.find((n) => n.interface !== undefined && nodesReached([n], captureInterface(n.interface)).length > 0);
      const tcpreplay = await findTcpreplay(process.env).catch(() => undefined);
      const iface = capturing?.interface === undefined ? undefined : captureInterface(capturing.interface);
      const replayed = iface !== undefined && tcpreplay !== undefined && process.getuid?.() === 0;
      const replay = replayed ? `    replay: { interface: ${iface}, traces: [${path.join(REPO, 'pcaps', 'tcp-churn-200.pcap')}], speed: top }\n` : '';
      process.stderr.write(
        `real-zeekctl test: ${inst.nodes.length} node(s) of ${inst.nodeCfg}; ${replayed ? `replaying onto ${iface}` : 'no replay (needs tcpreplay, root and a node capturing here)'}\n`,
      );
      const file = path.join(dir, 'real.yaml');
      writeFileSync(
        file,
        `source:\n  zeekctl:\n    prefix: ${inst.prefix}\n    mode: deploy\n    dumps: 2\n    timeout: 3m\n${replay}zeek:\n  scripts: [${path.join(REPO, 'test', 'fixtures', 'zeek-scripts', 'leaky.zeek')}]\n  interval: 5s\nbudgets:\n  - { total: true, max: 100000000 }\n`,
      );
      const r = await cli(['budget', '--no-progress', '--json', path.join(dir, 'r.json'), file], {
        cwd: dir,
        env: { ...process.env } as Record<string, string>,
      });
      const doc = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as Json;
      const suite = doc.suites[0];
      for (const w of suite?.warnings ?? []) process.stderr.write(`real-zeekctl test: warning: ${w}\n`);
      expect(suite?.runFailures).toEqual([]);
      expect(r.code).toBe(0);
      expect(suite?.subjects.map((s) => [s.name, s.dumps.length]).sort()).toEqual(
        inst.nodes.map((n) => [n.type === 'standalone' ? 'standalone' : n.name, 2]).sort(),
      );
      // Complete dumps: each with its runs row (the footprint call's duration), whichever logger wrote it.
      expect(suite?.subjects.every((s) => s.dumps.every((d) => d.duration !== undefined && Object.keys(d.footprints).length > 200))).toBe(true);
      if (replayed) {
        const reached = nodesReached(inst.nodes, iface).map((n) => (n.type === 'standalone' ? 'standalone' : n.name));
        expect((suite?.warnings ?? []).filter((w) => reached.some((n) => w.startsWith(`node ${n} is idle`)))).toEqual([]);
      }
      expect(readFileSync(site, 'utf8')).toBe(before);
      expect(existsSync(path.join(inst.siteDir, 'zeek-budget'))).toBe(false);
      expect(running(inst.zeekctl)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  300_000,
);
