import type { BaselineSubject } from '../baseline/types.js';
import { moduleOf } from '../measure/module-of.js';
import type { Subject } from '../measure/types.js';
import type { BudgetRule, Measure } from '../suite/types.js';
import { compareConnections, connectionChecks } from './connection-checks.js';
import { reconcileCutoff } from './cutoff-changes.js';
import { growthChecks } from './growth-checks.js';
import { timingChecks } from './timing-checks.js';
import { matches } from './glob.js';
import { judge } from './judge.js';
import { compareTimings } from './paired-timing.js';
import type { Check, Counts, SubjectEvaluation, VariableChange } from './types.js';
import { maxOf } from '../util/stats.js';

export interface EvaluateOptions {
  /** What the baseline is, in reasons: `the baseline` (default), or with --against `base 1a2b3c4`. */
  reference?: string;
  /**
   * --against: the base side's subject, measured interleaved with this one. Timing increases are
   * then judged on the paired runs, and every timing figure is compared as a head/base ratio.
   */
  pairedBase?: Subject;
}

/**
 * Footprint series per dump by variable, each made when asked for and not kept: `--dumps all`
 * over a long history has tens of thousands of dumps, and a table of every variable's series per
 * subject was most of the memory. A variable missing from a dump counts 0 there.
 */
export interface Series {
  /** Every variable, in the order first seen. */
  names(): Iterable<string>;
  has(variable: string): boolean;
  get(variable: string): number[] | undefined;
  /** Its footprint at the final dump (0 where that dump lacks it). */
  final(variable: string): number;
}

export function currentSeries(subject: Subject): Series {
  let seen: Set<string> | undefined;
  const names = (): Set<string> => {
    if (seen) return seen;
    seen = new Set<string>();
    let previous: ReadonlyMap<string, number> | undefined;
    for (const d of subject.dumps) {
      // Dumps of a node mostly log the same variables: one pass over each new set of names.
      if (previous === undefined || !sameNames(previous, d.footprints)) for (const v of d.footprints.keys()) seen.add(v);
      previous = d.footprints;
    }
    return seen;
  };
  return {
    names,
    has: (v) => names().has(v),
    get: (v) => (names().has(v) ? subject.dumps.map((d) => d.footprints.get(v) ?? 0) : undefined),
    final: (v) => subject.dumps[subject.dumps.length - 1]?.footprints.get(v) ?? 0,
  };
}

function sameNames(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  const bk = b.keys();
  for (const k of a.keys()) if (bk.next().value !== k) return false;
  return true;
}

function baselineSeries(b: BaselineSubject | undefined): Series | undefined {
  if (!b) return undefined;
  const lists = b.variables;
  return {
    names: () => Object.keys(lists),
    has: (v) => Object.hasOwn(lists, v),
    get: (v) => (Object.hasOwn(lists, v) ? lists[v] : undefined),
    final: (v) => {
      const list = Object.hasOwn(lists, v) ? lists[v] : undefined;
      return list?.[list.length - 1] ?? 0;
    },
  };
}

export { matches } from './glob.js';

export function ruleApplies(rule: BudgetRule, subject: Subject): boolean {
  if (rule.trace !== undefined && !(subject.trace !== undefined && matches(rule.trace, subject.trace))) return false;
  if (rule.node !== undefined && !(subject.node !== undefined && matches(rule.node, subject.node))) return false;
  return true;
}

/**
 * The items a footprint rule covers, each with its series now and in the baseline, one at a time:
 * a caller that does not keep them holds one item's series at once.
 */
export function* itemsFor(rule: BudgetRule, cur: Series, base: Series | undefined): Generator<{ item: string; now: number[]; then?: number[] }> {
  const sel = rule.selector;
  const names = new Set<string>([...cur.names(), ...(base?.names() ?? [])]);
  if (sel.kind === 'variable') {
    for (const v of [...names].filter((n) => matches(sel.pattern, n)).sort()) {
      yield { item: v, now: cur.get(v) ?? [], then: base ? (base.get(v) ?? []) : undefined };
    }
    return;
  }
  const groups = new Map<string, string[]>();
  for (const v of names) {
    const key = sel.kind === 'module' ? moduleOf(v) : 'total';
    if (sel.kind === 'module' && !matches(sel.pattern, key)) continue;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(v);
  }
  for (const key of [...groups.keys()].sort()) {
    const vars = groups.get(key) ?? [];
    yield { item: key, now: sumSeries(vars, cur), then: base ? sumSeries(vars, base) : undefined };
  }
}

