import type { BudgetRule } from '../suite/types.js';
import { formatAmount, formatPercent, percentChange } from '../text/format-amount.js';
import type { Verdict } from './types.js';

export interface Judgement {
  verdict: Verdict;
  reason: string;
}

/**
 * Applies one rule's limits to one figure. `baseline` undefined means there is nothing to compare
 * with; a figure new since the baseline is compared with 0 by the caller. `reference` names what
 * `baseline` is in the reason (the committed baseline, or with --against the base's runs).
 */
export function judge(rule: BudgetRule, current: number, baseline: number | undefined, reference = 'the baseline'): Judgement {
  const fmt = (v: number) => formatAmount(rule.selector, v);
  const failures: string[] = [];
  const held: string[] = [];
  if (rule.max !== undefined) {
    if (current > rule.max) failures.push(`${fmt(current)} exceeds max ${fmt(rule.max)}`);
    else held.push(`<= max ${fmt(rule.max)}`);
  }
  let unchecked = false;
  if (rule.increase) {
    if (baseline === undefined) unchecked = true;
    else {
      const growth = describeGrowth(current, baseline, rule.increase, fmt, reference);
      if (growth.exceeded) failures.push(growth.text);
      else held.push(growth.text);
    }
  }
  if (failures.length) return { verdict: rule.level === 'warn' ? 'warn' : 'fail', reason: failures.join('; ') };
  if (unchecked && held.length === 0) return { verdict: 'unchecked', reason: 'no baseline to compare with' };
  return { verdict: 'pass', reason: held.join('; ') + (unchecked ? '; increase not checked (no baseline)' : '') };
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

