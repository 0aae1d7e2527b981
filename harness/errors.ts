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

/**
 * A run ended by a signal exits 128 + the signal's number, as a shell reports a process the signal
 * killed: the same status whether zeek-budget stopped cleanly or died on a second signal.
 */
export const SIGNAL_EXIT = {
  SIGHUP: 129,
  SIGINT: 130,
  SIGTERM: 143,
} as const;

export type StopSignal = keyof typeof SIGNAL_EXIT;
export const STOP_SIGNALS = Object.keys(SIGNAL_EXIT) as StopSignal[];

export type ExitCode = (typeof EXIT)[keyof typeof EXIT] | (typeof SIGNAL_EXIT)[StopSignal];

/** The signal an AbortSignal was aborted with (the CLI aborts with the signal's name), else SIGINT. */
export function stopSignalOf(signal: AbortSignal | undefined): StopSignal {
  const reason: unknown = signal?.reason;
  return typeof reason === 'string' && reason in SIGNAL_EXIT ? (reason as StopSignal) : 'SIGINT';
}

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

/** The user stopped the run (SIGINT, SIGTERM, SIGHUP): exit 128 + the signal's number. */
export class InterruptedError extends ZeekBudgetError {
  readonly exitCode: ExitCode;
  constructor(
    readonly signal: StopSignal,
    what: string,
  ) {
    super(`interrupted by ${signal}: ${what}`);
    this.exitCode = SIGNAL_EXIT[signal];
  }

  /** Throws when `signal` was aborted: the stages of a run call it between their steps. */
  static throwIfAborted(signal: AbortSignal | undefined, what: string): void {
    if (signal?.aborted) throw new InterruptedError(stopSignalOf(signal), what);
  }
}

/** A log that cannot be parsed: names the file and line. An unreadable log is an environment failure. */
export class LogFormatError extends EnvironmentError {}

export function isZeekBudgetError(e: unknown): e is ZeekBudgetError {
  return e instanceof ZeekBudgetError;
}
