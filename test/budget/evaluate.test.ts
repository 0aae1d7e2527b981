import { countChecks, evaluateSubject } from '../../harness/budget/evaluate.js';
import type { BaselineSubject } from '../../harness/baseline/types.js';
import type { Dump, Subject } from '../../harness/measure/types.js';
import { rule } from './rules.js';

function dump(run: number, footprints: Record<string, number>): Dump {
  return { run, node: '', ts: 1000 + run, footprints: new Map(Object.entries(footprints)) };
}

function subject(dumps: Dump[], extra: Partial<Subject> = {}): Subject {
  return { name: 'trace.pcap', trace: 'trace.pcap', dumps, timing: {}, ...extra };
}

// Three dumps: DNS::pending peaks in the middle, Leaky::seen grows, HTTP vars are stable.
const now = subject([
  dump(1, { 'DNS::pending': 0, 'Leaky::seen': 0, 'HTTP::a': 10, 'HTTP::b': 5, skip_auth: 1 }),
  dump(2, { 'DNS::pending': 40, 'Leaky::seen': 300, 'HTTP::a': 10, 'HTTP::b': 5, skip_auth: 1 }),
  dump(3, { 'DNS::pending': 2, 'Leaky::seen': 1500, 'HTTP::a': 10, 'HTTP::b': 5, skip_auth: 1 }),
]);

const base: BaselineSubject = {
  dumps: 3,
  timing: {},
  variables: { 'DNS::pending': [0, 30, 2], 'HTTP::a': [10, 10, 10], 'HTTP::b': [5, 5, 5], 'Old::gone': [7, 7, 7], skip_auth: [1, 1, 1] },
};

test('measure final, max and each pick different figures from the same dumps', () => {
  const final = evaluateSubject(now, [rule({ kind: 'variable', pattern: 'DNS::pending' }, { max: 10 })], base);
  expect(final.checks.map((c) => [c.current, c.verdict])).toEqual([[2, 'pass']]);
  const max = evaluateSubject(now, [rule({ kind: 'variable', pattern: 'DNS::pending' }, { max: 10, measure: 'max' })], base);
  expect(max.checks.map((c) => [c.current, c.baseline, c.verdict])).toEqual([[40, 30, 'fail']]);
  const each = evaluateSubject(now, [rule({ kind: 'variable', pattern: 'DNS::pending' }, { increase: { absolute: 5 }, measure: 'each' })], base);
  expect(each.checks.map((c) => [c.dump, c.current, c.baseline, c.verdict])).toEqual([
    [1, 0, 0, 'pass'],
    [2, 40, 30, 'fail'],
    [3, 2, 2, 'pass'],
  ]);
});

test('a variable glob yields one check per matching variable, including ones only the baseline has', () => {
  const e = evaluateSubject(now, [rule({ kind: 'variable', pattern: '*' }, { increase: { percent: 10, absolute: 100 } })], base);
  const byItem = Object.fromEntries(e.checks.map((c) => [c.item, [c.baseline, c.current, c.verdict]]));
  expect(byItem).toEqual({
    'DNS::pending': [2, 2, 'pass'],
    'HTTP::a': [10, 10, 'pass'],
    'HTTP::b': [5, 5, 'pass'],
    'Leaky::seen': [0, 1500, 'fail'],
    'Old::gone': [7, 0, 'pass'],
    skip_auth: [1, 1, 'pass'],
  });
});

test("module rules sum the module's variables; GLOBAL holds names without ::", () => {
  const e = evaluateSubject(now, [rule({ kind: 'module', pattern: '*' }, { max: 100 })], base);
  expect(e.checks.map((c) => [c.item, c.current, c.baseline, c.verdict])).toEqual([
    ['DNS', 2, 2, 'pass'],
    ['GLOBAL', 1, 1, 'pass'],
    ['HTTP', 15, 15, 'pass'],
    ['Leaky', 1500, 0, 'fail'],
    ['Old', 0, 7, 'pass'],
  ]);
});

test('total sums everything at the chosen dump', () => {
  const e = evaluateSubject(now, [rule({ kind: 'total' }, { increase: { percent: 1 } })], base);
  expect(e.checks).toHaveLength(1);
  expect(e.checks[0]).toMatchObject({ item: 'total', current: 1518, baseline: 25, verdict: 'fail' });
});

test('trace and node filters restrict a rule', () => {
  const r = rule({ kind: 'total' }, { max: 1, trace: 'other*' });
  expect(evaluateSubject(now, [r], base).checks).toHaveLength(0);
  const r2 = rule({ kind: 'total' }, { max: 1, trace: 'trace.*' });
  expect(evaluateSubject(now, [r2], base).checks).toHaveLength(1);
  const byNode = rule({ kind: 'total' }, { max: 1, node: 'worker-*' });
  expect(evaluateSubject(now, [byNode], base).checks).toHaveLength(0);
  expect(evaluateSubject({ ...now, node: 'worker-2' }, [byNode], base).checks).toHaveLength(1);
});

test('added, vanished and changed variables are listed against the baseline', () => {
  const e = evaluateSubject(now, [], base);
  expect(e.added).toEqual([{ name: 'Leaky::seen', baseline: 0, current: 1500 }]);
  expect(e.vanished).toEqual([{ name: 'Old::gone', baseline: 7, current: 0 }]);
  expect(e.changed).toEqual([]);
});

test('without a baseline, increase rules are not checked and nothing is listed as new', () => {
  const e = evaluateSubject(now, [rule({ kind: 'total' }, { increase: { percent: 1 } })], undefined);
  expect(e.checks[0]?.verdict).toBe('unchecked');
  expect(e.added).toEqual([]);
  expect(countChecks(e.checks)).toEqual({ passed: 0, failed: 0, warned: 0, unchecked: 1 });
});

test('timing rules use the median and the baseline median', () => {
  const timed = subject(now.dumps, { timing: { footprint_call: { median: 0.012, values: [0.011, 0.012, 0.02] } } });
  const r = rule({ kind: 'timing', figure: 'footprint_call' }, { increase: { percent: 50 } });
  const e = evaluateSubject(timed, [r], { ...base, timing: { footprint_call: 0.007 } });
  expect(e.checks[0]).toMatchObject({ current: 0.012, baseline: 0.007, verdict: 'fail' });
  const missing = evaluateSubject(subject(now.dumps), [r], base);
  expect(missing.checks[0]?.verdict).toBe('unchecked');
});

test('a changed trace checksum and a changed dump count are warned about', () => {
  const e = evaluateSubject({ ...now, trace_sha256: 'aaaa' }, [], { ...base, sha256: 'bbbb', dumps: 4 });
  expect(e.warnings.join('\n')).toMatch(/the trace changed since the baseline/);
  expect(e.warnings.join('\n')).toMatch(/3 dumps, the baseline has 4/);
});
