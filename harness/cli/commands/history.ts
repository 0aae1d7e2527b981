import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { positiveInt } from '../option-parsers.js';
import type { HistoryFlags } from './history-run.js';
import { DEFAULT_HISTORY_HTML, HISTORY_REPORTERS } from './history-reporters.js';

export function registerHistory(program: Command, ctx: CommandContext): void {
  program
    .command('history')
    .description("What changed in each suite's committed baseline, commit by commit (from git; no zeek needed).")
    .argument('[suites...]', 'suite files (default: suites/*.yaml)')
    .option('--variable <glob>', 'only variables matching, e.g. "Known::*"')
    .option('--since <time>', 'only changes from then on: a date (2026-11-01), a date and time, Unix seconds, or a duration before now (30d)')
    .option('--limit <n>', 'variables per baseline: those that changed most (default 10)', positiveInt)
    .option(
      '--reporter <name[=file]>',
      `report format, repeatable: ${HISTORY_REPORTERS.join(', ')}; =FILE writes to a file (html: default ${DEFAULT_HISTORY_HTML})`,
      (v: string, prev: string[]) => [...prev, v],
      [],
    )
    .option('--json <file>', 'also write the history as JSON to this file (= --reporter json=FILE)')
    .addHelpText(
      'after',
      `
Exit codes: 0 read, 2 bad usage or suite, or a suite outside a git repository, 3 git failed.
Examples:
  zeek-budget history                                   # every suite in suites/*.yaml
  zeek-budget history suites/project.yaml --variable 'Known::*' --since 2026-11-01
  zeek-budget history --reporter html=history.html --limit 20`,
    )
    // The work is loaded on use: --help and the other commands do not pay for git and the history reports.
    .action(async (suites: string[], flags: HistoryFlags) => (await import('./history-run.js')).runHistoryCommand(suites, flags, ctx));
}
