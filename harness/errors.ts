/**
 * The few kinds of failure the tool knows. Each carries the exit code the CLI uses, so the core can
 * throw or return them without knowing about processes.
 */
export const EXIT = {
  ok: 0,
  budgetFailed: 1,
  usage: 2,
  environment: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  /** Dotted path into a structured document, e.g. `budgets[2].max`. */
  field?: string;
}

export function formatLocation(loc: SourceLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) s += `:${loc.column}`;
  if (loc.field) s += ` ${loc.field}`;
  return s;
}

export abstract class ZeekBudgetError extends Error {
  abstract readonly exitCode: ExitCode;
  readonly location: SourceLocation | undefined;

  /**
   * @param message what went wrong and how to fix it
   * @param location where; prefixed to the message unless `messageHasLocation` (a message listing
   *   several problems, each with its own location)
   */
  constructor(message: string, location?: SourceLocation, messageHasLocation = false) {
    super(location && !messageHasLocation ? `${formatLocation(location)}: ${message}` : message);
    this.name = new.target.name;
    this.location = location;
  }
}

/** Bad usage, a bad suite, a bad baseline file: the user must change their input. Exit 2. */
export class ConfigError extends ZeekBudgetError {
  readonly exitCode = EXIT.usage;
}

/** Zeek missing, crashed or timed out; a file that cannot be read. Exit 3. */
export class EnvironmentError extends ZeekBudgetError {
  readonly exitCode = EXIT.environment;
}

/** A log that cannot be parsed: names the file and line. An unreadable log is an environment failure. */
export class LogFormatError extends EnvironmentError {}

export function isZeekBudgetError(e: unknown): e is ZeekBudgetError {
  return e instanceof ZeekBudgetError;
}
