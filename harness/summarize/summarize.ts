import { ConfigError } from '../errors.js';
import { findDumpLogs, readDumpLogs, trackerHandlers, type DumpLogs, type ReadLogFile } from '../measure/dump-logs.js';
import { LATEST_HORIZON, readLatest, replayLatest } from '../measure/read-latest.js';
import { DumpTracker, type TrackedDump } from '../measure/dump-tracker.js';
import { connFields, incompleteWarning } from '../measure/node-dumps.js';
import { capturesPackets, idleWarning } from '../sources/idle-nodes.js';
import type { ConnField } from '../measure/types.js';
import { PACKAGE_LOGS } from '../zeek-package.js';
import { StringTable } from '../zeek-log/my-stats.js';
import type {
  CompanionFile,
  ConnectionGroup,
  ConnectionSummary,
  GroupBy,
  NodeSummary,
  RunSelector,
  Summary,
  SummaryFile,
  SummaryGroup,
  SummarizeOptions,
} from './types.js';

/** The dump chosen for a node so far, with its total after --module. */
interface Choice {
  dump: TrackedDump;
  total: number;
}

/**
 * Reads every my_stats log under the targets (files, log directories, zeekctl and systemd trees,
 * every logger's files, with the runs logs beside them), picks one dump per node (--run) and totals
 * its footprints per group (--by). Memory is bounded by the number of nodes and variables, not by
 * the log length: the tracker hands on each finished dump, and only the one chosen per node is kept.
 */
