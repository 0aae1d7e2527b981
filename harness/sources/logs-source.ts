import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isZeekBudgetError } from '../errors.js';
import type { LogsSourceSettings, Suite } from '../suite/types.js';
import { loggedNodeName, readNodeCfg, type ClusterNode } from './node-cfg.js';
import { nodeSubjects } from './node-subjects.js';
import { expandLogPaths, readNodeLogs } from './read-node-logs.js';
import { sourceFailure } from './source-failure.js';
import type { SourceOptions, SourceRun } from './types.js';

/**
 * Budgets logs that already exist: every node in them is a subject. An unreadable or missing log is
 * a failure of this suite (exit 3), reported beside the other suites' results.
 */
export async function collectLogsSource(suite: Suite, settings: LogsSourceSettings, opts: Pick<SourceOptions, 'onNote'> = {}): Promise<SourceRun> {
  const base: SourceRun = { suite, subjects: [], failures: [], warnings: [], skippedTraces: [] };
  try {
    const targets = await expandLogPaths(settings.paths);
    const expected = await expectedNodes(targets);
    const logs = await readNodeLogs(targets, {
      since: settings.since,
      until: settings.until,
      latestOnly: settings.dumps === 'latest',
      // The newest dumps are at the end of the history: only that much is read (unless --read-all).
      fromEnd: settings.readAll ? undefined : { expectNodes: expected?.map(loggedNodeName), staleAfter: settings.staleAfter },
    });
    for (const n of logs.notes) opts.onNote?.(suite.name, n);
    const { subjects, failures, warnings } = nodeSubjects(suite, logs.nodes, {
      expected,
      staleAfter: settings.staleAfter,
      where: windowText(settings),
    });
    if (subjects.length === 0 && failures.length === 0) {
      failures.push(
        sourceFailure(suite, 'logs', {
          kind: 'no-logs',
          message: `no my_stats dumps ${windowText(settings)} (read ${logs.files.map((f) => f.file).join(', ')}): is the window right, and did the nodes run long enough to dump?`,
        }),
      );
    }
    return { ...base, subjects, failures, warnings: [...logs.warnings, ...warnings] };
  } catch (e) {
    if (!isZeekBudgetError(e)) throw e;
    return { ...base, failures: [sourceFailure(suite, 'logs', { kind: 'bad-log', message: e.message })] };
  }
}

/** A zeekctl prefix names its nodes in etc/node.cfg: each one must have reported. */
async function expectedNodes(targets: string[]): Promise<ClusterNode[] | undefined> {
  const nodes: ClusterNode[] = [];
  for (const t of targets) {
    const cfg = path.join(t, 'etc', 'node.cfg');
    if (
      await stat(cfg).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      nodes.push(...(await readNodeCfg(cfg)));
  }
  return nodes.length ? nodes : undefined;
}

function windowText(s: LogsSourceSettings): string {
  const t = (x: number) => new Date(x * 1000).toISOString();
  if (s.since !== undefined && s.until !== undefined) return `between ${t(s.since)} and ${t(s.until)}`;
  if (s.since !== undefined) return `since ${t(s.since)}`;
  if (s.until !== undefined) return `until ${t(s.until)}`;
  return 'in the logs';
}
