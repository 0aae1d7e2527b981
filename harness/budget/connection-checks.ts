import type { BaselineSubject } from '../baseline/types.js';
import { connectionAt, connectionSeries, largestDump } from '../measure/connection-series.js';
import type { ConnField, Subject } from '../measure/types.js';
import type { BudgetRule } from '../suite/types.js';
import { matches } from './glob.js';
import { growthChecks } from './growth-checks.js';
import { failVerdict, limitParts, type Judgement } from './judge.js';
import type { Check, ConnectionRef, SubjectEvaluation, VariableChange } from './types.js';
import { maxOf } from '../util/stats.js';

/** Why a connection rule says nothing about logs that carry no connection data. */
export const NO_CONNECTION_DATA =
  'no connection data: the logs have no my_stats_conns.log (written by newer versions of the measuring package; not by corelight/my_stats; my_stats::conn_footprints=F turns it off)';

/** The baseline entry was written before connection data existed: nothing to compare with. */
export const NO_BASELINE_CONNECTIONS = 'the baseline has no connection data (recorded without my_stats_conns.log): add it with --update=new';

/** The default rules carry no line: they exist whether or not the logs can feed them. */
const isDefaultRule = (rule: BudgetRule) => rule.location.line === 0;

/**
 * A connection rule on one subject: for each matching field, the largest single connection's
 * footprint (at the final dump, the largest over the dumps, or each dump), judged against the
 * limits, with that connection named in the reason and the check.
 */
export function connectionChecks(rule: BudgetRule, subject: Subject, baseline: BaselineSubject | undefined, reference?: string): Check[] {
  if (rule.selector.kind !== 'connection') return [];
  const pattern = rule.selector.pattern;
  const cur = connectionSeries(subject.dumps);
  if (!cur) {
    return isDefaultRule(rule)
      ? []
      : [{ rule, subject: subject.name, item: pattern, current: NaN, verdict: 'unchecked', aspect: 'limit', reason: NO_CONNECTION_DATA }];
  }
  const base = baseline?.connections;
  const items = connectionItems(pattern, cur, base, matchField);
  const checks: Check[] = rule.growth ? connectionGrowth(rule, subject, items) : [];
  if (rule.max === undefined && rule.increase === undefined) return checks;
  // A baseline entry without connection data cannot say a field is new: it was never measured.
  const unrecorded = baseline !== undefined && base === undefined;
  for (const { item, now, then } of items) {
    const at = (i: number) => ref(connectionAt(subject.dumps, item, i), i);
    if (rule.measure === 'each') {
      now.forEach((v, i) => {
        const b = then === undefined ? undefined : (then[i] ?? 0);
        checks.push({
          rule,
          subject: subject.name,
          item,
          dump: i + 1,
          current: v,
          baseline: b,
          aspect: 'limit',
          ...judgeConnection(rule, v, b, at(i), unrecorded, reference),
          ...connectionOf(at(i)),
        });
      });
      continue;
    }
    const i = rule.measure === 'final' ? now.length - 1 : largestDump(now);
    const v = now[i] ?? 0;
    const b = then === undefined ? undefined : pickMeasure(then, rule.measure);
    checks.push({
      rule,
      subject: subject.name,
      item,
      current: v,
      baseline: b,
      aspect: 'limit',
      ...judgeConnection(rule, v, b, at(i), unrecorded, reference),
      ...connectionOf(at(i)),
    });
  }
  return checks;
}

type Matcher = (pattern: string, field: string) => boolean;

/** Fields match by name; `(connection)` matches itself as written (as a glob its parentheses are a group). */
function matchField(pattern: string, field: string): boolean {
  return pattern === field || matches(pattern, field);
}

export function connectionItems(
  pattern: string,
  cur: Map<string, number[]>,
  base: Record<string, number[]> | undefined,
  match: Matcher = matchField,
): Array<{ item: string; now: number[]; then?: number[] }> {
  const names = new Set([...cur.keys(), ...Object.keys(base ?? {})]);
  return [...names]
    .filter((f) => match(pattern, f))
    .sort()
    .map((f) => ({ item: f, now: cur.get(f) ?? [], then: base ? (base[f] ?? []) : undefined }));
}

