import path from 'node:path';
import pc from 'picocolors';
import { formatAmount, formatSeconds } from '../text/format-amount.js';
import { formatPercent, percentChange } from '../text/format-amount.js';
import { sparkline } from '../analysis/sparkline.js';
import { formatBytes } from '../util/parse-bytes.js';
import {
  amountText,
  comparisonLine,
  finalTotal,
  itemLabel,
  largestConnections,
  largestVariables,
  noBaselineText,
  ratioText,
  ruleFor,
  runFailureCount,
  sideName,
  subjectKind,
  timingLabel,
  VERDICT_ORDER,
  updateCommand,
} from './document-views.js';
import { formatTable, type Column } from '../text/format-table.js';
import type { CheckDoc, ResultDocument, RuleDoc, ScalingDoc, SubjectDoc, SuiteDoc } from './result-document.js';
import { counted, plural } from '../text/plural.js';

export interface TerminalReportOptions {
  color: boolean;
  cwd: string;
  /** Show the unified baseline diff for every suite whose measurements differ from it. */
  showDiff: boolean;
  updating: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

/** The human report: per suite and trace what matters, then one summary line. Pure: returns text. */
export function renderTerminal(doc: ResultDocument, opts: TerminalReportOptions): string {
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  if (doc.comparison)
    out.push(
      c.bold(`comparing ${comparisonLine(doc.comparison)}`),
      c.dim(
        `  ${doc.comparison.repeat} runs per trace and side, interleaved; timings are median head/base ratios of the pairs [${Math.round(doc.comparison.confidence * 100)}% interval]`,
      ),
      '',
    );
  for (const w of doc.warnings) out.push(`${c.yellow('!')} ${w}`);
  if (doc.shard && doc.suites.length === 0) out.push(c.dim(`shard ${doc.shard.index}/${doc.shard.count}: no trace fell to this shard`), '');
  for (const suite of doc.suites) out.push(...suiteSection(doc, suite, c, opts));
  out.push(summaryLine(doc, c));
  return `${out.join('\n')}\n`;
}

export function summaryLine(doc: ResultDocument, c: Colors): string {
  const { passed, failed, warned, unchecked } = doc.counts;
  const runFailures = runFailureCount(doc);
  const parts = [
    `${passed} passed`,
    failed ? c.red(`${failed} failed`) : `${failed} failed`,
    warned ? c.yellow(counted(warned, 'warning')) : counted(warned, 'warning'),
  ];
  const extra = [unchecked ? `${unchecked} not checked (no baseline)` : '', runFailures ? c.red(`${counted(runFailures, 'run')} failed`) : ''].filter(Boolean);
  return `${parts.join(', ')}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

function suiteSection(doc: ResultDocument, o: SuiteDoc, c: Colors, opts: TerminalReportOptions): string[] {
  const rel = (p: string) => path.relative(opts.cwd, p) || p;
  const against = doc.comparison ? `head vs base ${sideName(doc.comparison.base)}` : rel(o.baseline.file);
  const lines = [c.bold(`suite ${o.name}`) + c.dim(`  ${rel(o.file)} -> ${against}`)];
  for (const w of o.warnings) lines.push(`  ${c.yellow('!')} ${w}`);
  lines.push(...baselineNotes(doc, o, c, rel));
  for (const e of o.subjects) lines.push(...subjectSection(o, e, c, doc.comparison ? 'base' : 'baseline'));
  for (const g of o.scaling) lines.push(...scalingSection(o, g, c));
  for (const f of o.runFailures) {
    const where = [f.repeat > 0 && f.command.includes(' -r ') ? `repeat ${f.repeat}` : '', f.side ?? ''].filter(Boolean).join(', ');
    lines.push(`  ${c.red('RUN FAILED')} ${f.trace}${where ? ` (${where})` : ''}: ${f.message}`);
    if (f.command) lines.push(`    command: ${f.command}`);
  }
  if (o.skippedTraces.length) lines.push(c.dim(`  not run (--filter): ${o.skippedTraces.join(', ')}`));
  if (o.otherShards.length) lines.push(c.dim(`  in other shards: ${o.otherShards.join(', ')}`));
  if (o.baseline.diff && (opts.showDiff || opts.updating)) {
    lines.push(`  ${opts.updating ? 'baseline changes written' : 'baseline diff (what --update would write)'}:`);
    lines.push(...colorDiff(o.baseline.diff, c).map((l) => `    ${l}`));
  }
  lines.push('');
  return lines;
}

function baselineNotes(doc: ResultDocument, o: SuiteDoc, c: Colors, rel: (p: string) => string): string[] {
  const b = o.baseline;
  const moved =
    b.readFrom && b.state !== 'present' && b.state !== 'missing'
      ? [`  baseline moved from ${rel(b.readFrom)} to ${rel(b.file)} (one file per Zeek build): commit both`]
      : [];
  if (b.missingFails && b.state === 'missing') {
    return [`  ${c.red(`FAIL ${noBaselineText(o)}`)} (CI is set, so this fails): run \`${updateCommand(doc)}\` under that Zeek and commit ${rel(b.file)}`];
  }
  if (b.missingFails) {
    return [
      `  ${c.red('FAIL no baseline')} for ${b.missing.join(', ')} (CI is set, so this fails): run \`${updateCommand(doc)}\` where zeek is installed and commit ${rel(b.file)}`,
    ];
  }
  switch (b.state) {
    case 'created':
      return [`  ${c.green('baseline created')}${b.zeek ? ` for ${b.zeek}` : ''}: ${rel(b.file)} — review and commit it`, ...moved];
    case 'updated':
      return [`  ${c.green('baseline updated')}${b.zeek ? ` for ${b.zeek}` : ''}: ${rel(b.file)} — review the diff below and commit it`, ...moved];
    case 'unchanged':
      return [`  baseline unchanged`, ...moved];
    case 'not-used':
      return [];
    case 'missing':
      return [`  ${c.yellow(noBaselineText(o))}: increases are not checked; create it with \`${updateCommand(doc)}\` and commit ${rel(b.file)}`];
    default:
      return b.missing.length ? [`  ${c.yellow('not in the baseline')}: ${b.missing.join(', ')} — add with \`${updateCommand(doc, 'new')}\``] : [];
  }
}

