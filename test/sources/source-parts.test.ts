// The small parts of the log and cluster sources: node.cfg, points in time, dump grouping, cutoffs.
import type { SubjectEvaluation } from '../../harness/budget/types.js';
import { EnvironmentError } from '../../harness/errors.js';
import { NodeDumpsCollector } from '../../harness/measure/node-dumps.js';
import type { Dump } from '../../harness/measure/types.js';
import { reconcileCutoff } from '../../harness/budget/cutoff-changes.js';
import { detectCutoff } from '../../harness/sources/cutoff.js';
import { parseNodeCfg } from '../../harness/sources/node-cfg.js';
import { nodeSubject } from '../../harness/sources/node-subjects.js';
import { parseTimePoint } from '../../harness/util/time-point.js';
import { StringTable, type DumpRow, type FootprintRow } from '../../harness/zeek-log/my-stats.js';

describe('node.cfg', () => {
  test('sections with type, host and interface; comments; lb_procs workers expanded as zeekctl names them', () => {
    const nodes = parseNodeCfg(
      '# cluster\n[logger-1]\ntype = logger\nhost=localhost\n\n[manager]\ntype=manager ; the one\nhost=10.0.0.1\n\n[worker-1]\ntype=worker\nhost=10.0.0.2\ninterface=af_packet::eth1\nlb_method=custom\nlb_procs=3\n',
      'node.cfg',
    );
    expect(nodes).toEqual([
      { name: 'logger-1', type: 'logger', host: 'localhost' },
      { name: 'manager', type: 'manager', host: '10.0.0.1' },
      ...[1, 2, 3].map((k) => ({ name: `worker-1-${k}`, type: 'worker', host: '10.0.0.2', interface: 'af_packet::eth1', lbProcs: 3 })),
    ]);
  });

  test('a node without a known type is an environment error with the line', () => {
    expect(() => parseNodeCfg('[w]\nhost=x\n', '/etc/node.cfg')).toThrow(
      new EnvironmentError('node [w] has no type= (one of logger, manager, proxy, worker, standalone)', { file: '/etc/node.cfg', line: 1 }),
    );
    expect(() => parseNodeCfg('[w]\ntype=sensor\n', '/etc/node.cfg')).toThrow(
      '/etc/node.cfg:2: node [w] has type=sensor; zeekctl knows logger, manager, proxy, worker, standalone',
    );
  });
});

describe('points in time', () => {
  const now = 1_800_000_000;
  test("Unix seconds, local dates, zoned ISO times, Zeek's #open spelling, durations before now", () => {
    expect(parseTimePoint(1795358712.5, now)).toBe(1795358712.5);
    expect(parseTimePoint('1795358712', now)).toBe(1795358712);
    expect(parseTimePoint('2026-11-22T14:45:00Z', now)).toBe(Date.UTC(2026, 10, 22, 14, 45) / 1000);
    expect(parseTimePoint('2026-11-22T14:45:00+02:00', now)).toBe(Date.UTC(2026, 10, 22, 12, 45) / 1000);
    expect(parseTimePoint('2026-11-22 14:45', now)).toBe(new Date(2026, 10, 22, 14, 45).getTime() / 1000);
    expect(parseTimePoint('2026-11-22-14-45-13', now)).toBe(new Date(2026, 10, 22, 14, 45, 13).getTime() / 1000);
    expect(parseTimePoint('2026-11-22', now)).toBe(new Date(2026, 10, 22).getTime() / 1000);
    expect(parseTimePoint('2h', now)).toBe(now - 7200);
    expect(parseTimePoint('1h30m', now)).toBe(now - 5400);
  });

  test('anything else names the accepted forms', () => {
    expect(() => parseTimePoint('yesterday', now)).toThrow(/^invalid time "yesterday": expected a Unix time .*a duration before now/);
    expect(() => parseTimePoint(-1, now)).toThrow(/^invalid time -1/);
  });
});

const row = (node: string, run: number, ts: number, variable: string, size: number): FootprintRow => ({
  node,
  run,
  ts,
  module: 'M',
  variable,
  size,
  file: 'f',
  line: 1,
});
const info = (node: string, run: number, ts: number, globals: number, logged: number): DumpRow => ({
  node,
  run,
  ts,
  networkTime: ts,
  reason: 'interval',
  duration: 0.008,
  globals,
  logged,
  total: 10,
  peakRss: 1,
  file: 'f',
  line: 1,
});

