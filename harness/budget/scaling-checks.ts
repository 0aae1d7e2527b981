import { analyseScaling } from '../analysis/scaling.js';
import type { Subject } from '../measure/types.js';
import type { BudgetRule } from '../suite/types.js';
import { currentSeries, itemsFor, matches, pick } from './evaluate.js';
import { formatRate } from './growth-checks.js';
import type { Check, ScalingEvaluation } from './types.js';

/**
 * Growth with the workload: for each workload run at several sizes, each item's final footprint
 * is fitted against the size. State that grows with traffic shows up as entries per unit and an
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

function scalingChecks(rule: BudgetRule, group: string, subjects: Subject[], sizes: number[], unit: string): Check[] {
  const perSubject = subjects.map((s) => itemsFor(rule, currentSeries(s), undefined));
  const names = new Set(perSubject.flatMap((items) => items.map((i) => i.item)));
  return [...names].sort().map((item) => {
    const finals = perSubject.map((items) => pick(items.find((i) => i.item === item)?.now ?? [], 'final'));
    const fit = analyseScaling(finals.map((value, i) => ({ size: sizes[i] ?? 0, value })));
    const base = { rule, subject: group, item, current: finals[finals.length - 1] ?? 0, aspect: 'scaling' as const, series: finals };
    if (!fit) return { ...base, verdict: 'unchecked' as const, reason: 'needs at least two different sizes' };
    const s = rule.scaling!;
    const what = `${item} grows ${formatRate(fit.perUnit)} per ${unit} (${fit.class}, exponent ${fit.exponent.toFixed(2)})`;
    const over: string[] = [];
    if (s.maxPerUnit !== undefined && fit.perUnit > s.maxPerUnit) over.push(`${formatRate(s.maxPerUnit)} per ${unit}`);
    if (s.maxExponent !== undefined && fit.exponent > s.maxExponent) over.push(`exponent ${s.maxExponent}`);
    if (over.length) return { ...base, verdict: rule.level === 'warn' ? ('warn' as const) : ('fail' as const), reason: `${what} — budget allows ${over.join(' and ')}` };
    return { ...base, verdict: 'pass' as const, reason: what };
  });
}
