import { Command, CommanderError } from 'commander';
import { EXIT, isZeekBudgetError, type ExitCode } from '../errors.js';
import type { CliIo } from '../text/io.js';
import type { CommandContext } from './command-context.js';
import { registerBudget } from './commands/budget.js';
import { registerCheck } from './commands/check.js';
import { registerComment } from './commands/comment.js';
import { registerExportPackage } from './commands/export-package.js';
import { registerInit } from './commands/init.js';
import { registerHistory } from './commands/history.js';
import { registerMerge } from './commands/merge.js';
import { registerSummarize } from './commands/summarize.js';

/** Runs the CLI with the given process parts and resolves to the exit code; never calls process.exit. */
export async function runCli(io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const ctx: CommandContext = {
    io,
    setExitCode: (c) => {
      exitCode = c;
    },
  };
  const program = new Command('zeek-budget')
    .description('Memory and timing budgets for Zeek: footprints from my_stats logs, gated against baselines.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(run with --help for usage)');
  registerInit(program, ctx);
  registerBudget(program, ctx);
  registerCheck(program, ctx);
  registerMerge(program, ctx);
  registerHistory(program, ctx);
  registerSummarize(program, ctx);
  registerComment(program, ctx);
  registerExportPackage(program, ctx);
  try {
    await program.parseAsync(io.argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    return handleError(e, io);
  }
}

function handleError(e: unknown, io: CliIo): ExitCode {
  if (e instanceof CommanderError) {
    // --help and --version end through here with code 0.
    return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (isZeekBudgetError(e)) {
    io.stderr.write(`zeek-budget: ${e.message}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? (e.stack ?? e.message) : String(e);
  io.stderr.write(`zeek-budget: internal error (please report): ${err}\n`);
  return EXIT.environment;
}
