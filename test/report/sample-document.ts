// A hand-built result document for reporter unit tests: one suite with a variable over its max, a
// growth against the baseline, a timing rule, a run that crashed, a scaling group, and names that
// need escaping in every output format. Shaped like what toResultDocument builds (the schema test
// checks that), small enough to reason about.
import type { ResultDocument, SubjectDoc } from '../../harness/report/result-document.js';

const footprints = (extra: Record<string, number>) => ({ 'Site::local_nets': 3, 'DNS::pending': 12, 'HTTP::<b>&"x"': 40, ...extra });

export function sampleSubject(name: string, leak: number[], overrides: Partial<SubjectDoc> = {}): SubjectDoc {
  return {
    name,
    trace: name,
    traceSha256: 'ab'.repeat(32),
    dumps: leak.map((n, i) => ({
      run: i + 1,
      node: '',
      ts: 1700000000 + i,
      networkTime: 1000 + 30 * i,
      reason: i === 0 ? 'first' : 'interval',
      duration: 0.007,
      peakRss: 100 * 2 ** 20,
      footprints: footprints({ 'Leaky::seen': n }),
    })),
    timing: {
      footprint_call: { median: 0.007, values: [0.0069, 0.007, 0.0072] },
      wall: { median: 1.2, values: [1.1, 1.2, 1.5] },
      peak_rss: { median: 100 * 2 ** 20, values: [100 * 2 ** 20, 100 * 2 ** 20, 101 * 2 ** 20] },
    },
    baseline: {
      sha256: 'ab'.repeat(32),
      dumps: leak.length,
      timing: { wall: 1.0, footprint_call: 0.007 },
      variables: {
        'Site::local_nets': leak.map(() => 3),
        'DNS::pending': leak.map(() => 10),
        'HTTP::<b>&"x"': leak.map(() => 40),
        'Old::gone': leak.map(() => 7),
      },
    },
    checks: [],
    added: [{ name: 'Leaky::seen', baseline: 0, current: leak[leak.length - 1] ?? 0 }],
    vanished: [{ name: 'Old::gone', baseline: 7, current: 0 }],
    changed: [{ name: 'DNS::pending', baseline: 10, current: 12 }],
    warnings: [],
    ...overrides,
  };
}

export function sampleDocument(): ResultDocument {
  const leaky = sampleSubject('tcp-churn-200.pcap', [0, 200, 400, 600]);
  leaky.checks = [
    {
      rule: { index: 0, label: 'variable Leaky::* (final)', level: 'error', line: 7 },
      item: 'Leaky::seen',
      current: 600,
      aspect: 'limit',
      verdict: 'fail',
      reason: '600 exceeds max 100',
    },
    {
      rule: { index: 1, label: 'variable * (final)', level: 'error', line: 9 },
      item: 'DNS::pending',
      current: 12,
      baseline: 10,
      aspect: 'limit',
      verdict: 'pass',
      reason: 'change +2 (+20%) within 50% or +100',
    },
    {
      rule: { index: 1, label: 'variable * (final)', level: 'error', line: 9 },
      item: 'HTTP::<b>&"x"',
      current: 40,
      baseline: 40,
      aspect: 'limit',
      verdict: 'pass',
      reason: 'change +0 (+0.00%) within 50% or +100',
    },
    {
      rule: { index: 2, label: 'timing wall (median)', level: 'warn', line: 12 },
      item: 'wall',
      current: 1.2,
      baseline: 1.0,
      aspect: 'limit',
      verdict: 'warn',
      reason: 'grew +200.0 ms (+20%) against the baseline, allowed 10%',
    },
  ];
  const quiet = sampleSubject('dns-300.pcap', [0, 0, 0], { added: [], vanished: [], changed: [], baseline: undefined });
  quiet.checks = [
    {
      rule: { index: 1, label: 'variable * (final)', level: 'error', line: 9 },
      item: 'DNS::pending',
      current: 12,
      aspect: 'limit',
      verdict: 'unchecked',
      reason: 'no baseline to compare with',
    },
    {
      rule: { index: 2, label: 'timing wall (median)', level: 'warn', line: 12 },
      item: 'wall',
      current: 1.2,
      aspect: 'limit',
      verdict: 'unchecked',
      reason: 'no baseline to compare with',
    },
  ];
  return {
    schema: 'zeek-budget/result@1',
    generatedAt: '2026-01-02T03:04:05.000Z',
    cwd: '/repo',
    exitCode: 3,
    zeek: { path: '/opt/zeek/bin/zeek', version: '8.2.2' },
    packageVersion: '1.0.0',
    counts: { passed: 2, failed: 3, warned: 1, unchecked: 2 },
    warnings: [],
    suites: [
      {
        name: 'demo',
        file: '/repo/suites/demo.yaml',
        top: 10,
        traces: ['dns-300.pcap', 'tcp-churn-200.pcap', 'http-100.pcap'],
        defaultBudgets: false,
        rules: [
          {
            index: 0,
            label: 'variable Leaky::* (final)',
            level: 'error',
            line: 7,
            column: 5,
            selector: { kind: 'variable', pattern: 'Leaky::*' },
            measure: 'final',
            max: 100,
          },
          {
            index: 1,
            label: 'variable * (final)',
            level: 'error',
            line: 9,
            column: 5,
            selector: { kind: 'variable', pattern: '*' },
            measure: 'final',
            increase: { percent: 50, absolute: 100 },
          },
          {
            index: 2,
            label: 'timing wall (median)',
            level: 'warn',
            line: 12,
            column: 5,
            selector: { kind: 'timing', figure: 'wall' },
            measure: 'final',
            increase: { percent: 10 },
          },
          {
            index: 3,
            label: 'variable Leaky::* (scaling)',
            level: 'error',
            line: 15,
            column: 5,
            selector: { kind: 'variable', pattern: 'Leaky::*' },
            measure: 'final',
            scaling: { maxPerUnit: 0.01 },
          },
        ],
        baseline: {
          file: '/repo/suites/baselines/demo.baseline.yaml',
          state: 'present',
          missing: ['dns-300.pcap'],
          missingFails: true,
          diff: '--- a/demo.baseline.yaml\n+++ b/demo.baseline.yaml\n@@ -1,1 +1,1 @@\n-      Leaky::seen: [ 0, 0, 0, 0 ]\n+      Leaky::seen: [ 0, 200, 400, 600 ]\n',
        },
        counts: { passed: 2, failed: 3, warned: 1, unchecked: 2 },
        warnings: ['the measuring package changed: baseline recorded with 0.9.0, this run uses 1.0.0.'],
        skippedTraces: [],
        otherShards: [],
        runFailures: [
          {
            trace: 'http-100.pcap',
            repeat: 1,
            kind: 'crash',
            message: 'zeek crashed: killed by SIGSEGV\n    fatal: 100% broken, a|b',
            command: "zeek -C -r '/t/http 100.pcap'",
          },
        ],
        scaling: [
          {
            group: 'conns (tcp-churn, 2/s, seed 1)',
            unit: 'connection',
            sizes: [100, 200, 400],
            checks: [
              {
                rule: { index: 3, label: 'variable Leaky::* (scaling)', level: 'error', line: 15 },
                item: 'Leaky::seen',
                current: 1200,
                aspect: 'scaling',
                verdict: 'fail',
                reason: 'Leaky::seen grows 3.0 per connection (linear, exponent 1.00) — budget allows 0.010 per connection',
                series: [300, 600, 1200],
              },
            ],
          },
        ],
        subjects: [quiet, leaky],
      },
    ],
  };
}
