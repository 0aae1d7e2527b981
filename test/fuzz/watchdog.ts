// Bounds for fuzz cases. A case stuck in an endless loop blocks this thread's event loop, so no
// timer here could end it: a watchdog thread does, by printing the case and killing the test
// process (the run fails instead of stalling CI). A case stuck waiting (a stream that never ends)
// is caught in this thread and fails the test with the case named.
import { Worker } from 'node:worker_threads';

const LABEL_BYTES = 4096;

/**
 * How long one case may wait before it counts as a hang. Cases take milliseconds; the bound only
 * has to tell "never" from "slow", so it is generous: a loaded CI machine must not turn red.
 */
export const CASE_MS = 60_000;
/** A whole fuzz test: its cases share one jest test, which must outlast any slow machine. */
export const FUZZ_TEST_MS = 60 * 60_000;

const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const deadline = new BigInt64Array(workerData, 0, 1);
const label = new Uint8Array(workerData, 8);
const nap = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  Atomics.wait(nap, 0, 0, 100);
  const due = Number(Atomics.load(deadline, 0));
  if (due > 0 && Date.now() > due) {
    const end = label.indexOf(0);
    const text = Buffer.from(label.subarray(0, end < 0 ? label.length : end)).toString('utf8');
    writeSync(2, '\\nfuzz watchdog: a case never returned (an endless loop?); killing the test process.\\ncase: ' + text + '\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}
`;

export class Watchdog {
  private readonly shared = new SharedArrayBuffer(8 + LABEL_BYTES);
  private readonly deadline = new BigInt64Array(this.shared, 0, 1);
  private readonly label = new Uint8Array(this.shared, 8);
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: this.shared });
    this.worker.unref();
  }

  /**
   * Runs one case: it must settle within `ms` (else the test fails naming `label`); if it never
   * yields at all, the watchdog ends the process after 5 x `ms`.
   */
  async run<T>(label: string, ms: number, fn: () => Promise<T>): Promise<T> {
    this.label.fill(0);
    this.label.set(Buffer.from(label, 'utf8').subarray(0, LABEL_BYTES - 1));
    Atomics.store(this.deadline, 0, BigInt(Date.now() + 5 * ms));
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        fn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`fuzz case did not finish within ${ms} ms (a hang): ${label}`)), ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      Atomics.store(this.deadline, 0, 0n);
    }
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