export async function summarize(targets: string[], options: SummarizeOptions): Promise<Summary> {
  const logs = await collectLogs(targets);
  const warnings: string[] = [...logs.warnings];
  const strings = new StringTable();
  const moduleFilterId = options.module === undefined ? -1 : strings.idOf(options.module);
  const nodeFilterId = options.node === undefined ? -1 : strings.idOf(options.node);
  const nodesSeen = new Set<number>();
  /** modulesSeen[id] === 1: some row had this module (for the --module "no such module" message). */
  let modulesSeen: Uint8Array = new Uint8Array(256);
  const chosen = new Map<number, Choice>();
  const tracker: DumpTracker = new DumpTracker({
    expectConns: logs.conns.length > 0,
    onDump: (d) => {
      for (let i = 0; i < d.length; i++) {
        const m = d.modules[i] as number;
        if (m >= modulesSeen.length) modulesSeen = grown(modulesSeen, m);
        modulesSeen[m] = 1;
      }
      if (d.state === 'incomplete') return false;
      const total = totalOf(d, moduleFilterId);
      const best = chosen.get(d.node);
      if (!better(options.run, d, total, best)) return false;
      if (best) tracker.recycle(best.dump);
      chosen.set(d.node, { dump: d, total });
      return true;
    },
  });
  const keepNode =
    nodeFilterId < 0
      ? undefined
      : (_ts: number, node: number) => {
          if (node === nodeFilterId) return true;
          nodesSeen.add(node);
          return false;
        };
  const handlers = { ...trackerHandlers(tracker, strings, keepNode), skipMalformed: options.skipMalformed ?? false, liveCloseWarning: true };
  const notes: string[] = [];
  let unopened = 0;
  // The latest dump of each node is at the end of the history: only that much is read.
  const latest =
    options.run === 'last' && !options.fullRead
      ? await readLatest(logs, { strings, dumpsPerNode: 1, horizon: LATEST_HORIZON, liveCloseWarning: true })
      : undefined;
  let read: { files: Array<ReadLogFile & { read?: 'whole' | 'tail' }>; warnings: string[] };
  if (latest?.read) {
    replayLatest(latest.read, handlers);
    read = latest.read;
    notes.push(...latest.read.notes);
    unopened = latest.read.unopened.length;
  } else {
    if (latest?.fallback) notes.push(`read every log from start to end: ${latest.fallback}`);
    read = await readDumpLogs(logs, handlers);
  }
  warnings.push(...read.warnings);
  const files: SummaryFile[] = [];
  const companionFiles: CompanionFile[] = [];
  for (const { found, log, stats, read: how } of read.files) {
    if (log === PACKAGE_LOGS.footprints) {
      files.push({
        file: found.file,
        kind: found.kind,
        format: stats.format,
        compressed: stats.compressed,
        closed: stats.closed,
        rows: stats.records,
        skippedLines: stats.skippedLines,
        read: how ?? 'whole',
      });
    } else {
      companionFiles.push({ file: found.file, log, rows: stats.records });
    }
  }

  const names = strings.strings;
  const perNode = tracker.finish();
  for (const n of perNode) nodesSeen.add(n.node);
  checkFilter('node', options.node, nodeFilterId, [...nodesSeen], names);
  const moduleIds: number[] = [];
  modulesSeen.forEach((f, id) => {
    if (f) moduleIds.push(id);
  });
  // A --node filter hides other nodes' modules; only complain when the module is nowhere in what was read.
  if (nodeFilterId < 0) checkFilter('module', options.module, moduleFilterId, moduleIds, names);
  perNode.sort((a, b) => compareText(names[a.node] as string, names[b.node] as string));
  const nodes: NodeSummary[] = perNode.map((n) => {
    const c = chosen.get(n.node);
    return {
      node: names[n.node] as string,
      dumps: n.dumps,
      lifetimes: n.restarts + 1,
      incomplete: n.incomplete,
      ...(n.packets === undefined ? {} : { packets: n.packets }),
      firstTs: n.firstTs,
      lastTs: n.lastTs,
      selected:
        c === undefined
          ? null
          : {
              run: c.dump.run,
              ts: c.dump.ts,
              total: c.total,
              variables: countVariables(c.dump, moduleFilterId),
              ...(c.dump.info?.rss === undefined ? {} : { rss: c.dump.info.rss }),
            },
    };
  });
  for (const [i, n] of nodes.entries()) {
    const track = perNode[i];
    if (track === undefined) continue;
    const incomplete = incompleteWarning(displayNode(n.node), track);
    if (incomplete) warnings.push(incomplete);
    if (capturesPackets(n.node)) {
      const idle = idleWarning(displayNode(n.node), track);
      if (idle) warnings.push(idle);
    }
    if (n.selected === null) {
      warnings.push(
        `node ${displayNode(n.node)}: no ${n.dumps === 0 ? 'complete dump' : `dump matches --run ${String(options.run)}`} (it has ${n.dumps} dump(s))`,
      );
    }
  }
  const selected = [...chosen.values()].map((c) => c.dump);
  const { groups, omitted, total } = groupFootprints(selected, options, moduleFilterId, names);
  // Connection fields of the same dumps, when a conns log was read (older packages have none).
  const connections = logs.conns.length > 0 ? groupConnections(connectionsOf(selected, names), options) : null;
  return { files, companionFiles, unopened, notes, warnings, by: options.by, run: options.run, nodes, groups, omitted, total, connections };
}

/** Per node, the chosen dump's connection fields (a field logged twice keeps its larger maximum). */
function connectionsOf(dumps: TrackedDump[], names: string[]): Map<string, Map<string, ConnField>> {
  const perNode = new Map<string, Map<string, ConnField>>();
  for (const d of dumps) {
    const fields = connFields(d);
    if (fields.size > 0) perNode.set(names[d.node] as string, fields);
  }
  return perNode;
}

/**
 * Connection fields of the picked dumps, per field (per node and field with --by node...), the
 * fields that hold most first: what fills memory is the total; the largest connection is the one
 * to look at.
 */
function groupConnections(perNode: Map<string, Map<string, ConnField>>, options: SummarizeOptions): ConnectionSummary {
  const byNode = options.by.includes('node');
  const groups = new Map<string, ConnectionGroup>();
  for (const [node, fields] of [...perNode].sort(([a], [b]) => compareText(a, b))) {
    for (const [field, c] of fields) {
      const id = byNode ? `${node}\u0000${field}` : field;
      const g = groups.get(id);
      if (!g) {
        groups.set(id, {
          field,
          ...(byNode ? { node } : {}),
          connections: c.connections,
          total: c.total,
          max: c.max,
          maxNode: node,
          uid: c.uid,
          id: c.id,
          live: c.live,
        });
        continue;
      }
      g.connections += c.connections;
      g.total += c.total;
      if (c.max > g.max) Object.assign(g, { max: c.max, maxNode: node, uid: c.uid, id: c.id, live: c.live });
    }
  }
  const sorted = [...groups.values()].sort(
    (a, b) => b.total - a.total || b.max - a.max || compareText(`${a.node ?? ''} ${a.field}`, `${b.node ?? ''} ${b.field}`),
  );
  const top = options.top ?? sorted.length;
  const rest = sorted.slice(top);
  return { groups: sorted.slice(0, top), omitted: { groups: rest.length, total: rest.reduce((n, g) => n + g.total, 0) } };
}

