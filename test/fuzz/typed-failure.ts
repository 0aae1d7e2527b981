// What every failure of a reader or loader must be: one of the tool's typed errors (so the CLI
// prints it and picks its exit code), naming the file, and the line where the input has one.
import { ZeekBudgetError } from '../../harness/errors.js';

export interface FailureRules {
  /** Errors about the file as a whole (no line to name), recognised by their message. */
  wholeFile?: RegExp;
}

/** Returns a problem description, or undefined when the error is acceptable. */
export function untypedFailure(e: unknown, file: string, rules: FailureRules = {}): string | undefined {
  if (!(e instanceof ZeekBudgetError)) {
    return `not a typed error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  }
  if (e.location?.file !== file) return `error does not name the file ${file}: ${e.message}`;
  if (!e.message.startsWith(file)) return `message does not start with the file: ${e.message}`;
  const line = e.location.line;
  if (line === undefined && !(rules.wholeFile?.test(e.message) ?? false)) return `error names no line: ${e.message}`;
  if (line !== undefined && !(Number.isInteger(line) && line >= 1)) return `bad line number ${line}: ${e.message}`;
  return undefined;
}
