import { analyseScaling } from '../analysis/scaling.js';
import type { Subject } from '../measure/types.js';
import type { BudgetRule } from '../suite/types.js';
import { connectionAt, connectionSeries, largestDump } from '../measure/connection-series.js';
import { connectionItems, connectionText, NO_CONNECTION_DATA } from './connection-checks.js';
import { currentSeries, itemsFor, matches, pick } from './evaluate.js';
import { rateText } from './growth-checks.js';
import { failVerdict } from './judge.js';
import { NO_RSS, timingKey } from './timing-checks.js';
import type { Check, ConnectionRef, ScalingEvaluation } from './types.js';
import { plural } from '../text/plural.js';

/**
 * Growth with the workload: for each workload run at several sizes, each item's final footprint
 * (a connection field's largest connection; timing: rss, the memory) is fitted against the size. State that grows with traffic shows up as entries per unit and an
 * exponent above 0, whatever the size of any one trace.
 */
export function evaluateScaling(subjects: Subject[], rules: BudgetRule[]): ScalingEvaluation[] {
  const groups = new Map<string, Subject[]>();
  for (const s of subjects) if (s.workload) groups.set(s.workload.group, [...(groups.get(s.workload.group) ?? []), s]);
  const out: ScalingEvaluation[] = [];
  for (const [group, members] of groups) {
    const sorted = [...members].sort((a, b) => (a.workload?.size ?? 0) - (b.workload?.size ?? 0));
    const sizes = sorted.map((s) => s.workload?.size ?? 0);
    if (new Set(sizes).size < 2) continue;
    const unit = sorted[0]?.workload?.unit ?? 'unit';
    const applicable = rules.filter((r) => r.scaling && (r.trace === undefined || sorted.some((s) => s.trace !== undefined && matches(r.trace!, s.trace))));
    const checks = applicable.flatMap((r) => scalingChecks(r, group, sorted, sizes, unit));
    out.push({ group, unit, sizes, checks });
  }
  return out;
}

/** What one subject contributes to a scaling fit: a value per item, and for connection fields the connection behind it. */
interface ScalingValue {
  item: string;
  value: number;
  connection?: ConnectionRef;
}

/**
 * Footprints scale by their final dump; a connection field by its largest connection (measure max,
 * the default) or the one at the final dump; timing: rss by its median at the final dump (or the
 * largest over the dumps, measure: max).
 */
function scalingValues(rule: BudgetRule, s: Subject): ScalingValue[] {
  const sel = rule.selector;
  if (sel.kind === 'timing') {
    const sample = s.timing[timingKey(sel.figure, rule.measure)];
    return sample ? [{ item: sel.figure, value: sample.median }] : [];
  }
  if (sel.kind === 'connection') {
    const cur = connectionSeries(s.dumps);
    if (!cur) return [];
    return connectionItems(sel.pattern, cur, undefined).map(({ item, now }) => {
      const i = rule.measure === 'final' ? now.length - 1 : largestDump(now);
      const c = connectionAt(s.dumps, item, i);
      return { item, value: now[i] ?? 0, ...(c ? { connection: { uid: c.uid, id: c.id, live: c.live, dump: i + 1, subject: s.name } } : {}) };
    });
  }
  return [...itemsFor(rule, currentSeries(s), undefined)].map(({ item, now }) => ({ item, value: pick(now, 'final') }));
}

function scalingChecks(rule: BudgetRule, group: string, subjects: Subject[], sizes: number[], unit: string): Check[] {
  const perSubject = subjects.map((s) => scalingValues(rule, s));
  const names = new Set(perSubject.flatMap((items) => items.map((i) => i.item)));
  const missing = missingData(rule, subjects);
  if (names.size === 0 && missing)
    return [{ rule, subject: group, item: missing.item, current: NaN, verdict: 'unchecked', aspect: 'scaling', reason: missing.reason }];
  const rate = (v: number) => rateText(rule.selector, v);
  return [...names].sort().map((item) => {
    const values = perSubject.map((items) => items.find((i) => i.item === item));
    const finals = values.map((v) => v?.value ?? 0);
    const largest = values[values.length - 1]?.connection;
    const fit = analyseScaling(finals.map((value, i) => ({ size: sizes[i] ?? 0, value })));
    const base = {
      rule,
      subject: group,
      item,
      current: finals[finals.length - 1] ?? 0,
      aspect: 'scaling' as const,
      series: finals,
      ...(largest ? { connection: largest } : {}),
    };
    if (!fit) return { ...base, verdict: 'unchecked' as const, reason: 'needs at least two different sizes' };
    const s = rule.scaling!;
    const name = rule.selector.kind === 'timing' && rule.selector.figure === 'rss' ? 'RSS' : item;
    const at = largest ? `; at ${sizes[sizes.length - 1]} ${plural(unit)} the largest is ${finals[finals.length - 1]}${connectionText(largest)}` : '';
    const what = `${name} grows ${rate(fit.perUnit)} per ${unit} (${fit.class}, exponent ${fit.exponent.toFixed(2)})`;
    const over: string[] = [];
    if (s.maxPerUnit !== undefined && fit.perUnit > s.maxPerUnit) over.push(`${rate(s.maxPerUnit)} per ${unit}`);
    if (s.maxExponent !== undefined && fit.exponent > s.maxExponent) over.push(`exponent ${s.maxExponent}`);
    if (over.length) return { ...base, verdict: failVerdict(rule), reason: `${what} — budget allows ${over.join(' and ')}${at}` };
    return { ...base, verdict: 'pass' as const, reason: `${what}${at}` };
  });
}

/** A connection or rss scaling rule over runs that carry no such data says so instead of matching nothing. */
function missingData(rule: BudgetRule, subjects: Subject[]): { item: string; reason: string } | undefined {
  const sel = rule.selector;
  if (sel.kind === 'connection' && !subjects.some((s) => connectionSeries(s.dumps))) return { item: sel.pattern, reason: NO_CONNECTION_DATA };
  if (sel.kind === 'timing' && sel.figure === 'rss' && !subjects.some((s) => s.timing[timingKey(sel.figure, rule.measure)]))
    return { item: 'rss', reason: NO_RSS };
  return undefined;
}
