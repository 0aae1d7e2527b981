import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseBaseline } from '../baseline/baseline-file.js';
import { buildBaselinesIn } from '../baseline/zeek-build.js';
import { isZeekBudgetError } from '../errors.js';
import { fileAt, fileLog } from '../git/file-log.js';
import { repositoryPath, repositoryRoot, rootAsSeenFrom } from '../git/repository.js';
import { runGit, type GitOptions } from '../git/run-git.js';
import { buildHistory, type BaselineVersion, type HistorySelection } from '../history/build-history.js';
import { HISTORY_SCHEMA, type BaselineHistory, type HistoryDocument, type SuiteHistory } from '../history/history-document.js';
import { loadSuite } from '../suite/load-suite.js';
import type { Suite } from '../suite/types.js';
import { resolveSuiteFiles } from './run-budget.js';

export const HISTORY_DEFAULT_LIMIT = 10;

export interface HistoryOptions {
  suiteFiles: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** --variable (default every variable). */
  variable?: string;
  /** --since, Unix seconds. */
  since?: number;
  /** --limit: variables per baseline (default 10). */
  limit?: number;
  signal?: AbortSignal;
  /** For reproducible output in tests; default now. */
  generatedAt?: Date;
}

/**
 * `zeek-budget history`: the committed baselines are the history. For each suite's baseline file,
 * every commit that changed it (following renames) is read back with git and parsed, and the
 * values per trace are laid out over those commits. Nothing is stored anywhere else.
 */
export async function runHistory(opts: HistoryOptions): Promise<HistoryDocument> {
  const selection: HistorySelection = { variable: opts.variable ?? '*', since: opts.since, limit: opts.limit ?? HISTORY_DEFAULT_LIMIT };
  const git: GitOptions = { env: opts.env, signal: opts.signal };
  const suites: SuiteHistory[] = [];
  for (const file of await resolveSuiteFiles(opts.suiteFiles, opts.cwd)) {
    // Only the baseline's location is needed: the traces may be elsewhere or not generated yet.
    const suite = await loadSuite(file, { skipTraces: true });
    const baselines: BaselineHistory[] = [];
    for (const baselineFile of suiteBaselineFiles(suite)) baselines.push(await baselineHistory(suite, baselineFile, selection, git));
    suites.push({ name: suite.name, file: suite.file, baselines });
  }
  return {
    schema: HISTORY_SCHEMA,
    generatedAt: (opts.generatedAt ?? new Date()).toISOString(),
    cwd: opts.cwd,
    selection: { variable: selection.variable, ...(selection.since !== undefined ? { since: selection.since } : {}), limit: selection.limit },
    suites,
  };
}

/**
 * The baseline files a suite keeps: one per Zeek build beside the suite's baseline file
 * (x.zeek-8.2.baseline.yaml, ...), each with its own history, and the single-version file of the
 * layout before them while it is still there (its history continues in the file it was moved to,
 * which git follows). A suite without per-build files has just that one file.
 */
export function suiteBaselineFiles(suite: Suite): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(path.dirname(suite.baselineFile));
  } catch {
    // no baselines directory yet
  }
  const perBuild = buildBaselinesIn(suite.baselineFile, names).map((b) => b.file);
  if (perBuild.length === 0) return [suite.baselineFile];
  return [...(names.includes(path.basename(suite.baselineFile)) ? [suite.baselineFile] : []), ...perBuild];
}

async function baselineHistory(suite: Suite, file: string, selection: HistorySelection, git: GitOptions): Promise<BaselineHistory> {
  const root = await repositoryRoot(suite.dir, git);
  const rel = repositoryPath(await rootAsSeenFrom(root, suite.dir), file);
  const log = await fileLog(root, rel, git);
  const versions: BaselineVersion[] = [];
  for (const c of log) {
    const commit = { hash: c.hash, short: c.short, subject: c.subject, date: c.date, time: c.time };
    if (c.deleted) {
      versions.push({ commit, deleted: true });
      continue;
    }
    const text = await fileAt(root, c.hash, c.path, git);
    if (text === undefined) {
      versions.push({ commit, problem: `${c.path} is not in this commit` });
      continue;
    }
    try {
      versions.push({ commit, baseline: parseBaseline(text, `${c.short}:${c.path}`) });
    } catch (e) {
      // An old or hand-damaged version must not hide the rest of the history.
      if (!isZeekBudgetError(e)) throw e;
      versions.push({ commit, problem: `not readable as a baseline: ${e.message}` });
    }
  }
  const built = buildHistory(versions, selection);
  const notes = [...built.notes];
  if (log.length === 0) notes.unshift(`${rel} has no commits yet: commit it (after \`--update\`) and its history starts`);
  const status = await runGit(root, ['status', '--porcelain', '--', rel], git);
  if (log.length > 0 && status.exitCode === 0 && status.stdout.trim())
    notes.push(`${rel} has uncommitted changes: they are not part of the history until committed`);
  return { file, repository: root, ...built, notes };
}
