// A result of `budget --against`: every reporter names both sides, the base is called the base,
// timing ratios appear with their intervals; merge keeps the comparison and refuses to mix two.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { mergeDocuments } from '../../harness/report/merge-documents.js';
import { renderJunit } from '../../harness/report/junit-report.js';
import { renderMarkdown } from '../../harness/report/markdown-report.js';
import { ResultDocumentSchema, type ResultDocument } from '../../harness/report/result-document.js';
import { renderTerminal } from '../../harness/report/terminal-report.js';
import { renderHtml } from '../../harness/report/html-report.js';
import { sampleDocument } from './sample-document.js';

const HEAD = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const BASE = '9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c';

function comparisonDocument(): ResultDocument {
  const doc = sampleDocument();
  doc.comparison = {
    head: {
      label: 'HEAD',
      commit: HEAD,
      short: '1a2b3c4',
      subject: 'Track hosts per VLAN',
      dirty: false,
      zeek: { path: '/opt/zeek/bin/zeek', version: '8.2.2' },
    },
    base: { label: 'main', ref: 'main', commit: BASE, short: '9f8e7d6', subject: 'Release 1.4', zeek: { path: '/opt/zeek/bin/zeek', version: '8.2.2' } },
    repeat: 5,
    confidence: 0.95,
    seed: 20261201,
  };
  const suite = doc.suites[0]!;
  suite.baseline = { ...suite.baseline, state: 'not-used', missing: [], missingFails: false, diff: '' };
  suite.runFailures = suite.runFailures.map((f) => ({ ...f, side: 'base' as const }));
  const leaky = suite.subjects[1]!;
  leaky.timingComparisons = [
    {
      figure: 'footprint_call',
      ratio: { median: 1.42, low: 1.38, high: 1.47, confidence: 0.95, pairs: 5 },
      head: [0.01, 0.0101, 0.0099, 0.0103, 0.0098],
      base: [0.007, 0.0071, 0.007, 0.0072, 0.0069],
    },
    {
      figure: 'wall',
      ratio: { median: 1.02, low: 0.91, high: 1.15, confidence: 0.95, pairs: 5 },
      head: [1.1, 1.2, 1.5, 1.2, 1.2],
      base: [1.1, 1.1, 1.4, 1.3, 1.2],
    },
  ];
  leaky.checks[3] = {
    ...leaky.checks[3]!,
    verdict: 'warn',
    reason:
      'inconclusive against base 9f8e7d6: head/base ×1.02 (95% CI ×0.91 to ×1.15, 5 pairs) straddles the allowed ×1.10 (+10%); raise repeat (now 5 pairs, e.g. --repeat 10) for a narrower interval',
    paired: { kind: 'ratio', median: 1.02, low: 0.91, high: 1.15, confidence: 0.95, pairs: 5, limit: 1.1, outcome: 'inconclusive' },
  };
  return doc;
}

test('the document with a comparison is valid against docs/result-schema.json', () => {
  const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync('docs/result-schema.json', 'utf8')));
  const doc = comparisonDocument();
  expect(validate(JSON.parse(JSON.stringify(doc)))).toBe(true);
  expect(ResultDocumentSchema.parse(doc).comparison?.base.commit).toBe(BASE);
});

test('terminal: both sides at the top, the base column, head/base ratios with intervals, the side of a failed run', () => {
  const text = renderTerminal(comparisonDocument(), { color: false, cwd: '/repo', showDiff: false, updating: false });
  expect(text).toMatch(
    /^comparing head HEAD 1a2b3c4 \(Track hosts per VLAN\), Zeek 8\.2\.2 vs base main 9f8e7d6 \(Release 1\.4\), Zeek 8\.2\.2\n {2}5 runs per trace and side, interleaved/,
  );
  expect(text).toMatch(/suite demo {2}suites\/demo\.yaml -> head vs base main 9f8e7d6 \(Release 1\.4\)/);
  expect(text).not.toMatch(/no baseline yet|FAIL no baseline/);
  expect(text).toMatch(/ {4}head\/base: footprint call ×1\.42 \[1\.38, 1\.47\], wall ×1\.02 \[0\.91, 1\.15\] {2}\(median of 5 pairs, 95% interval\)/);
  expect(text).toMatch(/^ +base +current +delta/m);
  expect(text).toMatch(/RUN FAILED http-100\.pcap \(repeat 1, base\)/);
});

test('markdown, html and junit name both sides with their commits and Zeeks', () => {
  const doc = comparisonDocument();
  const md = renderMarkdown(doc);
  expect(md).toContain('**head** HEAD 1a2b3c4 (Track hosts per VLAN), Zeek 8.2.2 vs **base** main 9f8e7d6 (Release 1.4), Zeek 8.2.2');
  expect(md).toContain('| demo / tcp-churn-200.pcap | ×1.42 [1.38, 1.47] | ×1.02 [0.91, 1.15] |');
  expect(md).toContain('(repeat 1, base)');
  const html = renderHtml(doc);
  expect(html).toContain('<b>head</b> HEAD 1a2b3c4 (Track hosts per VLAN) · Zeek 8.2.2');
  expect(html).toContain('<b>base</b> main 9f8e7d6 (Release 1.4) · Zeek 8.2.2');
  expect(html).toMatch(
    /<td>footprint call<\/td><td class="num">10\.0 ms<\/td><td class="num">7\.00 ms<\/td><td class="num">×1\.42 \[1\.38, 1\.47\]<\/td><td class="num">5<\/td>/,
  );
  const junit = renderJunit(doc);
  for (const [k, v] of [
    ['head.commit', HEAD],
    ['base.commit', BASE],
    ['base.ref', 'main'],
    ['base.subject', 'Release 1.4'],
    ['head.zeek.version', '8.2.2'],
  ]) {
    expect(junit).toContain(`<property name="${k}" value="${v}"/>`);
  }
  expect(junit).toContain('name="http-100.pcap: zeek run (repeat 1, base)"');
});

test('merge keeps the comparison of its shards, and refuses shards that compared other sides', () => {
  const shard = (i: number, doc = comparisonDocument()): ResultDocument => ({ ...doc, shard: { index: i, count: 2 } });
  const merged = mergeDocuments(
    [
      { file: 'a.json', doc: shard(1) },
      { file: 'b.json', doc: { ...shard(2), suites: [] } },
    ],
    { cwd: '/repo' },
  );
  expect(merged.comparison?.base.commit).toBe(BASE);
  const other = comparisonDocument();
  other.comparison!.base = { ...other.comparison!.base, commit: HEAD };
  expect(() =>
    mergeDocuments(
      [
        { file: 'a.json', doc: shard(1) },
        { file: 'b.json', doc: shard(2, other) },
      ],
      { cwd: '/repo' },
    ),
  ).toThrow(/compared different sides/);
});
