import { execa } from 'execa';
import { ConfigError, EnvironmentError } from '../errors.js';

// The one place zeek-budget runs git: always an argument array (never a shell string), never with
// hooks (a post-checkout hook has no business running inside a measurement), and with git's own
// message kept whole, because that message is what the user needs when a REF or a repository is wrong.

export interface GitOptions {
  env: NodeJS.ProcessEnv;
  /** Aborts the git process (Ctrl-C). Clean-up commands are run without one, so they always finish. */
  signal?: AbortSignal;
}

export interface GitOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `git ARGS` in `cwd`; a non-zero exit is returned, not thrown. git missing is an environment error. */
export async function runGit(cwd: string, args: string[], opts: GitOptions): Promise<GitOutput> {
  const r = await execa('git', ['-c', 'core.hooksPath=/dev/null', ...args], {
    cwd,
    env: { ...opts.env, GIT_TERMINAL_PROMPT: '0' },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: false,
    maxBuffer: 512 * 1024 * 1024,
    cancelSignal: opts.signal,
  });
  if (r.isCanceled) throw new EnvironmentError('interrupted: git was stopped');
  if ((r as { code?: string }).code === 'ENOENT' || (r.exitCode === undefined && /ENOENT/.test(String(r.message ?? '')))) {
    throw new EnvironmentError(
      'git is not installed or not on PATH: --against and history read the repository with git; install git (e.g. apt-get install git)',
    );
  }
  if (r.exitCode === undefined) throw new EnvironmentError(`git ${args[0] ?? ''} failed: ${r.message}`);
  return { exitCode: r.exitCode, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/**
 * Runs git and returns its stdout; a failure becomes a ConfigError (exit 2) that says `what` was
 * being done and quotes git: a REF that does not resolve or a directory outside any repository is
 * the user's input to fix.
 */
export async function gitOutput(cwd: string, args: string[], what: string, opts: GitOptions): Promise<string> {
  const r = await runGit(cwd, args, opts);
  if (r.exitCode !== 0) throw new ConfigError(`${what}: git says: ${gitMessage(r)}`);
  return r.stdout;
}

/** git's own words: stderr without the usage hint git appends to ambiguous-argument errors. */
export function gitMessage(r: GitOutput): string {
  const lines = (r.stderr || r.stdout)
    .trim()
    .split('\n')
    .filter((l) => l && !/^(Use '--' to separate|'git <command>)/.test(l));
  return lines.join('\n') || `exit ${r.exitCode}`;
}
