import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { ConfigError, type ExitCode } from '../../errors.js';
import { mergeDocuments, type ShardInput } from '../../report/merge-documents.js';
import { parseReporterSpec, planReports, type ReporterSpec } from '../../report/reporter-plan.js';
import { RESULT_SCHEMA, ResultDocumentSchema, type ResultDocument } from '../../report/result-document.js';
import { checkReportTargets, writeReports } from '../../report/write-reports.js';
import type { CommandContext } from '../command-context.js';
import { useColor } from '../use-color.js';

export interface MergeFlags {
  reporter: string[];
  json?: string;
  diff?: boolean;
}

/** `zeek-budget merge` once its arguments are parsed (loaded only when it runs). */
export async function runMergeCommand(files: string[], flags: MergeFlags, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const specs: ReporterSpec[] = [...flags.reporter.map(parseReporterSpec), ...(flags.json ? [{ name: 'json' as const, file: flags.json }] : [])];
  const plans = planReports(specs, { cwd: io.cwd, env: io.env });
  await checkReportTargets(plans);
  const inputs: ShardInput[] = [];
  for (const file of await expand(files, io.cwd)) inputs.push({ file, doc: await readDocument(path.resolve(io.cwd, file)) });
  const merged = mergeDocuments(inputs, { cwd: io.cwd });
  await writeReports(merged, plans, io, { color: useColor(io), showDiff: Boolean(flags.diff), updating: false, env: io.env });
  ctx.setExitCode(merged.exitCode as ExitCode);
}

async function expand(args: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const a of args) {
    if (!/[*?[\]{}]/.test(a)) {
      out.push(a);
      continue;
    }
    const found = (await glob(a, { cwd, onlyFiles: true, expandDirectories: false })).sort();
    if (found.length === 0) throw new ConfigError(`merge: no file matches ${a}`);
    out.push(...found);
  }
  return out;
}

async function readDocument(file: string): Promise<ResultDocument> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new ConfigError(`merge: cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  return parse(text, file);
}

function parse(text: string, file: string): ResultDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not JSON (${(e as Error).message}): give the files written by --reporter json=FILE`);
  }
  const r = ResultDocumentSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const schema = (json as { schema?: unknown } | null)?.schema;
    const what = typeof schema === 'string' && schema !== RESULT_SCHEMA ? ` (it is ${schema})` : '';
    throw new ConfigError(`${file}: not a zeek-budget result document${what}: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'invalid'}`);
  }
  return r.data;
}
