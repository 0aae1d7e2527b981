// The baseline lock under a crowd: many zeek-budget processes at once, each one dying while it
// holds the lock, so every later one must take a stale lock over while the others try the same.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { clearStaleLock, withBaselineLock } from '../../harness/baseline/baseline-lock.js';
import { REPO } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir('zeek-budget-lock-');
const CONTENDER = path.join(REPO, 'test', 'baseline', 'lock-contender.mjs');
const LOCK_MODULE = path.join(REPO, 'dist', 'harness', 'baseline', 'baseline-lock.js');

function contender(baseline: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONTENDER, LOCK_MODULE, baseline], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

test('24 processes, each dying with the lock held: one at a time inside, every one gets in, nothing left over', async () => {
  if (!existsSync(LOCK_MODULE)) throw new Error(`${LOCK_MODULE} is missing: run npm run build (npm test does it first)`);
  const baseline = path.join(tmp(), 'demo.baseline.yaml');
  const n = 24;
  const done = Promise.all(Array.from({ length: n }, () => contender(baseline)));
  writeFileSync(`${baseline}.go`, '');
  const codes = await done;
  expect(existsSync(`${baseline}.violations`) ? readFileSync(`${baseline}.violations`, 'utf8') : '').toBe('');
  expect(codes).toEqual(Array(n).fill(0));
  expect(readFileSync(`${baseline}.entries`, 'utf8').trim().split('\n')).toHaveLength(n);
  // The last one's stale lock stays (it died holding it); no takeover marker or draft is left.
  expect(readdirSync(tmp()).filter((f) => /\.(takeover|new)$/.test(f))).toEqual([]);
  expect(await withBaselineLock(baseline, async () => 'taken over')).toBe('taken over');
  expect(existsSync(`${baseline}.lock`)).toBe(false);
}, 120_000);

test('a lock is never seen half-written: its pid is there from the moment it exists', async () => {
  const baseline = path.join(tmp(), 'demo.baseline.yaml');
  await withBaselineLock(baseline, async () => {
    expect(readFileSync(`${baseline}.lock`, 'utf8')).toMatch(new RegExp(`^${process.pid} [0-9a-f]{16}$`));
  });
});

test('a lock of an older zeek-budget (just a dead pid, or empty) is taken over', async () => {
  const baseline = path.join(tmp(), 'demo.baseline.yaml');
  for (const old of ['999999999', '']) {
    writeFileSync(`${baseline}.lock`, old);
    expect(await withBaselineLock(baseline, async () => 'ok')).toBe('ok');
    expect(readdirSync(tmp())).toEqual([]);
  }
});

test('release removes only our own lock', async () => {
  const baseline = path.join(tmp(), 'demo.baseline.yaml');
  await withBaselineLock(baseline, async () => {
    writeFileSync(`${baseline}.lock`, '1 someone-else');
  });
  expect(readFileSync(`${baseline}.lock`, 'utf8')).toBe('1 someone-else');
});

test("clearStaleLock removes the lock of a writer that died holding it, and leaves a live writer's", async () => {
  const dir = tmp();
  // A pid that is gone: a process that has exited.
  const dead = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0']);
    child.on('error', reject);
    child.on('close', () => resolve(child.pid as number));
  });
  const stale = path.join(dir, 'stale.baseline.yaml');
  writeFileSync(`${stale}.lock`, `${dead} 0123456789abcdef`);
  await clearStaleLock(stale);
  expect(existsSync(`${stale}.lock`)).toBe(false);
  // This test's own process is alive: its lock is a writer at work.
  const live = path.join(dir, 'live.baseline.yaml');
  writeFileSync(`${live}.lock`, `${process.pid} 0123456789abcdef`);
  await clearStaleLock(live);
  expect(readFileSync(`${live}.lock`, 'utf8')).toBe(`${process.pid} 0123456789abcdef`);
  // No lock at all: nothing to do, nothing created.
  await clearStaleLock(path.join(dir, 'none.baseline.yaml'));
  expect(readdirSync(dir).sort()).toEqual(['live.baseline.yaml.lock']);
});
