// The CLI as users run it: the built binary in its own process, so exit codes, signals, crashes and
// left-over processes are the real ones. Needs `npm run build` (npm test runs it first: pretest).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/run-cli.js';

/** The CLI as users run it: the bundle that package.json's bin names (scripts/bundle-cli.ts). */
export const CLI_BIN = path.join(REPO, 'dist', 'cli', 'bin.js');

export function requireBuiltCli(): void {
  if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run \`npm run build\` (npm test does it first)`);
}

export interface ProcessResult {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  done: Promise<ProcessResult>;
  /** Its stdout and stderr so far. */
  output(): string;
}

export interface StartOptions {
  cwd: string;
  /** The whole environment (PATH is added). */
  env?: Record<string, string>;
  /** Run as this user and group (tests run as root, where file permissions mean nothing). */
  uid?: number;
  gid?: number;
  /** stdout to this file (e.g. /dev/full) instead of a pipe read by the test. */
  stdoutFile?: string;
}

export function startCli(argv: string[], opts: StartOptions): CliProcess {
  const out = opts.stdoutFile === undefined ? 'pipe' : openSync(opts.stdoutFile, 'w');
  const child = spawn(process.execPath, [CLI_BIN, ...argv], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...opts.env },
    stdio: ['ignore', out, 'pipe'],
    uid: opts.uid,
    gid: opts.gid,
  });
  if (typeof out === 'number') closeSync(out);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (b: Buffer) => {
    stdout += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const done = new Promise<ProcessResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, output: () => `${stdout}\n${stderr}` };
}

export function runCliProcess(argv: string[], opts: StartOptions): Promise<ProcessResult> {
  return startCli(argv, opts).done;
}

/** Live (not zombie) processes whose command line mentions `marker`, other than this one. */
export function processesMentioning(marker: string): Array<{ pid: number; cmdline: string }> {
  const found: Array<{ pid: number; cmdline: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (!cmdline.includes(marker)) continue;
      if (/^State:\s+Z/m.test(readFileSync(`/proc/${entry}/status`, 'utf8'))) continue;
      found.push({ pid: Number(entry), cmdline });
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

/** Whether process `pid` has `file` open (read from /proc). */
export function hasOpen(pid: number, file: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** Polls until `condition` holds (or fails after `ms`). */
export async function waitFor(what: string, condition: () => boolean, ms = 15000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
