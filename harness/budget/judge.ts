import type { BudgetRule } from '../suite/types.js';
import { formatAmount, formatPercent, percentChange } from '../text/format-amount.js';
import type { Verdict } from './types.js';

export interface Judgement {
  verdict: Verdict;
  reason: string;
}

/** Each limit of a rule on one figure: whether the max held, how the figure moved against the baseline. */
export interface LimitParts {
  max?: { exceeded: boolean };
  growth?: { exceeded: boolean; text: string };
  /** The rule has an increase limit and there is no baseline figure to apply it to. */
  increaseUnchecked: boolean;
}

export function limitParts(rule: BudgetRule, current: number, baseline: number | undefined, reference = 'the baseline'): LimitParts {
  const fmt = (v: number) => formatAmount(rule.selector, v);
  const parts: LimitParts = { increaseUnchecked: false };
  if (rule.max !== undefined) parts.max = { exceeded: current > rule.max };
  if (rule.increase) {
    if (baseline === undefined) parts.increaseUnchecked = true;
    else parts.growth = describeGrowth(current, baseline, rule.increase, fmt, reference);
  }
  return parts;
}

/** fail, or warn for a `level: warn` rule. */
export function failVerdict(rule: BudgetRule): Verdict {
  return rule.level === 'warn' ? 'warn' : 'fail';
}

/**
 * Applies one rule's limits to one figure. `baseline` undefined means there is nothing to compare
 * with; a figure new since the baseline is compared with 0 by the caller. `reference` names what
 * `baseline` is in the reason (the committed baseline, or with --against the base's runs).
 */
export function judge(rule: BudgetRule, current: number, baseline: number | undefined, reference = 'the baseline'): Judgement {
  const fmt = (v: number) => formatAmount(rule.selector, v);
  const parts = limitParts(rule, current, baseline, reference);
  const failures: string[] = [];
  const held: string[] = [];
  if (parts.max && rule.max !== undefined) {
    if (parts.max.exceeded) failures.push(`${fmt(current)} exceeds max ${fmt(rule.max)}`);
    else held.push(`<= max ${fmt(rule.max)}`);
  }
  if (parts.growth) (parts.growth.exceeded ? failures : held).push(parts.growth.text);
  if (failures.length) return { verdict: failVerdict(rule), reason: failures.join('; ') };
  if (parts.increaseUnchecked && held.length === 0) return { verdict: 'unchecked', reason: 'no baseline to compare with' };
  return { verdict: 'pass', reason: held.join('; ') + (parts.increaseUnchecked ? '; increase not checked (no baseline)' : '') };
}

function describeGrowth(
  current: number,
  baseline: number,
  inc: NonNullable<BudgetRule['increase']>,
  fmt: (v: number) => string,
  reference: string,
): { exceeded: boolean; text: string } {
  const delta = current - baseline;
  const pct = percentChange(current, baseline);
  const overPct = inc.percent !== undefined && pct > inc.percent;
  const overAbs = inc.absolute !== undefined && delta > inc.absolute;
  // Both limits given: only growth beyond both fails (3 -> 6 is +100% but only +3 entries).
  const exceeded = inc.percent !== undefined && inc.absolute !== undefined ? overPct && overAbs : overPct || overAbs;
  const allowed = [inc.percent !== undefined ? `${inc.percent}%` : '', inc.absolute !== undefined ? `+${fmt(inc.absolute)}` : '']
    .filter(Boolean)
    .join(inc.percent !== undefined && inc.absolute !== undefined ? ' or ' : '');
  const grew = `${delta >= 0 ? '+' : '-'}${fmt(Math.abs(delta))} (${formatPercent(pct)})`;
  return {
    exceeded,
    text: exceeded ? `grew ${grew} against ${reference}, allowed ${allowed}` : `change ${grew} within ${allowed}`,
  };
}
