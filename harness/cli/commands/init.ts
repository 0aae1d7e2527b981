import type { Command } from 'commander';
import { PACKAGE_SUITE_PATH } from '../../scaffold/suite-template.js';
import type { CommandContext } from '../command-context.js';
import type { InitFlags } from './init-run.js';

export function registerInit(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description(`Write a suite for a Zeek package (${PACKAGE_SUITE_PATH}): its scripts, its traces, budgets per module; offer to record the first baseline.`)
    .argument('[package-dir]', 'the Zeek package (the directory with zkg.meta)', '.')
    .option('--force', 'overwrite an existing suite')
    .option('--update', 'record the first baseline right away (needs a Zeek), without asking')
    .option('--zeek <path>', 'the zeek to record it with, or docker:IMAGE (default: $ZEEK, PATH, /usr/local/zeek/bin, /opt/zeek/bin)')
    .addHelpText(
      'after',
      `
Without --update, a terminal is asked whether to record the baseline; otherwise (no TTY, as in CI)
the command to do so is printed. Without a Zeek the suite is written anyway, with advice.
Exit codes: 0 written, 2 no zkg.meta or the suite exists (use --force), 3 --update failed to run zeek.`,
    )
    // The work is loaded on use: --help and the other commands do not pay for the package scan and the budget run.
    .action(async (dir: string, flags: InitFlags) => {
      const { runInitCommand } = await import('./init-run.js');
      ctx.setExitCode(await runInitCommand(ctx, dir, flags));
    });
}