/** Whether dump d (total after --module) replaces the node's choice so far. */
function better(run: RunSelector, d: TrackedDump, total: number, best: Choice | undefined): boolean {
  if (run === 'last') return best === undefined || d.ts >= best.dump.ts;
  if (run === 'max') return best === undefined || total > best.total || (total === best.total && d.ts > best.dump.ts);
  return d.run === run && (best === undefined || d.ts >= best.dump.ts);
}

function totalOf(d: TrackedDump, moduleFilterId: number): number {
  let total = 0;
  for (let i = 0; i < d.length; i++) {
    if (moduleFilterId < 0 || d.modules[i] === moduleFilterId) total += d.sizes[i] as number;
  }
  return total;
}

function grown(a: Uint8Array, index: number): Uint8Array {
  const g = new Uint8Array(Math.max(a.length * 2, index + 1));
  g.set(a);
  return g;
}

async function collectLogs(targets: string[]): Promise<DumpLogs> {
  if (targets.length === 0) throw new ConfigError('no log given: pass my_stats.log files or directories (a Zeek log directory or a zeekctl prefix)');
  return findDumpLogs(targets);
}

function checkFilter(what: string, wanted: string | undefined, id: number, seen: number[], names: string[]): void {
  if (wanted === undefined || seen.includes(id) || seen.length === 0) return;
  const known = seen.map((i) => (what === 'node' ? displayNode(names[i] as string) : (names[i] as string))).sort(compareText);
  const shown = known.slice(0, 20).join(', ') + (known.length > 20 ? `, ... (${known.length} in all)` : '');
  throw new ConfigError(`--${what} ${wanted}: no such ${what} in the log; it has: ${shown}`);
}

function countVariables(d: TrackedDump, moduleFilterId: number): number {
  if (moduleFilterId < 0) return d.length;
  let n = 0;
  for (let i = 0; i < d.length; i++) if (d.modules[i] === moduleFilterId) n++;
  return n;
}

function groupFootprints(dumps: TrackedDump[], options: SummarizeOptions, moduleFilterId: number, names: string[]) {
  const groups = new Map<string, SummaryGroup>();
  let total = 0;
  for (const d of dumps) {
    for (let i = 0; i < d.length; i++) {
      const module = d.modules[i] as number;
      if (moduleFilterId >= 0 && module !== moduleFilterId) continue;
      const size = d.sizes[i] as number;
      const key: Partial<Record<GroupBy, string>> = {};
      for (const k of options.by) {
        key[k] = names[k === 'node' ? d.node : k === 'module' ? module : (d.variables[i] as number)] as string;
      }
      const id = options.by.map((k) => key[k]).join('\u0000');
      let g = groups.get(id);
      if (g === undefined) {
        g = { key, footprint: 0, share: 0, variables: 0 };
        groups.set(id, g);
      }
      g.footprint += size;
      g.variables++;
      total += size;
    }
  }
  const sorted = [...groups.values()].sort((a, b) => b.footprint - a.footprint || compareText(groupLabel(a), groupLabel(b)));
  for (const g of sorted) g.share = total > 0 ? g.footprint / total : 0;
  const top = options.top ?? sorted.length;
  const kept = sorted.slice(0, top);
  const rest = sorted.slice(top);
  return { groups: kept, omitted: { groups: rest.length, footprint: rest.reduce((s, g) => s + g.footprint, 0) }, total };
}

function groupLabel(g: SummaryGroup): string {
  return Object.values(g.key).join(' ');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How a node name is shown to people: a standalone Zeek logs an empty node. */
export function displayNode(node: string): string {
  return node === '' ? '(standalone)' : node;
}
