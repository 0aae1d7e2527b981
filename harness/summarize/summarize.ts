import { ConfigError } from '../errors.js';
import { LATEST_HORIZON, readLatest, replayLatest } from '../measure/read-latest.js';
import { findLogsWithWarnings, type FoundLog } from '../zeek-log/find-logs.js';
import { StringTable, type FootprintCallback } from '../zeek-log/my-stats.js';
import { scanFootprintsParallel } from '../zeek-log/parallel-scan.js';
import type { LogReadStats } from '../zeek-log/types.js';
import { DumpTracker, type Dump } from './dump-tracker.js';
import type { GroupBy, NodeSummary, Summary, SummaryFile, SummaryGroup, SummarizeOptions } from './types.js';

/**
 * Reads every my_stats log under the targets (files, log directories, zeekctl trees), picks one dump
 * per node (--run) and totals its footprints per group (--by). Memory is bounded by the number of
 * nodes and variables, not by the log length.
 */
export async function summarize(targets: string[], options: SummarizeOptions): Promise<Summary> {
  const warnings: string[] = [];
  const logs = await collectLogs(targets, warnings);
  const strings = new StringTable();
  const moduleFilterId = options.module === undefined ? -1 : strings.idOf(options.module);
  const nodeFilterId = options.node === undefined ? -1 : strings.idOf(options.node);
  const tracker = new DumpTracker(options.run, moduleFilterId < 0 ? () => true : (m) => m === moduleFilterId);
  const nodesSeen = new Set<number>();
  // Every row goes through here: the tracker's own method unless a node filter sits in between.
  const onRow: FootprintCallback = nodeFilterId < 0
    ? tracker.add.bind(tracker)
    : (ts, run, node, module, variable, size) => {
      if (node === nodeFilterId) tracker.add(ts, run, node, module, variable, size);
      else nodesSeen.add(node);
    };

  const files: SummaryFile[] = [];
  const notes: string[] = [];
  let unopened = 0;
  // The latest dump of each node is at the end of the history: only that much is read.
  const latest = options.run === 'last' && !options.fullRead
    ? await readLatest({ footprints: logs, runs: [] }, { strings, dumpsPerNode: 1, horizon: LATEST_HORIZON })
    : undefined;
  if (latest?.read) {
    replayLatest(latest.read, { footprint: (ts, run, node, module, variable, size) => onRow(ts, run, node, module, variable, size, 0), runs: () => {} }, strings, 'footprints-then-runs');
    warnings.push(...latest.read.warnings);
    notes.push(...latest.read.notes);
    unopened = latest.read.unopened.length;
    for (const f of latest.read.files) files.push(summaryFile(f.found, f.stats, f.read));
  } else {
    if (latest?.fallback) notes.push(`read every log from start to end: ${latest.fallback}`);
    // Every core parses (whole archives, parts of a big plain log); rows arrive in file order.
    const all = await scanFootprintsParallel(logs.map((l) => l.file), { skipMalformed: options.skipMalformed ?? false }, strings, onRow);
    all.forEach((stats, i) => {
      warnings.push(...stats.warnings);
      files.push(summaryFile(logs[i] as FoundLog, stats, 'whole'));
    });
  }

  const names = strings.strings;
  const perNode = tracker.finish();
  for (const n of perNode) nodesSeen.add(n.node);
  checkFilter('node', options.node, nodeFilterId, [...nodesSeen], names);
  const modulesSeen: number[] = [];
  tracker.modulesSeen.forEach((f, id) => { if (f) modulesSeen.push(id); });
  // A --node filter hides other nodes' modules; only complain when the module is nowhere in what was read.
  if (nodeFilterId < 0) checkFilter('module', options.module, moduleFilterId, modulesSeen, names);
  perNode.sort((a, b) => compareText(names[a.node] as string, names[b.node] as string));
  const nodes: NodeSummary[] = perNode.map((n) => ({
    node: names[n.node] as string,
    dumps: n.dumps,
    lifetimes: n.lifetimes,
    firstTs: n.firstTs,
    lastTs: n.lastTs,
    selected: n.selected === null ? null : { run: n.selected.run, ts: n.selected.firstTs, total: n.selected.total, variables: countVariables(n.selected, moduleFilterId) },
  }));
  for (const n of nodes) {
    if (n.selected === null) {
      warnings.push(`node ${displayNode(n.node)}: no dump matches --run ${String(options.run)} (it has ${n.dumps} dump(s))`);
    }
  }
  const selected = perNode.map((n) => n.selected).filter((d): d is Dump => d !== null);
  const { groups, omitted, total } = groupFootprints(selected, options, moduleFilterId, names);
  return { files, unopened, notes, warnings, by: options.by, run: options.run, nodes, groups, omitted, total };
}

function summaryFile(log: FoundLog, stats: LogReadStats, read: SummaryFile['read']): SummaryFile {
  return { file: log.file, kind: log.kind, format: stats.format, compressed: stats.compressed, closed: stats.closed, rows: stats.records, skippedLines: stats.skippedLines, read };
}

async function collectLogs(targets: string[], warnings: string[]): Promise<FoundLog[]> {
  if (targets.length === 0) throw new ConfigError('no log given: pass my_stats.log files or directories (a Zeek log directory or a zeekctl prefix)');
  const all: FoundLog[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    const found = await findLogsWithWarnings(t, 'my_stats');
    warnings.push(...found.warnings);
    for (const f of found.logs) {
      if (seen.has(f.file)) continue;
      seen.add(f.file);
      all.push(f);
    }
  }
  return all;
}

function checkFilter(what: string, wanted: string | undefined, id: number, seen: number[], names: string[]): void {
  if (wanted === undefined || seen.includes(id) || seen.length === 0) return;
  const known = seen.map((i) => (what === 'node' ? displayNode(names[i] as string) : (names[i] as string))).sort(compareText);
  const shown = known.slice(0, 20).join(', ') + (known.length > 20 ? `, ... (${known.length} in all)` : '');
  throw new ConfigError(`--${what} ${wanted}: no such ${what} in the log; it has: ${shown}`);
}

function countVariables(d: Dump, moduleFilterId: number): number {
  if (moduleFilterId < 0) return d.length;
  let n = 0;
  for (let i = 0; i < d.length; i++) if (d.modules[i] === moduleFilterId) n++;
  return n;
}

function groupFootprints(dumps: Dump[], options: SummarizeOptions, moduleFilterId: number, names: string[]) {
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
