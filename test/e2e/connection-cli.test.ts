// End to end through the built CLI: connection fields and current RSS.
// - Over log trees written with the project's Zeek encoder (`check --logs`, `source: logs`): the
//   reading, rules, baselines and reporters are all real there, whatever the fake zeek writes.
// - Over zeek runs with the fake zeek, which writes my_stats_conns.log and rss as the package does
//   (and none of it with my_stats::conn_footprints=F).
// - With a real Zeek: the zoo_pending case.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli, FAKE_ZEEK, REPO } from '../helpers/run-cli.js';
import { REAL_ZEEK, withRealZeek } from '../helpers/real-zeek.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { writeMyStatsLogs, type ConnSpec, type StatsDump } from '../helpers/my-stats-logs.js';

const tmp = useTempDir();
const T0 = 1763820000;
const MiB = 2 ** 20;
const ID = '10.0.0.1:4711/tcp -> 10.0.0.2:80/tcp';

const run = (argv: string[], env: Record<string, string> = {}) => cli(argv, { cwd: tmp(), env });
const write = (name: string, text: string) => writeFileSync(path.join(tmp(), name), text);
const readJson = (name: string) => JSON.parse(readFileSync(path.join(tmp(), name), 'utf8'));

/**
 * A standalone zeek -r run's logs: a first dump, one mid-trace and the final one. On the leaky side
 * zoo_pending reaches 12004 on C8dAbj3, which ended mid-trace; the twin drains it (at most 9).
 */
function zooRun(dir: string, opts: { leak: boolean; rss?: number[]; http?: number } = { leak: true }): void {
  const zoo = (max: number, uid: string): ConnSpec => ({ field: 'zoo_pending', connections: 13, total: max + 500, max, uid, id: ID });
  const conns = (i: number): ConnSpec[] =>
    i === 0
      ? []
      : [
          { field: '(connection)', connections: 13, total: 2800, max: opts.leak && i === 1 ? 12150 : 219, uid: i === 1 ? 'C8dAbj3' : 'CfinaL', id: ID },
          { field: 'http', connections: 13, total: 800, max: opts.http ?? 67, uid: 'ChTTp1', id: '10.0.0.1:4712/tcp -> 10.0.0.2:80/tcp' },
          opts.leak ? zoo(i === 1 ? 12004 : 40, i === 1 ? 'C8dAbj3' : 'CfinaL') : zoo(9, 'CtWin'),
        ];
  const dumps: StatsDump[] = [0, 1, 2].map((i) => ({
    node: '',
    run: i + 1,
    ts: T0 + 10 * i,
    networkTime: 1000 + 10 * i,
    reason: ['first', 'trace_end', 'final'][i],
    footprints: { 'Site::local_nets': 3, 'HTTP::x': 5 },
    rss: opts.rss?.[i],
    packets: 100,
    conns: conns(i),
  }));
  writeMyStatsLogs(dir, dumps, { close: T0 + 60 });
}

const ZOO_SUITE = (paths: string) => `source: { logs: { paths: [${paths}], dumps: all } }
budgets:
  - connection: "zoo_*"
    max: 100
`;

test('check --logs: a per-connection table over its max fails naming the field and the connection; its drained twin passes', async () => {
  zooRun(path.join(tmp(), 'leak'), { leak: true });
  zooRun(path.join(tmp(), 'twin'), { leak: false });
  write('zoo.yaml', ZOO_SUITE('leak'));
  const leak = await run(['check', '--logs', 'leak', '--suite', 'zoo.yaml', '--dumps', 'all']);
  expect(leak.code).toBe(1);
  expect(leak.stdout).toContain(`    FAIL connection field zoo_pending: max 12004 in C8dAbj3 (${ID}), allowed 100  connection zoo_* (max)\n`);
  expect(leak.stdout).toMatch(/^ {4}largest connection fields: \(connection\) 12150 in C8dAbj3, zoo_pending 12004 in C8dAbj3, http 67 in ChTTp1$/m);
  expect(leak.stdout).toMatch(/^0 passed, 1 failed/m);
  const twin = await run(['check', '--logs', 'twin', '--suite', 'zoo.yaml', '--dumps', 'all']);
  expect(twin.stdout).not.toMatch(/FAIL/);
  expect(twin.stdout).toMatch(/^1 passed, 0 failed/m);
  expect(twin.code).toBe(0);
});

