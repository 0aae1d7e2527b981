import { EnvironmentError } from '../errors.js';
import type { CommitInfo } from './repository.js';
import { gitMessage, runGit, type GitOptions } from './run-git.js';

export interface FileCommit extends CommitInfo {
  /** Author time, Unix seconds. */
  time: number;
  /** The file's path at this commit, relative to the repository's top (it may have been renamed since). */
  path: string;
  /** The commit deleted the file. */
  deleted: boolean;
}

/**
 * Every commit that changed `file` (a path relative to the repository's top), oldest first,
 * following renames (`git log --follow`), each with the path the file had there.
 */
export async function fileLog(root: string, file: string, opts: GitOptions): Promise<FileCommit[]> {
  const r = await runGit(root, ['log', '--follow', '--name-status', '--format=%x1e%H%x1f%h%x1f%aI%x1f%at%x1f%s', '--', file], opts);
  // A repository without any commit has no history yet, which is not an error.
  if (r.exitCode !== 0 && /does not have any commits yet/.test(r.stderr)) return [];
  if (r.exitCode !== 0) throw new EnvironmentError(`git log of ${file} failed in ${root}: ${gitMessage(r)}`);
  const commits: FileCommit[] = [];
  let current = file;
  // Newest first from git; walking back, the path a commit names is the one the file had there.
  for (const record of r.stdout.split('\x1e').slice(1)) {
    const [header = '', ...rest] = record.split('\n');
    const [hash = '', short = '', date = '', time = '0', subject = ''] = header.split('\x1f');
    const status = rest.map((l) => l.split('\t')).find((f) => f.length >= 2 && f[0] !== '');
    const deleted = status?.[0] === 'D';
    if (status) current = status[status.length - 1] ?? current;
    commits.push({ hash, short, date, time: Number(time), subject, path: current, deleted });
    // A rename's older commits name the file by its old path.
    if (status?.[0]?.startsWith('R') && status[1]) current = status[1];
  }
  return commits.reverse();
}

/** The file's text at a commit, or undefined when it does not exist there. */
export async function fileAt(root: string, commit: string, file: string, opts: GitOptions): Promise<string | undefined> {
  const r = await runGit(root, ['cat-file', 'blob', `${commit}:${file}`], opts);
  return r.exitCode === 0 ? r.stdout : undefined;
}
