// A year of 1-minute dumps is 525,600 per node: a series that long must not go through
// Math.max(...series), whose spread arguments overflow the stack past about 120,000 values.
import { evaluateSubject } from '../../harness/budget/evaluate.js';
import type { Dump, Subject } from '../../harness/measure/types.js';
import { renderHtml } from '../../harness/report/html-report.js';
import { maxOf, minOf } from '../../harness/util/stats.js';
import { sampleDocument, sampleSubject } from '../report/sample-document.js';
import { rule } from './rules.js';

const DUMPS = 200_000;

test('maxOf and minOf take more values than spread arguments can', () => {
  const values = Array.from({ length: DUMPS }, (_, i) => (i * 7919) % 100_003);
  expect(maxOf(values)).toBe(100_002);
  expect(minOf(values)).toBe(0);
  expect([maxOf([]), minOf([])]).toEqual([-Infinity, Infinity]);
});

test(`rules with measure max over ${DUMPS} dumps: variables, modules, the total and connection fields`, () => {
  const conns = new Map([['zoo', { connections: 1, total: 5, max: 5, uid: 'C1', id: 'x', live: false }]]);
  const dumps: Dump[] = Array.from({ length: DUMPS }, (_, i) => ({
    run: 1,
    node: 'worker-1',
    ts: 1_700_000_000 + 60 * i,
    footprints: new Map([
      ['Leaky::seen', i === 1234 ? 9_999_999 : i % 1000],
      ['Site::local_nets', 3],
    ]),
    conns: i === 77 ? new Map([['zoo', { ...conns.get('zoo')!, max: 4242 }]]) : conns,
  }));
  const s: Subject = { name: 'worker-1', node: 'worker-1', dumps, timing: {} };
  const e = evaluateSubject(
    s,
    [
      rule({ kind: 'variable', pattern: 'Leaky::*' }, { max: 10, measure: 'max' }),
      rule({ kind: 'module', pattern: '*' }, { max: 10, measure: 'max' }),
      rule({ kind: 'total' }, { max: 10, measure: 'max' }),
      rule({ kind: 'connection', pattern: 'zoo' }, { max: 10, measure: 'max' }),
    ],
    undefined,
  );
  expect(e.checks.map((c) => [c.item, c.current])).toEqual([
    ['Leaky::seen', 9_999_999],
    ['Leaky', 9_999_999],
    ['Site', 3],
    ['total', 10_000_002],
    ['zoo', 4242],
  ]);
});

test(`the HTML report charts a failing item over ${DUMPS} dumps`, () => {
  const doc = sampleDocument();
  const leak = Array.from({ length: DUMPS }, (_, i) => i);
  const subject = sampleSubject('long.pcap', leak);
  subject.checks = [
    {
      rule: { index: 0, label: 'variable Leaky::* (final)', level: 'error', line: 7 },
      item: 'Leaky::seen',
      current: DUMPS - 1,
      aspect: 'limit',
      verdict: 'fail',
      reason: 'too many',
    },
  ];
  doc.suites[0]!.subjects = [subject];
  const html = renderHtml(doc);
  expect(html).toContain('Leaky::seen per dump');
});