test('budget over a source: logs suite: every reporter names the worst connection; rss is budgeted', async () => {
  zooRun(path.join(tmp(), 'leak'), { leak: true, rss: [200 * MiB, 900 * MiB, 1536 * MiB] });
  write(
    'zoo.yaml',
    `${ZOO_SUITE('leak')}  - timing: rss
    max: 1GiB
  - timing: rss
    measure: max
    growth: { max_per_hour: 0 }
    level: warn
`,
  );
  const r = await run([
    'budget',
    '--no-progress',
    'zoo.yaml',
    '--json',
    'r.json',
    '--reporter',
    'junit=r.xml',
    '--reporter',
    'markdown=r.md',
    '--reporter',
    'github=r.gh',
    '--reporter',
    'html=r.html',
  ]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^ {4}rss +- +1\.50 GiB +max 1\.00 GiB +FAIL 1\.50 GiB exceeds max 1\.00 GiB +timing rss \(final\)$/m);
  expect(r.stdout).toMatch(/RSS 1\.50 GiB at the end/);
  const doc = readJson('r.json');
  const subject = doc.suites[0].subjects[0];
  expect(subject.name).toBe('standalone');
  const zoo = subject.checks.find((c: { item: string }) => c.item === 'zoo_pending');
  expect(zoo).toMatchObject({ verdict: 'fail', current: 12004, connection: { uid: 'C8dAbj3', id: ID, live: false, dump: 2 } });
  expect(subject.dumps[1].connections.zoo_pending).toEqual({ connections: 13, total: 12504, max: 12004, uid: 'C8dAbj3', id: ID, live: false });
  expect(subject.dumps.map((d: { rss: number }) => d.rss / MiB)).toEqual([200, 900, 1536]);
  // The growth rule sees rss rising over the dumps; a warning, so it does not fail the build.
  const growth = subject.checks.find((c: { aspect: string }) => c.aspect === 'growth');
  expect(growth).toMatchObject({ item: 'rss', verdict: 'warn' });
  expect(readFileSync(path.join(tmp(), 'r.xml'), 'utf8')).toContain(
    `<failure message="connection field zoo_pending: max 12004 in C8dAbj3 (10.0.0.1:4711/tcp -&gt; 10.0.0.2:80/tcp), allowed 100" type="limit">`,
  );
  expect(readFileSync(path.join(tmp(), 'r.md'), 'utf8')).toContain(`| \`connection field zoo_pending\` | - | 12004 |`);
  expect(readFileSync(path.join(tmp(), 'r.gh'), 'utf8')).toMatch(
    /^::error file=zoo\.yaml,line=3,col=5,title=zeek-budget%3A standalone over budget::zoo \/ standalone: connection zoo_\* \(max\)%0Aconnection field zoo_pending: max 12004 in C8dAbj3/m,
  );
  expect(readFileSync(path.join(tmp(), 'r.html'), 'utf8')).toContain('<summary>Largest connection per connection field (3)</summary>');
});

