// Timing rules under --against: `increase` on the paired head/base runs, `max` on head's median.
import { evaluateSubject } from '../../harness/budget/evaluate.js';
import { compareTimings, pairedTimingCheck } from '../../harness/budget/paired-timing.js';
import type { Subject } from '../../harness/measure/types.js';
import { median } from '../../harness/util/stats.js';
import { rule } from './rules.js';

function subject(calls: number[], extra: Partial<Subject['timing']> = {}): Subject {
  return { name: 't.pcap', trace: 't.pcap', dumps: [], timing: { footprint_call: { median: median(calls), values: calls }, ...extra } };
}

const call = { kind: 'timing', figure: 'footprint_call' } as const;
const base = subject([0.01, 0.01, 0.01, 0.01, 0.01]);

test('a slowdown in every pair is over the allowance: fail, with the ratio and its interval', () => {
  const c = pairedTimingCheck(rule(call, { increase: { percent: 10 } }), subject([0.02, 0.02, 0.021, 0.019, 0.02]), base, 'base 1a2b3c4');
  expect(c.verdict).toBe('fail');
  expect(c.paired).toMatchObject({ kind: 'ratio', median: 2, low: 1.9, high: 2.1, pairs: 5, limit: 1.1, outcome: 'over' });
  expect(c.reason).toBe('head/base ×2.00 (95% CI ×1.90 to ×2.10, 5 pairs) above the allowed ×1.10 (+10%) against base 1a2b3c4');
  expect([c.current, c.baseline]).toEqual([0.02, 0.01]);
});

test('noise that straddles the allowance is inconclusive: a warning that says to raise repeat', () => {
  const c = pairedTimingCheck(rule(call, { increase: { percent: 10 } }), subject([0.008, 0.014, 0.009, 0.013, 0.012]), base, 'base 1a2b3c4');
  expect(c.verdict).toBe('warn');
  expect(c.paired).toMatchObject({ median: 1.2, low: 0.8, high: 1.4, outcome: 'inconclusive' });
  expect(c.reason).toMatch(
    /^inconclusive against base 1a2b3c4: head\/base ×1\.20 \(95% CI ×0\.80 to ×1\.40, 5 pairs\) straddles the allowed ×1\.10 \(\+10%\); raise repeat \(now 5 pairs, e\.g\. --repeat 10\)/,
  );
});

test('an interval wholly within the allowance passes; a warn-level rule over it warns', () => {
  const head = subject([0.0101, 0.0099, 0.0102, 0.01, 0.0103]);
  expect(pairedTimingCheck(rule(call, { increase: { percent: 10 } }), head, base, 'base x').verdict).toBe('pass');
  const slow = subject([0.03, 0.03, 0.03, 0.03, 0.03]);
  expect(pairedTimingCheck(rule(call, { increase: { percent: 10 }, level: 'warn' }), slow, base, 'base x').verdict).toBe('warn');
});

test("max applies to head's own median, whatever the ratio says", () => {
  const head = subject([0.0101, 0.0099, 0.0102, 0.01, 0.0103]);
  const c = pairedTimingCheck(rule(call, { increase: { percent: 10 }, max: 0.005 }), head, base, 'base x');
  expect(c.verdict).toBe('fail');
  expect(c.reason).toBe('10.1 ms exceeds max 5.00 ms');
});

test('absolute: judged on the paired differences; with percent too, only growth beyond both fails', () => {
  const head = subject([0.013, 0.013, 0.0131, 0.0129, 0.013]);
  const abs = pairedTimingCheck(rule(call, { increase: { absolute: 0.002 } }), head, base, 'base x');
  expect(abs.verdict).toBe('fail');
  expect(abs.paired).toMatchObject({ kind: 'difference', limit: 0.002, outcome: 'over' });
  expect(abs.paired?.median).toBeCloseTo(0.003, 9);
  // +30% is over 10%, but +3 ms is within 5 ms: within one of the two is enough.
  expect(pairedTimingCheck(rule(call, { increase: { percent: 10, absolute: 0.005 } }), head, base, 'base x').verdict).toBe('pass');
  expect(pairedTimingCheck(rule(call, { increase: { percent: 10, absolute: 0.001 } }), head, base, 'base x').verdict).toBe('fail');
});

