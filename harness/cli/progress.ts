import cliProgress from 'cli-progress';
import type { RunResult } from '../measure/run-result.js';
import { formatDuration } from '../util/parse-duration.js';
import type { Writable } from '../text/io.js';

export interface Progress {
  start(total: number): void;
  runEnd(result: RunResult, done: number, total: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Milliseconds since some epoch; injected by tests. */
  now?: () => number;
  /** Without a terminal, a line at most this often says how far the runs are (long suites in CI). */
  heartbeatSeconds?: number;
}

const DEFAULT_HEARTBEAT_SECONDS = 300;

/**
 * On a terminal: a bar with the runs done, elapsed time, ETA, failures so far and the last run.
 * Elsewhere (CI logs) nothing per run: a line for each run that failed, a line every few minutes
 * while runs go on, and one at the end — the report that follows has the details.
 */
export function createProgress(stream: Writable, opts: ProgressOptions = {}): Progress {
  return stream.isTTY ? terminalBar(stream) : logLines(stream, opts);
}

function terminalBar(stream: Writable): Progress {
  let failed = 0;
  const bar = new cliProgress.SingleBar(
    {
      format: 'zeek runs [{bar}] {value}/{total} | {duration_formatted} | ETA {eta_formatted} | {failed}{last}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
      stream: stream as NodeJS.WritableStream,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { last: '', failed: '' }),
    runEnd: (r, done) => {
      if (r.failure) failed++;
      bar.update(done, { last: `${r.suite}/${r.trace.label}`, failed: failed ? `${failed} FAILED | ` : '' });
    },
    stop: () => bar.stop(),
  };
}

function logLines(stream: Writable, opts: ProgressOptions): Progress {
  const now = opts.now ?? (() => Date.now());
  const every = (opts.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS) * 1000;
  let started = 0;
  let lastLine = 0;
  let failed = 0;
  let done = 0;
  let total = 0;
  const elapsed = () => formatDuration(Math.round((now() - started) / 100) / 10);
  return {
    start: (n) => {
      started = lastLine = now();
      total = n;
    },
    runEnd: (r, d, t) => {
      done = d;
      total = t;
      if (r.failure) {
        failed++;
        const first = r.failure.message.split('\n')[0] ?? '';
        stream.write(`zeek-budget: run failed: ${r.suite}/${r.trace.label} (repeat ${r.repeat}): ${first}\n`);
      }
      if (now() - lastLine >= every && d < t) {
        lastLine = now();
        const left = ((now() - started) / d) * (t - d);
        stream.write(`zeek-budget: ${d}/${t} runs done after ${elapsed()}, about ${formatDuration(Math.max(1, Math.round(left / 1000)))} to go\n`);
      }
    },
    stop: () => {
      if (total > 0) stream.write(`zeek-budget: ${done}/${total} runs done in ${elapsed()}${failed ? `, ${failed} failed` : ''}\n`);
    },
  };
}
