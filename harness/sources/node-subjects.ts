import type { NodeDumps } from '../measure/node-dumps.js';
import type { Dump, Sample, Subject } from '../measure/types.js';
import type { RunResult } from '../measure/run-result.js';
import type { Suite } from '../suite/types.js';
import { median } from '../util/stats.js';
import { detectCutoff } from './cutoff.js';
import { capturesPackets, idleWarning } from './idle-nodes.js';
import { loggedNodeName, type ClusterNode } from './node-cfg.js';
import { sourceFailure } from './source-failure.js';

/** What a standalone Zeek's subject is called: it logs an empty node name. */
export const STANDALONE = 'standalone';

/** Without `stale_after`: this many of the node's own dump intervals, and never less than a minute. */
const STALE_INTERVALS = 3;
const STALE_MIN_SECONDS = 60;

export interface NodeSubjectOptions {
  /** Nodes that must have sent dumps (from etc/node.cfg or zeekctl status). */
  expected?: ClusterNode[];
  staleAfter?: number;
  /** Says where the dumps were looked for, for the messages: "in the logs", "since 14:45:07". */
  where: string;
}

/**
 * One subject per node, in name order. A node expected but silent, or one whose last dump lies far
 * behind the others' (it stopped sending), is a failure naming it, and gets no subject: its numbers
 * would pass budgets they never faced. A node whose dumps keep coming but saw no packets is idle:
 * a warning, and still a subject.
 */
export function nodeSubjects(suite: Suite, nodes: NodeDumps[], opts: NodeSubjectOptions): { subjects: Subject[]; failures: RunResult[]; warnings: string[] } {
  const failures: RunResult[] = [];
  const seen = new Set(nodes.filter((n) => n.dumps.length > 0).map((n) => n.node));
  for (const e of opts.expected ?? []) {
    const name = loggedNodeName(e);
    if (seen.has(name)) continue;
    failures.push(
      sourceFailure(suite, e.name, {
        kind: 'no-logs',
        message: `node ${e.name} (${e.type}) sent no my_stats dumps ${opts.where}: is it running (zeekctl status), and does its local.zeek load the measuring package? Its stderr.log / \`zeekctl diag ${e.name}\` tell why`,
      }),
    );
  }
  const stale = staleNodes(nodes, opts.staleAfter);
  for (const s of stale) {
    failures.push(
      sourceFailure(suite, displayName(s.node), {
        kind: 'no-logs',
        message: `node ${displayName(s.node)} stopped sending: its last dump (${isoTime(s.last)}) is ${Math.round(s.behind)} s older than the newest (${s.newestNode}, ${isoTime(s.newest)}), more than ${Math.round(s.limit)} s${opts.staleAfter === undefined ? ` (${STALE_INTERVALS} of its dump intervals, at least ${STALE_MIN_SECONDS} s; set stale_after to change)` : ' (stale_after)'}: did it crash or hang? \`zeekctl status\` and \`zeekctl diag ${displayName(s.node)}\``,
      }),
    );
  }
  const staleSet = new Set(stale.map((s) => s.node));
  const reporting = nodes.filter((n) => n.dumps.length > 0 && !staleSet.has(n.node)).sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  const warnings: string[] = [];
  for (const n of reporting) {
    const cfg = opts.expected?.find((e) => loggedNodeName(e) === n.node);
    if (!capturesPackets(n.node, cfg?.type)) continue;
    const w = idleWarning(displayName(n.node), n.track, cfg?.interface);
    if (w) warnings.push(w);
  }
  return { subjects: reporting.map((n) => nodeSubject(n.node, n.dumps)), failures, warnings };
}

export function nodeSubject(node: string, dumps: Dump[]): Subject {
  return {
    name: displayName(node),
    node,
    dumps,
    // The slowest dump is the one that walks the most state, as for traces.
    timing: {
      footprint_call: maxSample(dumps.map((d) => d.duration)),
      peak_rss: maxSample(dumps.map((d) => d.peakRss)),
      // Current memory at the node's latest dump read, and its largest over the dumps read.
      rss: maxSample([dumps[dumps.length - 1]?.rss]),
      rss_max: maxSample(dumps.map((d) => d.rss)),
    },
    cutoff: detectCutoff(dumps),
  };
}

export function displayName(node: string): string {
  return node === '' ? STANDALONE : node;
}

interface Stale {
  node: string;
  last: number;
  newest: number;
  newestNode: string;
  behind: number;
  limit: number;
}

function staleNodes(nodes: NodeDumps[], staleAfter: number | undefined): Stale[] {
  const withDumps = nodes.filter((n) => n.track.recentStarts.length > 0);
  if (withDumps.length < 2) return [];
  const lasts = withDumps.map((n) => ({ node: n.node, last: Math.max(...n.track.recentStarts), interval: medianInterval(n.track.recentStarts) }));
  const newest = lasts.reduce((a, b) => (b.last > a.last ? b : a));
  const intervals = lasts.map((l) => l.interval).filter((i): i is number => i !== undefined);
  const clusterInterval = intervals.length ? median(intervals) : undefined;
  const out: Stale[] = [];
  for (const l of lasts) {
    const interval = l.interval ?? clusterInterval;
    const limit = staleAfter ?? Math.max(STALE_MIN_SECONDS, STALE_INTERVALS * (interval ?? 0));
    const behind = newest.last - l.last;
    if (behind > limit) out.push({ node: l.node, last: l.last, newest: newest.last, newestNode: displayName(newest.node), behind, limit });
  }
  return out;
}

function medianInterval(starts: number[]): number | undefined {
  const sorted = [...starts].sort((a, b) => a - b);
  const gaps = sorted
    .slice(1)
    .map((t, i) => t - (sorted[i] as number))
    .filter((g) => g > 0);
  return gaps.length ? median(gaps) : undefined;
}

function maxSample(values: Array<number | undefined>): Sample | undefined {
  const v = values.filter((x): x is number => x !== undefined && Number.isFinite(x));
  if (v.length === 0) return undefined;
  const max = Math.max(...v);
  return { median: max, values: [max] };
}

function isoTime(ts: number): string {
  return new Date(ts * 1000).toISOString().replace('.000Z', 'Z');
}
