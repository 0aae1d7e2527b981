import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readNodeLogs, type NodeLogs } from '../read-node-logs.js';

export interface DumpWait {
  /** Dumps per node (as logged: '' for a standalone Zeek) since the start. */
  counts: Map<string, number>;
  /** Seconds since the epoch of each node's last dump. */
  last: Map<string, number>;
  complete: boolean;
  /** The nodes still short of their dumps (or, with a replay, of one after it ended) when the wait ended. */
  short: string[];
  /** Why the wait ended early: the replay failed, or the run was interrupted. */
  stoppedBy?: string;
}

export interface WaitOptions {
  /** The cluster's log and spool directories. */
  dirs: string[];
  /** Nodes (as logged) that must each send `dumps` dumps. */
  nodes: string[];
  dumps: number;
  /** Unix seconds: only dumps from then on count. */
  since: number;
  /** Unix seconds at which to give up. */
  deadline: number;
  pollSeconds: number;
  /** Checked between polls: a reason to stop waiting (e.g. the replay failed), or undefined. */
  stopIf?: () => string | undefined;
  /**
   * With a replay: undefined while it still sends, then the Unix seconds it ended. The wait then
   * also needs a dump from every node that began after it, so the last dump saw all the traffic
   * (on a busy machine the first N dumps can all come before the first packet).
   */
  replayEnded?: () => number | undefined;
  signal?: AbortSignal;
  onProgress?: (counts: Map<string, number>) => void;
}

/**
 * Polls the cluster's my_stats logs (every logger's live spool, and archives written since the
 * start in case the loggers rotated meanwhile) until every node sent `dumps` complete dumps (and,
 * with a replay, one after the replay ended), or until the deadline.
 */
export async function waitForDumps(opts: WaitOptions): Promise<DumpWait> {
  for (;;) {
    const logs = await readSince(opts.dirs, opts.since);
    const counts = new Map(opts.nodes.map((n) => [n, 0]));
    const last = new Map<string, number>();
    // Only complete dumps count: with several loggers a dump's rows and its runs row arrive in any order.
    for (const n of logs.nodes) {
      counts.set(n.node, n.track.dumps);
      const newest = n.track.recentStarts.at(-1);
      if (newest !== undefined) last.set(n.node, newest);
    }
    opts.onProgress?.(counts);
    const ended = opts.replayEnded ? opts.replayEnded() : -Infinity;
    const short = opts.nodes.filter((n) => (counts.get(n) ?? 0) < opts.dumps || (ended !== undefined && (last.get(n) ?? -Infinity) <= ended));
    const complete = ended !== undefined && short.length === 0;
    const stoppedBy = opts.signal?.aborted ? 'interrupted' : opts.stopIf?.();
    if (complete || stoppedBy || Date.now() / 1000 >= opts.deadline) return { counts, last, complete, short, stoppedBy };
    await sleep(Math.min(opts.pollSeconds, Math.max(0, opts.deadline - Date.now() / 1000)) * 1000, undefined, { signal: opts.signal }).catch(() => undefined);
  }
}

/** Reads what the nodes logged since `since`; nothing yet is no error (the logger creates the file on its first row). */
export async function readSince(dirs: string[], since: number, latestOnly = true): Promise<NodeLogs> {
  const existing = [];
  for (const d of dirs)
    if (
      await stat(d).then(
        () => true,
        () => false,
      )
    )
      existing.push(d);
  return readNodeLogs(existing, { since, latestOnly, modifiedSince: since, missingOk: true });
}

/**
 * After `zeekctl stop`, post-terminate moves each node's spool directory to tmp/post-terminate-*
 * and archives its logs in the background; the directory disappears when it is done (one ending in
 * -crash stays for the crash report). Waits for those that were not there before the stop.
 */
export async function waitForArchiving(tmpDir: string, before: Set<string>, deadline: number, signal?: AbortSignal): Promise<string[]> {
  for (;;) {
    const running = (await postTerminateDirs(tmpDir)).filter((d) => !before.has(d) && !d.endsWith('-crash'));
    if (running.length === 0 || signal?.aborted || Date.now() / 1000 >= deadline) return running.map((d) => path.join(tmpDir, d));
    await sleep(250, undefined, { signal }).catch(() => undefined);
  }
}

export async function postTerminateDirs(tmpDir: string): Promise<string[]> {
  const names = await readdir(tmpDir).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith('post-terminate-'));
}

/**
 * The dumps of one node that count: `wanted` of them, always. Without a replay its first ones; with
 * one, those ending with its first dump that began after the replay ended (the one that saw all the
 * traffic), so a replay slower than usual shifts the window instead of changing the dump count
 * that baselines compare.
 */
export function countedDumps<T extends { ts: number }>(dumps: T[], wanted: number, replayEnded: number | undefined): T[] {
  const after = replayEnded === undefined ? -1 : dumps.findIndex((d) => d.ts > replayEnded);
  const end = Math.max(wanted, after + 1);
  return dumps.slice(Math.max(0, end - wanted), end);
}
