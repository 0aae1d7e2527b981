import { Option, type Command } from 'commander';
import { REPORTERS } from '../../report/reporter-plan.js';
import { LOG_DUMP_CHOICES } from '../../suite/choices.js';
import type { CommandContext } from '../command-context.js';
import type { CheckFlags } from './check-run.js';
import { CHECK_SUITE_NAME } from './check-suite-name.js';

export function registerCheck(program: Command, ctx: CommandContext): void {
  program
    .command('check')
    .description('Check budgets and baselines against my_stats logs a Zeek or a zeekctl cluster already wrote (one subject per node; no zeek needed).')
    .requiredOption('--logs <path...>', 'my_stats.log[.gz] files, log directories, zeekctl prefixes or logs/ trees, or globs of these')
    .option('--suite <file>', 'take name, budgets and baseline from this suite (its own source is replaced by --logs)')
    .option('--baseline <file>', `the baseline file (default: the suite's, else baselines/${CHECK_SUITE_NAME}.baseline.yaml here)`)
    .addOption(new Option('--dumps <which>', "each node's newest dump, or all its dumps (default: the suite's, else latest)").choices(LOG_DUMP_CHOICES))
    .option('--since <time>', 'only dumps from then on: Unix seconds, a date and time (2026-11-22 14:45), or a duration before now (2h)')
    .option('--until <time>', 'only dumps up to then (same forms)')
    .option('--update [mode]', 'write the baseline from these logs (mode "new": only add missing nodes/variables)')
    .option(
      '--reporter <name[=file]>',
      `report format, repeatable: ${REPORTERS.join(', ')}; =FILE writes to a file (default: terminal on stdout)`,
      (v: string, prev: string[]) => [...prev, v],
      [],
    )
    .option('--json <file>', 'also write the full machine-readable result to this file (= --reporter json=FILE)')
    .option('--diff', 'show the baseline diff (what --update would write)')
    .option('--read-all', 'with --dumps latest, read every log from start to end (by default only the newest files and the end of a plain log are read)')
    .option('--verbose', 'say how the logs were read: how far back, which files were not opened, and why a log was read whole')
    .addHelpText(
      'after',
      `
Exit codes: 0 every budget holds, 1 a budget or baseline check failed, 2 bad usage or suite,
3 a log is missing or unreadable, or a node sent no dumps or stopped sending.
Examples:
  zeek-budget check --logs /opt/zeek --update          # record the cluster's current state
  zeek-budget check --logs /opt/zeek                   # later: compare with it
  zeek-budget check --logs /opt/zeek/logs --suite suites/cluster.yaml --dumps all --since 2h`,
    )
    // The work is loaded on use: --help and the other commands do not pay for zod, yaml, the reporters.
    .action(async (flags: CheckFlags) => (await import('./check-run.js')).runCheckCommand(flags, ctx));
}
