import type { BudgetRule, Selector } from '../../harness/suite/types.js';

/** A resolved rule as loadSuite would produce it, for evaluation tests. */
export function rule(selector: Selector, limits: Partial<BudgetRule> = {}): BudgetRule {
  return {
    index: 0,
    label: 'test rule',
    location: { file: 'suite.yaml', line: 1, column: 1 },
    selector,
    measure: 'final',
    level: 'error',
    ...limits,
  };
}