/** `reference`: what the baseline column holds, the committed `baseline` or (--against) the `base`. */
const checkColumns = (reference: string): Array<Column<string[]>> =>
  ['', reference, 'current', 'delta', '%', 'limit', 'verdict', 'rule'].map((header, i) => ({
    header,
    value: (row: string[]) => row[i] ?? '',
    align: i >= 1 && i <= 4 ? 'right' : 'left',
  }));

function subjectSection(suite: SuiteDoc, e: SubjectDoc, c: Colors, reference: string): string[] {
  const top = suite.top;
  const lines = [`  ${c.bold(`${subjectKind(e)} ${e.name}`)}  ${subjectFacts(e)}`];
  if (e.timingComparisons?.length) {
    const pairs = Math.max(...e.timingComparisons.map((t) => t.ratio.pairs));
    lines.push(
      `    head/base: ${e.timingComparisons.map((t) => `${timingLabel(t.figure)} ${ratioText(t.ratio)}`).join(', ')}  ${c.dim(`(median of ${pairs} pairs, ${Math.round((e.timingComparisons[0]?.ratio.confidence ?? 0.95) * 100)}% interval)`)}`,
    );
  }
  for (const w of e.warnings) lines.push(`    ${c.yellow('!')} ${w}`);
  const isConnection = (ch: CheckDoc) => ruleFor(suite, ch).selector.kind === 'connection';
  const growth = e.checks.filter((ch) => ch.aspect === 'growth' && !isConnection(ch));
  const rows = pickRows(
    suite,
    e.checks.filter((ch) => ch.aspect !== 'growth' && !isConnection(ch)),
    top,
  );
  if (rows.length) {
    const body = rows.map((ch) => checkRow(ruleFor(suite, ch), ch, c));
    lines.push(formatTable(body, checkColumns(reference), { indent: '    ' }).trimEnd());
  }
  const growthShown = growth.filter((ch) => ch.verdict !== 'pass').concat(growth.filter((ch) => ch.verdict === 'pass' && ch.reason.startsWith('growing')));
  const growthLines = growthShown.slice(0, Math.max(top, growthShown.filter((g) => g.verdict !== 'pass').length));
  for (const ch of growthLines) {
    lines.push(`    ${verdictWord(ch, c)} ${ch.item} ${c.dim(sparkline(ch.series ?? []))} ${ch.reason}  ${c.dim(ch.rule.label)}`);
  }
  const connectionLines = pickConnectionLines(e.checks.filter(isConnection), top);
  for (const ch of connectionLines) lines.push(`    ${connectionLine(ch, ruleFor(suite, ch), c)}`);
  const listed = new Set([...rows, ...growthLines, ...connectionLines]);
  const notListed = e.checks.filter((ch) => !listed.has(ch));
  const notChecked = notListed.filter((ch) => ch.verdict === 'unchecked').length;
  const quiet = notListed.length - notChecked;
  const hidden = [quiet ? `${quiet} more within budget and unchanged` : '', notChecked ? `${notChecked} not checked (no baseline)` : ''].filter(Boolean);
  if (hidden.length) lines.push(c.dim(`    ... and ${hidden.join(', ')}`));
  if (e.added.length) lines.push(`    new variables: ${listChanges(e.added.map((a) => `${a.name} (${a.current})`))}`);
  if (e.vanished.length) lines.push(`    vanished variables: ${listChanges(e.vanished.map((a) => `${a.name} (was ${a.baseline})`))}`);
  const fields = e.connectionFields;
  if (fields?.added.length)
    lines.push(
      `    new connection fields${e.baseline?.connections ? '' : ' (the baseline has no connection data)'}: ${listChanges(fields.added.map((a) => `${a.name} (${a.current})`))}`,
    );
  if (fields?.vanished.length) lines.push(`    vanished connection fields: ${listChanges(fields.vanished.map((a) => `${a.name} (was ${a.baseline})`))}`);
  lines.push(`    largest: ${largest(e, top)}`);
  const conns = largestConnections(e, Math.max(3, Math.min(top, 5)));
  if (conns.length) lines.push(`    largest connection fields: ${conns.map((f) => `${f.field} ${f.max} in ${f.uid}${f.live ? ' (open)' : ''}`).join(', ')}`);
  return lines;
}

