import { cp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { ConfigError, EnvironmentError } from '../errors.js';
import { packageVersion, ZEEK_PACKAGE_DIR } from '../zeek-package.js';

/**
 * zkg installs a package from a git repository (a URL or a local path) and nothing else: not from
 * a subdirectory of one, not from an npm package. `exportPackage` writes the measuring package
 * (zeek-package/) as a repository of its own, one commit tagged with its version (zkg installs the
 * highest version tag), which `zkg install DIR` accepts as it is, or which can be pushed to a
 * server for a cluster's zkg.
 */
export interface ExportResult {
  dir: string;
  version: string;
  tag: string;
  commit: string;
  files: string[];
}

/** Left out: btest's scratch files, which a package's own .gitignore leaves out as well. */
const SCRATCH = /(^|\/)(\.tmp|\.btest\.failed\.dat)(\/|$)/;

export async function exportPackage(dest: string, env: NodeJS.ProcessEnv): Promise<ExportResult> {
  const dir = path.resolve(dest);
  const existing = await readdir(dir).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? [] : Promise.reject(e)));
  if (existing.length > 0) throw new ConfigError(`${dir} exists and is not empty: name a new directory (the package's repository is created there)`);
  const version = packageVersion();
  const tag = `v${version}`;
  await cp(ZEEK_PACKAGE_DIR, dir, { recursive: true, filter: (src) => !SCRATCH.test(path.relative(ZEEK_PACKAGE_DIR, src).split(path.sep).join('/')) });
  const git = async (...args: string[]) => {
    // A fixed identity: the export must not depend on (or fail for lack of) the user's git config.
    const r = await execa(
      'git',
      ['-c', 'user.name=zeek-budget', '-c', 'user.email=zeek-budget@localhost', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args],
      {
        cwd: dir,
        env,
        extendEnv: false,
        reject: false,
        stdin: 'ignore',
      },
    );
    if ((r as { code?: string }).code === 'ENOENT')
      throw new EnvironmentError('export-package needs git on PATH (zkg installs packages from git repositories): install git');
    if (r.exitCode !== 0) throw new EnvironmentError(`git ${args.join(' ')} failed in ${dir}: ${(r.stderr || r.stdout).trim()}`);
    return r.stdout.trim();
  };
  await git('init', '--quiet', '--initial-branch=main');
  await git('add', '--all');
  await git('commit', '--quiet', '--message', `my_stats ${version}: the measuring package of zeek-budget ${await npmVersion()}`);
  await git('tag', '--annotate', tag, '--message', `my_stats ${version}`);
  const commit = await git('rev-parse', 'HEAD');
  const files = (await git('ls-files')).split('\n').filter(Boolean);
  return { dir, version, tag, commit, files };
}

async function npmVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(ZEEK_PACKAGE_DIR, '..', 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}
