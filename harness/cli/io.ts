/** Everything the CLI touches of its process, passed in so tests need no global mocking. */
export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: Writable;
  stderr: Writable;
}

export interface Writable {
  write(chunk: string): unknown;
  isTTY?: boolean;
}
