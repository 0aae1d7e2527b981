import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../harness/errors.js';
import { loadSuite } from '../../harness/suite/load-suite.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();

function suiteFile(yaml: string, name = 'suite.yaml'): string {
  const dir = tmp();
  mkdirSync(path.join(dir, 'traces'), { recursive: true });
  for (const t of ['a.pcap', 'b.pcap', 'c.pcapng.gz']) writeFileSync(path.join(dir, 'traces', t), 'x');
  writeFileSync(path.join(dir, 'traces', 'notes.txt'), 'x');
  writeFileSync(path.join(dir, 'extra.zeek'), '# a script\n');
  const file = path.join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

async function loadError(yaml: string): Promise<ConfigError> {
  const file = suiteFile(yaml);
  try {
    await loadSuite(file);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected the suite to be rejected');
}

test('a minimal suite gets the documented defaults', async () => {
  const suite = await loadSuite(suiteFile('traces: [traces/a.pcap]\n', 'mini.yaml'));
  expect(suite.name).toBe('mini');
  expect(suite.traces).toEqual([{ label: 'a.pcap', path: path.join(tmp(), 'traces', 'a.pcap'), compressed: false }]);
  expect(suite.repeat).toBe(1);
  expect(suite.timeout).toBe(600);
  expect(suite.zeek.interval).toBe(30);
  expect(suite.baselineFile).toBe(path.join(tmp(), 'baselines', 'mini.baseline.yaml'));
  expect(suite.defaultBudgets).toBe(true);
  expect(suite.budgets.map((b) => b.label)).toEqual(['total (final)', 'variable * (final)', 'connection * (max)']);
  expect(suite.budgets[2]).toMatchObject({ selector: { kind: 'connection', pattern: '*' }, measure: 'max', increase: { percent: 10, absolute: 100 } });
});

test('globs expand relative to the suite, sorted, and gz traces are marked compressed', async () => {
  const suite = await loadSuite(suiteFile('traces: ["traces/*.pcap", {path: traces/c.pcapng.gz, name: portmap}]\n'));
  expect(suite.traces.map((t) => [t.label, t.compressed])).toEqual([
    ['a.pcap', false],
    ['b.pcap', false],
    ['portmap', true],
  ]);
});

test('units resolve: durations to seconds, sizes to bytes, redef booleans to T/F, scripts to absolute paths', async () => {
  const suite = await loadSuite(
    suiteFile(`traces: [traces/a.pcap]
timeout: 1m30s
zeek:
  interval: 10 secs
  scripts: [local, ./extra.zeek]
  redefs: { "Foo::enabled": true, "Foo::n": 3 }
budgets:
  - timing: peak_rss
    max: 512MB
  - timing: footprint_call
    max: 50ms
    increase: { percent: 25, absolute: 5ms }
  - variable: "DNS::*"
    max: 5000
    level: warn
`),
  );
  expect(suite.timeout).toBe(90);
  expect(suite.zeek.interval).toBe(10);
  expect(suite.zeek.scripts).toEqual(['local', path.join(tmp(), 'extra.zeek')]);
  expect(suite.zeek.redefs).toEqual([
    ['Foo::enabled', 'T'],
    ['Foo::n', '3'],
  ]);
  expect(suite.budgets[0]?.max).toBe(512 * 1024 * 1024);
  expect(suite.budgets[1]?.max).toBeCloseTo(0.05);
  expect(suite.budgets[1]?.increase).toEqual({ percent: 25, absolute: 0.005 });
  expect(suite.budgets[2]).toMatchObject({ selector: { kind: 'variable', pattern: 'DNS::*' }, level: 'warn', location: { line: 13, column: 5 } });
  expect(suite.defaultBudgets).toBe(false);
});

test('connection and rss rules: the largest connection by default, sizes for memory, labels that say so', async () => {
  const suite = await loadSuite(
    suiteFile(`traces: [traces/a.pcap]
budgets:
  - connection: "zoo_*"
    max: 100
  - connection: "(connection)"
    measure: final
    increase: { percent: 10 }
  - timing: rss
    max: 1GiB
  - timing: rss
    measure: max
    growth: { max_per_hour: 64MB, warmup: 1m }
  - timing: rss
    scaling: { max_per_unit: 2KiB }
`),
  );
  const [zoo, whole, rss, rssGrowth, rssScaling] = suite.budgets;
  expect(zoo).toMatchObject({
    selector: { kind: 'connection', pattern: 'zoo_*' },
    measure: 'max',
    max: 100,
    label: 'connection zoo_* (max)',
    location: { line: 3, column: 5 },
  });
  expect(whole).toMatchObject({ selector: { kind: 'connection', pattern: '(connection)' }, measure: 'final', label: 'connection (connection) (final)' });
  expect(rss).toMatchObject({ selector: { kind: 'timing', figure: 'rss' }, measure: 'final', max: 1024 ** 3, label: 'timing rss (final)' });
  expect(rssGrowth).toMatchObject({ measure: 'max', growth: { maxPerHour: 64 * 1024 ** 2, warmup: 60 }, label: 'timing rss (growth)' });
  expect(rssScaling).toMatchObject({ scaling: { maxPerUnit: 2048 }, label: 'timing rss (scaling)' });
});

// Each bad suite must be rejected with the exact file:line:col, field path and a message saying what is expected.
test.each([
  ['unknown top-level key', 'traces: [traces/a.pcap]\nrepat: 3\n', /:2:1 repat: unknown key "repat"/],
  ['unknown key in a rule', 'traces: [traces/a.pcap]\nbudgets:\n  - variable: x\n    max: 1\n    maxx: 2\n', /:5:5 budgets\[0\]\.maxx: unknown key "maxx"/],
  ['negative max', 'traces: [traces/a.pcap]\nbudgets:\n  - total: true\n  - variable: x\n    max: -1\n', /:5:10 budgets\[1\]\.max: /],
  [
    'fractional footprint max',
    'traces: [traces/a.pcap]\nbudgets:\n  - variable: x\n    max: 1.5\n',
    /:4:10 budgets\[0\]\.max: expected a whole number of footprint entries/,
  ],
  ['rule without limit', 'traces: [traces/a.pcap]\nbudgets:\n  - variable: x\n', /:3:5 budgets\[0\]: a rule needs a limit/],
  [
    'rule with two selectors',
    'traces: [traces/a.pcap]\nbudgets:\n  - variable: x\n    module: y\n    max: 3\n',
    /budgets\[0\]: a rule has exactly one selector, got variable and module/,
  ],
  ['rule without selector', 'traces: [traces/a.pcap]\nbudgets:\n  - max: 3\n', /budgets\[0\]: a rule needs one selector/],
  ['bad duration', 'traces: [traces/a.pcap]\ntimeout: soon\n', /:2:10 timeout: expected a duration/],
  ['bad size for peak_rss', 'traces: [traces/a.pcap]\nbudgets:\n  - timing: peak_rss\n    max: lots\n', /:4:10 budgets\[0\]\.max: expected a size/],
  ['repeat out of range', 'traces: [traces/a.pcap]\nrepeat: 0\n', /:2:9 repeat: /],
  ['no traces', 'traces: []\n', /traces: a suite needs at least one trace/],
  ['missing traces key', 'repeat: 2\n', /traces: /],
  ['missing trace file', 'traces: [traces/a.pcap, traces/zzz.pcap]\n', /:1:25 traces\[1\]: trace not found: traces\/zzz\.pcap/],
  ['glob matching nothing', 'traces: ["nowhere/*.pcap"]\n', /traces\[0\]: no trace matches nowhere\/\*\.pcap/],
  ['a directory as trace', 'traces: [traces]\n', /traces\[0\]: traces is a directory/],
  ['not a trace file name', 'traces: ["traces/*.txt"]\n', /not a trace file name: .*notes\.txt/],
  ['missing script path', 'traces: [traces/a.pcap]\nzeek:\n  scripts: [./nope.zeek]\n', /:3:13 zeek\.scripts\[0\]: script not found: \.\/nope\.zeek/],
  ['bad redef name', 'traces: [traces/a.pcap]\nzeek:\n  redefs: { "not an id": 1 }\n', /zeek\.redefs/],
  [
    'timing rule with measure each',
    'traces: [traces/a.pcap]\nbudgets:\n  - timing: wall\n    measure: each\n    max: 1s\n',
    /budgets\[0\]\.measure: timing rules use the median/,
  ],
  [
    'rss with measure each',
    'traces: [traces/a.pcap]\nbudgets:\n  - timing: rss\n    measure: each\n    max: 1GiB\n',
    /:4:14 budgets\[0\].measure: timing: rss takes the final dump .* or the largest over the dumps .*; not each/,
  ],
  [
    'growth on a timing other than rss',
    'traces: [traces/a.pcap]\nbudgets:\n  - timing: wall\n    growth: { max_per_hour: 0 }\n',
    /:4:13 budgets\[0\].growth: growth and scaling apply to footprints .* and timing: rss/,
  ],
  [
    'a size as a footprint rate',
    'traces: [traces/a.pcap]\nbudgets:\n  - connection: http\n    scaling: { max_per_unit: 2KiB }\n',
    /:4:30 budgets\[0\]\.scaling\.max_per_unit: expected a number of footprint entries, got "2KiB" \(sizes like 2KiB are for timing: rss\)/,
  ],
  [
    'a bad size as an rss rate',
    'traces: [traces/a.pcap]\nbudgets:\n  - timing: rss\n    growth: { max_per_hour: lots }\n',
    /budgets\[0\]\.growth\.max_per_hour: expected a size like 512MB/,
  ],
  [
    'connection and variable together',
    'traces: [traces/a.pcap]\nbudgets:\n  - connection: http\n    variable: x\n    max: 3\n',
    /budgets\[0\]: a rule has exactly one selector, got variable and connection/,
  ],
  [
    'unknown key in a connection rule',
    'traces: [traces/a.pcap]\nbudgets:\n  - connection: http\n    max: 3\n    uid: C1\n',
    /:5:5 budgets\[0\]\.uid: unknown key "uid"/,
  ],
  [
    'fractional connection max',
    'traces: [traces/a.pcap]\nbudgets:\n  - connection: http\n    max: 2.5\n',
    /:4:10 budgets\[0\]\.max: expected a whole number of footprint entries/,
  ],
  [
    'increase without amounts',
    'traces: [traces/a.pcap]\nbudgets:\n  - total: true\n    increase: {}\n',
    /budgets\[0\]\.increase: give percent, absolute, or both/,
  ],
  ['invalid YAML', 'traces: [traces/a.pcap\n', /invalid YAML/],
  ['duplicate key', 'traces: [traces/a.pcap]\ntraces: [traces/b.pcap]\n', /:2:1: invalid YAML: Map keys must be unique/],
])('%s', async (_name, yaml, expected) => {
  const err = await loadError(yaml);
  expect(err.message).toMatch(expected);
  expect(err.message.startsWith(path.join(tmp(), 'suite.yaml'))).toBe(true);
  expect(err.exitCode).toBe(2);
});

test('several problems are all reported, each with its own line', async () => {
  const err = await loadError('traces: [traces/a.pcap]\nrepeat: 0\ntop: -1\n');
  const lines = err.message.split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/:2:9 repeat:/);
  expect(lines[1]).toMatch(/:3:6 top:/);
});

test('an alias bomb is refused instead of expanding', async () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 0; i < 8; i++)
    bomb.push(
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(97 + i)}`)
        .join(',')}]`,
    );
  const err = await loadError(`${bomb.join('\n')}\ntraces: [traces/a.pcap]\n`);
  expect(err.message).toMatch(/invalid YAML: .*alias/i);
});

