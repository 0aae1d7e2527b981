import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../harness/cli/main.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FAKE_ZEEK = path.join(REPO, 'test', 'fixtures', 'fake-zeek.mjs');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in-process with captured output; the environment is exactly what is given (plus PATH). */
export async function cli(argv: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv,
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...opts.env },
    stdout: {
      write: (s: string) => {
        stdout += s;
      },
    },
    stderr: {
      write: (s: string) => {
        stderr += s;
      },
    },
  });
  return { code, stdout, stderr };
}
