import { constants } from 'node:fs';
import { access, appendFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeChunks, type Writable } from '../text/io.js';
import { holdPath } from '../util/live-resources.js';
import { renderReportChunks, type RenderContext } from './render-report.js';
import type { PlannedReport } from './reporter-plan.js';
import type { ResultDocument } from './result-document.js';
import { failure } from '../messages.js';
import type { ZeekBudgetError } from '../errors.js';

/** Renders each planned report and writes it: stdout, files (directories created), the job summary. */
export async function writeReports(
  doc: ResultDocument,
  plans: PlannedReport[],
  out: { stdout: Writable; stderr: Writable },
  ctx: RenderContext,
): Promise<void> {
  for (const plan of plans) {
    // In chunks: the JSON of a long history is larger than a string may be.
    const chunks = () => renderReportChunks(plan.name, doc, { ...ctx, color: plan.to === 'stdout' && ctx.color });
    if (plan.to === 'stdout') await writeChunks(out.stdout, chunks());
    if (plan.to === 'file' && plan.file) {
      await writeReportFile(plan, plan.file, chunks());
      out.stderr.write(`zeek-budget: wrote ${plan.name} report ${path.relative(doc.cwd, plan.file) || plan.file}\n`);
    }
    if (plan.appendTo)
      await appendFile(plan.appendTo, `${[...chunks()].join('')}\n`).catch((e: unknown) => {
        throw cannotWrite(plan, plan.appendTo as string, e);
      });
  }
}

/**
 * Whether every report file can be written, before anything runs: a directory where the file
 * should be, or a directory nobody may write to, would otherwise surface only after minutes of
 * zeek runs. Throws an EnvironmentError (exit 3) naming the path and the reason.
 */
export async function checkReportTargets(plans: PlannedReport[]): Promise<void> {
  for (const plan of plans) {
    for (const file of [plan.to === 'file' ? plan.file : undefined, plan.appendTo]) {
      if (file === undefined) continue;
      const st = await stat(file).catch(() => undefined);
      if (st?.isDirectory()) throw cannotWrite(plan, file, 'it is a directory (name a file)');
      if (st) {
        await access(file, constants.W_OK).catch((e: unknown) => {
          throw cannotWrite(plan, file, e);
        });
        continue;
      }
      // Missing directories are created on write: the nearest existing one must take new entries.
      let dir = path.dirname(file);
      let dirStat = await stat(dir).catch(() => undefined);
      while (!dirStat && path.dirname(dir) !== dir) {
        dir = path.dirname(dir);
        dirStat = await stat(dir).catch(() => undefined);
      }
      if (dirStat && !dirStat.isDirectory()) throw cannotWrite(plan, file, `${dir} is not a directory`);
      await access(dir, constants.W_OK | constants.X_OK).catch((e: unknown) => {
        throw cannotWrite(plan, file, e);
      });
    }
  }
}

/** Written whole or not at all (temp file + rename): an interrupted run leaves no half report. */
async function writeReportFile(plan: PlannedReport, file: string, chunks: Iterable<string>): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const release = holdPath(temp);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const fh = await open(temp, 'w');
    try {
      for (const chunk of chunks) await fh.write(chunk);
    } finally {
      await fh.close();
    }
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw cannotWrite(plan, file, e);
  } finally {
    release();
  }
}

function cannotWrite(plan: PlannedReport, file: string, why: unknown): ZeekBudgetError {
  const e = why as NodeJS.ErrnoException;
  const reason =
    typeof why === 'string'
      ? why
      : e.code === 'EACCES' || e.code === 'EPERM'
        ? 'permission denied'
        : e.code === 'EISDIR'
          ? 'it is a directory (name a file)'
          : e.code === 'ENOSPC'
            ? 'no space left on the device'
            : e.code === 'EROFS'
              ? 'the file system is read-only'
              : e.code === 'ENOTDIR'
                ? 'a part of the path is not a directory'
                : (e.message ?? String(why));
  return failure('cannotWriteReport', { file }, plan.name, reason);
}
