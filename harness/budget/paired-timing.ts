import { bootstrapMedian, pairedDifferences, pairedRatios, type MedianInterval } from '../analysis/paired-bootstrap.js';
import type { Subject, TimingSamples } from '../measure/types.js';
import { TIMINGS } from '../suite/schema.js';
import type { BudgetRule } from '../suite/types.js';
import { formatAmount } from '../text/format-amount.js';
import { judge } from './judge.js';
import type { Check, PairedJudgement, TimingComparison } from './types.js';

/** Below this many pairs an interval is too wide (or, from identical runs, too narrow) to decide on. */
export const MIN_PAIRS = 3;

type Figure = keyof TimingSamples;

/**
 * Every timing figure both sides measured, as head/base over the pairs (run i of head with run i
 * of base, which ran next to it). Figures are taken generically from the subject's timing, so a
 * figure added to the measurements is compared without a change here.
 */
export function compareTimings(head: Subject, base: Subject): TimingComparison[] {
  const out: TimingComparison[] = [];
  // The listed figures first, in their documented order; any other after them.
  const known = TIMINGS as readonly string[];
  const order = (f: string) => (known.includes(f) ? known.indexOf(f) : known.length);
  const figures = (Object.keys(head.timing) as Figure[]).sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1));
  for (const figure of figures) {
    const h = head.timing[figure]?.values;
    const b = base.timing[figure]?.values;
    // Pairs are positional: with a repeat missing a figure, the positions would not pair up.
    if (!h || !b || h.length !== b.length) continue;
    const ratio = bootstrapMedian(pairedRatios(h, b));
    if (!ratio) continue;
    out.push({
      figure,
      ratio: { median: ratio.median, low: ratio.low, high: ratio.high, confidence: ratio.confidence, pairs: ratio.n },
      head: [...h],
      base: [...b],
    });
  }
  return out;
}

/**
 * A timing rule with `increase` under --against. `max` still applies to head's own median; the
 * increase is judged on the pairs: a `percent` on the median head/base ratio, an `absolute` on the
 * median head-base difference. It fails only when the whole interval lies beyond the allowance,
 * passes when none of it does, and otherwise is inconclusive: a warning that more repeats would
 * settle. With both limits, as everywhere, only growth beyond both fails.
 */
export function pairedTimingCheck(rule: BudgetRule, head: Subject, base: Subject | undefined, reference: string, key?: Figure): Check {
  const figure = rule.selector.kind === 'timing' ? rule.selector.figure : undefined;
  // The sample the rule reads (rss with `measure: max` reads the largest over the dumps).
  const sampleKey = key ?? (figure as Figure | undefined);
  const sample = sampleKey ? head.timing[sampleKey] : undefined;
  const baseSample = sampleKey && base ? base.timing[sampleKey] : undefined;
  const item = figure ?? 'timing';
  if (!figure || !sample) {
    return { rule, subject: head.name, item, current: NaN, verdict: 'unchecked', aspect: 'limit', reason: `${item} was not measured` };
  }
  const common = { rule, subject: head.name, item, current: sample.median, baseline: baseSample?.median, aspect: 'limit' as const };
  const inc = rule.increase;
  // Nothing measured on the base side (its run failed): as without a baseline.
  if (!inc || !baseSample) return { ...common, ...judge(rule, sample.median, baseSample?.median, reference) };
  const fmt = (v: number) => formatAmount(rule.selector, v);
  const judgements: Array<{ paired: PairedJudgement | undefined; outcome: PairedJudgement['outcome']; text: string }> = [];
  const add = (paired: PairedJudgement | undefined, text: (p: PairedJudgement) => string) =>
    judgements.push({ paired, outcome: paired?.outcome ?? 'inconclusive', text: paired ? text(paired) : 'no pairs of runs to compare' });
  if (inc.percent !== undefined) {
    const limit = 1 + inc.percent / 100;
    add(decide('ratio', bootstrapMedian(pairedRatios(sample.values, baseSample.values)), limit), (p) =>
      describe(p, (v) => `×${v.toFixed(2)}`, `×${limit.toFixed(2)} (+${inc.percent}%)`),
    );
  }
  if (inc.absolute !== undefined) {
    const signed = (v: number) => `${v >= 0 ? '+' : '-'}${fmt(Math.abs(v))}`;
    add(decide('difference', bootstrapMedian(pairedDifferences(sample.values, baseSample.values)), inc.absolute), (p) =>
      describe(p, signed, `+${fmt(inc.absolute!)}`),
    );
  }
  const outcomes = judgements.map((j) => j.outcome);
  // Both limits: over only if over both; within if within either.
  const outcome: PairedJudgement['outcome'] = outcomes.includes('within') ? 'within' : outcomes.every((o) => o === 'over') ? 'over' : 'inconclusive';
  const shown = judgements.find((j) => j.outcome === outcome) ?? judgements[0]!;
  const paired = shown.paired ? { paired: shown.paired } : {};
  const maxFailed = rule.max !== undefined && sample.median > rule.max;
  const maxText = rule.max === undefined ? '' : maxFailed ? `${fmt(sample.median)} exceeds max ${fmt(rule.max)}` : `<= max ${fmt(rule.max)}`;
  const against = `against ${reference}`;
  if (maxFailed || outcome === 'over') {
    const parts = [maxFailed ? maxText : '', outcome === 'over' ? `${shown.text} ${against}` : ''].filter(Boolean);
    return { ...common, verdict: rule.level === 'warn' ? 'warn' : 'fail', reason: parts.join('; '), ...paired };
  }
  if (outcome === 'inconclusive') {
    const pairs = shown.paired?.pairs ?? 0;
    const few = pairs < MIN_PAIRS ? `only ${pairs} pair${pairs === 1 ? '' : 's'}, at least ${MIN_PAIRS} are needed; ` : '';
    return {
      ...common,
      verdict: 'warn',
      reason: `inconclusive ${against}: ${shown.text}; ${few}raise repeat (now ${pairs} pairs, e.g. --repeat ${Math.max(10, pairs * 2)}) for a narrower interval${maxText ? `; ${maxText}` : ''}`,
      ...paired,
    };
  }
  return { ...common, verdict: 'pass', reason: [`${shown.text} ${against}`, maxText].filter(Boolean).join('; '), ...paired };
}

function decide(kind: PairedJudgement['kind'], interval: MedianInterval | undefined, limit: number): PairedJudgement | undefined {
  if (!interval) return undefined;
  const outcome = interval.n < MIN_PAIRS ? 'inconclusive' : interval.low > limit ? 'over' : interval.high <= limit ? 'within' : 'inconclusive';
  return { kind, median: interval.median, low: interval.low, high: interval.high, confidence: interval.confidence, pairs: interval.n, limit, outcome };
}

function describe(p: PairedJudgement, fmt: (v: number) => string, allowed: string): string {
  const interval = `${fmt(p.median)} (${Math.round(p.confidence * 100)}% CI ${fmt(p.low)} to ${fmt(p.high)}, ${p.pairs} pairs)`;
  const relation = p.low > p.limit ? 'above' : p.high <= p.limit ? 'within' : 'straddles';
  return `${p.kind === 'ratio' ? 'head/base ' : 'head-base '}${interval} ${relation} the allowed ${allowed}`;
}
