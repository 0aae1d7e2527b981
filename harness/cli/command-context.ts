import type { ExitCode } from '../errors.js';
import type { CliIo } from '../text/io.js';

export interface CommandContext {
  io: CliIo;
  /** Set by a command's action: the exit code the CLI returns. */
  setExitCode(code: ExitCode): void;
}
