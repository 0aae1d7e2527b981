import path from 'node:path';
import pc from 'picocolors';
import type { BudgetResult, SuiteOutcome } from '../budget/budget-run.js';
import { currentSeries } from '../budget/evaluate.js';
import { formatAmount, formatSeconds } from '../budget/format-amount.js';
import { formatPercent, percentChange } from '../budget/judge.js';
import { sparkline } from '../analysis/sparkline.js';
import type { Check, ScalingEvaluation, SubjectEvaluation } from '../budget/types.js';
import type { BudgetRule } from '../suite/types.js';
import { formatBytes } from '../util/parse-bytes.js';
import { renderTable } from './render-table.js';

export interface TerminalReportOptions {
  color: boolean;
  cwd: string;
  /** Show the unified baseline diff for every suite whose measurements differ from it. */
  showDiff: boolean;
  updating: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

/** The human report: per suite and trace what matters, then one summary line. Pure: returns text. */
export function terminalReport(result: BudgetResult, opts: TerminalReportOptions): string {
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  for (const suite of result.suites) out.push(...suiteSection(suite, c, opts));
  out.push(summaryLine(result, c));
  return `${out.join('\n')}\n`;
}

export function summaryLine(result: BudgetResult, c: Colors): string {
  const { passed, failed, warned, unchecked } = result.counts;
  const runFailures = result.suites.reduce((n, s) => n + s.failures.length, 0);
  const parts = [
    `${passed} passed`,
    failed ? c.red(`${failed} failed`) : `${failed} failed`,
    warned ? c.yellow(`${warned} warnings`) : `${warned} warnings`,
  ];
  const extra = [
    unchecked ? `${unchecked} not checked (no baseline)` : '',
    runFailures ? c.red(`${runFailures} run${runFailures > 1 ? 's' : ''} failed`) : '',
  ].filter(Boolean);
  return `${parts.join(', ')}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

function suiteSection(o: SuiteOutcome, c: Colors, opts: TerminalReportOptions): string[] {
  const rel = (p: string) => path.relative(opts.cwd, p) || p;
  const lines = [c.bold(`suite ${o.suite.name}`) + c.dim(`  ${rel(o.suite.file)} -> ${rel(o.baselineFile)}`)];
  for (const w of o.warnings) lines.push(`  ${c.yellow('!')} ${w}`);
  lines.push(...baselineNotes(o, c, rel));
  for (const e of o.evaluations) lines.push(...subjectSection(e, o.suite.top, c));
  for (const g of o.scaling) lines.push(...scalingSection(g, o.suite.top, c));
  for (const f of o.failures) {
    lines.push(`  ${c.red('RUN FAILED')} ${f.trace.label} (repeat ${f.repeat}): ${f.failure?.message ?? ''}`);
    if (f.command) lines.push(`    command: ${f.command}`);
  }
  if (o.skippedTraces.length) lines.push(c.dim(`  not run (--filter): ${o.skippedTraces.join(', ')}`));
  if (o.baselineDiff && (opts.showDiff || opts.updating)) {
    lines.push(`  ${opts.updating ? 'baseline changes written' : 'baseline diff (what --update would write)'}:`);
    lines.push(...colorDiff(o.baselineDiff, c).map((l) => `    ${l}`));
  }
  lines.push('');
  return lines;
}

function baselineNotes(o: SuiteOutcome, c: Colors, rel: (p: string) => string): string[] {
  if (o.missingBaselineFails) {
    return [`  ${c.red('FAIL no baseline')} for ${o.missingBaseline.join(', ')} (CI is set, so this fails): run \`npm run budget -- --update\` where zeek is installed and commit ${rel(o.baselineFile)}`];
  }
  switch (o.baselineState) {
    case 'created':
      return [`  ${c.green('baseline created')}: ${rel(o.baselineFile)} — review and commit it`];
    case 'updated':
      return [`  ${c.green('baseline updated')}: ${rel(o.baselineFile)} — review the diff below and commit it`];
    case 'unchanged':
      return [`  baseline unchanged`];
    case 'missing':
      return [`  ${c.yellow('no baseline yet')}: increases are not checked; create it with \`npm run budget -- --update\` and commit ${rel(o.baselineFile)}`];
    default:
      return o.missingBaseline.length
        ? [`  ${c.yellow('not in the baseline')}: ${o.missingBaseline.join(', ')} — add with \`npm run budget -- --update=new\``]
        : [];
  }
}

function subjectSection(e: SubjectEvaluation, top: number, c: Colors): string[] {
  const kind = e.subject.node !== undefined && e.subject.trace === undefined ? 'node' : 'trace';
  const lines = [`  ${c.bold(`${kind} ${e.name}`)}  ${subjectFacts(e)}`];
  for (const w of e.warnings) lines.push(`    ${c.yellow('!')} ${w}`);
  const growth = e.checks.filter((ch) => ch.aspect === 'growth');
  const rows = pickRows(e.checks.filter((ch) => ch.aspect !== 'growth'), top);
  if (rows.length) {
    const header = ['', 'baseline', 'current', 'delta', '%', 'limit', 'verdict', 'rule'];
    const body = rows.map((ch) => checkRow(ch, c));
    lines.push(...renderTable([header, ...body], { align: ['l', 'r', 'r', 'r', 'r', 'l', 'l', 'l'] }).map((l) => `    ${l}`));
  }
  const growthShown = growth.filter((ch) => ch.verdict !== 'pass').concat(growth.filter((ch) => ch.verdict === 'pass' && ch.reason.startsWith('growing')));
  const growthLines = growthShown.slice(0, Math.max(top, growthShown.filter((g) => g.verdict !== 'pass').length));
  for (const ch of growthLines) {
    lines.push(`    ${verdictWord(ch, c)} ${ch.item} ${c.dim(sparkline(ch.series ?? []))} ${ch.reason}  ${c.dim(ch.rule.label)}`);
  }
  const hidden = e.checks.length - rows.length - growthLines.length;
  if (hidden > 0) lines.push(c.dim(`    ... and ${hidden} more checks within budget and unchanged`));
  if (e.added.length) lines.push(`    new variables: ${listChanges(e.added.map((a) => `${a.name} (${a.current})`))}`);
  if (e.vanished.length) lines.push(`    vanished variables: ${listChanges(e.vanished.map((a) => `${a.name} (was ${a.baseline})`))}`);
  lines.push(`    largest: ${largest(e, top)}`);
  return lines;
}