/** Failures and warnings always, a connection rule that had no data to look at, then fields that moved against the baseline. */
function pickConnectionLines(checks: CheckDoc[], top: number): CheckDoc[] {
  const problems = checks.filter((ch) => ch.verdict === 'fail' || ch.verdict === 'warn');
  const noData = checks.filter((ch) => ch.verdict === 'unchecked' && ch.current === null);
  const growing = checks.filter((ch) => ch.verdict === 'pass' && ch.aspect === 'growth' && ch.reason.startsWith('growing'));
  const moved = checks.filter((ch) => ch.verdict === 'pass' && ch.aspect === 'limit' && ch.baseline !== undefined && ch.baseline !== ch.current);
  const rest = [...growing, ...moved].sort((a, b) => Math.abs(delta(b)) - Math.abs(delta(a))).slice(0, Math.max(0, top - problems.length));
  return [...problems.sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict]), ...noData, ...rest];
}

/** `FAIL connection field zoo_pending: max 12004 in C8dAbj3 (10.0.0.1:4711/tcp -> 10.0.0.2:80/tcp), allowed 100  connection zoo_* (max)` */
function connectionLine(ch: CheckDoc, rule: RuleDoc, c: Colors): string {
  const spark = ch.aspect === 'growth' ? ` ${c.dim(sparkline(ch.series ?? []))}` : '';
  const what = ch.current === null ? `connection ${ch.item}` : itemLabel(rule, ch);
  return `${verdictWord(ch, c)} ${what}${spark}: ${ch.reason}  ${c.dim(rule.label)}`;
}

function scalingSection(suite: SuiteDoc, g: ScalingDoc, c: Colors): string[] {
  const top = suite.top;
  const lines = [`  ${c.bold(`scaling ${g.group}`)}  sizes ${g.sizes.join(', ')} (${plural(g.unit)})`];
  const shown = [...g.checks].sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || (b.current ?? 0) - (a.current ?? 0));
  const keep = shown.filter((ch, i) => ch.verdict !== 'pass' || i < top);
  for (const ch of keep) lines.push(`    ${verdictWord(ch, c)} ${ch.reason}  ${c.dim(sparkline(ch.series ?? []))}  ${c.dim(ch.rule.label)}`);
  if (shown.length > keep.length) lines.push(c.dim(`    ... and ${shown.length - keep.length} more within budget`));
  return lines;
}

function verdictWord(ch: CheckDoc, c: Colors): string {
  return ch.verdict === 'fail' ? c.red('FAIL') : ch.verdict === 'warn' ? c.yellow('WARN') : ch.verdict === 'unchecked' ? c.dim('skip') : c.green('ok  ');
}

