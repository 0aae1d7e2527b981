// Runs every btest test of the package with the fake zeek and compares the
// canonified output with the Baseline files a real Zeek must reproduce: the
// baselines were written from the package's logic, and this keeps the fake
// and the baselines telling the same story.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBtestTests, runBtestTest } from './helpers/btest-runner.js';
import { TESTING } from './helpers/paths.js';
import { tempDir } from './helpers/run-fake-zeek.js';

const tests = readBtestTests(TESTING);

describe('btest tests of the package, run against the fake zeek', () => {
  test('there are tests, each diffing at least one file against a baseline', () => {
    expect(tests.length).toBeGreaterThanOrEqual(14);
    for (const t of tests) expect(t.commands.some((c) => c.startsWith('btest-diff '))).toBe(true);
    // Only tests of what script code prints need a real Zeek.
    expect(tests.filter((t) => t.skip !== undefined).map((t) => t.name)).toEqual(['tests.start-decision']);
  });

  const runnable = tests.filter((t) => t.skip === undefined);
  const realOnly = tests.filter((t) => t.skip !== undefined);
  if (realOnly.length > 0) {
    test.skip.each(realOnly.map((t) => [`${t.name}: needs a real Zeek, ${t.skip ?? ''}`]))('%s', () => {});
  }

  test.each(runnable.map((t) => [t.name, t] as const))('%s', async (_name, t) => {
    const dir = tempDir('btest-');
    try {
      const diffs = await runBtestTest(t, TESTING, dir.path);
      expect(diffs.length).toBeGreaterThan(0);
      for (const d of diffs) {
        expect(d.baseline).toBeDefined();
        expect({ file: d.file, output: d.actual }).toEqual({ file: d.file, output: d.baseline });
      }
    } finally {
      dir.remove();
    }
  });

  test('the committed traces are what make-traces.mjs writes', async () => {
    const dir = tempDir('traces-');
    try {
      await execa('node', [join(TESTING, 'traces', 'make-traces.mjs'), dir.path]);
      for (const name of ['short.pcap', 'long.pcap', 'conns.pcap', 'empty.pcap']) {
        expect(readFileSync(join(dir.path, name)).equals(readFileSync(join(TESTING, 'traces', name)))).toBe(true);
      }
    } finally {
      dir.remove();
    }
  });

  test('the canonifier masks wall-clock columns and header times, nothing else', async () => {
    const input = [
      '#separator \\x09',
      '#open\t2026-11-22-14-46-36',
      '#fields\tts\trun\tnetwork_time\tduration\tpeak_rss\ttotal\trss\tpackets',
      '#types\ttime\tcount\ttime\tinterval\tcount\tcount\tcount\tcount',
      '1795358796.500411\t1\t1300475167.096535\t0.004910\t104857600\t60866\t98304000\t12',
      '1795358796.500411\t2\t1300475167.096535\t0.004910\t104857600\t60866\t-\t0',
      '#close\t2026-11-22-14-46-36',
      '{"ts":1795358798.350111,"run":1,"duration":0.0071,"peak_rss":104857600,"total":60866,"rss":98304000,"packets":12}',
      '1\t1700000000.000000\tfirst',
      '',
    ].join('\n');
    const out = await execa(join(TESTING, 'scripts', 'diff-canonifier'), { input, stripFinalNewline: false });
    expect(String(out.stdout).split('\n')).toEqual([
      '#separator \\x09',
      '#open\tXXXX-XX-XX-XX-XX-XX',
      '#fields\tts\trun\tnetwork_time\tduration\tpeak_rss\ttotal\trss\tpackets',
      '#types\ttime\tcount\ttime\tinterval\tcount\tcount\tcount\tcount',
      'XXXXXXXXXX.XXXXXX\t1\t1300475167.096535\tX.XXXXXX\tXXX\t60866\tXXX\t12',
      'XXXXXXXXXX.XXXXXX\t2\t1300475167.096535\tX.XXXXXX\tXXX\t60866\t-\t0',
      '#close\tXXXX-XX-XX-XX-XX-XX',
      '{"ts":XXXXXXXXXX.XXXXXX,"run":1,"duration":X.XXXXXX,"peak_rss":XXX,"total":60866,"rss":XXX,"packets":12}',
      '1\t1700000000.000000\tfirst',
      '',
    ]);
  });
});
