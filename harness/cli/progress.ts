import cliProgress from 'cli-progress';
import type { RunResult } from '../runner/run-trace.js';
import { formatSeconds } from '../budget/format-amount.js';
import type { Writable } from './io.js';

export interface Progress {
  start(total: number): void;
  runEnd(result: RunResult, done: number, total: number): void;
  stop(): void;
}

/** A bar with ETA on a terminal; one plain line per finished run elsewhere (CI logs stay readable). */
export function createProgress(stream: Writable): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'zeek runs [{bar}] {value}/{total} | ETA {eta_formatted} | {last}', hideCursor: true, clearOnComplete: true, stream: stream as NodeJS.WritableStream },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (total) => bar.start(total, 0, { last: '' }),
      runEnd: (r, done) => bar.update(done, { last: `${r.trace.label}${r.failure ? ' FAILED' : ''}` }),
      stop: () => bar.stop(),
    };
  }
  return {
    start: (total) => stream.write(`running ${total} zeek run${total === 1 ? '' : 's'}\n`),
    runEnd: (r, done, total) =>
      stream.write(`[${done}/${total}] ${r.suite}/${r.trace.label} #${r.repeat}: ${r.failure ? `FAILED (${r.failure.kind})` : 'ok'} ${formatSeconds(r.wallSeconds)}\n`),
    stop: () => undefined,
  };
}
