// The zeekctl source against a REAL zeekctl, where one is installed (ZEEKCTL, PATH, /usr/local/zeek/bin,
// /opt/zeek/bin). It deploys to that installation, so it runs only on a test cluster: every node on
// this machine, and the cluster stopped when the test starts (scripts/cluster/test-cluster.sh setup
// makes one). Skipped, with a note, otherwise.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readInstallation, type ZeekctlInstallation } from '../../harness/sources/zeekctl/zeekctl-installation.js';
import { cli, REPO } from '../helpers/run-cli.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findRealZeekctl(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/zeek/bin', '/opt/zeek/bin'];
  const candidates = process.env.ZEEKCTL ? [process.env.ZEEKCTL] : dirs.map((d) => path.join(d, 'zeekctl'));
  // The fake's wrappers say what they are.
  return candidates.find((c) => executable(c) && !readFileSync(c, 'utf8').includes('A FAKE for tests'));
}

async function testCluster(): Promise<{ inst: ZeekctlInstallation; why?: string } | { inst?: undefined; why: string }> {
  const zeekctl = findRealZeekctl();
  if (!zeekctl) return { why: 'no zeekctl found (set ZEEKCTL=/path/to/zeekctl or put it on PATH)' };
  const inst = await readInstallation({ zeekctl }, process.env);
  const remote = inst.nodes.filter((n) => !LOCAL_HOSTS.has(n.host));
  if (remote.length) return { why: `${inst.nodeCfg} has nodes on other hosts (${remote.map((n) => n.name).join(', ')}): not a test cluster` };
  try {
    execFileSync(zeekctl, ['status'], { stdio: 'ignore' });
    return { why: `the cluster of ${zeekctl} is running: the test deploys and stops it, so it only runs on a stopped test cluster` };
  } catch {
    return { inst };
  }
}

const found = await testCluster();
if (!found.inst) process.stderr.write(`real-zeekctl test skipped: ${found.why}\n`);
const withRealCluster = found.inst ? test : test.skip;

withRealCluster('deploy on a real one-machine cluster: every node of node.cfg reports 2 dumps, the site policy is restored, the cluster stopped', async () => {
  const inst = found.inst as ZeekctlInstallation;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zeek-budget-real-cluster-'));
  try {
    const site = path.join(inst.siteDir, inst.siteScripts[0] ?? 'local.zeek');
    const before = readFileSync(site, 'utf8');
    const worker = inst.nodes.find((n) => n.type === 'worker' && n.interface);
    const replay = worker && existsSync('/usr/bin/tcpreplay') && process.getuid?.() === 0
      ? `    replay: { interface: ${worker.interface}, traces: [${path.join(REPO, 'pcaps', 'tcp-churn-200.pcap')}], speed: top }\n`
      : '';
    const file = path.join(dir, 'real.yaml');
    writeFileSync(file, `source:\n  zeekctl:\n    zeekctl: ${inst.zeekctl}\n    mode: deploy\n    dumps: 2\n    timeout: 3m\n${replay}zeek:\n  scripts: [${path.join(REPO, 'test', 'fixtures', 'zeek-scripts', 'leaky.zeek')}]\n  interval: 5s\nbudgets:\n  - { total: true, max: 100000000 }\n`);
    const r = await cli(['budget', '--no-progress', '--json', path.join(dir, 'r.json'), file], { cwd: dir, env: { ...process.env } as Record<string, string> });
    const doc = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as { suites: Array<{ subjects: Array<{ name: string; dumps: unknown[] }>; runFailures: unknown[] }> };
    expect(doc.suites[0]?.runFailures).toEqual([]);
    expect(r.code).toBe(0);
    expect(doc.suites[0]?.subjects.map((s) => [s.name, s.dumps.length]).sort()).toEqual(inst.nodes.map((n) => [n.type === 'standalone' ? 'standalone' : n.name, 2]).sort());
    expect(readFileSync(site, 'utf8')).toBe(before);
    expect(() => execFileSync(inst.zeekctl, ['status'], { stdio: 'ignore' })).toThrow();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);
