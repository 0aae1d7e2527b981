import { runProcess, type ProcessOutcome } from '../../util/run-process.js';
import { shellQuote } from '../../util/shell-quote.js';

export interface CommandResult {
  /** As a user would type it, for the report. */
  command: string;
  outcome: ProcessOutcome;
  ok: boolean;
}

export interface CommandOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  timeoutSeconds: number;
  signal?: AbortSignal;
}

/** One zeekctl or tcpreplay command: an argument array, a timeout, its whole process group killed after it. */
export async function runCommand(file: string, args: string[], opts: CommandOptions): Promise<CommandResult> {
  const outcome = await runProcess(file, args, { cwd: opts.cwd, env: opts.env, timeoutSeconds: opts.timeoutSeconds, signal: opts.signal });
  return { command: shellQuote([file, ...args]), outcome, ok: !outcome.timedOut && !outcome.aborted && outcome.signal === undefined && outcome.exitCode === 0 };
}

/** Why a command failed, with the end of what it printed (zeekctl says what went wrong on stdout and stderr). */
export function describeFailure(r: CommandResult, timeoutSeconds: number): string {
  const o = r.outcome;
  const why = o.timedOut
    ? `timed out after ${timeoutSeconds} s and was killed`
    : o.aborted
      ? 'was interrupted'
      : o.signal
        ? `was killed by ${o.signal}`
        : `exited with status ${o.exitCode}`;
  const output = [o.stdoutTail, o.stderrTail].filter((t) => t.trim() !== '').join('\n');
  return `\`${r.command}\` ${why}${
    output
      ? `:\n${output
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n')}`
      : ' (no output)'
  }`;
}
