import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from '../text/io.js';
import { renderReport, type RenderContext } from './render-report.js';
import type { PlannedReport } from './reporter-plan.js';
import type { ResultDocument } from './result-document.js';

/** Renders each planned report and writes it: stdout, files (directories created), the job summary. */
export async function writeReports(doc: ResultDocument, plans: PlannedReport[], out: { stdout: Writable; stderr: Writable }, ctx: RenderContext): Promise<void> {
  for (const plan of plans) {
    const text = renderReport(plan.name, doc, { ...ctx, color: plan.to === 'stdout' && ctx.color });
    if (plan.to === 'stdout') out.stdout.write(text);
    if (plan.to === 'file' && plan.file) {
      await mkdir(path.dirname(plan.file), { recursive: true });
      await writeFile(plan.file, text);
      out.stderr.write(`zeek-budget: wrote ${plan.name} report ${path.relative(doc.cwd, plan.file) || plan.file}\n`);
    }
    if (plan.appendTo) await appendFile(plan.appendTo, `${text}\n`);
  }
}
