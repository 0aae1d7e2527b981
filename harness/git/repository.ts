import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { gitOutput, runGit, type GitOptions } from './run-git.js';

export interface CommitInfo {
  hash: string;
  /** git's abbreviation (7 characters, more where needed to stay unique). */
  short: string;
  subject: string;
  /** Author date, ISO 8601 with the author's zone. */
  date: string;
}

/** The top directory of the git repository `dir` lies in (symlinks resolved, so paths compare). */
export async function repositoryRoot(dir: string, opts: GitOptions): Promise<string> {
  const out = await gitOutput(dir, ['rev-parse', '--show-toplevel'], `${dir} is not in a git repository`, opts);
  return realpath(out.trim());
}

/** The commit REF names (a branch, tag, hash, `HEAD~2`, `origin/main`). */
export async function resolveCommit(root: string, ref: string, opts: GitOptions): Promise<string> {
  // An argument array keeps a shell out, but git would still read `--foo` as an option.
  if (ref.startsWith('-')) throw new ConfigError(`--against ${ref}: a REF cannot start with "-" (name a branch, tag or commit)`);
  const out = await gitOutput(root, ['rev-parse', `${ref}^{commit}`, '--'], `--against ${ref}: not a commit of ${root}`, opts);
  const hash = out.trim().split('\n')[0] ?? '';
  if (!/^[0-9a-f]{40,64}$/.test(hash)) throw new ConfigError(`--against ${ref}: git rev-parse gave "${hash}", not a commit hash`);
  return hash;
}

export async function commitInfo(root: string, rev: string, opts: GitOptions): Promise<CommitInfo> {
  const out = await gitOutput(root, ['log', '-1', '--format=%H%x1f%h%x1f%aI%x1f%s', rev, '--'], `cannot read commit ${rev}`, opts);
  const [hash = '', short = '', date = '', subject = ''] = out.trim().split('\x1f');
  return { hash, short, subject, date };
}

/**
 * Whether what is measured differs from HEAD: a tracked file changed (staged or not), or an
 * untracked file lies among `paths` (the suites and their scripts). Untracked files elsewhere (a
 * report written by the last run, an editor's backup) change nothing that runs.
 */
export async function hasUncommittedChanges(root: string, paths: string[], opts: GitOptions): Promise<boolean> {
  const tracked = await runGit(root, ['status', '--porcelain', '--untracked-files=no'], opts);
  if (tracked.exitCode !== 0 || tracked.stdout.trim() !== '') return true;
  if (paths.length === 0) return false;
  const untracked = await runGit(root, ['status', '--porcelain', '--untracked-files=all', '--', ...paths], opts);
  return untracked.exitCode !== 0 || untracked.stdout.trim() !== '';
}

/**
 * The repository's top as seen from `dir` the way the user spelled it: git resolves symlinks
 * (/tmp -> /private/tmp), suites and their paths do not, and the two must compare.
 */
export async function rootAsSeenFrom(root: string, dir: string): Promise<string> {
  return path.resolve(dir, path.relative(await realpath(dir), root));
}

/** `file` relative to the repository's top, with forward slashes as git names paths. */
export function repositoryPath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Whether `file` lies inside `dir` (or is it). */
export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
