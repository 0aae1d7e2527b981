import { judge } from '../../harness/budget/judge.js';
import { percentChange } from '../../harness/text/format-amount.js';
import { rule } from './rules.js';

const variable = { kind: 'variable', pattern: '*' } as const;

describe('increase limits', () => {
  test.each([
    // [percent, absolute, baseline, current, verdict]
    [10, undefined, 100, 110, 'pass'],
    [10, undefined, 100, 111, 'fail'],
    [undefined, 100, 1000, 1100, 'pass'],
    [undefined, 100, 1000, 1101, 'fail'],
    // Both given: fail only when both are exceeded.
    [10, 100, 3, 6, 'pass'], // +100% but only +3
    [10, 100, 10000, 10500, 'pass'], // +500 but only +5%
    [10, 100, 1000, 1200, 'fail'], // +20% and +200
    // New variable (baseline 0): infinite percent, absolute decides.
    [10, 100, 0, 100, 'pass'],
    [10, 100, 0, 101, 'fail'],
    [0, undefined, 0, 1, 'fail'],
    // Shrinking never fails.
    [0, 0, 500, 10, 'pass'],
  ] as const)('percent %p absolute %p: %p -> %p is %p', (percent, absolute, baseline, current, verdict) => {
    const r = rule(variable, { increase: { percent, absolute } });
    expect(judge(r, current, baseline).verdict).toBe(verdict);
  });
});

test('max is an absolute ceiling, checked without a baseline', () => {
  const r = rule(variable, { max: 5000 });
  expect(judge(r, 5000, undefined).verdict).toBe('pass');
  const over = judge(r, 5001, undefined);
  expect(over.verdict).toBe('fail');
  expect(over.reason).toBe('5001 exceeds max 5000');
});

test('level warn turns a failure into a warning', () => {
  expect(judge(rule(variable, { max: 1, level: 'warn' }), 2, undefined).verdict).toBe('warn');
});

test('an increase rule without a baseline is not checked, but its max still is', () => {
  expect(judge(rule(variable, { increase: { percent: 1 } }), 10, undefined).verdict).toBe('unchecked');
  const both = judge(rule(variable, { increase: { percent: 1 }, max: 5 }), 10, undefined);
  expect(both.verdict).toBe('fail');
  const ok = judge(rule(variable, { increase: { percent: 1 }, max: 50 }), 10, undefined);
  expect(ok).toEqual({ verdict: 'pass', reason: '<= max 50; increase not checked (no baseline)' });
});

test("failure reasons say how much and what was allowed, in the figure's unit", () => {
  const r = rule({ kind: 'timing', figure: 'footprint_call' }, { increase: { percent: 25, absolute: 0.002 } });
  expect(judge(r, 0.015, 0.01).reason).toBe('grew +5.00 ms (+50%) against the baseline, allowed 25% or +2.00 ms');
  const rss = rule({ kind: 'timing', figure: 'peak_rss' }, { max: 256 * 1024 * 1024 });
  expect(judge(rss, 300 * 1024 * 1024, undefined).reason).toBe('300.0 MiB exceeds max 256.0 MiB');
});

test('percentChange', () => {
  expect(percentChange(150, 100)).toBe(50);
  expect(percentChange(0, 0)).toBe(0);
  expect(percentChange(5, 0)).toBe(Infinity);
});