function subjectFacts(s: SubjectDoc): string {
  const facts = [`${s.dumps.length} dumps`, `total ${finalTotal(s)}`];
  if (s.timing.footprint_call) facts.push(`footprint call ${formatSeconds(s.timing.footprint_call.median)}`);
  if (s.timing.wall) facts.push(`wall ${formatSeconds(s.timing.wall.median)}`);
  if (s.timing.peak_rss) facts.push(`peak RSS ${formatBytes(s.timing.peak_rss.median)}`);
  if (s.timing.rss) facts.push(`RSS ${formatBytes(s.timing.rss.median)} at the end`);
  const n = s.timing.wall?.values.length ?? 1;
  if (n > 1) facts.push(`median of ${n}`);
  return facts.join(', ');
}

/** Failures, warnings and changes always; then the largest items up to `top`. */
function pickRows(suite: SuiteDoc, checks: CheckDoc[], top: number): CheckDoc[] {
  const cur = (ch: CheckDoc) => ch.current ?? NaN;
  const matters = (ch: CheckDoc) => {
    const kind = ruleFor(suite, ch).selector.kind;
    return ch.verdict !== 'pass' || (ch.baseline !== undefined && ch.baseline !== ch.current) || kind === 'total' || kind === 'timing';
  };
  // Rows not checked for want of a baseline say nothing that the summary line and `largest` do not.
  const shown = checks.filter((ch) => matters(ch) && ch.verdict !== 'unchecked');
  const rest = checks
    .filter((ch) => !matters(ch))
    .sort((a, b) => cur(b) - cur(a))
    .slice(0, Math.max(0, top - shown.length));
  return [...shown, ...rest].sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || Math.abs(delta(b)) - Math.abs(delta(a)) || cur(b) - cur(a));
}

function delta(ch: CheckDoc): number {
  return ch.baseline === undefined ? 0 : (ch.current ?? NaN) - ch.baseline;
}

function checkRow(rule: RuleDoc, ch: CheckDoc, c: Colors): string[] {
  const fmt = (v: number) => formatAmount(rule.selector, v);
  const name = ch.dump !== undefined ? `${ch.item} @dump ${ch.dump}` : ch.item;
  const d = delta(ch);
  return [
    name,
    ch.baseline === undefined ? '-' : fmt(ch.baseline),
    amountText(rule, ch.current),
    ch.baseline === undefined ? '' : `${d >= 0 ? '+' : '-'}${fmt(Math.abs(d))}`,
    ch.baseline === undefined ? '' : formatPercent(percentChange(ch.current ?? NaN, ch.baseline)),
    limitText(rule),
    verdictText(ch, c),
    rule.label,
  ];
}

export function limitText(rule: Pick<RuleDoc, 'selector' | 'max' | 'increase'>): string {
  const fmt = (v: number) => formatAmount(rule.selector, v);
  const parts: string[] = [];
  if (rule.max !== undefined) parts.push(`max ${fmt(rule.max)}`);
  const inc = rule.increase;
  if (inc) {
    const both = inc.percent !== undefined && inc.absolute !== undefined;
    const p = [inc.percent !== undefined ? `+${inc.percent}%` : '', inc.absolute !== undefined ? `+${fmt(inc.absolute)}` : ''].filter(Boolean);
    // Both given: only growth beyond both fails, i.e. staying within either is allowed.
    parts.push(both ? `${p.join(' or ')}` : p.join(''));
  }
  return parts.join(', ');
}

function verdictText(ch: CheckDoc, c: Colors): string {
  switch (ch.verdict) {
    case 'fail':
      return c.red(`FAIL ${ch.reason}`);
    case 'warn':
      return c.yellow(`WARN ${ch.reason}`);
    case 'unchecked':
      return c.dim('not checked');
    default:
      return c.green('ok');
  }
}

function listChanges(items: string[]): string {
  return items.length > 8 ? `${items.slice(0, 8).join(', ')}, ... (${items.length} in all)` : items.join(', ');
}

function largest(e: SubjectDoc, top: number): string {
  return (
    largestVariables(e, Math.max(3, Math.min(top, 5)))
      .map(([v, n]) => `${v} ${n}`)
      .join(', ') || 'none'
  );
}

function colorDiff(diff: string, c: Colors): string[] {
  return diff
    .replace(/\n$/, '')
    .split('\n')
    .filter((l) => !l.startsWith('====') && !l.startsWith('Index:'))
    .map((l) => (l.startsWith('+') && !l.startsWith('+++') ? c.green(l) : l.startsWith('-') && !l.startsWith('---') ? c.red(l) : l));
}
