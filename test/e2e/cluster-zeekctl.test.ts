// End-to-end: `zeek-budget budget` on suites with source: zeekctl, against the fake zeekctl
// (test/fixtures/fake-zeekctl.mjs: a five-node cluster on lo whose nodes log to the logger's spool,
// archiving in the background after stop) and the fake tcpreplay (connections the workers see).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  budgetOnCluster,
  clusterSuite,
  LEAK_BUDGETS,
  LEAKY,
  nodePids,
  REPLAY,
  useFakeCluster,
  zeekctl,
  type ClusterSubject as Subject,
} from '../zeekctl/fake-cluster.js';

let dir = '';
let prefix = '';
useFakeCluster((d, p) => {
  dir = d;
  prefix = p;
});

const suite = (source: Record<string, unknown>, extra = '') => clusterSuite(dir, prefix, source, extra);
const budget = (args: string[], env: Record<string, string> = {}) => budgetOnCluster(dir, args, env);
const leak = (s: Subject | undefined) => s?.dumps.map((d) => d.footprints['Leaky::seen']);
const siteScript = () => path.join(prefix, 'share', 'zeek', 'site', 'local.zeek');

test('deploy: the package goes in, traffic is replayed, 3 dumps per node come back from the archives, the cluster is stopped and local.zeek restored', async () => {
  const before = readFileSync(siteScript(), 'utf8');
  const r = await budget([suite({ mode: 'deploy', dumps: 3, replay: REPLAY }, LEAK_BUDGETS)]);
  // The leak grows on the workers only: their budget fails, the logger's holds.
  expect(r.code).toBe(1);
  expect(r.suite?.runFailures).toEqual([]);
  const subjects = r.suite?.subjects ?? [];
  expect(subjects.map((s) => [s.name, s.node, s.dumps.length])).toEqual([
    ['logger-1', 'logger-1', 3],
    ['manager', 'manager', 3],
    ['proxy-1', 'proxy-1', 3],
    ['worker-1', 'worker-1', 3],
    ['worker-2', 'worker-2', 3],
  ]);
  // 200 connections replayed at top speed right after the start; 3 entries each (one uid in a set).
  expect(leak(subjects[3])?.at(-1)).toBe(600);
  expect(leak(subjects[4])?.at(-1)).toBe(600);
  expect(leak(subjects[0])).toEqual([0, 0, 0]);
  expect(r.stdout).toMatch(/node worker-1 .*\n(.*\n)*?.*Leaky::seen .*600 .*FAIL 600 exceeds max 0/);
  expect(r.stdout).toMatch(/^1 passed, 2 failed/m);
  // Everything put back: stopped, local.zeek byte-identical, no copies left, the installed copy clean.
  expect(nodePids(prefix)).toEqual([]);
  expect(zeekctl(prefix, ['status']).stdout).toMatch(/^worker-2 +worker +localhost +stopped$/m);
  expect(readFileSync(siteScript(), 'utf8')).toBe(before);
  expect(existsSync(path.join(prefix, 'share', 'zeek', 'site', 'zeek-budget'))).toBe(false);
  expect(readdirSync(path.join(prefix, 'spool', 'installed-scripts-do-not-touch', 'site'))).toEqual(['local.zeek']);
  // The data came from the gzip archive zeekctl wrote after the stop.
  const days = readdirSync(path.join(prefix, 'logs')).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  expect(readdirSync(path.join(prefix, 'logs', days[0] ?? ''))).toEqual(
    expect.arrayContaining([expect.stringMatching(/^my_stats\.\d\d:\d\d:\d\d-\d\d:\d\d:\d\d\.log\.gz$/)]),
  );

  // --update records one baseline entry per node, keyed by the node's name, in the baseline of the
  // cluster's Zeek build (its zeek -N: the fake is the recorded build, without Spicy).
  const update = await budget([path.join(dir, 'cluster.yaml'), '--update']);
  expect(update.code).toBe(1);
  const baseline = readFileSync(path.join(dir, 'baselines', 'cluster.zeek-8.2-no-spicy.baseline.yaml'), 'utf8');
  expect(baseline).toMatch(/^zeek_version: 8\.2\.2\nzeek_build: no-spicy$/m);
  expect([...baseline.matchAll(/^ {2}(\S+):$/gm)].map((m) => m[1])).toEqual(['logger-1', 'manager', 'proxy-1', 'worker-1', 'worker-2']);
  expect(baseline).toMatch(/^ {4}dumps: 3$/m);
}, 60_000);

