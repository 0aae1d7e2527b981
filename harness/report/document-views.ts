import path from 'node:path';
import { formatAmount } from '../text/format-amount.js';
import { moduleOf } from '../measure/module-of.js';
import type { CheckDoc, ComparisonDoc, FootprintsDoc, ResultDocument, RuleDoc, SubjectDoc, SuiteDoc } from './result-document.js';

/** Derived views of a result document that several reporters share. */

/** The command that writes the baseline, as the run that made the document would be re-run. */
export function updateCommand(doc: { updateCommand?: string }, mode: 'all' | 'new' = 'all'): string {
  const base = doc.updateCommand ?? 'npm run budget -- --update';
  return mode === 'new' ? `${base}=new` : base;
}

/**
 * What a suite without its build's baseline says: `no baseline for Zeek 7.0 yet` (a run is never
 * compared with another Zeek build's numbers), plus which builds do have one.
 */
export function noBaselineText(suite: SuiteDoc): string {
  const b = suite.baseline;
  const others = b.others?.length ? ` (other Zeek builds' baselines are never compared: ${b.others.join(', ')})` : '';
  return `no baseline${b.zeek ? ` for ${b.zeek}` : ''} yet${others}`;
}

export const VERDICT_ORDER = { fail: 0, warn: 1, unchecked: 2, pass: 3 } as const;

export function ruleFor(suite: SuiteDoc, check: CheckDoc): RuleDoc {
  const rule = suite.rules.find((r) => r.index === check.rule.index);
  // A document always carries its rules; this only guards against a hand-edited one.
  return (
    rule ?? { index: check.rule.index, label: check.rule.label, level: check.rule.level, line: check.rule.line, selector: { kind: 'total' }, measure: 'final' }
  );
}

export function amountText(rule: RuleDoc, v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? '-' : formatAmount(rule.selector, v);
}

/** `trace` for a trace run by zeek, `node` for a cluster node read from logs. */
export function subjectKind(s: SubjectDoc): 'trace' | 'node' {
  return s.node !== undefined && s.trace === undefined ? 'node' : 'trace';
}

function isMap(f: FootprintsDoc): f is ReadonlyMap<string, number> {
  // A JSON object's values are numbers, so a callable `get` is the map's.
  return typeof (f as { get?: unknown }).get === 'function';
}

/** A dump's footprints by name, whether the document came from JSON (an object) or from the run (the measured map). */
export function footprintEntries(f: FootprintsDoc): Iterable<[string, number]> {
  return isMap(f) ? f.entries() : Object.entries(f);
}

export function footprintOf(f: FootprintsDoc, name: string): number | undefined {
  if (isMap(f)) return f.get(name);
  return Object.hasOwn(f, name) ? f[name] : undefined;
}

/**
 * The series of one item over the run's dumps, read from the dumps themselves (no table of every
 * variable is built: a long history has tens of thousands of dumps): a variable's or connection
 * field's own (0 where a dump lacks it), a module's or the total's sum. Undefined where no dump
 * has the item.
 */
export function currentItemSeries(s: SubjectDoc, selector: RuleDoc['selector'], item: string): number[] | undefined {
  if (selector.kind === 'timing') return undefined;
  if (selector.kind === 'connection') {
    if (!s.dumps.some((d) => d.connections?.[item] !== undefined)) return undefined;
    return s.dumps.map((d) => d.connections?.[item]?.max ?? 0);
  }
  if (selector.kind === 'variable') {
    if (!s.dumps.some((d) => footprintOf(d.footprints, item) !== undefined)) return undefined;
    return s.dumps.map((d) => footprintOf(d.footprints, item) ?? 0);
  }
  let found = false;
  const sums = s.dumps.map((d) => {
    let sum = 0;
    for (const [v, n] of footprintEntries(d.footprints)) {
      if (selector.kind === 'module' && moduleOf(v) !== item) continue;
      sum += n;
      found = true;
    }
    return sum;
  });
  return found ? sums : undefined;
}