/** The sum of the variables' series, each made and added in turn. */
function sumSeries(vars: string[], series: Series): number[] {
  const out: number[] = [];
  for (const v of vars) {
    const s = series.get(v) ?? [];
    while (out.length < s.length) out.push(0);
    for (let i = 0; i < s.length; i++) out[i] = (out[i] ?? 0) + (s[i] ?? 0);
  }
  return out;
}

export function pick(series: number[], measure: Exclude<Measure, 'each'>): number {
  if (series.length === 0) return 0;
  if (measure === 'final') return series[series.length - 1] ?? 0;
  return maxOf(series);
}

function footprintChecks(rule: BudgetRule, subject: Subject, cur: Series, base: Series | undefined, reference?: string): Check[] {
  const checks: Check[] = rule.growth ? growthChecks(rule, subject, [...itemsFor(rule, cur, undefined)]) : [];
  if (rule.max === undefined && rule.increase === undefined) return checks;
  for (const { item, now, then } of itemsFor(rule, cur, base)) {
    if (rule.measure === 'each') {
      now.forEach((v, i) => {
        const b = then === undefined ? undefined : (then[i] ?? 0);
        checks.push({ rule, subject: subject.name, item, dump: i + 1, current: v, baseline: b, aspect: 'limit', ...judge(rule, v, b, reference) });
      });
      continue;
    }
    const v = pick(now, rule.measure);
    const b = then === undefined ? undefined : pick(then, rule.measure);
    checks.push({ rule, subject: subject.name, item, current: v, baseline: b, aspect: 'limit', ...judge(rule, v, b, reference) });
  }
  return checks;
}

function compareVariables(cur: Series, base: Series | undefined): Pick<SubjectEvaluation, 'added' | 'vanished' | 'changed'> {
  const added: VariableChange[] = [];
  const vanished: VariableChange[] = [];
  const changed: VariableChange[] = [];
  if (!base) return { added, vanished, changed };
  for (const v of cur.names()) {
    const now = cur.final(v);
    if (!base.has(v)) added.push({ name: v, baseline: 0, current: now });
    else if (base.final(v) !== now) changed.push({ name: v, baseline: base.final(v), current: now });
  }
  for (const v of base.names()) if (!cur.has(v)) vanished.push({ name: v, baseline: base.final(v), current: 0 });
  return { added, vanished, changed };
}

/** Evaluates every rule against one subject and compares it with its baseline entry. */
export function evaluateSubject(
  subject: Subject,
  rules: BudgetRule[],
  baseline: BaselineSubject | undefined,
  options: EvaluateOptions = {},
): SubjectEvaluation {
  const cur = currentSeries(subject);
  const base = baselineSeries(baseline);
  const checks = rules
    .filter((r) => ruleApplies(r, subject))
    .flatMap((r) => {
      if (r.selector.kind === 'timing') return timingChecks(r, subject, baseline, options);
      if (r.selector.kind === 'connection') return connectionChecks(r, subject, baseline, options.reference);
      return footprintChecks(r, subject, cur, base, options.reference);
    });
  const warnings: string[] = [];
  if (baseline?.sha256 && subject.trace_sha256 && baseline.sha256 !== subject.trace_sha256) {
    warnings.push(
      `the trace changed since the baseline (sha256 ${subject.trace_sha256.slice(0, 12)}, baseline ${baseline.sha256.slice(0, 12)}): differences may come from the trace, not the code`,
    );
  }
  if (baseline && baseline.dumps !== subject.dumps.length) {
    warnings.push(
      `${subject.dumps.length} dumps, ${options.reference ?? 'the baseline'} has ${baseline.dumps}: the interval or the trace's length changed, so per-dump comparisons are shifted`,
    );
  }
  const connectionFields = compareConnections(subject, baseline);
  const timingComparisons = options.pairedBase ? compareTimings(subject, options.pairedBase) : undefined;
  return reconcileCutoff({
    name: subject.name,
    subject,
    baseline,
    checks,
    ...compareVariables(cur, base),
    ...(connectionFields ? { connectionFields } : {}),
    warnings,
    ...(timingComparisons ? { timingComparisons } : {}),
  });
}

export function countChecks(checks: Check[]): Counts {
  const counts: Counts = { passed: 0, failed: 0, warned: 0, unchecked: 0 };
  for (const c of checks) {
    if (c.verdict === 'pass') counts.passed++;
    else if (c.verdict === 'fail') counts.failed++;
    else if (c.verdict === 'warn') counts.warned++;
    else counts.unchecked++;
  }
  return counts;
}
