// A fake zeekctl installation per test (test/fixtures/fake-zeekctl.mjs), and its clean-up: a
// failing test must not leave node processes or background archivers behind.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/run-cli.js';

export const FAKE_ZEEKCTL = path.join(REPO, 'test', 'fixtures', 'fake-zeekctl.mjs');
export const FAKE_TCPREPLAY = path.join(REPO, 'test', 'fixtures', 'fake-zeekctl', 'fake-tcpreplay.mjs');
export const LEAKY = path.join(REPO, 'test', 'fixtures', 'zeek-scripts', 'leaky.zeek');
export const CHURN = path.join(REPO, 'pcaps', 'tcp-churn-200.pcap');

/** Creates <dir>/zeek with bin/zeekctl, etc/node.cfg (logger, manager, proxy, two workers on lo), site, spool, logs. */
export function fakeInstallation(dir: string): string {
  const prefix = path.join(dir, 'zeek');
  execFileSync(process.execPath, [FAKE_ZEEKCTL, '--fake-create-prefix', prefix]);
  return prefix;
}

/** Runs the fake's bin/zeekctl directly (to set a cluster up, or look at it, outside zeek-budget). */
export function zeekctl(prefix: string, args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(path.join(prefix, 'bin', 'zeekctl'), args, { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
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
