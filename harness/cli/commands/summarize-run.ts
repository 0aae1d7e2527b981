import pc from 'picocolors';
import { EXIT } from '../../errors.js';
import { summarize } from '../../summarize/summarize.js';
import { renderSummaryCsv, renderSummaryJson, renderSummaryTable } from '../../summarize/render-summary.js';
import type { SummarizeOptions } from '../../summarize/types.js';
import type { CommandContext } from '../command-context.js';

/** `zeek-budget summarize` once its arguments are parsed (loaded only when it runs). */
export async function runSummarizeCommand(
  logs: string[],
  options: SummarizeOptions,
  output: { format: string; verbose?: boolean },
  ctx: CommandContext,
): Promise<void> {
  const summary = await summarize(logs, options);
  const io = ctx.io;
  if (output.verbose) for (const n of summary.notes) io.stderr.write(`zeek-budget: ${n}\n`);
  for (const w of summary.warnings) io.stderr.write(`zeek-budget: warning: ${w}\n`);
  // Decided from the injected io, not picocolors' own look at the real process.
  const color = io.stdout.isTTY === true && io.env.NO_COLOR === undefined;
  const bold = pc.createColors(true).bold;
  if (output.format === 'json') io.stdout.write(renderSummaryJson(summary));
  else if (output.format === 'csv') io.stdout.write(renderSummaryCsv(summary));
  else io.stdout.write(renderSummaryTable(summary, color ? { header: bold, title: bold } : {}));
  ctx.setExitCode(EXIT.ok);
}
