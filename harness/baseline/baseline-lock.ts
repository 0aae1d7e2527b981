import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { holdPath } from '../util/live-resources.js';
import { failure } from '../messages.js';

/**
 * Serialises baseline writes between zeek-budget processes. The lock is a file beside the
 * baseline holding the writer's pid and a random token, created with link(2) from a fully written
 * file, so it never exists half-written and only one creator can win. A live holder makes the
 * second writer stop with a clear message instead of racing.
 *
 * A lock whose process is gone is stale. Removing it is where a naive scheme races: two processes
 * that both saw the dead pid both remove "the lock", and the second removes the first one's fresh
 * lock. Here removal of the stale lock with token T happens only under `LOCK.T.takeover`, itself
 * created with link(2): one process wins it, reads the lock again and removes it only if it still
 * holds T. A late taker wins the marker after that, finds another token, and starts over.
 */
export async function withBaselineLock<T>(baselineFile: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${baselineFile}.lock`;
  await mkdir(path.dirname(baselineFile), { recursive: true });
  const token = `${process.pid} ${randomBytes(8).toString('hex')}`;
  await acquire(lock, baselineFile, token);
  // Removed even if the CLI must end at once (a second signal) while it is held.
  const release = holdPath(lock);
  try {
    return await fn();
  } finally {
    // Only our own lock: never one that a confused writer put in its place.
    if ((await readLock(lock)) === token) await rm(lock, { force: true });
    release();
  }
}

/**
 * Removes the lock of a writer that died holding it, as taking the lock would (under the takeover
 * marker), and leaves a live writer's lock alone. For an update that writes nothing: a writer
 * killed between its rename and its unlock left the baseline whole and its lock behind, and the
 * next update finds the baseline unchanged. Best effort: it never fails the update.
 */
export async function clearStaleLock(baselineFile: string): Promise<void> {
  const lock = `${baselineFile}.lock`;
  const held = await readLock(lock);
  if (held === undefined) return;
  const pid = pidOf(held);
  if (pid !== undefined && isAlive(pid)) return;
  await removeStale(lock, held, `${process.pid} ${randomBytes(8).toString('hex')}`, baselineFile).catch(() => undefined);
}

/** How often a lock that is being taken over (a few system calls long) is looked at again. */
const TAKEOVER_TRIES = 50;
const TAKEOVER_WAIT_MS = 10;

async function acquire(lock: string, baselineFile: string, token: string): Promise<void> {
  for (let attempt = 0; attempt < TAKEOVER_TRIES; attempt++) {
    if (await createExclusive(lock, token, baselineFile)) return;
    const held = await readLock(lock);
    if (held === undefined) continue; // released between our attempt and the read
    const pid = pidOf(held);
    if (pid !== undefined && isAlive(pid)) {
      throw failure('baselineLockHeld', { file: baselineFile }, pid, lock);
    }
    if (!(await removeStale(lock, held, token, baselineFile))) await sleep(TAKEOVER_WAIT_MS);
  }
  throw failure('baselineLockContended', { file: baselineFile }, lock);
}

/** Removes the lock if it still holds `stale`; false when another process is taking it over. */
async function removeStale(lock: string, stale: string, token: string, baselineFile: string): Promise<boolean> {
  const marker = `${lock}.${stale.replace(/[^0-9a-z]+/gi, '-') || 'empty'}.takeover`;
  if (!(await createExclusive(marker, token, baselineFile))) {
    const taker = pidOf((await readLock(marker)) ?? '');
    if (taker !== undefined && !isAlive(taker)) {
      // The taker died within the few system calls of its takeover: too rare to guess around.
      throw failure('baselineLockTakerDied', { file: baselineFile }, taker, lock, marker);
    }
    return false;
  }
  try {
    // Under the marker nobody else can remove a lock holding `stale`, and its dead owner cannot.
    if ((await readLock(lock)) === stale) await unlink(lock).catch(ignoreMissing);
    return true;
  } finally {
    await rm(marker, { force: true });
  }
}

/** Creates `file` holding `content`, atomically and only if it does not exist yet. */
async function createExclusive(file: string, content: string, baselineFile: string): Promise<boolean> {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
  try {
    await writeFile(draft, content, { flag: 'wx' });
    await link(draft, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw failure('cannotLockBaseline', { file: baselineFile }, (e as Error).message);
  } finally {
    await rm(draft, { force: true });
  }
}

async function readLock(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').then(
    (t) => t.trim(),
    () => undefined,
  );
}

/** The pid a lock names (locks of older versions hold only the pid); undefined when it names none. */
function pidOf(content: string): number | undefined {
  const pid = Number(content.split(/\s+/)[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function ignoreMissing(e: NodeJS.ErrnoException): void {
  if (e.code !== 'ENOENT') throw e;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
