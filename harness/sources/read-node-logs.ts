import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { EnvironmentError } from '../errors.js';
import { DumpCollector, type NodeDumps } from '../measure/group-dumps.js';
import { CHECK_HORIZON, readLatest, replayLatest } from '../measure/read-latest.js';
import { findLogsWithWarnings, type FoundLog } from '../zeek-log/find-logs.js';
import { readDumps, StringTable, type DumpRow, type FootprintRow } from '../zeek-log/my-stats.js';
import { scanFootprintsParallel } from '../zeek-log/parallel-scan.js';
import type { LogReadStats } from '../zeek-log/types.js';
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
  /**
   * With latestOnly: read only the end of the history that holds each node's newest dumps (see
   * measure/read-latest.ts) instead of every file whole. `expectNodes` (logged names) are looked
   * for however far back; `staleAfter` widens how far back every log is read.
   */
  fromEnd?: { expectNodes?: string[]; staleAfter?: number };
}

export interface NodeLogs {
  nodes: NodeDumps[];
  /** The my_stats files read, oldest first. */
  files: FoundLog[];
  warnings: string[];
  /** How the logs were read: how far back, and why they were read whole. */
  notes: string[];
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
 * runs logs beside them (our package; the original has none), streaming, into dumps per node.
 */
export async function readNodeLogs(targets: string[], opts: ReadNodeLogsOptions): Promise<NodeLogs> {
  const warnings: string[] = [];
  const recent = async (found: FoundLog[]) => (opts.modifiedSince === undefined ? found : filterModified(found, opts.modifiedSince));
  const files = await recent(await findAll(targets, PACKAGE_LOGS.footprints, warnings, !opts.missingOk));
  const runsFiles = await recent(await findAll(targets, PACKAGE_LOGS.dumps, warnings, false));
  const inWindow = (ts: number) => (opts.since === undefined || ts >= opts.since) && (opts.until === undefined || ts <= opts.until);
  const collector = new DumpCollector({ latestOnly: opts.latestOnly });
  const notes: string[] = [];
  if (opts.latestOnly && opts.fromEnd) {
    const fromEnd = await readFromEnd(files, runsFiles, collector, opts, opts.fromEnd);
    if (fromEnd.read) return { nodes: collector.perNode(), files: fromEnd.read.files, warnings: [...warnings, ...fromEnd.read.warnings], notes: fromEnd.read.notes };
    notes.push(`read every log from start to end: ${fromEnd.fallback}`);
  }
  // Every core parses; rows come in file order. One row object, reused: the collector keeps none.
  const strings = new StringTable();
  const names = strings.strings;
  const row: FootprintRow = { ts: 0, run: 0, node: '', module: '', variable: '', size: 0, file: '', line: 0 };
  const stats = await scanFootprintsParallel(files.map((f) => f.file), { skipMalformed: false }, strings, (ts, run, node, module, variable, size, line) => {
    if (!inWindow(ts)) return;
    row.ts = ts;
    row.run = run;
    row.node = names[node] as string;
    row.module = names[module] as string;
    row.variable = names[variable] as string;
    row.size = size;
    row.line = line;
    collector.addFootprint(row);
  });
  files.forEach((f, i) => warnings.push(...readerWarnings(f, (stats[i] as LogReadStats).warnings)));
  for (const f of runsFiles) {
    const rows = readDumps(f.file);
    for await (const row of rows) if (inWindow(row.ts)) collector.addDumpInfo(row);
    warnings.push(...readerWarnings(f, rows.stats.warnings));
  }
  return { nodes: collector.perNode(), files, warnings, notes };
}

/** The newest dumps of each node (4: enough to see its dump interval) from the end of the logs, into the collector. */
async function readFromEnd(
  files: FoundLog[], runsFiles: FoundLog[], collector: DumpCollector, opts: ReadNodeLogsOptions, fromEnd: NonNullable<ReadNodeLogsOptions['fromEnd']>,
): Promise<{ read?: { files: FoundLog[]; warnings: string[]; notes: string[] }; fallback?: string }> {
  const strings = new StringTable();
  const r = await readLatest({ footprints: files, runs: runsFiles }, {
    strings,
    dumpsPerNode: 4,
    horizon: { seconds: Math.max(CHECK_HORIZON.seconds, fromEnd.staleAfter ?? 0), intervals: CHECK_HORIZON.intervals },
    expectNodes: fromEnd.expectNodes,
    since: opts.since,
    until: opts.until,
  });
  if (r.read === undefined) return { fallback: r.fallback };
  const names = strings.strings;
  const runs: DumpRow[] = [];
  // As the whole read: every footprint row, then the runs rows (they attach to the dumps kept).
  replayLatest(r.read, {
    footprint: (ts, run, node, module, variable, size) => collector.addFootprint({
      ts, run, node: names[node] as string, module: names[module] as string, variable: names[variable] as string, size, file: '', line: 0,
    }),
    runs: (row) => runs.push(row),
  }, strings, 'footprints-then-runs');
  for (const row of runs) collector.addDumpInfo(row);
  const opened = r.read.files.filter((f) => f.log === PACKAGE_LOGS.footprints).map((f) => f.found);
  return { read: { files: opened, warnings: r.read.warnings, notes: r.read.notes } };
}

async function findAll(targets: string[], logPath: string, warnings: string[], required: boolean): Promise<FoundLog[]> {
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
 * The runs log that goes with a target: under a directory, found like my_stats itself; beside a
 * my_stats file named directly, the file of the same rotation (my_stats.X.log.gz -> my_stats_runs.X.log.gz).
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
function readerWarnings(f: FoundLog, warnings: string[]): string[] {
  return f.kind === 'live' ? warnings.filter((w) => !/ has no #close: /.test(w)) : warnings;
}
