import os from 'node:os';
import { type Command, Option } from 'commander';
import { REPORTERS } from '../../report/reporter-plan.js';
import type { CommandContext } from '../command-context.js';
import { positiveInt } from '../option-parsers.js';
import type { BudgetFlags } from './budget-run.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerBudget(program: Command, ctx: CommandContext): void {
  program
    .command('budget')
    .description("Run zeek with the measuring package over each suite's traces and check budgets and baselines.")
    .argument('[suites...]', 'suite files (default: suites/*.yaml, else testing/zeek-budget/*.yaml)')
    .option('--update [mode]', 'rewrite the baselines of the suites run (mode "new": only add missing traces/variables)')
    .option('--zeek <path>', 'the zeek to run, or docker:IMAGE to run it in a container (default: $ZEEK, PATH, /usr/local/zeek/bin, /opt/zeek/bin)')
    .option('-j, --jobs <n>', 'zeek runs in parallel', positiveInt, os.availableParallelism())
    .option('--filter <glob>', 'only suites/traces matching (suite, trace, or suite/trace)')
    .addOption(
      new Option('--reporter <name[=file]>', `report format, repeatable: ${REPORTERS.join(', ')}; =FILE writes to a file`)
        .argParser(collect)
        .default([], 'terminal on stdout'),
    )
    .option('--json <file>', 'also write the full machine-readable result to this file (= --reporter json=FILE)')
    .option('--shard <i/n>', 'run only share i of n of the traces (stable across machines); combine the JSON results with `zeek-budget merge`')
    .option('--keep-tmp', "keep each run's directory (zeek's logs) and print where")
    .option('--diff', 'show the baseline diff (what --update would write)')
    .option('--no-progress', 'no progress output')
    .option(
      '--against <ref>',
      "compare with REF of the suites' git repository, measured in this run (interleaved, in a temporary worktree) instead of the baseline",
    )
    .option('--zeek-base <path>', "the base side's zeek: alone, two Zeek builds over the same scripts; with --against, REF under this zeek")
    .option(
      '--repeat <n>',
      "runs per trace (and side), for every suite (default: the suite's repeat; with --against/--zeek-base 5 unless the suite sets it)",
      positiveInt,
    )
    // The work is loaded on use: --help and the other commands do not pay for zod, yaml, execa, the reporters.
    .action(async (suites: string[], flags: BudgetFlags) => {
      // zeek --version and -N start before the work's modules load (a quarter of a second), so
      // that the first run starts as soon as the suites are loaded. --against and --zeek-base
      // find their zeeks themselves.
      const comparing = flags.against !== undefined || flags.zeekBase !== undefined;
      const ahead = comparing ? undefined : (await import('../../runner/find-zeek.js')).findZeekAhead(flags.zeek, ctx.io.env, ctx.io.cwd, ctx.io.signal);
      try {
        const { runBudgetCommand } = await import('./budget-run.js');
        ctx.setExitCode(await runBudgetCommand(ctx, suites, flags, ahead));
      } finally {
        ahead?.cancel();
      }
    });
}