test('a replay that starts late (a loaded machine): the dumps waited for end with one that saw all the traffic', async () => {
  // 1.5 s before the first packet at a 0.3 s interval: every node's first 3 dumps come before any traffic.
  const r = await budget([suite({ mode: 'deploy', dumps: 3, replay: REPLAY }, LEAK_BUDGETS)], { FAKE_TCPREPLAY_START_MS: '1500' });
  expect(r.code).toBe(1);
  expect(r.suite?.runFailures).toEqual([]);
  const subjects = r.suite?.subjects ?? [];
  expect(subjects.map((s) => s.dumps.length)).toEqual([3, 3, 3, 3, 3]);
  expect(leak(subjects[3])?.at(-1)).toBe(600);
  expect(leak(subjects[4])?.at(-1)).toBe(600);
  // The window moved past the dumps before the traffic: they are not all from the first second.
  expect(subjects[3]?.dumps.at(-1)?.ts ?? 0).toBeGreaterThan((subjects[3]?.dumps[0]?.ts ?? 0) + 0.5);
}, 60_000);

// The timeouts leave the other nodes seconds for their dumps (the deadline counts from before the
// deploy): on a loaded machine starting five fake nodes alone can take a few seconds.
test('a node that never reports is exit 3 naming it; the cluster is still stopped and local.zeek restored', async () => {
  const before = readFileSync(siteScript(), 'utf8');
  const r = await budget([suite({ mode: 'deploy', dumps: 2, timeout: '6s' })], { FAKE_ZEEKCTL_SILENT: 'worker-2' });
  expect(r.code).toBe(3);
  expect(r.suite?.runFailures).toEqual([
    expect.objectContaining({
      trace: 'worker-2',
      kind: 'no-logs',
      message: expect.stringMatching(/^node worker-2 \(worker\) sent no my_stats dumps within 6 s .*zeekctl diag worker-2/),
    }),
  ]);
  expect(r.suite?.subjects.map((s) => s.name)).toEqual(['logger-1', 'manager', 'proxy-1', 'worker-1']);
  expect(r.suite?.warnings).toEqual(
    expect.arrayContaining([expect.stringMatching(/^timed out after 6 s waiting for 2 dump\(s\) per node; dumps so far: worker-2 0$/)]),
  );
  expect(r.stdout).toContain('worker-2');
  expect(nodePids(prefix)).toEqual([]);
  expect(readFileSync(siteScript(), 'utf8')).toBe(before);
}, 60_000);

