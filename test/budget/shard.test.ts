import { parseShard, shardSelector } from '../../harness/pipeline/shard.js';
import type { Suite, TraceRef } from '../../harness/suite/types.js';

function suite(name: string, labels: string[], repeat = 1, groups: Record<string, string> = {}): Suite {
  const traces: TraceRef[] = labels.map((label) => ({
    label,
    path: `/t/${label}`,
    compressed: false,
    ...(groups[label] ? { workload: { group: groups[label], unit: 'connection', spec: {} as never } } : {}),
  }));
  return { name, traces, repeat } as unknown as Suite;
}

const all = () => true;

function split(suites: Suite[], n: number): string[][] {
  return Array.from({ length: n }, (_, i) => {
    const mine = shardSelector(suites, all, { index: i + 1, count: n });
    return suites.flatMap((s) => s.traces.filter((t) => mine(s, t)).map((t) => `${s.name}/${t.label}`));
  });
}

test('every trace runs in exactly one shard, and the shards get about the same number of runs', () => {
  const labels = Array.from({ length: 23 }, (_, i) => `t${i}.pcap`);
  const suites = [suite('a', labels), suite('b', labels.slice(0, 9), 3)];
  for (const n of [1, 2, 3, 5]) {
    const shares = split(suites, n);
    const flat = shares.flat();
    expect(flat.sort()).toEqual(suites.flatMap((s) => s.traces.map((t) => `${s.name}/${t.label}`)).sort());
    const runs = shares.map((share) => share.reduce((r, id) => r + (id.startsWith('b/') ? 3 : 1), 0));
    // Greedy by run count: no shard is more than one unit (3 runs) ahead of another.
    expect(Math.max(...runs) - Math.min(...runs)).toBeLessThanOrEqual(3);
  }
});

test('the split depends on the labels, not on their order in the suite or the order of suites', () => {
  const labels = ['dns.pcap', 'http.pcap', 'scan.pcap', 'churn.pcap', 'long.pcap', 'x.pcapng'];
  const one = split([suite('a', labels), suite('b', ['q.pcap', 'r.pcap'])], 3).map((s) => [...s].sort());
  const other = split([suite('b', ['r.pcap', 'q.pcap']), suite('a', [...labels].reverse())], 3).map((s) => [...s].sort());
  expect(other).toEqual(one);
});

test('a workload scaling group stays in one shard (its fit needs every size)', () => {
  const labels = ['conns-100', 'conns-200', 'conns-400', 'dns.pcap', 'http.pcap'];
  const groups = { 'conns-100': 'conns', 'conns-200': 'conns', 'conns-400': 'conns' };
  for (const n of [2, 3, 4]) {
    const holders = split([suite('a', labels, 1, groups)], n).filter((share) => share.some((id) => id.startsWith('a/conns-')));
    expect(holders).toHaveLength(1);
    expect(holders[0]!.filter((id) => id.startsWith('a/conns-'))).toHaveLength(3);
  }
});

test('only traces the filter lets through are dealt out', () => {
  const s = suite('a', ['a.pcap', 'b.pcap', 'c.pcap', 'd.pcap']);
  const onlyAB = (_: Suite, t: TraceRef) => t.label < 'c';
  const shares = [1, 2].map((i) => s.traces.filter((t) => shardSelector([s], onlyAB, { index: i, count: 2 })(s, t)).map((t) => t.label));
  expect(shares.flat().sort()).toEqual(['a.pcap', 'b.pcap']);
  expect(shares.every((x) => x.length === 1)).toBe(true);
});

test('--shard takes INDEX/COUNT', () => {
  expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
  for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0', '-1/2']) expect(() => parseShard(bad)).toThrow(/--shard takes INDEX\/COUNT/);
});