function scalingSection(g: ScalingEvaluation, top: number, c: Colors): string[] {
  const lines = [`  ${c.bold(`scaling ${g.group}`)}  sizes ${g.sizes.join(', ')} (${g.unit}s)`];
  const shown = [...g.checks].sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || b.current - a.current);
  const keep = shown.filter((ch, i) => ch.verdict !== 'pass' || i < top);
  for (const ch of keep) lines.push(`    ${verdictWord(ch, c)} ${ch.reason}  ${c.dim(sparkline(ch.series ?? []))}  ${c.dim(ch.rule.label)}`);
  if (shown.length > keep.length) lines.push(c.dim(`    ... and ${shown.length - keep.length} more within budget`));
  return lines;
}

function verdictWord(ch: Check, c: Colors): string {
  return ch.verdict === 'fail' ? c.red('FAIL') : ch.verdict === 'warn' ? c.yellow('WARN') : ch.verdict === 'unchecked' ? c.dim('skip') : c.green('ok  ');
}

function subjectFacts(e: SubjectEvaluation): string {
  const s = e.subject;
  const final = s.dumps[s.dumps.length - 1];
  const total = final ? [...final.footprints.values()].reduce((a, b) => a + b, 0) : 0;
  const facts = [`${s.dumps.length} dumps`, `total ${total}`];
  if (s.timing.footprint_call) facts.push(`footprint call ${formatSeconds(s.timing.footprint_call.median)}`);
  if (s.timing.wall) facts.push(`wall ${formatSeconds(s.timing.wall.median)}`);
  if (s.timing.peak_rss) facts.push(`peak RSS ${formatBytes(s.timing.peak_rss.median)}`);
  const n = s.timing.wall?.values.length ?? 1;
  if (n > 1) facts.push(`median of ${n}`);
  return facts.join(', ');
}

const VERDICT_ORDER = { fail: 0, warn: 1, unchecked: 2, pass: 3 } as const;

/** Failures, warnings and changes always; then the largest items up to `top`. */
function pickRows(checks: Check[], top: number): Check[] {
  const matters = (ch: Check) =>
    ch.verdict !== 'pass' || (ch.baseline !== undefined && ch.baseline !== ch.current) || ch.rule.selector.kind === 'total' || ch.rule.selector.kind === 'timing';
  const shown = checks.filter((ch) => matters(ch) && ch.verdict !== 'unchecked');
  const unchecked = checks.filter((ch) => ch.verdict === 'unchecked').sort((a, b) => b.current - a.current).slice(0, top);
  const rest = checks.filter((ch) => !matters(ch)).sort((a, b) => b.current - a.current).slice(0, Math.max(0, top - shown.length));
  return [...shown, ...unchecked, ...rest].sort(
    (a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || Math.abs(delta(b)) - Math.abs(delta(a)) || b.current - a.current,
  );
}

function delta(ch: Check): number {
  return ch.baseline === undefined ? 0 : ch.current - ch.baseline;
}

function checkRow(ch: Check, c: Colors): string[] {
  const fmt = (v: number) => formatAmount(ch.rule.selector, v);
  const name = ch.dump !== undefined ? `${ch.item} @dump ${ch.dump}` : ch.item;
  const d = delta(ch);
  return [
    name,
    ch.baseline === undefined ? '-' : fmt(ch.baseline),
    Number.isNaN(ch.current) ? '-' : fmt(ch.current),
    ch.baseline === undefined ? '' : `${d >= 0 ? '+' : '-'}${fmt(Math.abs(d))}`,
    ch.baseline === undefined ? '' : formatPercent(percentChange(ch.current, ch.baseline)),
    limitText(ch.rule),
    verdictText(ch, c),
    ch.rule.label,
  ];
}

export function limitText(rule: BudgetRule): string {
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

function verdictText(ch: Check, c: Colors): string {
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

function largest(e: SubjectEvaluation, top: number): string {
  const series = currentSeries(e.subject);
  const items = [...series.entries()].map(([v, s]) => [v, s[s.length - 1] ?? 0] as const).sort((a, b) => b[1] - a[1]).slice(0, Math.max(3, Math.min(top, 5)));
  return items.map(([v, n]) => `${v} ${n}`).join(', ') || 'none';
}

function colorDiff(diff: string, c: Colors): string[] {
  return diff
    .split('\n')
    .filter((l) => !l.startsWith('====') && !l.startsWith('Index:'))
    .map((l) => (l.startsWith('+') && !l.startsWith('+++') ? c.green(l) : l.startsWith('-') && !l.startsWith('---') ? c.red(l) : l));
}
