import { stat } from 'node:fs/promises';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';
import { describeLogFile, findLogsWithWarnings, RealPaths, type FoundLog } from '../zeek-log/find-logs.js';
import { openFootprintFiles, type ParallelScanOptions } from '../zeek-log/parallel-scan.js';
import type { FootprintRowsCallback } from '../zeek-log/row-columns.js';
import { readConnections, readDumps, type ConnRow, type DumpRow, type FootprintCallback, type StringTable } from '../zeek-log/my-stats.js';
import type { LogReadStats } from '../zeek-log/types.js';
import type { DumpTracker } from './dump-tracker.js';
import { PACKAGE_LOGS } from '../zeek-package.js';

export type PackageLog = (typeof PACKAGE_LOGS)[keyof typeof PACKAGE_LOGS];

/** The package's logs found under some targets, each list oldest first. */
export interface DumpLogs {
  footprints: FoundLog[];
  runs: FoundLog[];
  conns: FoundLog[];
  /** Things the user should know, e.g. zeekctl still archiving after a stop. */
  warnings: string[];
}

export interface FindDumpLogsOptions {
  /** No my_stats log at all is an empty result, not an error (a cluster that has not logged yet). */
  missingOk?: boolean;
  /** Skip files last modified before this (Unix seconds): they cannot hold newer rows. */
  modifiedSince?: number;
}

/**
 * Finds my_stats.log and, beside it, my_stats_runs.log and my_stats_conns.log (our package; the
 * original has neither) under every target: directories are searched as find-logs does (every
 * logger's spool and archives); beside a my_stats file named directly, the files of the same
 * rotation (my_stats.X.log.gz -> my_stats_runs.X.log.gz). A file reachable twice is listed once.
 */
export async function findDumpLogs(targets: string[], opts: FindDumpLogsOptions = {}): Promise<DumpLogs> {
  const warnings: string[] = [];
  const recent = async (found: FoundLog[]) => (opts.modifiedSince === undefined ? found : filterModified(found, opts.modifiedSince));
  const footprints = await recent(await findAll(targets, PACKAGE_LOGS.footprints, warnings, !opts.missingOk));
  const runs = await recent(await findAll(targets, PACKAGE_LOGS.dumps, warnings, false));
  const conns = await recent(await findAll(targets, PACKAGE_LOGS.conns, warnings, false));
  return { footprints, runs, conns, warnings };
}

/** How a file of the package's logs was read. */
export interface ReadLogFile {
  found: FoundLog;
  log: PackageLog;
  stats: LogReadStats;
}

export interface DumpLogHandlers {
  /** Shared by every file, so ids agree across them. */
  strings: StringTable;
  skipMalformed?: boolean;
  onFootprint: FootprintCallback;
  /**
   * The same rows in bulk, when the reader has them so (read on worker threads): one call per
   * part of a log. Without it, such rows come one onFootprint call each.
   */
  onFootprintRows?: FootprintRowsCallback;
  onRuns: (row: DumpRow) => void;
  onConn: (row: ConnRow) => void;
  /** After each rotation's files (every logger's): see DumpTracker.endGroup. */
  onGroupEnd: () => void;
  /**
   * Keep a live my_stats log's "no #close" warning (summarize shows it; the sources expect live
   * logs to be open). The runs and conns logs beside it never repeat it.
   */
  liveCloseWarning?: boolean;
  /** How the footprint files are spread over worker threads (tests pin it; default: every core for big reads). */
  scan?: Omit<ParallelScanOptions, 'skipMalformed'>;
}

/**
 * Handlers that feed every row into a tracker; `keep` (by time and node id) drops rows before they
 * reach it: a time window, or summarize's --node.
 */
export function trackerHandlers(tracker: DumpTracker, strings: StringTable, keep?: (ts: number, node: number) => boolean): DumpLogHandlers {
  return {
    strings,
    // The tracker's own method when nothing is filtered: this runs once per row of every file.
    onFootprint:
      keep === undefined
        ? tracker.add.bind(tracker)
        : (ts, run, node, module, variable, size) => {
            if (keep(ts, node)) tracker.add(ts, run, node, module, variable, size);
          },
    onFootprintRows: (rows) => tracker.addRows(rows, keep),
    onRuns: (row) => {
      const node = strings.idOf(row.node);
      if (keep === undefined || keep(row.ts, node)) tracker.addInfo(node, row);
    },
    onConn: (row) => {
      const node = strings.idOf(row.node);
      if (keep === undefined || keep(row.ts, node)) tracker.addConn(node, row);
    },
    onGroupEnd: () => tracker.endGroup(),
  };
}

/**
 * Reads the logs rotation by rotation, oldest first: of each, the runs rows first, then the conns
 * rows, then the footprint rows, so a dump's runs row is known before its rows arrive from any
 * logger's file. Streaming: no file is held in memory. Returns each file's read statistics (a
 * live log without #close is not worth a warning: a log being written has none yet).
 */