test('default rules and baselines: --update records the fields, a field that grows fails by default, naming its connection', async () => {
  zooRun(path.join(tmp(), 'before'), { leak: false, http: 67 });
  expect((await run(['check', '--logs', 'before', '--dumps', 'all', '--update'])).code).toBe(0);
  const baseline = readFileSync(path.join(tmp(), 'baselines', 'logs.baseline.yaml'), 'utf8');
  expect(baseline).toMatch(/^ {4}connections:\n {6}\(connection\): \[ 0, 219, 219 \]\n {6}http: \[ 0, 67, 67 \]\n {6}zoo_pending: \[ 0, 9, 9 \]$/m);
  expect(baseline).toMatch(/^# connections: per connection field/m);
  expect((await run(['check', '--logs', 'before', '--dumps', 'all'])).code).toBe(0);

  zooRun(path.join(tmp(), 'after'), { leak: false, http: 400 });
  const r = await run(['check', '--logs', 'after', '--dumps', 'all', '--diff']);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(
    '    FAIL connection field http: max 400 in ChTTp1 (10.0.0.1:4712/tcp -> 10.0.0.2:80/tcp), grew +333 (+497%) against the baseline, allowed 10% or +100  connection * (max)\n',
  );
  expect(r.stdout).toMatch(/^ +- +http: \[ 0, 67, 67 \]\n +\+ +http: \[ 0, 400, 400 \]$/m);
});

test('a baseline recorded without connection data keeps working; --update=new adds the fields', async () => {
  // The same run as an older package logged it: no conns log, no rss.
  const older: StatsDump[] = [0, 1, 2].map((i) => ({ node: '', run: i + 1, ts: T0 + 10 * i, footprints: { 'Site::local_nets': 3, 'HTTP::x': 5 } }));
  writeMyStatsLogs(path.join(tmp(), 'old'), older, { runs: 'old', conns: false, close: T0 + 60 });
  expect((await run(['check', '--logs', 'old', '--dumps', 'all', '--update'])).code).toBe(0);
  const oldText = readFileSync(path.join(tmp(), 'baselines', 'logs.baseline.yaml'), 'utf8');
  expect(oldText).not.toMatch(/connection/);

  zooRun(path.join(tmp(), 'new'), { leak: true });
  const r = await run(['check', '--logs', 'new', '--dumps', 'all', '--json', 'r.json']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    /^ {4}new connection fields \(the baseline has no connection data\): \(connection\) \(12150\), http \(67\), zoo_pending \(12004\)$/m,
  );
  const checks = readJson('r.json').suites[0].subjects[0].checks.filter((c: { rule: { label: string } }) => c.rule.label === 'connection * (max)');
  expect(checks.map((c: { verdict: string }) => c.verdict)).toEqual(['unchecked', 'unchecked', 'unchecked']);
  expect(checks[0].reason).toMatch(/the baseline has no connection data \(recorded without my_stats_conns\.log\): add it with --update=new$/);

  const add = await run(['check', '--logs', 'new', '--dumps', 'all', '--update=new']);
  expect(add.code).toBe(0);
  const added = readFileSync(path.join(tmp(), 'baselines', 'logs.baseline.yaml'), 'utf8');
  expect(added).toMatch(/^ {6}zoo_pending: \[ 0, 12004, 40 \]$/m);
  // The recorded variables stay as they were.
  expect(added).toContain(oldText.split('variables:')[1]!.split('\n')[1]);
  const again = await run(['check', '--logs', 'new', '--dumps', 'all']);
  expect(again.code).toBe(0);
  expect(again.stdout).not.toMatch(/new connection fields/);
});

test('summarize over the same logs: rss and the connection fields of the latest dump', async () => {
  zooRun(path.join(tmp(), 'leak'), { leak: true, rss: [200 * MiB, 900 * MiB, 1536 * MiB] });
  const r = await run(['summarize', path.join(tmp(), 'leak')]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/\(standalone\) .* 1\.50 GiB\n/);
  expect(r.stdout).toMatch(/^ {2}\(connection\) +13 +2800 +219 +\(standalone\) +CfinaL +10\.0\.0\.1:4711\/tcp -> 10\.0\.0\.2:80\/tcp$/m);
});

describe('zeek runs with the fake zeek', () => {
  const PCAPS = path.join(REPO, 'pcaps');
  const budget = (args: string[]) => run(['budget', '--no-progress', ...args], { ZEEK: FAKE_ZEEK });

  test('my_stats::conn_footprints=F: no conns log, so a connection rule says there is no connection data; nothing is recorded', async () => {
    write(
      'off.yaml',
      `traces: [${PCAPS}/http-100.pcap]
zeek:
  redefs: { "my_stats::conn_footprints": false }
budgets:
  - connection: "*"
    max: 10
`,
    );
    const r = await budget(['off.yaml', '--json', 'r.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {4}skip connection \*: no connection data: the logs have no my_stats_conns\.log .*connection \* \(max\)$/m);
    const subject = readJson('r.json').suites[0].subjects[0];
    expect(subject.dumps.every((d: object) => !('connections' in d))).toBe(true);
    expect((await budget(['off.yaml', '--update'])).code).toBe(0);
    expect(readFileSync(path.join(tmp(), 'baselines', 'off.zeek-8.2-no-spicy.baseline.yaml'), 'utf8')).not.toMatch(/connections:/);
  });

  test('the whole connection record over its max fails naming a uid and a 5-tuple; --update records it', async () => {
    write(
      'conns.yaml',
      `traces: [${PCAPS}/http-100.pcap]
budgets:
  - connection: "(connection)"
    max: 1
  - connection: "*"
    max: 100000000
`,
    );
    const r = await budget(['conns.yaml', '--json', 'r.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {4}FAIL connection field \(connection\): max \d+ in C\w+ \(\S+ -> \S+\), allowed 1 {2}connection \(connection\) \(max\)$/m);
    const subject = readJson('r.json').suites[0].subjects[0];
    expect(subject.dumps.at(-1).connections).toBeDefined();
    expect(subject.checks.filter((c: { verdict: string }) => c.verdict === 'fail')).toHaveLength(1);
    expect((await budget(['conns.yaml', '--update'])).code).toBe(1);
    expect(readFileSync(path.join(tmp(), 'baselines', 'conns.zeek-8.2-no-spicy.baseline.yaml'), 'utf8')).toMatch(
      /^ {4}connections:\n {6}\(connection\): \[ [\d, ]+ \]$/m,
    );
  });

  test('timing: rss is measured per dump and budgeted as a size', async () => {
    write(
      'rss.yaml',
      `traces: [${PCAPS}/http-100.pcap]
budgets:
  - timing: rss
    max: 1
`,
    );
    const r = await budget(['rss.yaml', '--json', 'r.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {4}rss +- +[\d.]+ [KMG]iB +max 1 B +FAIL [\d.]+ [KMG]iB exceeds max 1 B +timing rss \(final\)$/m);
    expect(readJson('r.json').suites[0].subjects[0].timing.rss.median).toBeGreaterThan(0);
  });
});

// The acceptance case, on a real Zeek.
const ZOO_SCRIPT = `module Zoo;
export {
  type ZooPending: table[count] of string;
  ## Empty the table every 10 packets (the fixed twin).
  const drain = F &redef;
}
redef record connection += { zoo_pending: ZooPending &optional; };
event new_packet(c: connection, p: pkt_hdr) {
  if ( ! c?$zoo_pending ) c$zoo_pending = ZooPending();
  c$zoo_pending[|c$zoo_pending|] = "pending";
  if ( drain && |c$zoo_pending| >= 10 ) clear_table(c$zoo_pending);
}
`;

withRealZeek('real Zeek: zoo_pending over http-bro.org.pcap fails {connection: "zoo_*", max: 100} naming a uid; draining passes', async () => {
  const pcap = path.join(REPO, '..', 'shared', 'pcaps', 'http-bro.org.pcap');
  if (!existsSync(pcap)) throw new Error(`${pcap} is missing: the real-Zeek test needs ../shared/pcaps`);
  write('zoo.zeek', ZOO_SCRIPT);
  const suite = (drain: boolean) => `traces: [${pcap}]
zeek:
  scripts: [zoo.zeek]
  redefs: { "Zoo::drain": ${drain} }
budgets:
  - connection: "zoo_*"
    max: 100
`;
  write('leak.yaml', suite(false));
  write('twin.yaml', suite(true));
  const env = { ZEEK: REAL_ZEEK ?? '' };
  const leak = await run(['budget', '--no-progress', 'leak.yaml'], env);
  expect(leak.stdout).toMatch(/FAIL connection field zoo_pending: max \d+ in C\w+ \(.+\), allowed 100/);
  expect(leak.code).toBe(1);
  const twin = await run(['budget', '--no-progress', 'twin.yaml'], env);
  expect(twin.stdout).not.toMatch(/FAIL/);
  expect(twin.code).toBe(0);
});
