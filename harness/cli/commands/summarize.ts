import { Option, type Command } from 'commander';
import { ConfigError } from '../../errors.js';
import type { GroupBy, RunSelector, SummarizeOptions } from '../../summarize/types.js';
import type { CommandContext } from '../command-context.js';

interface RawOptions {
  by: string;
  top?: string;
  run: string;
  node?: string;
  module?: string;
  format: string;
  skipMalformed?: boolean;
  readAll?: boolean;
  verbose?: boolean;
}

const GROUPINGS: Record<string, GroupBy[]> = {
  module: ['module'],
  variable: ['variable'],
  node: ['node'],
  'node,module': ['node', 'module'],
  'node,variable': ['node', 'variable'],
};

export function registerSummarize(program: Command, ctx: CommandContext): void {
  program
    .command('summarize')
    .description('Summarize my_stats logs: footprint per module, variable or node from one dump of each node.')
    .argument('<log...>', 'my_stats.log[.gz] files, Zeek log directories, or a zeekctl prefix / logs / spool directory')
    .option('--by <key>', `group by ${Object.keys(GROUPINGS).join(' | ')}`, 'module')
    .option('--top <n>', 'show only the N largest groups')
    .option('--run <which>', 'dump of each node: last (latest by time) | max (largest total) | N (run number)', 'last')
    .option('--node <name>', 'only this node (Cluster::node, e.g. worker-1)')
    .option('--module <name>', 'only this module (e.g. Conn, GLOBAL)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--skip-malformed', 'skip malformed lines (counted and reported) instead of failing')
    .option('--read-all', 'with --run last, read every log from start to end (by default only the newest files and the end of a plain log are read)')
    .option('--verbose', 'say how the logs were read: how far back, which files were not opened, and why a log was read whole')
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 2 bad usage, 3 a log is missing, unreadable or malformed.
Examples:
  zeek-budget summarize my_stats.log
  zeek-budget summarize /opt/zeek --by node,module --top 20
  zeek-budget summarize logs/2026-11-22 --run max --module Conn --format csv`,
    )
    // The reader is loaded on use: --help and the other commands do not pay for it.
    .action(async (logs: string[], raw: RawOptions) => (await import('./summarize-run.js')).runSummarizeCommand(logs, parseOptions(raw), raw, ctx));
}

function parseOptions(raw: RawOptions): SummarizeOptions {
  const by = GROUPINGS[raw.by.replace(/\s+/g, '')];
  if (!by) throw new ConfigError(`--by ${raw.by}: expected one of ${Object.keys(GROUPINGS).join(', ')}`);
  let top: number | undefined;
  if (raw.top !== undefined) {
    top = Number(raw.top);
    if (!Number.isInteger(top) || top < 1) throw new ConfigError(`--top ${raw.top}: expected a whole number of groups, 1 or more`);
  }
  return {
    by,
    top,
    run: parseRun(raw.run),
    node: raw.node,
    module: raw.module,
    skipMalformed: raw.skipMalformed ?? false,
    fullRead: raw.readAll ?? false,
  };
}

function parseRun(run: string): RunSelector {
  if (run === 'last' || run === 'max') return run;
  if (/^\d+$/.test(run) && Number(run) >= 1) return Number(run);
  throw new ConfigError(`--run ${run}: expected last, max or a run number (1, 2, ...)`);
}
