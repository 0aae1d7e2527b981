// Runs the fake zeek as the harness would run the real one: a child process
// in its own working directory, with a clean FAKE_ZEEK_* environment.
import { execa } from 'execa';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKE_ZEEK } from './paths.js';

export interface ZeekRun {
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('FAKE_ZEEK_') && k !== 'ZEEK_SEED_FILE' && k !== 'CLUSTER_NODE') env[k] = v;
  }
  return { ...env, ...extra };
}

export async function runFakeZeek(args: string[], cwd: string, env: Record<string, string> = {}): Promise<ZeekRun> {
  const started = Date.now();
  const r = await execa(FAKE_ZEEK, args, {
    cwd,
    env: cleanEnv(env),
    extendEnv: false,
    reject: false,
    timeout: 60000,
    stripFinalNewline: false,
  });
  return {
    exitCode: r.exitCode,
    signal: r.signal,
    stdout: String(r.stdout),
    stderr: String(r.stderr),
    durationMs: Date.now() - started,
  };
}

export function tempDir(prefix = 'fake-zeek-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Waits until `file` exists (a child process reached a point), failing after timeoutMs. */
export async function waitForFile(file: string, timeoutMs = 15000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
