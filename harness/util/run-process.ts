import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { holdProcessGroup } from './live-resources.js';

export interface ProcessOutcome {
  exitCode: number | undefined;
  signal: string | undefined;
  timedOut: boolean;
  aborted: boolean;
  wallSeconds: number;
  stdoutTail: string;
  stderrTail: string;
  /** The program could not be started at all (ENOENT, EACCES, ...): nothing ran. */
  spawnError?: { code: string; message: string };
}

export interface RunProcessOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  timeoutSeconds: number;
  /** Grace period between SIGTERM and SIGKILL when the timeout hits. */
  killGraceSeconds?: number;
  signal?: AbortSignal;
  /** Lines of output kept (default 20; at most the last 64 KiB). */
  tailLines?: number;
}

const TAIL_LINES = 20;

/**
 * Runs a command as the leader of its own process group, so a timeout or an abort kills
 * everything it started, not only the direct child.
 */
export async function runProcess(file: string, args: string[], opts: RunProcessOptions): Promise<ProcessOutcome> {
  const started = performance.now();
  // Stopped before it started (a signal during start-up): start nothing that would need killing.
  if (opts.signal?.aborted) {
    return { exitCode: undefined, signal: undefined, timedOut: false, aborted: true, wallSeconds: 0, stdoutTail: '', stderrTail: '' };
  }
  // node's own spawn, not execa: this is every zeek run's path, and execa's import (about 90 ms)
  // would come before the first zeek starts. Only the given environment reaches the process.
  const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException }>((resolve) => {
    // An exec failure (ENOENT, EACCES) comes as 'error' with no process; otherwise 'close' once
    // it exited and its output ended.
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, error });
    });
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  // Held from the same tick as the spawn: no signal can come between them.
  const release = child.pid === undefined ? () => false : holdProcessGroup(child.pid);
  const stdout = new TailBuffer();
  const stderr = new TailBuffer();
  child.stdout?.on('data', (b: Buffer) => stdout.push(b));
  child.stderr?.on('data', (b: Buffer) => stderr.push(b));
  // The output is kept for its tail only: a pipe that fails loses some of it, it does not end the run.
  child.stdout?.on('error', () => undefined);
  child.stderr?.on('error', () => undefined);
  let timedOut = false;
  let aborted = false;
  const killGroup = (sig: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // Already gone.
    }
  };
  const stop = () => {
    killGroup('SIGTERM');
    killTimer = setTimeout(() => killGroup('SIGKILL'), (opts.killGraceSeconds ?? 2) * 1000);
  };
  let killTimer: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, opts.timeoutSeconds * 1000);
  const onAbort = () => {
    aborted = true;
    stop();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  const r = await done;
  clearTimeout(timer);
  if (killTimer) clearTimeout(killTimer);
  // Leftover members of the group (a zeek that forked) must not outlive the run.
  killGroup('SIGKILL');
  release();
  opts.signal?.removeEventListener('abort', onAbort);
  const spawnCode = r.error?.code ?? (r.error ? 'ENOEXEC' : undefined);
  return {
    exitCode: r.code ?? undefined,
    signal: r.signal ?? undefined,
    timedOut,
    aborted,
    wallSeconds: (performance.now() - started) / 1000,
    stdoutTail: tailLines(stdout.text(), opts.tailLines),
    stderrTail: tailLines(stderr.text(), opts.tailLines),
    ...(spawnCode ? { spawnError: { code: spawnCode, message: r.error?.message ?? spawnCode } } : {}),
  };
}

export function tailLines(text: string, n: number = TAIL_LINES): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  return lines.slice(-n).join('\n');
}

/** Keeps the last `limit` bytes of a stream. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit = 64 * 1024) {}

  push(b: Buffer): void {
    this.chunks.push(b);
    this.size += b.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit && this.chunks.length > 1) {
      this.size -= this.chunks.shift()?.length ?? 0;
    }
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
