import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';

/**
 * Serialises baseline writes between zeek-budget processes: the lock is a file created
 * exclusively beside the baseline, holding the writer's pid. A lock whose process is gone is stale
 * and taken over; a live one makes the second writer stop with a clear message instead of racing.
 */
export async function withBaselineLock<T>(baselineFile: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${baselineFile}.lock`;
  await mkdir(path.dirname(baselineFile), { recursive: true });
  await acquire(lock, baselineFile);
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}

async function acquire(lock: string, baselineFile: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(lock, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new EnvironmentError(`cannot lock baseline: ${(e as Error).message}`, { file: baselineFile });
      const pid = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (pid && isAlive(pid)) {
        throw new EnvironmentError(
          `another zeek-budget (pid ${pid}) is updating this baseline; wait for it to finish (or remove ${lock} if that process is not zeek-budget)`,
          { file: baselineFile },
        );
      }
      await rm(lock, { force: true });
    }
  }
  throw new EnvironmentError(`cannot lock baseline: ${lock} keeps reappearing`, { file: baselineFile });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
