/** Everything the CLI touches of its process, passed in so tests need no global mocking. */
export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: Writable;
  stderr: Writable;
  /** Standard input, for the few questions asked at a terminal (`init`); absent or not a TTY: never asked. */
  stdin?: Readable;
  /** Aborted on SIGINT/SIGTERM: running zeeks are stopped and nothing half-done is written. */
  signal?: AbortSignal;
}

export interface Writable {
  /** false: the stream's buffer is full (see drained). */
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** Resolves once a full buffer has drained (or the stream failed): where absent, writes are never held back. */
  drained?(): Promise<void>;
}

export interface Readable extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

/**
 * Writes chunks in order, waiting where the stream says its buffer is full (a pipe to a slow
 * reader), so a large report is not queued in memory whole.
 */
export async function writeChunks(w: Writable, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) if (w.write(chunk) === false && w.drained) await w.drained();
}