/** The series of one item in the subject's baseline entry; undefined without a baseline entry or where it lacks the item. */
export function baselineItemSeries(s: SubjectDoc, selector: RuleDoc['selector'], item: string): number[] | undefined {
  const recorded = selector.kind === 'connection' ? s.baseline?.connections : s.baseline?.variables;
  return recorded ? itemSeries(selector, item, new Map(Object.entries(recorded))) : undefined;
}

/** Whether the baseline side of an item exists at all (a baseline entry, with connection data for connection rules). */
export function hasBaselineSeries(s: SubjectDoc, selector: RuleDoc['selector']): boolean {
  return (selector.kind === 'connection' ? s.baseline?.connections : s.baseline?.variables) !== undefined;
}

export interface LargestConnection {
  field: string;
  max: number;
  uid: string;
  id: string;
  live: boolean;
  /** 1-based dump it was measured at. */
  dump: number;
}

/** Each connection field's largest connection over the run, largest first. */
export function largestConnections(s: SubjectDoc, n: number): LargestConnection[] {
  const best = new Map<string, LargestConnection>();
  s.dumps.forEach((dump, i) => {
    for (const [field, c] of Object.entries(dump.connections ?? {})) {
      const prev = best.get(field);
      if (!prev || c.max > prev.max) best.set(field, { field, max: c.max, uid: c.uid, id: c.id, live: c.live, dump: i + 1 });
    }
  });
  return [...best.values()].sort((a, b) => b.max - a.max || (a.field < b.field ? -1 : 1)).slice(0, n);
}

/** How a check's item is named for people: connection fields say so, per-dump checks say which dump. */
export function itemLabel(rule: Pick<RuleDoc, 'selector'> | undefined, c: Pick<CheckDoc, 'item' | 'dump'>): string {
  const item = c.dump !== undefined ? `${c.item} @dump ${c.dump}` : c.item;
  return rule?.selector.kind === 'connection' ? `connection field ${item}` : item;
}

/** The series of a check's item: a variable's or connection field's own, a module's or the total's sum. */
export function itemSeries(selector: RuleDoc['selector'], item: string, vars: Map<string, number[]>): number[] | undefined {
  if (selector.kind === 'timing') return undefined;
  if (selector.kind === 'variable' || selector.kind === 'connection') return vars.get(item);
  const parts = [...vars.entries()].filter(([v]) => selector.kind === 'total' || moduleOf(v) === item).map(([, s]) => s);
  if (parts.length === 0) return undefined;
  const len = Math.max(...parts.map((p) => p.length));
  const sum = new Array<number>(len).fill(0);
  for (const p of parts)
    p.forEach((n, i) => {
      sum[i] = (sum[i] ?? 0) + n;
    });
  return sum;
}

export function finalTotal(s: SubjectDoc): number {
  const last = s.dumps[s.dumps.length - 1];
  let total = 0;
  if (last) for (const [, n] of footprintEntries(last.footprints)) total += n;
  return total;
}

/** The largest variables at the final dump, largest first. */
export function largestVariables(s: SubjectDoc, n: number): Array<[string, number]> {
  const last = s.dumps[s.dumps.length - 1];
  if (!last) return [];
  return [...footprintEntries(last.footprints)].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
}

/** Final footprint by module, largest first. */
export function moduleTotals(footprints: FootprintsDoc): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const [v, n] of footprintEntries(footprints)) m.set(moduleOf(v), (m.get(moduleOf(v)) ?? 0) + n);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

export interface Move {
  suite: string;
  subject: string;
  name: string;
  baseline: number;
  current: number;
  kind: 'added' | 'vanished' | 'changed';
}

/** Variables that moved against the baseline, by size of the move. */
export function largestMoves(doc: ResultDocument, n: number): Move[] {
  const moves: Move[] = [];
  for (const suite of doc.suites) {
    for (const s of suite.subjects) {
      for (const kind of ['added', 'vanished', 'changed'] as const) {
        for (const c of s[kind])
          if (c.current !== c.baseline) moves.push({ suite: suite.name, subject: s.name, name: c.name, baseline: c.baseline, current: c.current, kind });
      }
    }
  }
  return moves.sort((a, b) => Math.abs(b.current - b.baseline) - Math.abs(a.current - a.baseline) || (a.name < b.name ? -1 : 1)).slice(0, n);
}

