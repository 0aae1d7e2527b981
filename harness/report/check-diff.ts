import { amountText, baselineItemSeries, currentItemSeries, hasBaselineSeries } from './document-views.js';
import type { CheckDoc, RuleDoc, SubjectDoc } from './result-document.js';

/**
 * A check's figure as baseline lines (`-`) against current lines (`+`), in the baseline file's own
 * notation (`Leaky::seen: [ 0, 200, 400, 600 ]`, one entry per dump), so a CI failure shows the
 * same change `--update` would write for that item. A connection field's lines are its largest
 * connection per dump, as the baseline's `connections:` section records them.
 */
export function checkDiffLines(subject: SubjectDoc | undefined, check: CheckDoc, rule: RuleDoc): string[] {
  const list = (v: number[]) => (v.length ? `[ ${v.join(', ')} ]` : '[]');
  if (rule.selector.kind === 'timing') {
    return [
      ...(check.baseline !== undefined ? [`- ${check.item}: ${amountText(rule, check.baseline)}`] : []),
      `+ ${check.item}: ${amountText(rule, check.current)}`,
    ];
  }
  if (!subject || check.aspect === 'scaling') return check.series ? [`+ ${check.item}: ${list(check.series)}`] : [];
  const now = currentItemSeries(subject, rule.selector, check.item) ?? [];
  // Absent from the baseline means it did not exist then: 0 at every recorded dump.
  const then = hasBaselineSeries(subject, rule.selector)
    ? (baselineItemSeries(subject, rule.selector, check.item) ?? new Array<number>(subject.baseline?.dumps ?? 0).fill(0))
    : undefined;
  const label = rule.selector.kind === 'module' ? `module ${check.item}` : rule.selector.kind === 'connection' ? `connection ${check.item}` : check.item;
  return [...(then ? [`- ${label}: ${list(then)}`] : []), `+ ${label}: ${list(now)}`];
}
