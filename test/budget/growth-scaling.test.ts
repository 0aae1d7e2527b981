import { evaluateSubject } from '../../harness/budget/evaluate.js';
import { evaluateScaling } from '../../harness/budget/scaling-checks.js';
import type { Dump, Subject } from '../../harness/measure/types.js';
import { rule } from './rules.js';

function run(name: string, perDump: Array<Record<string, number>>, workload?: Subject['workload']): Subject {
  const dumps: Dump[] = perDump.map((f, i) => ({ run: i + 1, node: '', ts: 5000 + i, networkTime: 1000 + i * 60, footprints: new Map(Object.entries(f)) }));
  return { name, trace: name, dumps, timing: {}, workload };
}

describe('growth rules', () => {
  const leaking = run(
    't.pcap',
    [0, 50, 100, 150, 200, 250].map((n) => ({ 'Leaky::seen': n, 'Conn::table': Math.min(n, 100), Static: 7 })),
  );

  test('a variable still growing at the end fails with its rate per hour and since when', () => {
    const e = evaluateSubject(leaking, [rule({ kind: 'variable', pattern: '*' }, { growth: { maxPerHour: 0, warmup: 0 } })], undefined);
    const byItem = Object.fromEntries(e.checks.map((c) => [c.item, c]));
    expect(byItem['Leaky::seen']).toMatchObject({ verdict: 'fail', aspect: 'growth', series: [0, 50, 100, 150, 200, 250] });
    expect(byItem['Leaky::seen']?.reason).toBe('still growing: +3000/h of traffic since +0s (0 -> 250), allowed 0/h');
    expect(byItem['Conn::table']?.verdict).toBe('pass');
    expect(byItem['Static']?.verdict).toBe('pass');
  });

  test('the allowed rate and the warm-up are honoured', () => {
    const allowFast = evaluateSubject(leaking, [rule({ kind: 'variable', pattern: 'Leaky::seen' }, { growth: { maxPerHour: 5000, warmup: 0 } })], undefined);
    expect(allowFast.checks[0]?.verdict).toBe('pass');
    const longWarmup = evaluateSubject(leaking, [rule({ kind: 'variable', pattern: 'Leaky::seen' }, { growth: { maxPerHour: 0, warmup: 240 } })], undefined);
    expect(longWarmup.checks[0]?.verdict).toBe('unchecked');
    expect(longWarmup.checks[0]?.reason).toMatch(/only 6 dumps \(before removing the 4m warm-up\): growth needs 3 after it/);
  });

  test('growth and max on one rule give one check each', () => {
    const e = evaluateSubject(leaking, [rule({ kind: 'variable', pattern: 'Leaky::seen' }, { growth: { maxPerHour: 0, warmup: 0 }, max: 1000 })], undefined);
    expect(e.checks.map((c) => [c.aspect, c.verdict])).toEqual([
      ['growth', 'fail'],
      ['limit', 'pass'],
    ]);
  });
});

describe('scaling rules', () => {
  const unit = { group: 'conns (tcp-churn, 30m, seed 1)', unit: 'connection' };
  const sizes = [1000, 2000, 4000];
  // Leaky::seen keeps 3 entries per connection; Cache is capped; Static never moves.
  const subjects = sizes.map((n) =>
    run(
      `conns-${n}`,
      [
        { 'Leaky::seen': 0, Cache: 10, Static: 7 },
        { 'Leaky::seen': 3 * n, Cache: Math.min(n, 500), Static: 7 },
      ],
      { ...unit, size: n },
    ),
  );

  test('state that grows with traffic fails with entries per unit and the exponent', () => {
    const [g] = evaluateScaling(subjects, [rule({ kind: 'variable', pattern: '*' }, { scaling: { maxPerUnit: 0.01 } })]);
    expect(g).toMatchObject({ group: unit.group, unit: 'connection', sizes });
    const byItem = Object.fromEntries(g!.checks.map((c) => [c.item, c]));
    expect(byItem['Leaky::seen']?.verdict).toBe('fail');
    expect(byItem['Leaky::seen']?.reason).toBe('Leaky::seen grows 3.0 per connection (linear, exponent 1.00) — budget allows 0.010 per connection');
    expect(byItem['Static']?.verdict).toBe('pass');
    expect(byItem['Static']?.reason).toMatch(/flat, exponent 0\.00/);
  });

  test('max_exponent 0 fails anything that grows at all, including a capped cache below its cap', () => {
    const [g] = evaluateScaling(subjects, [rule({ kind: 'variable', pattern: '*' }, { scaling: { maxExponent: 0 } })]);
    const failed = g!.checks.filter((c) => c.verdict === 'fail').map((c) => c.item);
    expect(failed).toEqual(['Leaky::seen']);
  });

  test('module and total selectors sum before fitting; a single size yields nothing', () => {
    const [g] = evaluateScaling(subjects, [rule({ kind: 'total' }, { scaling: { maxPerUnit: 1 } })]);
    expect(g!.checks[0]).toMatchObject({ item: 'total', verdict: 'fail', series: [3507, 6507, 12507] });
    expect(evaluateScaling([subjects[0]!], [rule({ kind: 'total' }, { scaling: { maxPerUnit: 1 } })])).toEqual([]);
  });
});
