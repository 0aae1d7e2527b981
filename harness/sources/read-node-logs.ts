import { stat } from 'node:fs/promises';
import { glob } from 'tinyglobby';
import { EnvironmentError } from '../errors.js';
import { findDumpLogs, readDumpLogs, trackerHandlers } from '../measure/dump-logs.js';
import { CHECK_HORIZON, readLatest, replayLatest } from '../measure/read-latest.js';
import { incompleteWarning, NodeDumpsCollector, type NodeDumps } from '../measure/node-dumps.js';
import type { FoundLog } from '../zeek-log/find-logs.js';
import { StringTable } from '../zeek-log/my-stats.js';
import { displayName } from './node-subjects.js';

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
  /** How the logs were read: how far back, which files were not opened, why they were read whole. */
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
      if (
        !(await stat(p).then(
          () => true,
          () => false,
        ))
      ) {
        throw new EnvironmentError('no such file or directory: name a my_stats.log, a log directory or a zeekctl prefix', { file: p });
      }
      out.push(p);
    }
  }
  return [...new Set(out)];
}

/**
 * Reads every my_stats log under the targets and the runs and conns logs beside them (every
 * logger's, archives oldest first, then live logs), streaming, into complete dumps per node.
 */
export async function readNodeLogs(targets: string[], opts: ReadNodeLogsOptions): Promise<NodeLogs> {
  const logs = await findDumpLogs(targets, { missingOk: opts.missingOk, modifiedSince: opts.modifiedSince });
  const inWindow = (ts: number) => (opts.since === undefined || ts >= opts.since) && (opts.until === undefined || ts <= opts.until);
  const strings = new StringTable();
  const collector = new NodeDumpsCollector(strings, { latestOnly: opts.latestOnly, expectConns: logs.conns.length > 0 });
  const windowed = opts.since !== undefined || opts.until !== undefined;
  const handlers = trackerHandlers(collector.tracker, strings, windowed ? inWindow : undefined);
  const notes: string[] = [];
  let files = logs.footprints;
  let read: { warnings: string[] } | undefined;
  if (opts.latestOnly && opts.fromEnd) {
    // Four dumps per node: enough to see its dump interval (the stale check needs it).
    const latest = await readLatest(logs, {
      strings,
      dumpsPerNode: 4,
      horizon: { seconds: Math.max(CHECK_HORIZON.seconds, opts.fromEnd.staleAfter ?? 0), intervals: CHECK_HORIZON.intervals },
      expectNodes: opts.fromEnd.expectNodes,
      since: opts.since,
      until: opts.until,
    });
    if (latest.read) {
      replayLatest(latest.read, handlers);
      read = latest.read;
      notes.push(...latest.read.notes);
      files = latest.read.files.filter((f) => logs.footprints.includes(f.found)).map((f) => f.found);
    } else {
      notes.push(`read every log from start to end: ${latest.fallback}`);
    }
  }
  read ??= await readDumpLogs(logs, handlers);
  const nodes = collector.result();
  const warnings = [...logs.warnings, ...read.warnings];
  for (const n of nodes) {
    const w = incompleteWarning(displayName(n.node), n.track);
    if (w) warnings.push(w);
  }
  return { nodes, files, warnings, notes };
}