export interface FailedCheck {
  suite: SuiteDoc;
  /** The trace or node, or the scaling group. */
  where: string;
  check: CheckDoc;
  rule: RuleDoc;
}

/** Every check that failed or warned, failures first. */
export function problemChecks(doc: ResultDocument): FailedCheck[] {
  const out: FailedCheck[] = [];
  for (const suite of doc.suites) {
    for (const s of suite.subjects)
      for (const check of s.checks)
        if (check.verdict === 'fail' || check.verdict === 'warn') out.push({ suite, where: s.name, check, rule: ruleFor(suite, check) });
    for (const g of suite.scaling)
      for (const check of g.checks)
        if (check.verdict === 'fail' || check.verdict === 'warn') out.push({ suite, where: `scaling ${g.group}`, check, rule: ruleFor(suite, check) });
  }
  return out.sort((a, b) => VERDICT_ORDER[a.check.verdict] - VERDICT_ORDER[b.check.verdict]);
}

export function runFailureCount(doc: ResultDocument): number {
  return doc.suites.reduce((n, s) => n + s.runFailures.length, 0);
}

/** A path as the user sees it: relative to where zeek-budget ran, if it lies below it. */
export function displayPath(doc: Pick<ResultDocument, 'cwd'>, p: string): string {
  const rel = path.relative(doc.cwd, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

export function statusWord(doc: ResultDocument): 'passed' | 'failed' | 'run failed' {
  return doc.exitCode === 3 ? 'run failed' : doc.exitCode === 1 ? 'failed' : 'passed';
}

/**
 * `item: reason`, without naming the item twice (scaling reasons start with it); connection fields
 * as `connection field zoo_pending: max 12004 in C8dAbj3 (...), allowed 100`.
 */
export function checkLine(c: CheckDoc, rule?: Pick<RuleDoc, 'selector'>): string {
  const label = itemLabel(rule, c);
  if (c.reason.toLowerCase().startsWith(`${c.item.toLowerCase()} `)) return rule?.selector.kind === 'connection' ? `connection field ${c.reason}` : c.reason;
  return `${label}: ${c.reason}`;
}

/** How reports name one side of a comparison: `HEAD 1a2b3c4 (Add a cache)`, `main 9f8e7d6 (Initial)`, the working tree. */
export function sideName(side: ComparisonDoc['head']): string {
  const commit = side.short ?? side.commit?.slice(0, 7);
  if (!commit) return side.label;
  if (side.dirty) return `working tree (uncommitted changes on ${commit}${side.subject ? `: ${side.subject}` : ''})`;
  const subject = side.subject ? ` (${side.subject})` : '';
  // A REF given as a hash is not worth naming twice.
  const label = side.commit?.startsWith(side.label) || side.label === commit ? '' : `${side.label} `;
  return `${label}${commit}${subject}`;
}

/** `head HEAD 1a2b3c4 (...), Zeek 8.2.2 vs base main 9f8e7d6 (...), Zeek 8.2.2`; Zeek paths too when the versions alone do not tell the two apart. */
export function comparisonLine(c: ComparisonDoc): string {
  const samePaths = c.head.zeek.path === c.base.zeek.path;
  const zeek = (s: ComparisonDoc['head']) => `Zeek ${s.zeek.version}${!samePaths && c.head.zeek.version === c.base.zeek.version ? ` (${s.zeek.path})` : ''}`;
  return `head ${sideName(c.head)}, ${zeek(c.head)} vs base ${sideName(c.base)}, ${zeek(c.base)}`;
}

/** `×1.42 [1.38, 1.47]`: a median head/base ratio with its interval. */
export function ratioText(r: { median: number; low: number; high: number }): string {
  return `×${r.median.toFixed(2)} [${r.low.toFixed(2)}, ${r.high.toFixed(2)}]`;
}

/** The names reports give timing figures. */
export function timingLabel(figure: string): string {
  return (
    ({ footprint_call: 'footprint call', wall: 'wall', peak_rss: 'peak RSS', rss: 'RSS', rss_max: 'largest RSS' } as Record<string, string>)[figure] ??
    figure.replace(/_/g, ' ')
  );
}
