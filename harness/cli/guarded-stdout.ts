import type { Writable } from '../text/io.js';

/**
 * stdout as the CLI writes it, guarded against the reader going away or the device failing:
 * - EPIPE (`zeek-budget summarize ... | head`): the reader has what it wanted; further output is
 *   dropped and the command ends quietly with its own exit code;
 * - any other write error (ENOSPC on a full disk or /dev/full, EIO): named once on stderr, and the
 *   exit code becomes 3, since the report the user asked for did not arrive.
 * Without a listener either would be an uncaught 'error' event: a stack trace and exit 1.
 */
export interface GuardedStdout {
  stdout: Writable;
  /** Set when writing failed other than by EPIPE: the exit code must say so. */
  failed(): boolean;
}

export function guardStdout(stream: NodeJS.WriteStream, stderr: Writable, onFailure: () => void): GuardedStdout {
  let gone = false;
  let failed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (gone) return;
    gone = true;
    if (e.code === 'EPIPE') return;
    failed = true;
    const why = e.code === 'ENOSPC' ? 'no space left on the device' : e.code === 'EIO' ? 'an I/O error' : e.message;
    stderr.write(`zeek-budget: cannot write to stdout: ${why} (${e.code ?? 'error'}); the report is incomplete\n`);
    onFailure();
  });
  return {
    stdout: {
      write: (chunk: string) => (gone ? false : stream.write(chunk)),
      get isTTY() {
        return stream.isTTY;
      },
      drained: () =>
        gone || !stream.writableNeedDrain
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              // An error (EPIPE) ends the wait too: drain never comes then.
              const done = () => {
                stream.off('drain', done);
                stream.off('error', done);
                stream.off('close', done);
                resolve();
              };
              stream.once('drain', done);
              stream.once('error', done);
              stream.once('close', done);
            }),
    },
    failed: () => failed,
  };
}
