import { formatCsv, formatTable, type Column, type TableStyle } from '../text/format-table.js';
import { displayNode } from './summarize.js';
import type { GroupBy, NodeSummary, Summary, SummaryGroup } from './types.js';

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

/** The human-readable report: what was read, the dump chosen per node, then the groups. */
export function renderSummaryTable(s: Summary, style: TableStyle & { title?: (t: string) => string } = {}): string {
  const title = style.title ?? ((t: string) => t);
  const rows = s.files.reduce((n, f) => n + f.rows, 0);
  const parts: string[] = [];
  const unopened = s.unopened > 0 ? ` (${s.unopened} older file(s) not opened: the newest dumps are in these)` : '';
  parts.push(`Read ${s.files.length} file(s), ${rows} row(s)${unopened}:\n`);
  for (const f of s.files) {
    const notes = [f.kind, f.format, ...(f.compressed ? ['gzip'] : []), ...(f.closed || f.format === 'empty' ? [] : ['no #close']),
      ...(f.skippedLines ? [`${f.skippedLines} skipped`] : []), ...(f.read === 'tail' ? ['its end only'] : [])];
    parts.push(`  ${f.file} (${notes.join(', ')}; ${f.rows} rows)\n`);
  }
  if (s.nodes.length === 0) {
    parts.push('\nNo footprint rows: nothing to summarize.\n');
    return parts.join('');
  }
  const partial = s.unopened > 0 || s.files.some((f) => f.read === 'tail');
  parts.push(`\n${title(`Nodes (${runLabel(s.run)}${partial ? '; dumps, restarts and first: in the part read' : ''}):`)}\n`);
  parts.push(formatTable(s.nodes, NODE_COLUMNS, { ...style, indent: '  ' }));
  parts.push(`\n${title(`Footprint by ${s.by.join(',')} (total ${s.total}):`)}\n`);
  parts.push(formatTable(s.groups, groupColumns(s.by, false), { ...style, indent: '  ' }));
  if (s.omitted.groups > 0) {
    parts.push(`  ... ${s.omitted.groups} more group(s), footprint ${s.omitted.footprint} (${percent(s.total ? s.omitted.footprint / s.total : 0)})\n`);
  }
  parts.push('\nFootprints count values (entries, fields, elements), not bytes.\n');
  return parts.join('');
}

export function renderSummaryCsv(s: Summary): string {
  return formatCsv(s.groups, groupColumns(s.by, true));
}

export function renderSummaryJson(s: Summary): string {
  return JSON.stringify(s, null, 2) + '\n';
}
