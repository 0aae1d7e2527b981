import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tmp from 'tmp';
import { ConfigError, EnvironmentError } from '../errors.js';
import { gitMessage, runGit, type GitOptions } from './run-git.js';

/**
 * Checks `commit` out into a temporary worktree (`git worktree add --detach`), runs `fn` with its
 * directory, and removes it again however `fn` ends: normally, by an error, or by Ctrl-C (the
 * signal aborts what runs inside; the removal itself runs without the signal, so it finishes).
 * The user's own working tree, index and branches are never touched; git only records the extra
 * worktree under .git/worktrees while it exists.
 */
export async function withWorktree<T>(root: string, commit: string, opts: GitOptions, fn: (dir: string) => Promise<T>): Promise<T> {
  let parent: tmp.DirResult;
  try {
    parent = tmp.dirSync({ prefix: 'zeek-budget-base-', unsafeCleanup: true });
  } catch (e) {
    throw new EnvironmentError(`cannot create a temporary directory in ${os.tmpdir()}: ${(e as Error).message} (set TMPDIR to a writable directory)`);
  }
  const dir = path.join(parent.name, 'tree');
  try {
    const added = await runGit(root, ['worktree', 'add', '--detach', '--quiet', dir, commit], opts);
    if (added.exitCode !== 0)
      throw new ConfigError(`cannot check out ${commit.slice(0, 12)} into a temporary worktree (${dir}): git says: ${gitMessage(added)}`);
    return await fn(dir);
  } finally {
    await removeWorktree(root, dir, opts.env);
    parent.removeCallback();
  }
}

async function removeWorktree(root: string, dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const removed = await runGit(root, ['worktree', 'remove', '--force', '--force', dir], { env }).catch(() => undefined);
  if (removed?.exitCode === 0) return;
  // Never registered (the add failed or was interrupted) or already half gone: delete the files and
  // let git forget the entry.
  await rm(dir, { recursive: true, force: true });
  await runGit(root, ['worktree', 'prune'], { env }).catch(() => undefined);
}
