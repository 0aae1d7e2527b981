// A fake zeekctl installation per test (test/fixtures/fake-zeekctl.mjs), and its clean-up: a
// failing test must not leave node processes or background archivers behind.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, REPO, type CliRun } from '../helpers/run-cli.js';

export const FAKE_ZEEKCTL = path.join(REPO, 'test', 'fixtures', 'fake-zeekctl.mjs');
export const FAKE_TCPREPLAY = path.join(REPO, 'test', 'fixtures', 'fake-zeekctl', 'fake-tcpreplay.mjs');
export const LEAKY = path.join(REPO, 'test', 'fixtures', 'zeek-scripts', 'leaky.zeek');
export const CHURN = path.join(REPO, 'pcaps', 'tcp-churn-200.pcap');

/** node.cfg layouts of the fake (test/fixtures/fake-zeekctl/layout.mjs): two loggers; a standalone Zeek on lo. */
export const TWO_LOGGERS =
  '[logger-1]\ntype=logger\nhost=localhost\n\n[logger-2]\ntype=logger\nhost=localhost\n\n[manager]\ntype=manager\nhost=localhost\n\n' +
  '[proxy-1]\ntype=proxy\nhost=localhost\n\n[worker-1]\ntype=worker\nhost=localhost\ninterface=lo\n\n[worker-2]\ntype=worker\nhost=localhost\ninterface=lo\n';
export const STANDALONE = '[zeek]\ntype=standalone\nhost=localhost\ninterface=lo\n';

/**
 * Creates <dir>/zeek with bin/zeekctl, etc/node.cfg (default: logger, manager, proxy, two workers
 * on lo), site, spool, logs.
 */
export function fakeInstallation(dir: string, nodeCfg?: string): string {
  const prefix = path.join(dir, 'zeek');
  const args = [FAKE_ZEEKCTL, '--fake-create-prefix', prefix];
  if (nodeCfg !== undefined) {
    writeFileSync(path.join(dir, 'node.cfg'), nodeCfg);
    args.push(path.join(dir, 'node.cfg'));
  }
  execFileSync(process.execPath, args);
  return prefix;
}

/** Runs the fake's bin/zeekctl directly (to set a cluster up, or look at it, outside zeek-budget). */
export function zeekctl(prefix: string, args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(path.join(prefix, 'bin', 'zeekctl'), args, {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

/**
 * A temp directory with a fake installation (`<dir>/zeek`, of `nodeCfg` or the default five nodes)
 * for each test, handed to `onReady`; its cluster is killed and the directory removed after it.
 */
export function useFakeCluster(onReady: (dir: string, prefix: string) => void, nodeCfg?: string): void {
  let dir = '';
  let prefix = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'zeek-budget-cluster-'));
    prefix = fakeInstallation(dir, nodeCfg);
    onReady(dir, prefix);
  });
  afterEach(async () => {
    await killFakeCluster(prefix);
    rmSync(dir, { recursive: true, force: true });
  });
}

export function nodePids(prefix: string): number[] {
  const spool = path.join(prefix, 'spool');
  if (!existsSync(spool)) return [];
  return readdirSync(spool)
    .map((n) => path.join(spool, n, '.pid'))
    .filter((f) => existsSync(f))
    .map((f) => Number(readFileSync(f, 'utf8').trim()))
    .filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
}

/** Kills what is left of the cluster and waits for its archivers, so the temp dir can go. */
export async function killFakeCluster(prefix: string): Promise<void> {
  for (const pid of nodePids(prefix)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  const tmp = path.join(prefix, 'spool', 'tmp');
  const until = Date.now() + 10_000;
  while (Date.now() < until && existsSync(tmp) && readdirSync(tmp).some((d) => d.startsWith('post-terminate-'))) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const LEAK_BUDGETS = 'budgets:\n  - { variable: "Leaky::seen", node: "worker-*", max: 0 }\n  - { variable: "Leaky::seen", node: "logger*", max: 0 }\n';
export const REPLAY = { interface: 'lo', traces: [CHURN], speed: 'top' };

export interface ClusterSubject {
  name: string;
  node?: string;
  dumps: Array<{ ts?: number; footprints: Record<string, number>; reason?: string; packets?: number; connections?: Record<string, unknown> }>;
  timing?: { rss?: { median: number } };
}
export interface ClusterSuiteJson {
  subjects: ClusterSubject[];
  runFailures: Array<{ trace: string; kind: string; message: string }>;
  warnings: string[];
}

/** dir/cluster.yaml: source zeekctl on the fake installation, the planted leak loaded, a 0.3 s interval. */
export function clusterSuite(dir: string, prefix: string, source: Record<string, unknown>, extra = ''): string {
  const file = path.join(dir, 'cluster.yaml');
  writeFileSync(file, `source:\n  zeekctl: ${JSON.stringify({ prefix, timeout: '20s', ...source })}\nzeek:\n  scripts: [${LEAKY}]\n  interval: 0.3s\n${extra}`);
  return file;
}

/** `zeek-budget budget --no-progress --json` in dir with the fake tcpreplay; the result's first suite. */
export async function budgetOnCluster(dir: string, args: string[], env: Record<string, string> = {}): Promise<CliRun & { suite?: ClusterSuiteJson }> {
  const json = path.join(dir, 'result.json');
  rmSync(json, { force: true });
  const r = await cli(['budget', '--no-progress', '--json', json, ...args], {
    cwd: dir,
    env: { FAKE_WIRE_DIR: path.join(dir, 'wire'), TCPREPLAY: FAKE_TCPREPLAY, FAKE_ZEEKCTL_ARCHIVE_MS: '800', ...env },
  });
  const doc = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as { suites: ClusterSuiteJson[] }) : undefined;
  return { ...r, suite: doc?.suites[0] };
}

/** Archive names in the order of their logger suffix (`-logger-1` first): the loggers open their files a second apart, or not. */
export function byLogger(a: string, b: string): number {
  const logger = (name: string) => name.replace(/^.*-(logger-\d+)\.log\.gz$/, '$1');
  return logger(a).localeCompare(logger(b));
}
