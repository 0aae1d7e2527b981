// connection: and timing: rss rules on subjects built from dumps: which dump and connection a rule
// takes, how the worst connection is named, and what a baseline without connection data means.
import { evaluateSubject } from '../../harness/budget/evaluate.js';
import { evaluateScaling } from '../../harness/budget/scaling-checks.js';
import { NO_BASELINE_CONNECTIONS, NO_CONNECTION_DATA } from '../../harness/budget/connection-checks.js';
import { NO_RSS } from '../../harness/budget/timing-checks.js';
import type { BaselineSubject } from '../../harness/baseline/types.js';
import type { ConnField, Dump, Subject } from '../../harness/measure/types.js';
import { rule } from './rules.js';

const conn = (max: number, uid: string, extra: Partial<ConnField> = {}): ConnField => ({
  connections: 3,
  total: max + 10,
  max,
  uid,
  id: `10.0.0.1:${uid.length}4711/tcp -> 10.0.0.2:80/tcp`,
  live: false,
  ...extra,
});

function dump(i: number, conns: Record<string, ConnField> | undefined, rss?: number): Dump {
  return {
    run: i + 1,
    node: '',
    ts: 1000 + 60 * i,
    networkTime: 60 * i,
    footprints: new Map([['Site::local_nets', 3]]),
    ...(conns ? { conns: new Map(Object.entries(conns)) } : {}),
    ...(rss !== undefined ? { rss } : {}),
  };
}

function subject(dumps: Dump[], extra: Partial<Subject> = {}): Subject {
  return { name: 'trace.pcap', trace: 'trace.pcap', dumps, timing: {}, ...extra };
}

// zoo_pending peaks at dump 2 on CBig (it ended then); http is steady; the final dump is small.
const leaky = subject([
  dump(0, {}),
  dump(1, { zoo_pending: conn(12004, 'CBig'), http: conn(67, 'CH1'), '(connection)': conn(12100, 'CBig') }),
  dump(2, { zoo_pending: conn(30, 'CLive', { live: true }), http: conn(60, 'CH2'), '(connection)': conn(219, 'CH2') }),
]);

const base: BaselineSubject = {
  dumps: 3,
  timing: {},
  variables: { 'Site::local_nets': [3, 3, 3] },
  connections: { http: [0, 67, 60], '(connection)': [0, 200, 219] },
};

const connectionRule = (pattern: string, limits = {}) => rule({ kind: 'connection', pattern }, { measure: 'max', ...limits });

test('max bounds the largest single connection of the run, and the failure names it', () => {
  const e = evaluateSubject(leaky, [connectionRule('zoo_*', { max: 100 })], base);
  expect(e.checks).toHaveLength(1);
  expect(e.checks[0]).toMatchObject({
    item: 'zoo_pending',
    current: 12004,
    verdict: 'fail',
    reason: 'max 12004 in CBig (10.0.0.1:44711/tcp -> 10.0.0.2:80/tcp), allowed 100',
    connection: { uid: 'CBig', id: '10.0.0.1:44711/tcp -> 10.0.0.2:80/tcp', live: false, dump: 2 },
  });
});

test('measure final takes the final dump only: the connection that ended mid-run is not in it', () => {
  const e = evaluateSubject(leaky, [connectionRule('zoo_pending', { max: 100, measure: 'final' })], base);
  expect(e.checks.map((c) => [c.current, c.verdict, c.reason])).toEqual([
    [30, 'pass', 'max 30 in CLive (10.0.0.1:54711/tcp -> 10.0.0.2:80/tcp, still open): <= max 100'],
  ]);
});

test('measure each judges every dump against the same dump of the baseline', () => {
  const e = evaluateSubject(leaky, [connectionRule('http', { increase: { absolute: 5 }, measure: 'each' })], { ...base, connections: { http: [0, 50, 60] } });
  expect(e.checks.map((c) => [c.dump, c.current, c.baseline, c.verdict, c.connection?.uid])).toEqual([
    [1, 0, 0, 'pass', undefined],
    [2, 67, 50, 'fail', 'CH1'],
    [3, 60, 60, 'pass', 'CH2'],
  ]);
  expect(e.checks[1]?.reason).toBe('max 67 in CH1 (10.0.0.1:34711/tcp -> 10.0.0.2:80/tcp), grew +17 (+34%) against the baseline, allowed +5');
});

