import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../errors.js';
import { renderHistoryHtml } from '../../history/history-html.js';
import { renderHistoryTerminal } from '../../history/history-terminal.js';
import { runHistory } from '../../pipeline/run-history.js';
import { parseReporterSpec, planReports, type ReporterSpec } from '../../report/reporter-plan.js';
import { parseTimePoint } from '../../util/time-point.js';
import type { CommandContext } from '../command-context.js';
import { useColor } from '../use-color.js';
import { DEFAULT_HISTORY_HTML, HISTORY_REPORTERS } from './history-reporters.js';

export interface HistoryFlags {
  variable?: string;
  since?: string;
  limit?: number;
  reporter: string[];
  json?: string;
}

/** `zeek-budget history` once its arguments are parsed (loaded only when it runs). */
export async function runHistoryCommand(suites: string[], flags: HistoryFlags, ctx: CommandContext): Promise<void> {
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
  const doc = await runHistory({ suiteFiles: suites, cwd: io.cwd, env: io.env, variable: flags.variable, since, limit: flags.limit, signal: io.signal });
  for (const plan of plans) {
    const text =
      plan.name === 'json'
        ? `${JSON.stringify(doc, null, 2)}\n`
        : plan.name === 'html'
          ? renderHistoryHtml(doc)
          : renderHistoryTerminal(doc, { color: plan.to === 'stdout' && useColor(io) });
    if (plan.to === 'stdout') io.stdout.write(text);
    else if (plan.file) {
      await mkdir(path.dirname(plan.file), { recursive: true });
      await writeFile(plan.file, text);
      io.stderr.write(`zeek-budget: wrote ${plan.name} history ${path.relative(io.cwd, plan.file) || plan.file}\n`);
    }
  }
  ctx.setExitCode(0);
}