test('a missing suite file is a usage error naming it', async () => {
  await expect(loadSuite(path.join(tmp(), 'absent.yaml'))).rejects.toThrow(/absent\.yaml: cannot read suite: no such file/);
});

test('two traces with the same label are refused', async () => {
  const dir = tmp();
  const err = await loadError('traces: [traces/a.pcap, {path: traces/b.pcap, name: a.pcap}]\n');
  expect(err.message).toMatch(/two traces are both labelled "a.pcap"/);
  expect(dir).toBeTruthy();
});

describe('workload traces', () => {
  test('a count list gives one trace per size in one scaling group, cached by parameters', async () => {
    const file = suiteFile('traces:\n  - workload: { kind: tcp-churn, count: [100, 200], duration: 30m, seed: 2 }\n    name: conns\n');
    const suite = await loadSuite(file, { workloadCache: '/cache' });
    expect(suite.traces.map((t) => t.label)).toEqual(['conns-100', 'conns-200']);
    expect(suite.traces[0]?.path).toMatch(/^\/cache\/tcp-churn-n100-h10-d1800s-s2-g\d+\.pcap$/);
    expect(suite.traces[0]?.workload).toMatchObject({
      group: 'conns (tcp-churn, 30m, seed 2)',
      unit: 'connection',
      spec: { kind: 'tcp-churn', count: 100, duration: 1800, seed: 2, hosts: 10 },
    });
  });

  test('a single count is labelled kind-count', async () => {
    const suite = await loadSuite(suiteFile('traces:\n  - workload: { kind: dns, count: 50, duration: 60s }\n'), { workloadCache: '/c' });
    expect(suite.traces.map((t) => t.label)).toEqual(['dns-50']);
  });

  test.each([
    [
      'an unknown kind',
      'traces:\n  - workload: { kind: ftp, count: 5, duration: 1m }\n',
      /:2:23 traces\[0\]\.workload\.kind: Invalid option: expected one of "tcp-churn"/,
    ],
    ['a zero count in a list', 'traces:\n  - workload: { kind: dns, count: [5, 0], duration: 1m }\n', /traces\[0\]\.workload\.count\[1\]: /],
    ['a zero duration', 'traces:\n  - workload: { kind: dns, count: 5, duration: 0 }\n', /traces\[0\]\.workload\.duration: /],
    [
      'a growth rule on a timing',
      'traces: [traces/a.pcap]\nbudgets:\n  - timing: wall\n    growth: {}\n',
      /budgets\[0\]\.growth: growth and scaling apply to footprints/,
    ],
    [
      'scaling without limits',
      'traces: [traces/a.pcap]\nbudgets:\n  - total: true\n    scaling: {}\n',
      /budgets\[0\]\.scaling: give max_per_unit, max_exponent, or both/,
    ],
  ])('%s is rejected with its place', async (_n, yaml, expected) => {
    const err = await loadError(yaml);
    expect(err.message).toMatch(expected);
  });
});

test('a workload rate makes each size last count/rate seconds', async () => {
  const suite = await loadSuite(suiteFile('traces:\n  - workload: { kind: tcp-churn, count: [100, 400], rate: 5 }\n'), { workloadCache: '/c' });
  expect(suite.traces.map((t) => [t.label, t.workload?.spec.duration, t.workload?.group])).toEqual([
    ['tcp-churn-100', 20, 'tcp-churn (tcp-churn, 5/s, seed 1)'],
    ['tcp-churn-400', 80, 'tcp-churn (tcp-churn, 5/s, seed 1)'],
  ]);
  const err = await loadError('traces:\n  - workload: { kind: dns, count: 5, rate: 1, duration: 1m }\n');
  expect(err.message).toMatch(/traces\[0\]\.workload: give either duration or rate/);
});
