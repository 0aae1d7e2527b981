import { Option, type Command } from 'commander';
import { REPORTERS } from '../../report/reporter-plan.js';
import type { CommandContext } from '../command-context.js';
import type { MergeFlags } from './merge-run.js';

export function registerMerge(program: Command, ctx: CommandContext): void {
  program
    .command('merge')
    .description('Combine the JSON results of `budget --shard i/n` runs into one report and one exit code.')
    .argument('<results...>', 'result files written by `budget --shard i/n --reporter json=FILE` (globs are expanded)')
    .addOption(
      new Option('--reporter <name[=file]>', `report format, repeatable: ${REPORTERS.join(', ')}; =FILE writes to a file`)
        .argParser((v: string, prev: string[]) => [...prev, v])
        .default([], 'terminal on stdout'),
    )
    .option('--json <file>', 'also write the merged result to this file (= --reporter json=FILE)')
    .option('--diff', 'show the baseline diffs')
    // The work is loaded on use: --help and the other commands do not pay for zod and the reporters.
    .action(async (files: string[], flags: MergeFlags) => (await import('./merge-run.js')).runMergeCommand(files, flags, ctx));
}
