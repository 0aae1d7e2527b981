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
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface Readable extends NodeJS.ReadableStream {
  isTTY?: boolean;
}
