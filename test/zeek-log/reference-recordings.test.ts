import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findLogs } from '../../harness/zeek-log/find-logs.js';
import { readFootprints, type FootprintRow } from '../../harness/zeek-log/my-stats.js';
import { readAll, reference } from './helpers.js';

// Logs written by a real Zeek 8.2.2 (../shared/zeek-reference). Skipped, with a note, where absent.
const present = existsSync(reference);
if (!present) {
  console.warn(`skipping recorded-Zeek tests: ${reference} not found (it sits beside the repo as ../shared)`);
}
const describeRef = present ? describe : describe.skip;
const ref = (...p: string[]): string => path.join(reference, ...p);

async function rows(file: string): Promise<FootprintRow[]> {
  const out: FootprintRow[] = [];
  for await (const r of readFootprints(file)) out.push(r);
  return out;
}

describeRef('recorded real-Zeek logs', () => {
  // What escapes.zeek (beside the recordings) logged, record by record. \xff is not UTF-8: U+FFFD.
  const written = [
    {
      s: 'tab\there,comma',
      ss: ['(empty)', '-', 'a,b'],
      v: [1, 2, 3],
      u: null,
      e: [],
      i: 1.5,
      t: 1234567890.5,
      d: 3.25,
      a: '2001:db8::1',
      p: 53,
      n: '10.0.0.0/8',
      b: true,
    },
    { s: '-', ss: [], v: [], u: '', e: [''], i: 0, t: 0, d: 1e20, a: '127.0.0.1', p: 0, n: '::/0', b: false },
    {
      s: '#hash \u0000 nul \ufffd high \\ back',
      ss: ['x'],
      v: [0],
      u: null,
      e: ['y'],
      i: -120,
      t: 1.000001,
      d: 0.1,
      a: '0.0.0.0',
      p: 65535,
      n: '192.168.0.0/16',
      b: true,
    },
    {
      s: '(empty)',
      ss: ['a\tb'],
      v: [18446744073709551615n],
      u: null,
      e: ['-'],
      i: 3600,
      t: 1700000000.123456,
      d: -0.000001,
      a: '1.2.3.4',
      p: 8080,
      n: '2001:db8::/32',
      b: true,
    },
  ];
  const sortSets = (v: Record<string, unknown>): Record<string, unknown> => ({ ...v, ss: [...(v.ss as string[])].sort() });

  test('escapes-ascii decodes to exactly what escapes.zeek wrote', async () => {
    expect(readFileSync(ref('escapes.zeek'), 'utf8')).toContain('$s="#hash \\x00 nul \\xff high \\\\ back"');
    const { records, stats } = await readAll(ref('escapes-ascii', 'escapes.log'));
    expect(stats).toMatchObject({ format: 'ascii', closed: true, records: 4, warnings: [] });
    const got = records.map((r) => sortSets(r.values));
    // The one documented ambiguity: set("") is written (empty), like an empty set.
    expect(got[1]?.e).toEqual([]);
    got[1] = { ...got[1], e: [''] };
    expect(got).toEqual(written.map(sortSets));
  });

  test('escapes-json decodes to the same values (unset fields omitted, set("") kept)', async () => {
    const { records, stats } = await readAll(ref('escapes-json', 'escapes.log'));
    expect(stats).toMatchObject({ format: 'json', records: 4 });
    const got = records.map((r) => sortSets({ u: null, ...r.values }));
    expect(got).toEqual(written.map(sortSets));
  });

  test('killed-mid-run: no #close, every complete row used, warned', async () => {
    const file = ref('killed-mid-run', 'my_stats.log');
    const stream = readFootprints(file);
    const got: FootprintRow[] = [];
    for await (const r of stream) got.push(r);
    const dataLines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(got).toHaveLength(dataLines.length);
    expect(stream.stats.closed).toBe(false);
    expect(stream.stats.warnings).toEqual([expect.stringMatching(/has no #close: Zeek was killed or is still writing/)]);
  });

  test('gzip, JSON and plain logs of the same kind of run give the same shape of rows', async () => {
    const gz = await rows(ref('original-gzip', 'my_stats.log.gz'));
    const json = await rows(ref('original-json', 'my_stats.log'));
    const plain = await rows(ref('original-wikipedia', 'my_stats.log'));
    for (const set of [gz, json, plain]) {
      expect(new Set(set.map((r) => r.run))).toEqual(new Set([1, 2]));
      expect(set.every((r) => r.node === '' && r.variable.length > 0 && Number.isInteger(r.size))).toBe(true);
    }
    // min_var_size_to_log=0 logs every container global, the default cutoff (1024) only the big ones.
    expect(json.length).toBe(plain.length);
    expect(gz.every((r) => r.size >= 1024)).toBe(true);
    const footprint = (rs: FootprintRow[], run: number) => rs.filter((r) => r.run === run).reduce((s, r) => s + r.size, 0);
    expect(footprint(plain, 1)).toBeGreaterThan(50_000);
  });

  test('cluster: findLogs picks the dated archive; all five nodes are in the logger file', async () => {
    const found = await findLogs(ref('cluster'), 'my_stats');
    expect(found).toEqual([
      {
        file: ref('cluster', 'logs', '2026-11-22', 'my_stats.14:45:13-14:46:06.log.gz'),
        kind: 'archive',
        date: '2026-11-22',
        rotatedAt: '2026-11-22 14:46:06',
      },
    ]);
    const got = await rows(found[0]?.file as string);
    expect(new Set(got.map((r) => r.node))).toEqual(new Set(['logger-1', 'manager', 'proxy-1', 'worker-1', 'worker-2']));
    const leak = got.filter((r) => r.variable === 'Leaky::seen' && r.node === 'worker-1').map((r) => r.size);
    expect(leak).toEqual([0, 0, 1608, 3216, 4824, 4824]);
  });
});