test('a node that stops sending (its process still running) is exit 3: it sent fewer dumps than asked', async () => {
  const r = await budget([suite({ mode: 'deploy', dumps: 3, timeout: '6s' })], { FAKE_ZEEKCTL_STALL: 'worker-1:1' });
  expect(r.code).toBe(3);
  expect(r.suite?.runFailures.map((f) => [f.trace, f.kind])).toEqual([['worker-1', 'no-logs']]);
  expect(r.suite?.runFailures[0]?.message).toMatch(/^node worker-1 sent only 1 of 3 dumps within 6 s \(the last at /);
  expect(r.suite?.subjects.map((s) => s.name)).not.toContain('worker-1');
}, 60_000);

test('a zeekctl that fails (a broken site policy) is exit 3 with its own output; our lines are taken out again', async () => {
  writeFileSync(siteScript(), `${readFileSync(siteScript(), 'utf8')}@load ./missing-policy.zeek\n`);
  const before = readFileSync(siteScript(), 'utf8');
  const r = await budget([suite({ mode: 'deploy' })]);
  expect(r.code).toBe(3);
  const failure = r.suite?.runFailures[0];
  expect(failure?.trace).toBe('zeekctl deploy');
  expect(failure?.kind).toBe('exit');
  expect(failure?.message).toMatch(
    /^`\S+\/bin\/zeekctl deploy` exited with status 1:\n {4}checking configurations \.\.\.\n {4}logger-1 scripts failed\.\n {4}error in \S+local\.zeek, line \d+: can't find \.\/missing-policy\.zeek/,
  );
  expect(r.suite?.subjects).toEqual([]);
  expect(readFileSync(siteScript(), 'utf8')).toBe(before);
  expect(nodePids(prefix)).toEqual([]);
}, 60_000);

test('use: a running cluster is measured as it is and left running', async () => {
  // The operator loads the package themselves; zeek-budget only reads.
  writeFileSync(
    siteScript(),
    `${readFileSync(siteScript(), 'utf8')}@load ${path.resolve('zeek-package', 'scripts')}\n@load ${LEAKY}\nredef my_stats::run_interval = 0.3sec;\nredef my_stats::min_var_size_to_log = 0;\n`,
  );
  expect(zeekctl(prefix, ['deploy']).code).toBe(0);
  const r = await budget([suite({ mode: 'use', dumps: 2 })]);
  expect(r.code).toBe(0);
  expect(r.suite?.runFailures).toEqual([]);
  expect(r.suite?.subjects.map((s) => [s.name, s.dumps.length])).toEqual([
    ['logger-1', 2],
    ['manager', 2],
    ['proxy-1', 2],
    ['worker-1', 2],
    ['worker-2', 2],
  ]);
  expect(nodePids(prefix)).toHaveLength(5);
  expect(zeekctl(prefix, ['status']).code).toBe(0);
}, 60_000);

test('use: a stopped cluster is started, and stopped again afterwards', async () => {
  writeFileSync(
    siteScript(),
    `${readFileSync(siteScript(), 'utf8')}@load ${path.resolve('zeek-package', 'scripts')}\nredef my_stats::run_interval = 0.3sec;\n`,
  );
  expect(zeekctl(prefix, ['install']).code).toBe(0);
  const r = await budget([suite({ mode: 'use', dumps: 2 })]);
  expect(r.suite?.runFailures).toEqual([]);
  expect(r.suite?.subjects).toHaveLength(5);
  expect(nodePids(prefix)).toEqual([]);
}, 60_000);

test('a replay onto an interface no node of node.cfg captures on is refused up front: exit 3, nothing deployed, no wait', async () => {
  const before = readFileSync(siteScript(), 'utf8');
  const r = await budget([suite({ mode: 'deploy', dumps: 5, replay: { ...REPLAY, interface: 'eth9' } })]);
  expect(r.code).toBe(3);
  expect(r.suite?.runFailures).toEqual([expect.objectContaining({ trace: 'replay', kind: 'exit' })]);
  expect(r.suite?.runFailures[0]?.message).toMatch(
    /^source\.zeekctl\.replay\.interface eth9 reaches no node of \S+\/etc\/node\.cfg \(worker-1: lo on localhost, worker-2: lo on localhost\): .* Replay onto lo, /,
  );
  // zeekctl never ran: no node was ever started, the site policy untouched.
  expect(existsSync(path.join(prefix, 'spool', 'worker-1', '.startup'))).toBe(false);
  expect(existsSync(path.join(prefix, 'spool', 'installed-scripts-do-not-touch'))).toBe(false);
  expect(readFileSync(siteScript(), 'utf8')).toBe(before);
});

test("a replay that fails (a trace tcpreplay cannot read) is exit 3 with tcpreplay's output; the cluster is stopped", async () => {
  const bad = path.join(dir, 'not-a.pcap');
  writeFileSync(bad, 'this is not a capture\n');
  const r = await budget([suite({ mode: 'deploy', dumps: 5, replay: { ...REPLAY, traces: [bad] } })]);
  expect(r.code).toBe(3);
  const failure = r.suite?.runFailures.find((f) => f.trace === 'tcpreplay');
  expect(failure?.message).toMatch(
    /^tcpreplay failed: `\S+fake-tcpreplay\.mjs --intf1=lo --topspeed \S+not-a\.pcap` exited with status 1:\n {4}tcpreplay: Error opening pcap file: /,
  );
  expect(nodePids(prefix)).toEqual([]);
}, 60_000);

test('no zeekctl: exit 3 saying where it looked and how to point at one', async () => {
  const file = path.join(dir, 'nowhere.yaml');
  writeFileSync(file, `source:\n  zeekctl: { prefix: ${path.join(dir, 'nope')} }\n`);
  const r = await budget([file]);
  expect(r.code).toBe(3);
  expect(r.suite?.runFailures[0]?.message).toMatch(/^zeekctl not found at \S+nope\/bin\/zeekctl: no executable file there\.\nzeekctl comes with Zeek/);
});

// With the package's conns log: the fake zeekctl's nodes write their own logs (cluster-node.mjs), the
// conns log and rss included.
test('deploy with replay: workers report connection fields and rss; the rule names a connection per worker', async () => {
  const r = await budget([
    suite(
      { mode: 'deploy', dumps: 3, replay: REPLAY },
      'budgets:\n  - { connection: "(connection)", node: "worker-*", max: 1 }\n  - { timing: rss, max: 64GiB }\n',
    ),
  ]);
  expect(r.suite?.runFailures).toEqual([]);
  expect(r.code).toBe(1);
  for (const w of ['worker-1', 'worker-2']) {
    expect(r.stdout).toMatch(
      new RegExp(`node ${w} [^\\n]*\\n(.*\\n)*? +FAIL connection field \\(connection\\): max \\d+ in C\\w+ \\(\\S+ -> \\S+\\), allowed 1 `),
    );
    const subject = r.suite?.subjects.find((s) => s.name === w);
    expect(subject?.dumps.some((d) => d.connections !== undefined && Object.keys(d.connections).length > 0)).toBe(true);
    expect(subject?.timing?.rss?.median).toBeGreaterThan(0);
  }
});
