import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface ProcessOutcome {
  exitCode: number | undefined;
  signal: string | undefined;
  timedOut: boolean;
  aborted: boolean;
  wallSeconds: number;
  stdoutTail: string;
  stderrTail: string;
  /** Set when the command could not be started at all: the errno code (ENOENT, EACCES, ...). */
  spawnError?: string;
}

export interface RunProcessOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  timeoutSeconds: number;
  /** Grace period between SIGTERM and SIGKILL when the timeout hits. */
  killGraceSeconds?: number;
  signal?: AbortSignal;
}

const TAIL_LINES = 20;

/**
 * Runs a command as the leader of its own process group, so a timeout or an abort kills
 * everything it started, not only the direct child.
 */
export async function runProcess(file: string, args: string[], opts: RunProcessOptions): Promise<ProcessOutcome> {
  const started = performance.now();
  // node's own spawn, not a wrapper library: loading one costs every run of the CLI tens of ms of CPU.
  const child = spawn(file, args, {
    cwd: opts.cwd,
    env: definedOnly(opts.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout = new TailBuffer();
  const stderr = new TailBuffer();
  child.stdout.on('data', (b: Buffer) => stdout.push(b));
  child.stderr.on('data', (b: Buffer) => stderr.push(b));
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
  // 'close' comes after the process exited and its output pipes are drained.
  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: string }>((resolve) => {
    child.once('error', (e: NodeJS.ErrnoException) => resolve({ code: null, signal: null, error: e.code ?? e.message }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  if (killTimer) clearTimeout(killTimer);
  // Leftover members of the group (a zeek that forked) must not outlive the run.
  killGroup('SIGKILL');
  opts.signal?.removeEventListener('abort', onAbort);
  return {
    exitCode: ended.code ?? undefined,
    signal: ended.signal ?? undefined,
    timedOut,
    aborted,
    wallSeconds: (performance.now() - started) / 1000,
    stdoutTail: tailLines(stdout.text()),
    stderrTail: tailLines(ended.error ? `${stderr.text()}${file}: cannot run: ${ended.error}` : stderr.text()),
    ...(ended.error ? { spawnError: ended.error } : {}),
  };
}

/** The environment exactly as given: a variable set to undefined is left out, not passed as "undefined". */
function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

export function tailLines(text: string, n = TAIL_LINES): string {
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
