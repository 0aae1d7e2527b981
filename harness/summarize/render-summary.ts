import { formatCsv, formatTable, type Column, type TableStyle } from '../text/format-table.js';
import { displayNode } from './summarize.js';
import { formatBytes } from '../util/parse-bytes.js';
import type { ConnectionGroup, GroupBy, NodeSummary, Summary, SummaryGroup } from './types.js';

export function isoTime(ts: number): string {
  return new Date(Math.round(ts * 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function groupColumns(by: GroupBy[], csv: boolean): Column<SummaryGroup>[] {
  const keys: Column<SummaryGroup>[] = by.map((k) => ({
    header: k,
    value: (g) => (k === 'node' && !csv ? displayNode(g.key[k] ?? '') : (g.key[k] ?? '')),
  }));
  return [
    ...keys,
    { header: 'footprint', value: (g) => String(g.footprint), align: 'right' },
    csv
      ? { header: 'share_percent', value: (g) => (g.share * 100).toFixed(2), align: 'right' }
      : { header: 'share', value: (g) => percent(g.share), align: 'right' },
    { header: 'variables', value: (g) => String(g.variables), align: 'right' },
  ];
}

const RUN_WORDS: Record<string, string> = { last: 'the latest dump of each node', max: 'the largest dump of each node' };

function runLabel(run: Summary['run']): string {
  return RUN_WORDS[String(run)] ?? `run ${String(run)} of each node`;
}

const NODE_COLUMNS: Column<NodeSummary>[] = [
  { header: 'node', value: (n) => displayNode(n.node) },
  { header: 'dumps', value: (n) => String(n.dumps), align: 'right' },
  { header: 'restarts', value: (n) => String(n.lifetimes - 1), align: 'right' },
  { header: 'first', value: (n) => isoTime(n.firstTs) },
  { header: 'last', value: (n) => isoTime(n.lastTs) },
  { header: 'run', value: (n) => (n.selected ? String(n.selected.run) : '-'), align: 'right' },
  { header: 'dump time', value: (n) => (n.selected ? isoTime(n.selected.ts) : '-') },
  { header: 'variables', value: (n) => (n.selected ? String(n.selected.variables) : '-'), align: 'right' },
  { header: 'footprint', value: (n) => (n.selected ? String(n.selected.total) : '-'), align: 'right' },
];

/** Current memory beside the footprint: what the process holds, whatever holds it (C++ state included). */
const RSS_COLUMN: Column<NodeSummary> = { header: 'rss', value: (n) => (n.selected?.rss !== undefined ? formatBytes(n.selected.rss) : '-'), align: 'right' };

function connectionColumns(byNode: boolean): Column<ConnectionGroup>[] {
  return [
    ...(byNode ? [{ header: 'node', value: (g: ConnectionGroup) => displayNode(g.node ?? '') }] : []),
    { header: 'field', value: (g) => g.field },
    { header: 'connections', value: (g) => String(g.connections), align: 'right' },
    { header: 'total', value: (g) => String(g.total), align: 'right' },
    { header: 'largest', value: (g) => String(g.max), align: 'right' },
    ...(byNode ? [] : [{ header: 'on', value: (g: ConnectionGroup) => displayNode(g.maxNode) }]),
    { header: 'uid', value: (g) => g.uid },
    { header: 'connection', value: (g) => `${g.id}${g.live ? ' (open)' : ''}` },
  ];
}

/** The human-readable report: what was read, the dump chosen per node, then the groups. */
export function renderSummaryTable(s: Summary, style: TableStyle & { title?: (t: string) => string } = {}): string {
  const title = style.title ?? ((t: string) => t);
  const rows = s.files.reduce((n, f) => n + f.rows, 0);
  const parts: string[] = [];
  const unopened = s.unopened > 0 ? ` (${s.unopened} older file(s) not opened: the newest dumps are in these)` : '';
  parts.push(`Read ${s.files.length} file(s), ${rows} row(s)${unopened}:\n`);
  for (const f of s.files) {
    const notes = [
      f.kind,
      f.format,
      ...(f.compressed ? ['gzip'] : []),
      ...(f.closed || f.format === 'empty' ? [] : ['no #close']),
      ...(f.skippedLines ? [`${f.skippedLines} skipped`] : []),
      ...(f.read === 'tail' ? ['its end only'] : []),
    ];
    parts.push(`  ${f.file} (${notes.join(', ')}; ${f.rows} rows)\n`);
  }
  const runs = s.companionFiles.filter((f) => f.log === 'my_stats_runs').length;
  const conns = s.companionFiles.filter((f) => f.log === 'my_stats_conns').length;
  if (runs + conns > 0) parts.push(`  and beside them ${runs} my_stats_runs and ${conns} my_stats_conns file(s)\n`);
  if (s.nodes.length === 0) {
    parts.push('\nNo footprint rows: nothing to summarize.\n');
    return parts.join('');
  }
  const partial = s.unopened > 0 || s.files.some((f) => f.read === 'tail');
  parts.push(`\n${title(`Nodes (${runLabel(s.run)}${partial ? '; dumps, restarts and first: in the part read' : ''}):`)}\n`);
  const withRss = s.nodes.some((n) => n.selected?.rss !== undefined);
  parts.push(formatTable(s.nodes, withRss ? [...NODE_COLUMNS, RSS_COLUMN] : NODE_COLUMNS, { ...style, indent: '  ' }));
  parts.push(`\n${title(`Footprint by ${s.by.join(',')} (total ${s.total}):`)}\n`);
  parts.push(formatTable(s.groups, groupColumns(s.by, false), { ...style, indent: '  ' }));
  if (s.omitted.groups > 0) {
    parts.push(`  ... ${s.omitted.groups} more group(s), footprint ${s.omitted.footprint} (${percent(s.total ? s.omitted.footprint / s.total : 0)})\n`);
  }
  if (s.connections) parts.push(...connectionSection(s, title, style));
  parts.push('\nFootprints count values (entries, fields, elements), not bytes.\n');
  return parts.join('');
}

function connectionSection(s: Summary, title: (t: string) => string, style: TableStyle): string[] {
  const c = s.connections!;
  const byNode = s.by.includes('node');
  const out = [`\n${title(`Connection fields (the same dumps; connections measured since each node's dump before):`)}\n`];
  if (c.groups.length === 0) return [...out, '  none measured\n'];
  out.push(formatTable(c.groups, connectionColumns(byNode), { ...style, indent: '  ' }));
  if (c.omitted.groups > 0) out.push(`  ... ${c.omitted.groups} more field(s), total ${c.omitted.total}\n`);
  return out;
}

export function renderSummaryCsv(s: Summary): string {
  return formatCsv(s.groups, groupColumns(s.by, true));
}

export function renderSummaryJson(s: Summary): string {
  return JSON.stringify(s, null, 2) + '\n';
}
