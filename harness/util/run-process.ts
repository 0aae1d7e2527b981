import { performance } from 'node:perf_hooks';
import { execa } from 'execa';

export interface ProcessOutcome {
  exitCode: number | undefined;
  signal: string | undefined;
  timedOut: boolean;
  aborted: boolean;
  wallSeconds: number;
  stdoutTail: string;
  stderrTail: string;
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
  const child = execa(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: false,
    detached: true,
    reject: false,
    stdin: 'ignore',
    // Only the tails are kept, so a chatty zeek cannot exhaust our memory.
    buffer: false,
  });
  const stdout = new TailBuffer();
  const stderr = new TailBuffer();
  child.stdout?.on('data', (b: Buffer) => stdout.push(b));
  child.stderr?.on('data', (b: Buffer) => stderr.push(b));
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
  const r = await child;
  clearTimeout(timer);
  if (killTimer) clearTimeout(killTimer);
  // Leftover members of the group (a zeek that forked) must not outlive the run.
  killGroup('SIGKILL');
  opts.signal?.removeEventListener('abort', onAbort);
  return {
    exitCode: r.exitCode,
    signal: r.signal,
    timedOut,
    aborted,
    wallSeconds: (performance.now() - started) / 1000,
    stdoutTail: tailLines(stdout.text()),
    stderrTail: tailLines(stderr.text()),
  };
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