function pickMeasure(series: number[], measure: 'final' | 'max'): number {
  if (series.length === 0) return 0;
  return measure === 'final' ? (series[series.length - 1] ?? 0) : maxOf(series);
}

function ref(c: ConnField | undefined, index: number): ConnectionRef | undefined {
  return c && { uid: c.uid, id: c.id, live: c.live, dump: index + 1 };
}

function connectionOf(c: ConnectionRef | undefined): { connection?: ConnectionRef } {
  return c ? { connection: c } : {};
}

/** `in C8dAbj3 (10.0.0.1:4711/tcp -> 10.0.0.2:80/tcp)`: the connection a value belongs to. */
export function connectionText(c: Pick<ConnectionRef, 'uid' | 'id' | 'live'> | undefined): string {
  return c ? ` in ${c.uid} (${c.id}${c.live ? ', still open' : ''})` : '';
}

/**
 * The limits in a connection's words: `max 12004 in C8dAbj3 (...), allowed 100`, and for
 * increases `max 12004 in C8dAbj3 (...), grew +11704 (+3901%) against the baseline, allowed 10%`.
 */
function judgeConnection(rule: BudgetRule, v: number, b: number | undefined, c: ConnectionRef | undefined, unrecorded: boolean, reference?: string): Judgement {
  const parts = limitParts(rule, v, b, reference);
  const head = `max ${v}${connectionText(c)}`;
  const failures: string[] = [];
  const held: string[] = [];
  if (parts.max && rule.max !== undefined) (parts.max.exceeded ? failures : held).push(parts.max.exceeded ? `allowed ${rule.max}` : `<= max ${rule.max}`);
  if (parts.growth) (parts.growth.exceeded ? failures : held).push(parts.growth.text);
  if (failures.length) return { verdict: failVerdict(rule), reason: `${head}, ${failures.join('; ')}` };
  const why = unrecorded ? NO_BASELINE_CONNECTIONS : 'no baseline to compare with';
  if (parts.increaseUnchecked && held.length === 0) return { verdict: 'unchecked', reason: `${head}: ${why}` };
  return { verdict: 'pass', reason: `${head}: ${held.join('; ')}${parts.increaseUnchecked ? `; increase not checked (${why})` : ''}` };
}

/** Growth of a field's largest connection over the dumps; the reason names the one at the end. */
function connectionGrowth(rule: BudgetRule, subject: Subject, items: Array<{ item: string; now: number[] }>): Check[] {
  const present = items.filter((i) => i.now.length > 0);
  return growthChecks(rule, subject, present).map((check) => {
    const series = present.find((i) => i.item === check.item)?.now ?? [];
    const last = series.length - 1;
    const i = (series[last] ?? 0) > 0 ? last : largestDump(series);
    const c = ref(connectionAt(subject.dumps, check.item, i), i);
    if (!c || check.verdict === 'unchecked') return { ...check, ...connectionOf(c) };
    return { ...check, reason: `${check.reason}; largest ${i === last ? 'at the end' : 'of the run'}: ${series[i] ?? 0}${connectionText(c)}`, connection: c };
  });
}

/** Connection fields against the baseline by their largest connection over the run. */
export function compareConnections(subject: Subject, baseline: BaselineSubject | undefined): SubjectEvaluation['connectionFields'] {
  const cur = connectionSeries(subject.dumps);
  if (!cur || !baseline) return undefined;
  const base = baseline.connections ?? {};
  const top = (s: number[]) => (s.length ? maxOf(s) : 0);
  const added: VariableChange[] = [];
  const vanished: VariableChange[] = [];
  const changed: VariableChange[] = [];
  for (const [f, s] of [...cur].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const then = base[f];
    if (!then) added.push({ name: f, baseline: 0, current: top(s) });
    else if (top(then) !== top(s)) changed.push({ name: f, baseline: top(then), current: top(s) });
  }
  for (const [f, s] of Object.entries(base).sort(([a], [b]) => (a < b ? -1 : 1))) if (!cur.has(f)) vanished.push({ name: f, baseline: top(s), current: 0 });
  return { added, vanished, changed };
}