export async function readDumpLogs(logs: DumpLogs, h: DumpLogHandlers): Promise<{ files: ReadLogFile[]; warnings: string[] }> {
  const entries = [
    ...logs.runs.map((found) => ({ found, log: PACKAGE_LOGS.dumps as PackageLog, order: 0 })),
    ...logs.conns.map((found) => ({ found, log: PACKAGE_LOGS.conns as PackageLog, order: 1 })),
    ...logs.footprints.map((found) => ({ found, log: PACKAGE_LOGS.footprints as PackageLog, order: 2 })),
  ].map((e) => ({ ...e, group: readGroupOf(e.found, e.log) }));
  entries.sort((a, b) => compare(a.group, b.group) || a.order - b.order || compare(a.found.file, b.found.file));
  const files: ReadLogFile[] = [];
  const warnings: string[] = [];
  const options = { skipMalformed: h.skipMalformed ?? false };
  // The footprint files are parsed ahead on every core, handed on here in this order.
  const footprints = await openFootprintFiles(
    entries.filter((e) => e.log === PACKAGE_LOGS.footprints).map((e) => e.found.file),
    { ...h.scan, ...options },
    h.strings,
  );
  try {
    for (const [i, e] of entries.entries()) {
      let stats: LogReadStats;
      if (e.log === PACKAGE_LOGS.footprints) {
        stats = emptyStats(e.found.file);
        await footprints.scan(e.found.file, stats, h.onFootprint, h.onFootprintRows);
      } else {
        const rows = e.log === PACKAGE_LOGS.dumps ? readDumps(e.found.file, options) : readConnections(e.found.file, options);
        const onRow = (e.log === PACKAGE_LOGS.dumps ? h.onRuns : h.onConn) as (row: DumpRow | ConnRow) => void;
        for await (const row of rows) onRow(row);
        stats = rows.stats;
      }
      files.push({ found: e.found, log: e.log, stats });
      warnings.push(...fileWarnings({ found: e.found, log: e.log, stats }, h.liveCloseWarning ?? false));
      if (entries[i + 1]?.group !== e.group) h.onGroupEnd();
    }
  } finally {
    await footprints.close();
  }
  return { files, warnings };
}

/**
 * A file's warnings as the user sees them: a live log being written has no #close yet, not worth a
 * warning, except the my_stats log's when `liveCloseWarning` (summarize shows it).
 */
export function fileWarnings(f: ReadLogFile, liveCloseWarning: boolean): string[] {
  const quiet = f.found.kind === 'live' && !(liveCloseWarning && f.log === PACKAGE_LOGS.footprints);
  return quiet ? f.stats.warnings.filter((w) => !/ has no #close: /.test(w)) : f.stats.warnings;
}

/**
 * Files read together: archives of one rotation (every logger's, every log of the package), then
 * the plain logs of one directory, then every live (spool) log at once. Sorting the keys gives the
 * order they are read in.
 */
export function readGroupOf(f: FoundLog, log: string): string {
  if (f.kind === 'live') return '2';
  if (f.kind === 'plain') return `1 ${path.dirname(f.file)}`;
  if (f.rotatedAt !== undefined) return `0 ${f.rotatedAt}`;
  // An archive whose name gives no rotation time: the files whose names differ only in the log.
  return `0 ~${path.dirname(f.file)}/${path.basename(f.file).slice(log.length)}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function emptyStats(file: string): LogReadStats {
  return { file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
}

async function findAll(targets: string[], logPath: string, warnings: string[], required: boolean): Promise<FoundLog[]> {
  const all: FoundLog[] = [];
  const seen = new Set<string>();
  const reals = new RealPaths();
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
    // logs/current is a link to the logger's spool: one file, two names (by their directories,
    // resolved once each: a tree holds thousands of archives).
    const resolved = await Promise.all(found.logs.map((f) => reals.fileIn(f.file)));
    for (const [i, f] of found.logs.entries()) {
      const real = resolved[i] as string;
      if (seen.has(real)) continue;
      seen.add(real);
      all.push(f);
    }
  }
  return all;
}

async function findCompanions(target: string, logPath: string): Promise<{ logs: FoundLog[]; warnings: string[] }> {
  const st = await stat(target);
  if (st.isDirectory()) return findLogsWithWarnings(target, logPath);
  const name = path.basename(target);
  const prefix = PACKAGE_LOGS.footprints;
  // my_stats.X (zeekctl, Zeek) or my_stats__X (a log queue): the other log has the same X.
  const rest = name.startsWith(`${prefix}.`) || name.startsWith(`${prefix}__`) ? name.slice(prefix.length) : undefined;
  const companion = rest === undefined ? undefined : path.join(path.dirname(target), `${logPath}${rest}`);
  const exists =
    companion !== undefined &&
    (await stat(companion).then(
      (s) => s.isFile(),
      () => false,
    ));
  return { logs: exists ? [describeLogFile(companion, logPath)] : [], warnings: [] };
}

async function filterModified(found: FoundLog[], since: number): Promise<FoundLog[]> {
  const out: FoundLog[] = [];
  for (const f of found) {
    const st = await stat(f.file).catch(() => undefined);
    if (st && st.mtimeMs / 1000 >= since) out.push(f);
  }
  return out;
}
