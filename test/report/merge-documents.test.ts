import { mergeDocuments, type ShardInput } from '../../harness/report/merge-documents.js';
import type { ResultDocument } from '../../harness/report/result-document.js';
import { sampleDocument } from './sample-document.js';

/** The sample split in two shards the way --shard would: each has the suite with some of its traces. */
function shards(): ShardInput[] {
  const a = sampleDocument();
  const b = sampleDocument();
  const sa = a.suites[0]!;
  const sb = b.suites[0]!;
  a.shard = { index: 1, count: 2 };
  b.shard = { index: 2, count: 2 };
  sa.subjects = [sa.subjects[1]!];
  sa.runFailures = [];
  sa.baseline.missing = [];
  sa.baseline.missingFails = false;
  sa.otherShards = ['dns-300.pcap', 'http-100.pcap'];
  sa.counts = { passed: 2, failed: 2, warned: 1, unchecked: 0 };
  sb.subjects = [sb.subjects[0]!];
  sb.scaling = [];
  sb.otherShards = ['tcp-churn-200.pcap'];
  sb.baseline.diff = '';
  sb.counts = { passed: 0, failed: 1, warned: 0, unchecked: 2 };
  // Shard 2 ran in another checkout: its paths point there.
  b.cwd = '/elsewhere/repo';
  sb.file = '/elsewhere/repo/suites/demo.yaml';
  sb.baseline.file = '/elsewhere/repo/suites/baselines/demo.baseline.yaml';
  return [
    { file: 'shard-2.json', doc: b },
    { file: 'shard-1.json', doc: a },
  ];
}

test('shards merge into what one run reports: subjects in suite order, counts summed, exit code recomputed', () => {
  const merged = mergeDocuments(shards(), { cwd: '/repo' });
  const whole = sampleDocument();
  const suite = merged.suites[0]!;
  expect(suite.subjects.map((s) => s.name)).toEqual(whole.suites[0]!.subjects.map((s) => s.name));
  expect(suite.subjects).toEqual(whole.suites[0]!.subjects);
  expect(suite.counts).toEqual(whole.suites[0]!.counts);
  expect(merged.counts).toEqual(whole.counts);
  expect(suite.runFailures).toEqual(whole.suites[0]!.runFailures);
  expect(suite.scaling).toEqual(whole.suites[0]!.scaling);
  expect(suite.baseline).toEqual(whole.suites[0]!.baseline);
  expect(suite.otherShards).toEqual([]);
  expect(suite.file).toBe('/repo/suites/demo.yaml');
  expect(merged.exitCode).toBe(3);
  expect(merged.mergedShards).toBe(2);
  expect(merged.shard).toBeUndefined();
});

test('without run failures the exit code follows the failed checks', () => {
  const inputs = shards();
  for (const { doc } of inputs) doc.suites[0]!.runFailures = [];
  expect(mergeDocuments(inputs, { cwd: '/repo' }).exitCode).toBe(1);
  for (const { doc } of inputs) {
    doc.suites[0]!.counts.failed = 0;
    doc.suites[0]!.baseline.missingFails = false;
  }
  expect(mergeDocuments(inputs, { cwd: '/repo' }).exitCode).toBe(0);
});

test('a missing, doubled or foreign shard is an error, never a smaller green report', () => {
  const [two, one] = shards();
  expect(() => mergeDocuments([two!], { cwd: '/repo' })).toThrow(/the result of shard 1\/2 is missing/);
  expect(() => mergeDocuments([one!, one!, two!], { cwd: '/repo' })).toThrow(/shard 1\/2 twice \(shard-1\.json and shard-1\.json\)/);
  const three = structuredClone(two!);
  three.doc.shard = { index: 2, count: 3 };
  expect(() => mergeDocuments([one!, three], { cwd: '/repo' })).toThrow(/is shard 2\/3/);
  const plain = structuredClone(two!);
  delete plain.doc.shard;
  expect(() => mergeDocuments([one!, plain], { cwd: '/repo' })).toThrow(/is not a shard's result/);
  const other = structuredClone(two!);
  other.doc.suites[0]!.rules[0]!.max = 5;
  expect(() => mergeDocuments([one!, other], { cwd: '/repo' })).toThrow(/suite demo differs between the shards/);
  const twice = structuredClone(two!);
  twice.doc.suites[0]!.subjects.push(one!.doc.suites[0]!.subjects[0]!);
  expect(() => mergeDocuments([one!, twice], { cwd: '/repo' })).toThrow(/demo\/tcp-churn-200\.pcap is in more than one result/);
  expect(() => mergeDocuments([], { cwd: '/repo' })).toThrow(/no result files given/);
  const old = structuredClone(one!);
  (old.doc as { schema: string }).schema = 'zeek-budget/result@0';
  expect(() => mergeDocuments([old, two!], { cwd: '/repo' })).toThrow(/a zeek-budget\/result@0 result; this zeek-budget reads zeek-budget\/result@1/);
});

test('different Zeek versions across shards are warned about', () => {
  const inputs = shards();
  (inputs[0]!.doc as ResultDocument).zeek = { path: '/z', version: '7.0.0' };
  expect(mergeDocuments(inputs, { cwd: '/repo' }).warnings[0]).toMatch(/different Zeek versions \(7\.0\.0, 8\.2\.2\)/);
});
