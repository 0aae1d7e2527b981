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

export interface EvaluateOptions {
  /** What the baseline is, in reasons: `the baseline` (default), or with --against `base 1a2b3c4`. */
  reference?: string;
  /**
   * --against: the base side's subject, measured interleaved with this one. Timing increases are
   * then judged on the paired runs, and every timing figure is compared as a head/base ratio.
   */
  pairedBase?: Subject;
}

/** Footprint series per dump, keyed by variable; a variable missing from a dump counts 0 there. */
type Series = Map<string, number[]>;

export function currentSeries(subject: Subject): Series {
  const series: Series = new Map();
  subject.dumps.forEach((d, i) => {
    for (const [v, size] of d.footprints) {
      let s = series.get(v);
      if (!s) {
        s = new Array<number>(subject.dumps.length).fill(0);
        series.set(v, s);
      }
      s[i] = size;
    }
  });
  return series;
}

function baselineSeries(b: BaselineSubject | undefined): Series | undefined {
  return b ? new Map(Object.entries(b.variables)) : undefined;
}

export { matches } from './glob.js';

export function ruleApplies(rule: BudgetRule, subject: Subject): boolean {
  if (rule.trace !== undefined && !(subject.trace !== undefined && matches(rule.trace, subject.trace))) return false;
  if (rule.node !== undefined && !(subject.node !== undefined && matches(rule.node, subject.node))) return false;
  return true;
}

/** The items a footprint rule covers, each with its series now and in the baseline. */
export function itemsFor(rule: BudgetRule, cur: Series, base: Series | undefined): Array<{ item: string; now: number[]; then?: number[] }> {
  const sel = rule.selector;
  const names = new Set<string>([...cur.keys(), ...(base?.keys() ?? [])]);
  if (sel.kind === 'variable') {
    return [...names]
      .filter((v) => matches(sel.pattern, v))
      .sort()
      .map((v) => ({
        item: v,
        now: cur.get(v) ?? [],
        then: base ? (base.get(v) ?? []) : undefined,
      }));
  }
  const groups = new Map<string, string[]>();
  for (const v of names) {
    const key = sel.kind === 'module' ? moduleOf(v) : 'total';
    if (sel.kind === 'module' && !matches(sel.pattern, key)) continue;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  return [...groups.keys()].sort().map((key) => {
    const vars = groups.get(key) ?? [];
    return { item: key, now: sumSeries(vars.map((v) => cur.get(v) ?? [])), then: base ? sumSeries(vars.map((v) => base.get(v) ?? [])) : undefined };
  });
}

function sumSeries(all: number[][]): number[] {
  const len = Math.max(0, ...all.map((s) => s.length));
  const out = new Array<number>(len).fill(0);
  for (const s of all)
    s.forEach((v, i) => {
      out[i] = (out[i] ?? 0) + v;
    });
  return out;
}

export function pick(series: number[], measure: Exclude<Measure, 'each'>): number {
  if (series.length === 0) return 0;
  return measure === 'final' ? (series[series.length - 1] ?? 0) : Math.max(...series);
}

function footprintChecks(rule: BudgetRule, subject: Subject, cur: Series, base: Series | undefined, reference?: string): Check[] {
  const checks: Check[] = rule.growth ? growthChecks(rule, subject, itemsFor(rule, cur, undefined)) : [];
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
  for (const [v, s] of cur) {
    const now = pick(s, 'final');
    const then = base.get(v);
    if (!then) added.push({ name: v, baseline: 0, current: now });
    else if (pick(then, 'final') !== now) changed.push({ name: v, baseline: pick(then, 'final'), current: now });
  }
  for (const [v, s] of base) if (!cur.has(v)) vanished.push({ name: v, baseline: pick(s, 'final'), current: 0 });
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