describe('the dumps of each node, as the budget evaluation takes them', () => {
  function collect(rows: FootprintRow[], infos: DumpRow[] = [], latestOnly = false) {
    const strings = new StringTable();
    const c = new NodeDumpsCollector(strings, { latestOnly });
    for (const r of infos) c.tracker.addInfo(strings.idOf(r.node), r);
    for (const r of rows) c.tracker.add(r.ts, r.run, strings.idOf(r.node), strings.idOf(r.module), strings.idOf(r.variable), r.size);
    return c.result();
  }

  test('nodes interleave; a run number starting over, or a variable repeating in the same run, is a new dump', () => {
    const nodes = collect([
      row('w1', 1, 100, 'a', 1),
      row('w2', 1, 100.1, 'a', 5),
      row('w1', 1, 100.2, 'b', 2),
      row('w1', 2, 110, 'a', 3),
      row('w1', 1, 200, 'a', 0),
      row('w1', 1, 260, 'a', 9),
      row('w1', 1, 260.1, 'a', 8),
    ]);
    const w1 = nodes.find((n) => n.node === 'w1');
    expect(w1?.dumps.map((d) => [d.run, d.ts, Object.fromEntries(d.footprints)])).toEqual([
      [1, 100, { a: 1, b: 2 }],
      [2, 110, { a: 3 }],
      [1, 200, { a: 0 }],
      [1, 260, { a: 9 }],
      [1, 260.1, { a: 8 }],
    ]);
    expect(w1?.track.restarts).toBe(3);
    expect(nodes.find((n) => n.node === 'w2')?.dumps.length).toBe(1);
  });

  test('latestOnly keeps one dump per node but still counts them all; runs rows give their dump its timing and cutoff', () => {
    const rows = Array.from({ length: 50 }, (_, i) => row('w1', i + 1, 110 + i * 10, 'a', i + 1));
    const infos = rows.map((r) => info('w1', r.run, r.ts, r.run === 50 ? 300 : 1, 1));
    const [n] = collect(rows, infos, true);
    expect(n?.track.dumps).toBe(50);
    expect(n?.track.recentStarts).toHaveLength(50);
    expect(n?.dumps.map((d) => [d.run, d.footprints.get('a'), d.unlogged, d.duration])).toEqual([[50, 50, 299, 0.008]]);
    // A runs row without footprint rows is a dump whose variables were all cut off.
    const all = collect([row('w1', 1, 100, 'a', 2000)], [info('w1', 1, 100, 300, 1), info('w1', 2, 110, 300, 0)]);
    expect(all[0]?.dumps.map((d) => [d.run, d.footprints.size, d.unlogged])).toEqual([
      [1, 1, 299],
      [2, 0, 300],
    ]);
  });
});

describe('the logging cutoff', () => {
  const dump = (footprints: Record<string, number>, unlogged?: number): Dump => ({
    run: 1,
    node: 'w',
    ts: 1,
    footprints: new Map(Object.entries(footprints)),
    unlogged,
  });
  test('our runs log says exactly; for the original package, a dump without any 0 was cut off', () => {
    expect(detectCutoff([dump({ a: 0, b: 5000 }, 0)])).toBeUndefined();
    expect(detectCutoff([dump({ a: 1500, b: 5000 }, 0)])).toBeUndefined();
    expect(detectCutoff([dump({ a: 1500, b: 5000 }, 200)])).toBe(1500);
    expect(detectCutoff([dump({ a: 0, b: 5000 })])).toBeUndefined();
    expect(detectCutoff([dump({ a: 1024, b: 5000 })])).toBe(1024);
  });

  test('with a cutoff, vanished and new variables are reported as below / above it instead', () => {
    const subject = nodeSubject('worker-1', [dump({ b: 5000, c: 1300 })]);
    expect(subject.cutoff).toBe(1300);
    const e: SubjectEvaluation = {
      name: 'worker-1',
      subject,
      checks: [],
      changed: [],
      warnings: [],
      added: [{ name: 'c', baseline: 0, current: 1300 }],
      vanished: [{ name: 'a', baseline: 1100, current: 0 }],
    };
    const r = reconcileCutoff(e);
    expect(r.added).toEqual([]);
    expect(r.vanished).toEqual([]);
    expect(r.warnings).toEqual([
      'below the logging cutoff now (not logged; the logs only hold footprints of at least about 1300, my_stats::min_var_size_to_log): a (was 1100)',
      'above the logging cutoff now (new, or grown past my_stats::min_var_size_to_log since the baseline): c (1300)',
    ]);
    // Without a cutoff nothing changes.
    const plain = { ...e, subject: { ...subject, cutoff: undefined } };
    expect(reconcileCutoff(plain)).toBe(plain);
  });
});
