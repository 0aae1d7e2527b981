import { parseBytes } from '../util/parse-bytes.js';
import { parseDuration } from '../util/parse-duration.js';
import type { ParsedYaml } from './parse-yaml.js';
import type { RuleDocument } from './schema.js';
import { durationAt, type Fail } from './suite-source.js';
import type { BudgetRule, Selector } from './types.js';
import { locate, type PathKey } from './yaml-locations.js';

// Stage 4 of loading a suite: budget rules with their selector, units, label and place.

/** The documented defaults for a suite without budgets. */
export function defaultRules(): RuleDocument[] {
  return [
    { total: true, measure: 'final', increase: { percent: 1 }, level: 'error' },
    { variable: '*', measure: 'final', increase: { percent: 10, absolute: 100 }, level: 'error' },
  ];
}

export function resolveRule(src: ParsedYaml, r: RuleDocument, index: number, isDefault: boolean, fail: Fail): BudgetRule {
  const p: PathKey[] = ['budgets', index];
  const selector = ruleSelector(r);
  const unit = (v: number | string, field: PathKey[]) => amountIn(selector, v, [...p, ...field], fail);
  const increase = r.increase
    ? {
        percent: r.increase.percent,
        absolute: r.increase.absolute === undefined ? undefined : unit(r.increase.absolute, ['increase', 'absolute']),
      }
    : undefined;
  const pos = isDefault ? { line: 0, column: 0 } : locate(src.doc, src.counter, p);
  return {
    index,
    label: r.name ?? ruleLabel(selector, r),
    location: { file: src.file, ...pos },
    selector,
    trace: r.trace,
    node: r.node,
    measure: r.measure,
    max: r.max === undefined ? undefined : unit(r.max, ['max']),
    increase,
    growth: r.growth ? { maxPerHour: r.growth.max_per_hour, warmup: durationAt(r.growth.warmup, [...p, 'growth', 'warmup'], fail) } : undefined,
    scaling: r.scaling ? { maxPerUnit: r.scaling.max_per_unit, maxExponent: r.scaling.max_exponent } : undefined,
    level: r.level,
  };
}

function ruleSelector(r: RuleDocument): Selector {
  if (r.variable !== undefined) return { kind: 'variable', pattern: r.variable };
  if (r.module !== undefined) return { kind: 'module', pattern: r.module };
  if (r.timing !== undefined) return { kind: 'timing', figure: r.timing };
  return { kind: 'total' };
}

function ruleLabel(s: Selector, r: RuleDocument): string {
  const what = s.kind === 'total' ? 'total' : s.kind === 'timing' ? `timing ${s.figure}` : `${s.kind} ${s.pattern}`;
  const scope = [r.trace ? `trace ${r.trace}` : '', r.node ? `node ${r.node}` : ''].filter(Boolean).join(', ');
  const measure = s.kind === 'timing' ? 'median' : [r.growth ? 'growth' : '', r.scaling ? 'scaling' : '', r.max !== undefined || r.increase ? r.measure : ''].filter(Boolean).join(', ');
  return `${what} (${measure}${scope ? `, ${scope}` : ''})`;
}

/** Footprints are counts of values; timing limits are durations or sizes. */
function amountIn(selector: Selector, value: number | string, p: PathKey[], fail: Fail): number {
  try {
    if (selector.kind !== 'timing') {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw new Error(`expected a whole number of footprint entries, got ${JSON.stringify(value)}`);
      }
      return value;
    }
    return selector.figure === 'peak_rss' ? parseBytes(value) : parseDuration(value);
  } catch (e) {
    throw fail(p, (e as Error).message);
  }
}
