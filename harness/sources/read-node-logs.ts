import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { EnvironmentError } from '../errors.js';
import { markMeasuredConnections } from '../measure/conn-completeness.js';
import { DumpCollector, type NodeDumps } from '../measure/group-dumps.js';
import { findLogsWithWarnings, type FoundLog } from '../zeek-log/find-logs.js';
import { readConnections, readDumps, readFootprints } from '../zeek-log/my-stats.js';
import { PACKAGE_LOGS } from '../zeek-package.js';

export interface ReadNodeLogsOptions {
  /** Only dumps from [since, until] (Unix seconds). */
  since?: number;
  until?: number;
  /** Keep only each node's newest dump (memory: one dump per node). */
  latestOnly: boolean;
  /** Skip files last modified before this (Unix seconds): they cannot hold newer rows. */
  modifiedSince?: number;
  /** No my_stats log at all is an empty result, not an error (a cluster that has not logged yet). */
  missingOk?: boolean;
}

export interface NodeLogs {
  nodes: NodeDumps[];
  /** The my_stats files read, oldest first. */
  files: FoundLog[];
  warnings: string[];
}

/** Expands globs; a path or glob that names nothing is an environment error naming it. */
export async function expandLogPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (/[*?[\]{}]/.test(p)) {
      const found = (await glob(p, { absolute: true, onlyFiles: false, expandDirectories: false })).sort();
      if (found.length === 0) throw new EnvironmentError(`no file or directory matches ${p}`);
      out.push(...found);
    } else {
      if (!(await stat(p).then(() => true, () => false))) {
        throw new EnvironmentError('no such file or directory: name a my_stats.log, a log directory or a zeekctl prefix', { file: p });
      }
      out.push(p);
    }
  }
  return [...new Set(out)];
}

/**
 * Reads every my_stats log under the targets (archives oldest first, then live logs) and the
 * runs and conns logs beside them (our package; the original has neither), streaming, into dumps
 * per node.
 */
export async function readNodeLogs(targets: string[], opts: ReadNodeLogsOptions): Promise<NodeLogs> {
  const warnings: string[] = [];
  const recent = async (found: FoundLog[]) => (opts.modifiedSince === undefined ? found : filterModified(found, opts.modifiedSince));
  const files = await recent(await findAll(targets, PACKAGE_LOGS.footprints, warnings, !opts.missingOk));
  const runsFiles = await recent(await findAll(targets, PACKAGE_LOGS.dumps, warnings, false));
  // Newer packages only; without it the dumps simply have no connection data.
  const connFiles = await recent(await findAll(targets, PACKAGE_LOGS.conns, warnings, false));
  const inWindow = (ts: number) => (opts.since === undefined || ts >= opts.since) && (opts.until === undefined || ts <= opts.until);
  const collector = new DumpCollector({ latestOnly: opts.latestOnly });
  for (const f of files) {
    const rows = readFootprints(f.file);
    for await (const row of rows) if (inWindow(row.ts)) collector.addFootprint(row);
    warnings.push(...readerWarnings(f, rows.stats.warnings));
  }
  for (const f of runsFiles) {
    const rows = readDumps(f.file);
    for await (const row of rows) if (inWindow(row.ts)) collector.addDumpInfo(row);
    warnings.push(...readerWarnings(f, rows.stats.warnings));
  }
  for (const f of connFiles) {
    const rows = readConnections(f.file);
    for await (const row of rows) if (inWindow(row.ts)) collector.addConnection(row);
    warnings.push(...readerWarnings(f, rows.stats.warnings));
  }
  const nodes = collector.perNode();
  if (connFiles.length > 0) for (const n of nodes) markMeasuredConnections(n.dumps);
  return { nodes, files, warnings };
}

/** Every file of one log under the targets, each once; `required`: none found is an environment error. */
export async function findAll(targets: string[], logPath: string, warnings: string[], required: boolean): Promise<FoundLog[]> {
  const all: FoundLog[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    let found;
    try {
      found = logPath === PACKAGE_LOGS.footprints ? await findLogsWithWarnings(t, logPath) : await findCompanions(t, logPath);
    } catch (e) {
      // Logs of the original package have no runs log; a missing my_stats log is the user's problem.
      if (!required && e instanceof EnvironmentError) continue;
      throw e;
    }
    if (logPath === PACKAGE_LOGS.footprints) warnings.push(...found.warnings);
    for (const f of found.logs) {
      // logs/current is a link to the logger's spool: one file, two names.
      const real = await realpath(f.file).catch(() => f.file);
      if (seen.has(real)) continue;
      seen.add(real);
      all.push(f);
    }
  }
  return all;
}

/**
 * The runs (or conns) log that goes with a target: under a directory, found like my_stats itself;
 * beside a my_stats file named directly, the file of the same rotation (my_stats.X.log.gz ->
 * my_stats_runs.X.log.gz).
 */
async function findCompanions(target: string, logPath: string): Promise<{ logs: FoundLog[]; warnings: string[] }> {
  const st = await stat(target);
  if (st.isDirectory()) return findLogsWithWarnings(target, logPath);
  const name = path.basename(target);
  const prefix = `${PACKAGE_LOGS.footprints}.`;
  const companion = name.startsWith(prefix) ? path.join(path.dirname(target), `${logPath}.${name.slice(prefix.length)}`) : undefined;
  const exists = companion !== undefined && (await stat(companion).then((s) => s.isFile(), () => false));
  return { logs: exists ? [{ file: companion, kind: 'plain' }] : [], warnings: [] };
}

async function filterModified(found: FoundLog[], since: number): Promise<FoundLog[]> {
  const out: FoundLog[] = [];
  for (const f of found) {
    const st = await stat(f.file).catch(() => undefined);
    if (st && st.mtimeMs / 1000 >= since) out.push(f);
  }
  return out;
}

/** A live log is still being written: its missing #close is how it should be, not news. */
export function readerWarnings(f: FoundLog, warnings: string[]): string[] {
  return f.kind === 'live' ? warnings.filter((w) => !/ has no #close: /.test(w)) : warnings;
}