test('"(connection)" selects the whole record as written; "*" every field', () => {
  expect(evaluateSubject(leaky, [connectionRule('(connection)', { max: 1e6 })], base).checks.map((c) => c.item)).toEqual(['(connection)']);
  expect(evaluateSubject(leaky, [connectionRule('*', { max: 1e6 })], base).checks.map((c) => c.item)).toEqual(['(connection)', 'http', 'zoo_pending']);
});

test('against the baseline: a field new since it is compared with 0, a known one with its recorded max', () => {
  const e = evaluateSubject(leaky, [connectionRule('*', { increase: { percent: 10, absolute: 100 } })], base);
  expect(e.checks.map((c) => [c.item, c.current, c.baseline, c.verdict])).toEqual([
    ['(connection)', 12100, 219, 'fail'],
    ['http', 67, 67, 'pass'],
    ['zoo_pending', 12004, 0, 'fail'],
  ]);
  expect(e.connectionFields).toEqual({
    added: [{ name: 'zoo_pending', baseline: 0, current: 12004 }],
    vanished: [],
    changed: [{ name: '(connection)', baseline: 219, current: 12100 }],
  });
});

test('a baseline recorded without connection data: increases are not checked, the fields listed as new, max still holds', () => {
  const old: BaselineSubject = { dumps: 3, timing: {}, variables: { 'Site::local_nets': [3, 3, 3] } };
  const e = evaluateSubject(
    leaky,
    [connectionRule('http', { increase: { percent: 10 } }), connectionRule('zoo_*', { max: 100, increase: { percent: 10 } })],
    old,
  );
  expect(e.checks.map((c) => [c.item, c.verdict, c.reason])).toEqual([
    ['http', 'unchecked', `max 67 in CH1 (10.0.0.1:34711/tcp -> 10.0.0.2:80/tcp): ${NO_BASELINE_CONNECTIONS}`],
    ['zoo_pending', 'fail', 'max 12004 in CBig (10.0.0.1:44711/tcp -> 10.0.0.2:80/tcp), allowed 100'],
  ]);
  expect(e.connectionFields?.added.map((a) => a.name)).toEqual(['(connection)', 'http', 'zoo_pending']);
});

test('logs without connection data: an explicit rule is not checked and says why; the default rule stays silent', () => {
  const plain = subject([dump(0, undefined), dump(1, undefined)]);
  const explicit = evaluateSubject(plain, [connectionRule('zoo_*', { max: 100 })], undefined);
  expect(explicit.checks.map((c) => [c.item, c.verdict, c.reason])).toEqual([['zoo_*', 'unchecked', NO_CONNECTION_DATA]]);
  const defaults = evaluateSubject(plain, [connectionRule('*', { increase: { percent: 10 }, location: { file: 's.yaml', line: 0, column: 0 } })], undefined);
  expect(defaults.checks).toEqual([]);
  expect(defaults.connectionFields).toBeUndefined();
});

test('growth: a field whose largest connection rises to the end fails and names the one at the end', () => {
  const rising = subject([0, 1, 2, 3, 4].map((i) => dump(i, { dce_rpc_backing: conn(100 * (i + 1), `CLong`, { live: i < 4 }) })));
  const e = evaluateSubject(rising, [connectionRule('dce_*', { growth: { maxPerHour: 0, warmup: 0 } })], undefined);
  expect(e.checks).toHaveLength(1);
  expect(e.checks[0]?.verdict).toBe('fail');
  expect(e.checks[0]?.reason).toMatch(
    /^still growing: \+6000\/h of traffic since \+0s \(100 -> 500\), allowed 0\/h; largest at the end: 500 in CLong \(10\.0\.0\.1:54711\/tcp -> 10\.0\.0\.2:80\/tcp\)$/,
  );
  expect(e.checks[0]?.series).toEqual([100, 200, 300, 400, 500]);
});

test('scaling: the largest connection of each size against the size, naming the largest one of the biggest run', () => {
  const sized = (n: number) =>
    subject([dump(0, {}), dump(1, { dce_rpc_backing: conn(2 * n + 5, `C${n}`) })], {
      name: `long-${n}`,
      trace: `long-${n}`,
      workload: { group: 'long', size: n, unit: 'request' },
    });
  const [g] = evaluateScaling([sized(100), sized(200), sized(400)], [connectionRule('dce_rpc_backing', { scaling: { maxPerUnit: 0.5 } })]);
  expect(g?.checks.map((c) => [c.item, c.verdict, c.series])).toEqual([['dce_rpc_backing', 'fail', [205, 405, 805]]]);
  expect(g?.checks[0]?.reason).toBe(
    'dce_rpc_backing grows 2.0 per request (linear, exponent 1.00) — budget allows 0.500 per request; at 400 requests the largest is 805 in C400 (10.0.0.1:44711/tcp -> 10.0.0.2:80/tcp)',
  );
  expect(g?.checks[0]?.connection).toEqual({ uid: 'C400', id: '10.0.0.1:44711/tcp -> 10.0.0.2:80/tcp', live: false, dump: 2, subject: 'long-400' });
});

