import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { parseReporterSpec, planReports, type ReporterSpec } from '../../report/reporter-plan.js';
import { parseTimePoint } from '../../util/time-point.js';
import type { CommandContext } from '../command-context.js';
import { positiveInt } from '../option-parsers.js';
import { useColor } from '../use-color.js';

interface HistoryFlags {
  variable?: string;
  since?: string;
  limit?: number;
  reporter: string[];
  json?: string;
}

const HISTORY_REPORTERS = ['terminal', 'json', 'html'] as const;
const DEFAULT_HISTORY_HTML = 'zeek-budget-history.html';

export function registerHistory(program: Command, ctx: CommandContext): void {
  program
    .command('history')
    .description('What changed in each suite\'s committed baseline, commit by commit (from git; no zeek needed).')
    .argument('[suites...]', 'suite files (default: suites/*.yaml)')
    .option('--variable <glob>', 'only variables matching, e.g. "Known::*"')
    .option('--since <time>', 'only changes from then on: a date (2026-11-01), a date and time, Unix seconds, or a duration before now (30d)')
    .option('--limit <n>', 'variables per baseline: those that changed most (default 10)', positiveInt)
    .option('--reporter <name[=file]>', `report format, repeatable: ${HISTORY_REPORTERS.join(', ')}; =FILE writes to a file (html: default ${DEFAULT_HISTORY_HTML})`, (v: string, prev: string[]) => [...prev, v], [])
    .option('--json <file>', 'also write the history as JSON to this file (= --reporter json=FILE)')
    .addHelpText('after', `
Exit codes: 0 read, 2 bad usage or suite, or a suite outside a git repository, 3 git failed.
Examples:
  zeek-budget history                                   # every suite in suites/*.yaml
  zeek-budget history suites/project.yaml --variable 'Known::*' --since 2026-11-01
  zeek-budget history --reporter html=history.html --limit 20`)
    .action(async (suites: string[], flags: HistoryFlags) => {
      const { io } = ctx;
      const specs: ReporterSpec[] = [...flags.reporter.map(parseReporterSpec), ...(flags.json ? [{ name: 'json' as const, file: flags.json }] : [])].map((s) => {
        if (!(HISTORY_REPORTERS as readonly string[]).includes(s.name)) {
          throw new ConfigError(`--reporter ${s.name}: history writes ${HISTORY_REPORTERS.join(', ')} (the others report a budget run)`);
        }
        return s.name === 'html' && s.file === undefined ? { ...s, file: DEFAULT_HISTORY_HTML } : s;
      });
      const plans = planReports(specs, { cwd: io.cwd, env: io.env });
      let since: number | undefined;
      try {
        since = flags.since === undefined ? undefined : parseTimePoint(flags.since);
      } catch (e) {
        throw new ConfigError(`--since: ${(e as Error).message}`);
      }
      const [{ runHistory }, { renderHistoryTerminal }, { renderHistoryHtml }] = await Promise.all([
        import('../../pipeline/run-history.js'),
        import('../../history/history-terminal.js'),
        import('../../history/history-html.js'),
      ]);
      const doc = await runHistory({ suiteFiles: suites, cwd: io.cwd, env: io.env, variable: flags.variable, since, limit: flags.limit, signal: io.signal });
      for (const plan of plans) {
        const text = plan.name === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : plan.name === 'html' ? renderHistoryHtml(doc) : renderHistoryTerminal(doc, { color: plan.to === 'stdout' && useColor(io) });
        if (plan.to === 'stdout') io.stdout.write(text);
        else if (plan.file) {
          await mkdir(path.dirname(plan.file), { recursive: true });
          await writeFile(plan.file, text);
          io.stderr.write(`zeek-budget: wrote ${plan.name} history ${path.relative(io.cwd, plan.file) || plan.file}\n`);
        }
      }
      ctx.setExitCode(0);
    });
}
