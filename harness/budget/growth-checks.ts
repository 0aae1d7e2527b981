import { analyseGrowth, MIN_GROWTH_POINTS } from '../analysis/growth.js';
import { formatDuration } from '../util/parse-duration.js';
import type { Subject } from '../measure/types.js';
import type { BudgetRule, Selector } from '../suite/types.js';
import { formatBytes } from '../util/parse-bytes.js';
import { formatAmount } from '../text/format-amount.js';
import type { Check } from './types.js';

/**
 * Growth within one run: each item's footprint against trace time (network time of each dump; the
 * wall clock for logs without it). Fails what is still growing at the end, after the warm-up,
 * faster than the rule allows.
 */
export function growthChecks(rule: BudgetRule, subject: Subject, items: Array<{ item: string; now: number[] }>): Check[] {
  const growth = rule.growth;
  if (!growth) return [];
  const value = (v: number) => formatAmount(rule.selector, v);
  const times = subject.dumps.map((d) => d.networkTime ?? d.ts);
  return items.map(({ item, now }) => {
    const base = { rule, subject: subject.name, item, current: now[now.length - 1] ?? 0, aspect: 'growth' as const, series: now };
    const g = analyseGrowth(
      now.map((value, i) => ({ t: times[i] ?? i, value })),
      growth.warmup,
    );
    if (!g) {
      return {
        ...base,
        verdict: 'unchecked' as const,
        reason: `only ${now.length} dumps${growth.warmup ? ` (before removing the ${formatDuration(growth.warmup)} warm-up)` : ''}: growth needs ${MIN_GROWTH_POINTS} after it — lower zeek.interval or use a longer trace`,
      };
    }
    const rate = `${rateText(rule.selector, g.perHour)}/h`;
    const allowed = `allowed ${rateText(rule.selector, growth.maxPerHour)}/h`;
    if (g.stillGrowing && g.perHour > growth.maxPerHour) {
      return {
        ...base,
        verdict: rule.level === 'warn' ? ('warn' as const) : ('fail' as const),
        reason: `still growing: ${g.perHour >= 0 ? '+' : ''}${rate} of traffic since +${formatDuration(Math.round(g.growingSince ?? 0))} (${value(g.first)} -> ${value(g.last)}), ${allowed}`,
      };
    }
    return { ...base, verdict: 'pass' as const, reason: g.stillGrowing ? `growing ${rate}, ${allowed}` : `not growing at the end (fit ${rate})` };
  });
}

/** A rate (per hour, per unit): entries with a few significant digits, memory as a size. */
export function rateText(selector: Selector, v: number): string {
  if (!isMemory(selector)) return formatRate(v);
  return Math.abs(v) < 1024 ? formatBytes(Math.round(v)) : formatBytes(v);
}

function isMemory(selector: Selector): boolean {
  return selector.kind === 'timing' && (selector.figure === 'rss' || selector.figure === 'peak_rss');
}

export function formatRate(v: number): string {
  const abs = Math.abs(v);
  return abs >= 100 || abs === 0 ? v.toFixed(0) : abs >= 1 ? v.toFixed(1) : v.toFixed(3);
}