test('scaling over runs without connection data or rss: not checked, saying why, instead of matching nothing', () => {
  const sized = (n: number) => subject([dump(0, undefined)], { name: `c-${n}`, trace: `c-${n}`, workload: { group: 'c', size: n, unit: 'connection' } });
  const [g] = evaluateScaling(
    [sized(100), sized(200)],
    [connectionRule('*', { scaling: { maxPerUnit: 1 } }), rule({ kind: 'timing', figure: 'rss' }, { scaling: { maxPerUnit: 1 } })],
  );
  expect(g?.checks.map((c) => [c.item, c.verdict, c.reason])).toEqual([
    ['*', 'unchecked', NO_CONNECTION_DATA],
    ['rss', 'unchecked', NO_RSS],
  ]);
});

describe('timing: rss', () => {
  const mib = 2 ** 20;
  const withRss = subject([dump(0, {}, 100 * mib), dump(1, {}, 400 * mib), dump(2, {}, 300 * mib)], {
    timing: { rss: { median: 300 * mib, values: [300 * mib, 310 * mib, 290 * mib] }, rss_max: { median: 400 * mib, values: [400 * mib] } },
  });
  const rssRule = (limits = {}) => rule({ kind: 'timing', figure: 'rss' }, limits);

  test('final dump by default, the largest with measure: max; both against the baseline', () => {
    const b: BaselineSubject = { dumps: 3, timing: { rss: 290 * mib, rss_max: 300 * mib }, variables: {} };
    const e = evaluateSubject(
      withRss,
      [rssRule({ max: 350 * mib }), rssRule({ max: 350 * mib, measure: 'max' }), rssRule({ measure: 'max', increase: { percent: 20 } })],
      b,
    );
    expect(e.checks.map((c) => [c.current / mib, c.verdict, c.reason])).toEqual([
      [300, 'pass', '<= max 350.0 MiB'],
      [400, 'fail', '400.0 MiB exceeds max 350.0 MiB'],
      [400, 'fail', 'grew +100.0 MiB (+33%) against the baseline, allowed 20%'],
    ]);
  });

  test('growth over the dumps, in bytes per hour', () => {
    const up = subject([0, 1, 2, 3].map((i) => dump(i, {}, (100 + 50 * i) * mib)));
    const e = evaluateSubject(up, [rssRule({ growth: { maxPerHour: 64 * mib, warmup: 0 } })], undefined);
    expect(e.checks.map((c) => [c.item, c.verdict, c.reason])).toEqual([
      ['rss', 'fail', 'still growing: +2.93 GiB/h of traffic since +0s (100.0 MiB -> 250.0 MiB), allowed 64.0 MiB/h'],
    ]);
  });

  test('scaling: bytes per unit of workload', () => {
    const sized = (n: number, kib: number) =>
      subject([dump(0, {})], {
        name: `c-${n}`,
        trace: `c-${n}`,
        workload: { group: 'c', size: n, unit: 'connection' },
        timing: { rss: { median: 100 * mib + n * kib * 1024, values: [] } },
      });
    const [g] = evaluateScaling([sized(1000, 1.9), sized(2000, 1.9), sized(4000, 1.9)], [rssRule({ scaling: { maxPerUnit: 1024 } })]);
    expect(g?.checks.map((c) => [c.verdict, c.reason])).toEqual([
      ['fail', 'RSS grows 1.9 KiB per connection (linear, exponent 1.00) — budget allows 1.0 KiB per connection'],
    ]);
  });

  test('logs without rss: not checked, and the reason says where rss comes from', () => {
    const none = subject([dump(0, {}), dump(1, {})]);
    const e = evaluateSubject(none, [rssRule({ max: 1 }), rssRule({ growth: { maxPerHour: 0, warmup: 0 } })], undefined);
    expect(e.checks.map((c) => [c.aspect, c.verdict, c.reason])).toEqual([
      ['limit', 'unchecked', NO_RSS],
      ['growth', 'unchecked', NO_RSS],
    ]);
  });
});
