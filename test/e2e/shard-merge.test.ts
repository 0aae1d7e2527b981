// --shard i/n and `merge` end to end: two shards merged report what one unsharded run reports.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResultDocument } from '../../harness/report/result-document.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { cli, FAKE_ZEEK, REPO } from '../helpers/run-cli.js';

const tmp = useTempDir();
const PCAPS = path.join(REPO, 'pcaps');
const LEAKY = path.join(REPO, 'test', 'fixtures', 'zeek-scripts', 'leaky.zeek');
const TRACES = ['dns-300', 'http-100', 'tcp-churn-200', 'long-lived-50', 'scan-1000'].map((t) => `  - ${PCAPS}/${t}.pcap`).join('\n');

function run(args: string[], env: Record<string, string> = {}) {
  return cli([...args], { cwd: tmp(), env: { ZEEK: FAKE_ZEEK, ...env } });
}

const read = (f: string) => JSON.parse(readFileSync(path.join(tmp(), f), 'utf8')) as ResultDocument;
const checksBySubject = (doc: ResultDocument) =>
  doc.suites.flatMap((s) => s.subjects.map((t) => ({ suite: s.name, subject: t.name, checks: t.checks, added: t.added, changed: t.changed })));

test('shards 1/2 and 2/2 merged give the counts, checks and exit code of the unsharded run', async () => {
  writeFileSync(path.join(tmp(), 'demo.yaml'), `traces:\n${TRACES}\n`);
  expect((await run(['budget', '--no-progress', 'demo.yaml', '--update'])).code).toBe(0);
  writeFileSync(path.join(tmp(), 'demo.yaml'), `traces:\n${TRACES}\nzeek:\n  scripts: [${LEAKY}]\n`);
  mkdirSync(path.join(tmp(), 'results'));

  const whole = await run(['budget', '--no-progress', 'demo.yaml', '--reporter', 'json=whole.json']);
  const one = await run(['budget', '--no-progress', 'demo.yaml', '--shard', '1/2', '--reporter', 'json=results/1.json']);
  const two = await run(['budget', '--no-progress', 'demo.yaml', '--shard', '2/2', '--reporter', 'json=results/2.json']);
  expect(whole.code).toBe(1);
  const [d1, d2] = [read('results/1.json'), read('results/2.json')];
  const names = (d: ResultDocument) => d.suites.flatMap((s) => s.subjects.map((t) => t.name));
  // Disjoint, both non-empty, together everything; each lists what the other ran.
  expect(names(d1).length).toBeGreaterThan(0);
  expect(names(d2).length).toBeGreaterThan(0);
  expect([...names(d1), ...names(d2)].sort()).toEqual(names(read('whole.json')).sort());
  expect([...d1.suites[0]!.otherShards].sort()).toEqual([...names(d2)].sort());
  expect(one.stdout).toMatch(/in other shards: /);
  expect(d1.shard).toEqual({ index: 1, count: 2 });

  const merged = await run(['merge', 'results/*.json', '--reporter', 'json=merged.json', '--reporter', 'html=merged.html']);
  expect(merged.code).toBe(whole.code);
  expect([one.code, two.code].sort()).toContain(1);
  const m = read('merged.json');
  const w = read('whole.json');
  expect(m.counts).toEqual(w.counts);
  expect(m.suites[0]!.counts).toEqual(w.suites[0]!.counts);
  expect(checksBySubject(m)).toEqual(checksBySubject(w));
  expect(m.suites[0]!.otherShards).toEqual([]);
  expect(m.mergedShards).toBe(2);
  // The terminal report of the merge reads like the unsharded one, timings aside.
  const shape = (text: string) =>
    text
      .split('\n')
      .filter((l) => !/ms|wall|in other shards/.test(l))
      .join('\n');
  expect(shape(merged.stdout)).toBe(shape(whole.stdout));
  expect(readFileSync(path.join(tmp(), 'merged.html'), 'utf8')).toContain('merged from 2 shards');
});

test('a shard that wrote no result fails the merge (exit 2) instead of shrinking the report', async () => {
  writeFileSync(path.join(tmp(), 'demo.yaml'), `traces:\n${TRACES}\n`);
  expect((await run(['budget', '--no-progress', 'demo.yaml', '--shard', '2/3', '--json', 'r2.json'])).code).toBe(0);
  const r = await run(['merge', 'r2.json']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/the result of shard 1\/3, 3\/3 is missing/);
  const bad = await run(['merge', 'demo.yaml']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/demo\.yaml: not JSON/);
  const update = await run(['budget', 'demo.yaml', '--shard', '1/2', '--update']);
  expect(update.code).toBe(2);
  expect(update.stderr).toMatch(/--update with --shard/);
});

test('a shard that gets no trace passes with an empty share, and merges', async () => {
  writeFileSync(path.join(tmp(), 'one.yaml'), `traces: [${PCAPS}/dns-300.pcap]\n`);
  const shares = [];
  for (const i of [1, 2]) shares.push(await run(['budget', '--no-progress', 'one.yaml', '--shard', `${i}/2`, '--json', `s${i}.json`]));
  expect(shares.map((s) => s.code)).toEqual([0, 0]);
  const empty = shares.find((s) => /no trace fell to this shard/.test(s.stdout));
  expect(empty?.stdout).toMatch(/^shard [12]\/2: no trace fell to this shard$/m);
  expect([read('s1.json'), read('s2.json')].map((d) => d.suites.length).sort()).toEqual([0, 1]);
  const merged = await run(['merge', 's1.json', 's2.json', '--json', 'm.json']);
  expect(merged.code).toBe(0);
  expect(read('m.json').suites[0]!.subjects.map((s) => s.name)).toEqual(['dns-300.pcap']);
});