test('fewer than three pairs never decide, however clear they look', () => {
  const c = pairedTimingCheck(rule(call, { increase: { percent: 10 } }), subject([0.02, 0.02]), subject([0.01, 0.01]), 'base x');
  expect(c.verdict).toBe('warn');
  expect(c.reason).toMatch(/only 2 pairs, at least 3 are needed/);
});

test('no base measurement: not checked, as without a baseline', () => {
  const c = pairedTimingCheck(rule(call, { increase: { percent: 10 } }), subject([0.02, 0.02, 0.02]), undefined, 'base x');
  expect(c.verdict).toBe('unchecked');
});

test('evaluateSubject with a paired base: timing increases use the pairs, every figure gets a ratio', () => {
  const head = subject([0.02, 0.02, 0.02], { peak_rss: { median: 200, values: [200, 200, 200] }, wall: { median: 1, values: [1, 1.1, 0.9] } });
  const b = subject([0.01, 0.01, 0.01], { peak_rss: { median: 100, values: [100, 100, 100] }, wall: { median: 1, values: [1, 1, 1] } });
  const e = evaluateSubject(head, [rule(call, { increase: { percent: 10 } })], undefined, { pairedBase: b, reference: 'base x' });
  expect(e.checks[0]?.paired?.outcome).toBe('over');
  expect(e.timingComparisons?.map((t) => [t.figure, t.ratio.median])).toEqual([
    ['footprint_call', 2],
    ['wall', 1],
    ['peak_rss', 2],
  ]);
  expect(compareTimings(head, b)[1]?.ratio).toMatchObject({ low: 0.9, high: 1.1, pairs: 3 });
  // Without a paired base the same rule compares medians with the baseline, as always.
  const plain = evaluateSubject(head, [rule(call, { increase: { percent: 10 } })], { dumps: 0, timing: { footprint_call: 0.01 }, variables: {} });
  expect(plain.checks[0]?.paired).toBeUndefined();
  expect(plain.checks[0]?.reason).toMatch(/against the baseline/);
});

test('--against treats connection rules and timing: rss like any rule: the base becomes the baseline, rss pairs like any timing', async () => {
  const { updatedBaseline } = await import('../../harness/baseline/update-baseline.js');
  const conn = (max: number, uid: string) => ({ connections: 2, total: max, max, uid, id: `10.0.0.1:4711/tcp -> 10.0.0.2:80/tcp`, live: false });
  const side = (zoo: number, rss: number[]): Subject => ({
    name: 't.pcap',
    trace: 't.pcap',
    dumps: [{ run: 1, node: '', ts: 1, footprints: new Map([['Pkg::t', 1]]), conns: new Map([['zoo', conn(zoo, `C${zoo}`)]]), rss: rss[0] }],
    timing: { rss: { median: median(rss), values: rss } },
  });
  const head = side(900, [300, 310, 305]);
  const base = side(100, [100, 101, 99]);
  // What run-against does: the base's runs as an in-memory baseline, and the base's subject for the pairs.
  const baseline = updatedBaseline(undefined, { suite: 's', zeekVersion: '8.2.2', packageVersion: '1', subjects: [base] }, 'all').subjects['t.pcap'];
  const rules = [
    rule({ kind: 'connection', pattern: 'zoo' }, { index: 0, measure: 'max', increase: { percent: 10 } }),
    rule({ kind: 'timing', figure: 'rss' }, { index: 1, increase: { percent: 10 } }),
  ];
  const e = evaluateSubject(head, rules, baseline, { pairedBase: base, reference: 'base 9f8e7d6' });
  expect(e.checks[0]).toMatchObject({ item: 'zoo', current: 900, baseline: 100, verdict: 'fail' });
  expect(e.checks[0]?.reason).toMatch(/grew \+800 \(\+800%\) against base 9f8e7d6/);
  expect(e.checks[1]).toMatchObject({ item: 'rss', verdict: 'fail', paired: { kind: 'ratio', pairs: 3, outcome: 'over' } });
  expect(e.checks[1]?.paired?.low).toBeGreaterThan(2.9);
  expect(e.timingComparisons?.map((t) => t.figure)).toEqual(['rss']);
});
