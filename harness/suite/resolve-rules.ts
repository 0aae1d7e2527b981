import { parseBytes } from '../util/parse-bytes.js';
import { parseDuration } from '../util/parse-duration.js';
import type { ParsedYaml } from './parse-yaml.js';
import type { RuleDocument } from './schema.js';
import { durationAt, type Fail } from './suite-source.js';
import type { BudgetRule, Measure, Selector } from './types.js';
import { locate, type PathKey } from './yaml-locations.js';

// Stage 4 of loading a suite: budget rules with their selector, units, label and place.

/**
 * The documented defaults for a suite without budgets. The connection rule is the per-connection
 * twin of the variable rule: state a connection carries (pending requests, DCE/RPC backing, SMB
 * maps) is exact for a trace like globals are, and a field whose largest connection grows is the
 * bug that takes nodes down one long connection at a time.
 */
export function defaultRules(): RuleDocument[] {
  return [
    { total: true, measure: 'final', increase: { percent: 1 }, level: 'error' },
    { variable: '*', measure: 'final', increase: { percent: 10, absolute: 100 }, level: 'error' },
    { connection: '*', measure: 'max', increase: { percent: 10, absolute: 100 }, level: 'error' },
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
  const measure = r.measure ?? defaultMeasure(selector);
  const rate = (v: number | string | undefined, field: PathKey[]) => (v === undefined ? undefined : rateIn(selector, v, [...p, ...field], fail));
  return {
    index,
    label: r.name ?? ruleLabel(selector, { ...r, measure }),
    location: { file: src.file, ...pos },
    selector,
    trace: r.trace,
    node: r.node,
    measure,
    max: r.max === undefined ? undefined : unit(r.max, ['max']),
    increase,
    growth: r.growth
      ? { maxPerHour: rate(r.growth.max_per_hour, ['growth', 'max_per_hour']) ?? 0, warmup: durationAt(r.growth.warmup, [...p, 'growth', 'warmup'], fail) }
      : undefined,
    scaling: r.scaling ? { maxPerUnit: rate(r.scaling.max_per_unit, ['scaling', 'max_per_unit']), maxExponent: r.scaling.max_exponent } : undefined,
    level: r.level,
  };
}

/**
 * A connection rule looks at the largest connection of the whole run: a dump's rows cover only the
 * connections measured since the previous dump, so the final dump alone would miss one that ended
 * mid-trace. Everything else defaults to the final dump.
 */
function defaultMeasure(selector: Selector): Measure {
  return selector.kind === 'connection' ? 'max' : 'final';
}

function ruleSelector(r: RuleDocument): Selector {
  if (r.variable !== undefined) return { kind: 'variable', pattern: r.variable };
  if (r.module !== undefined) return { kind: 'module', pattern: r.module };
  if (r.connection !== undefined) return { kind: 'connection', pattern: r.connection };
  if (r.timing !== undefined) return { kind: 'timing', figure: r.timing };
  return { kind: 'total' };
}

function ruleLabel(s: Selector, r: RuleDocument & { measure: Measure }): string {
  const what = s.kind === 'total' ? 'total' : s.kind === 'timing' ? `timing ${s.figure}` : `${s.kind} ${s.pattern}`;
  const scope = [r.trace ? `trace ${r.trace}` : '', r.node ? `node ${r.node}` : ''].filter(Boolean).join(', ');
  const measure =
    s.kind === 'timing' && s.figure !== 'rss'
      ? 'median'
      : [r.growth ? 'growth' : '', r.scaling ? 'scaling' : '', r.max !== undefined || r.increase ? r.measure : ''].filter(Boolean).join(', ');
  return `${what} (${measure}${scope ? `, ${scope}` : ''})`;
}

/** Memory figures are sizes; the other timings durations. */
function isBytes(selector: Selector): boolean {
  return selector.kind === 'timing' && (selector.figure === 'peak_rss' || selector.figure === 'rss');
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
    return isBytes(selector) ? parseBytes(value) : parseDuration(value);
  } catch (e) {
    throw fail(p, (e as Error).message);
  }
}

/** A growth or scaling rate: entries (a number) for footprints, bytes or a size for timing: rss. */
function rateIn(selector: Selector, value: number | string, p: PathKey[], fail: Fail): number {
  if (typeof value === 'number') return value;
  if (!isBytes(selector)) throw fail(p, `expected a number of footprint entries, got ${JSON.stringify(value)} (sizes like 2KiB are for timing: rss)`);
  try {
    return parseBytes(value);
  } catch (e) {
    throw fail(p, (e as Error).message);
  }
}
