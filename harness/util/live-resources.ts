import { rmSync } from 'node:fs';

/**
 * What this process has running or lying around that must not outlive it: zeek process groups
 * (and other children run as groups), run and scratch directories, a baseline's lock and temp
 * file. Each owner releases its entry when done; when the CLI must end at once (a second
 * SIGINT/SIGTERM/SIGHUP), `releaseAllNow` kills and removes whatever is still held, synchronously.
 * Process-wide by nature: process groups and files belong to the process, not to one caller.
 */
const groups = new Set<number>();
const paths = new Set<string>();

/** Holds a process group (led by `pid`) until the returned function is called. */
export function holdProcessGroup(pid: number): () => void {
  groups.add(pid);
  return () => groups.delete(pid);
}

/** Holds a file or directory to remove if the process must end before its owner removes it. */
export function holdPath(p: string): () => void {
  paths.add(p);
  return () => paths.delete(p);
}

export function holdsResources(): boolean {
  return groups.size > 0 || paths.size > 0;
}

/** SIGKILLs every held process group and removes every held path; what it did, for a message. */
export function releaseAllNow(): { groups: number; paths: number } {
  const done = { groups: groups.size, paths: paths.size };
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  groups.clear();
  for (const p of paths) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch {
      // Nothing more can be done on the way out; the rest still goes.
    }
  }
  paths.clear();
  return done;
}
