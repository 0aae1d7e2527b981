import type { BaselineSubject } from '../baseline/types.js';
import type { Subject, TimingSamples } from '../measure/types.js';
import type { BudgetRule, TimingFigure } from '../suite/types.js';
import { growthChecks } from './growth-checks.js';
import { judge } from './judge.js';
import { pairedTimingCheck } from './paired-timing.js';
import type { Check } from './types.js';

/** Why there is no rss: the runs log has no such column, or the Zeek has no telemetry call. */
export const NO_RSS =
  'rss was not measured: the runs log has no current memory (a package older than the rss column, or a Zeek before 7.0, which has no telemetry)';

/**
 * The sample a timing rule reads. rss is the current memory at the final dump, or with
 * `measure: max` its largest over the dumps; either as the median over the repeats.
 */
export function timingKey(figure: TimingFigure, measure: BudgetRule['measure']): keyof TimingSamples {
  return figure === 'rss' && measure === 'max' ? 'rss_max' : figure;
}

/**
 * `options.pairedBase` (--against): the base side's subject; an `increase` is then judged on the
 * paired runs (paired-timing.ts), `max` still on this subject's median.
 */
export function timingChecks(
  rule: BudgetRule,
  subject: Subject,
  baseline: BaselineSubject | undefined,
  options: { reference?: string; pairedBase?: Subject } = {},
): Check[] {
  if (rule.selector.kind !== 'timing') return [];
  const figure = rule.selector.figure;
  const checks: Check[] = rule.growth ? rssGrowth(rule, subject) : [];
  if (rule.max === undefined && rule.increase === undefined) return checks;
  const key = timingKey(figure, rule.measure);
  const sample = subject.timing[key];
  if (!sample) {
    const reason = figure === 'rss' ? NO_RSS : `${figure} was not measured (the logs carry no timing for it)`;
    return [...checks, { rule, subject: subject.name, item: figure, current: NaN, verdict: 'unchecked', aspect: 'limit', reason }];
  }
  if (options.pairedBase && rule.increase) return [...checks, pairedTimingCheck(rule, subject, options.pairedBase, options.reference ?? 'the base', key)];
  const b = baseline?.timing[key];
  return [
    ...checks,
    { rule, subject: subject.name, item: figure, current: sample.median, baseline: b, aspect: 'limit', ...judge(rule, sample.median, b, options.reference) },
  ];
}

/** Current memory over the dumps of the first run (those that carry it), against trace time: still rising at the end? */
function rssGrowth(rule: BudgetRule, subject: Subject): Check[] {
  const measured = subject.dumps.filter((d) => d.rss !== undefined);
  if (measured.length === 0) {
    return [{ rule, subject: subject.name, item: 'rss', current: NaN, verdict: 'unchecked', aspect: 'growth', reason: NO_RSS }];
  }
  return growthChecks(rule, { ...subject, dumps: measured }, [{ item: 'rss', now: measured.map((d) => d.rss as number) }]);
}
