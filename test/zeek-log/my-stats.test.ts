import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LogFormatError } from '../../harness/errors.js';
import { FootprintScanner } from '../../harness/zeek-log/footprint-scanner.js';
import { MalformedLinePolicy } from '../../harness/zeek-log/log-line-parser.js';
import { footprintsOf } from '../../harness/zeek-log/my-stats-rows.js';
import { readDumps, readFootprints, StringTable, type FootprintRow } from '../../harness/zeek-log/my-stats.js';
import type { LogReadStats } from '../../harness/zeek-log/types.js';
import { fixture, readAll, tempDir } from './helpers.js';
import { propertyParams } from '../helpers/property-params.js';

async function footprints(file: string, skipMalformed = false): Promise<{ rows: FootprintRow[]; stats: LogReadStats }> {
  const stream = readFootprints(file, { skipMalformed });
  const rows: FootprintRow[] = [];
  for await (const r of stream) rows.push(r);
  return { rows, stats: stream.stats };
}

test('readFootprints: typed rows, standalone node is empty, file and line kept', async () => {
  const { rows, stats } = await footprints(fixture('my_stats-standalone.log'));
  expect(stats).toMatchObject({ format: 'ascii', closed: true, records: 8 });
  expect(rows[3]).toEqual({
    ts: 1795358796.500523,
    run: 1,
    node: '',
    module: 'Leaky',
    variable: 'Leaky::seen',
    size: 0,
    file: fixture('my_stats-standalone.log'),
    line: 12,
  });
  expect(rows.map((r) => r.run)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
});

test('readFootprints reads JSON logs and other column orders the same way', async () => {
  const json = await footprints(fixture('my_stats-json.log'));
  expect(json.rows.map((r) => [r.run, r.node, r.module, r.variable, r.size])).toEqual([
    [1, '', 'SSL', 'SSL::ec_curves', 296],
    [1, '', 'Syslog', 'Syslog::facility_codes', 100],
    [2, '', 'SSL', 'SSL::ec_curves', 300],
    [2, '', 'Syslog', 'Syslog::facility_codes', 100],
  ]);
  const blocks = await footprints(fixture('my_stats-two-blocks.log'));
  expect(blocks.rows.map((r) => [r.variable, r.size, r.line])).toEqual([
    ['Conn::state', 10, 9],
    ['DNS::cache', 20, 10],
    ['Conn::state', 30, 20],
    ['DNS::cache', 5, 21],
  ]);
});

test('readFootprints on a log that is not my_stats names the missing column', async () => {
  await expect(footprints(fixture('conn.log'))).rejects.toThrow(/conn\.log:\d+: not a my_stats log: missing column 'run'/);
});

test('readFootprints: malformed lines fail with line and field, or are skipped and counted', async () => {
  const err = await footprints(fixture('my_stats-malformed.log')).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(LogFormatError);
  expect((err as Error).message).toMatch(/my_stats-malformed\.log:10 size: '12x6' is not a count/);
  const { rows, stats } = await footprints(fixture('my_stats-malformed.log'), true);
  expect(rows.map((r) => r.variable)).toEqual(['SMTP::ports', 'Log::filters']);
  expect(stats.skippedLines).toBe(2);
});

test('readFootprints: truncated log keeps complete rows and warns', async () => {
  const { rows, stats } = await footprints(fixture('my_stats-truncated.log'));
  expect(rows).toHaveLength(2);
  expect(stats.warnings.some((w) => w.includes('has no #close'))).toBe(true);
});

test('readDumps reads my_stats_runs.log', async () => {
  const stream = readDumps(fixture('my_stats_runs.log'));
  const rows = [];
  for await (const r of stream) rows.push(r);
  expect(rows[1]).toEqual({
    ts: 1795358806.51606,
    run: 2,
    node: '',
    networkTime: 1389719059.311698,
    reason: 'trace_end',
    duration: 0.008243,
    globals: 291,
    logged: 291,
    total: 62366,
    peakRss: 125000000,
    file: fixture('my_stats_runs.log'),
    line: 10,
  });
  await expect(
    (async () => {
      for await (const r of readDumps(fixture('my_stats-standalone.log'))) void r;
    })(),
  ).rejects.toThrow(/not a my_stats_runs log: missing column 'network_time'/);
});

// The byte-level fast path must agree with the generic reader on everything Zeek can write.
describe('fast path agrees with the generic reader', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'Z', ':', '_', '-', '(', ')', '#', ' ', 'é', '\\', '\\x09', '\\x2d', '\\\\'), maxLength: 12 });
  // A small pool makes rows repeat (the scanner guesses repeated values), random text makes them differ.
  const pool = fc.constantFrom('worker-1', 'worker-10', 'Conn', 'Conn::state', 'Conn::state2', 'DNS', 'a', 'ab', 'abcd', 'abcde');
  // Plain values weigh most, so that runs of rows take the fast path one after another.
  const field = fc.oneof({ arbitrary: pool, weight: 6 }, text, fc.constant('(empty)'), fc.constant('-'));
  const num = fc.oneof({ arbitrary: fc.nat({ max: 10 ** 9 }).map(String), weight: 6 }, fc.constant('9007199254740993'), fc.constant('12x'), fc.constant('-'));
  const ts = fc.oneof(
    {
      arbitrary: fc
        .tuple(fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }), fc.integer({ min: 0, max: 999_999 }))
        .map(([s, us]) => `${s}.${String(us).padStart(6, '0')}`),
      weight: 6,
    },
    fc.constant('1e9'),
    fc.constant('-'),
    fc.constant('17953587961234567.5'),
    fc.constant('999999999.999990'),
    fc.constant('9007199254740.991'),
    fc.constant('1795358712.5'),
  );
  // The original package stamps every row anew, microseconds after the row before: such a row's
  // time is the row before's moved by `nudge` microseconds, across digits that carry (9999 -> 10000,
  // into a longer integer part), kept at that row's number of decimals.
  const nudge = fc.option(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 20_000 }), fc.constant(10 ** 6)), { freq: 2 });
  const nudged = (t: string, by: number): string | undefined => {
    const m = /^(\d+)\.(\d+)$/.exec(t);
    if (m === null) return undefined;
    const [, int, frac] = m as unknown as [string, string, string];
    const digits = (BigInt(int + frac) + BigInt(by)).toString().padStart(frac.length + 1, '0');
    return `${digits.slice(0, -frac.length)}.${digits.slice(-frac.length)}`;
  };
  // Rows of one dump repeat ts, run and node byte for byte, and dumps repeat module and variable
  // in the same order (the scanner then skips parsing them): a row copies ts, run and node from
  // the row `back` rows before it, module and variable from the row `tailBack` before (0: none).
  const lines = fc.array(fc.tuple(ts, num, field, field, field, num, fc.nat({ max: 2 }), fc.nat({ max: 3 }), nudge), { maxLength: 30 }).map((rows) => {
    const out: string[][] = [];
    for (const [t, run, node, module, variable, size, back, tailBack, by] of rows) {
      const prev = out[out.length - back];
      const before = out[out.length - 1];
      const later = by !== null && before ? nudged(before[0] as string, by) : undefined;
      const head = later !== undefined && before ? [later, ...before.slice(1, 3)] : back > 0 && prev ? prev.slice(0, 3) : [t, run, node];
      const earlier = out[out.length - tailBack];
      const tail = tailBack > 0 && earlier ? earlier.slice(3, 5) : [module, variable];
      out.push([...head, ...tail, size]);
    }
    return out.map((f) => f.join('\t'));
  });
  const header =
    '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tmy_stats\n#open\t2026-11-22-14-46-36\n' +
    '#fields\tts\trun\tnode\tmodule_name\tvariable\tsize\n#types\ttime\tcount\tstring\tstring\tstring\tcount\n';

  test('same rows, errors and skips for random my_stats logs chunked at random', async () => {
    const t = tempDir();
    try {
      await fc.assert(
        fc.asyncProperty(lines, fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), async (rows, cuts, crlf) => {
          let content = header + rows.map((l) => `${l}\n`).join('') + '#close\t2026-11-22-14-46-37\n';
          if (crlf) content = content.replace(/\n/g, '\r\n');
          const file = path.join(t.dir, 'my_stats.log');
          writeFileSync(file, content);
          for (const skip of [true, false]) {
            const expected = await genericRows(file, skip).catch((e: Error) => e.message);
            const got = scanChunked(file, Buffer.from(content), cuts, skip);
            // With several bad lines the generic reader (which parses a chunk before mapping it)
            // may name a later one first; the scanner reports them in line order.
            if (typeof expected === 'string') expect(got).toEqual(expect.stringMatching(/my_stats\.log:\d+ \w+: /));
            else expect(got).toEqual(expected);
          }
        }),
        propertyParams(200),
      );
    } finally {
      t.cleanup();
    }
  });
  test('rows stamped anew, microseconds apart (the original package), read the same through both paths', async () => {
    const t = tempDir();
    // Dumps of the same variables in the same order, every row stamped `step` microseconds after
    // the row before (digits carry, the integer part grows, the mantissa passes 2^53), now and then
    // a row whose time is spoilt where the scanner reads it from the row before's.
    const start = fc.oneof(
      fc.constantFrom(
        '1795358712.752233',
        '999999999.999990',
        '1795358712.999999',
        '9007199254.740985',
        '9007199254.740950',
        '9007199254.740900',
        '1795358712.5',
        '1795358712.75',
        '17953587.1234',
      ),
      fc.tuple(fc.integer({ min: 1, max: 2_000_000_000 }), fc.integer({ min: 0, max: 999_999 })).map(([s, us]) => `${s}.${String(us).padStart(6, '0')}`),
    );
    const step = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 12 }), weight: 4 }, fc.integer({ min: 0, max: 30_000 }), fc.constant(10 ** 7));
    const vars = fc.uniqueArray(fc.constantFrom('Conn::state', 'Conn::state2', 'DNS::x', 'a', 'ab', 'abcd', 'GLOBAL::y'), { minLength: 1, maxLength: 5 });
    const spoil: Record<string, (ts: string) => string> = {
      letter: (ts) => `${ts.slice(0, -2)}x${ts.slice(-1)}`,
      dot: (ts) => `${ts.slice(0, -2)}.${ts.slice(-1)}`,
      'no dot': (ts) => ts.replace('.', '0'),
      empty: () => '',
      unset: () => '-',
    };
    const odd = fc.oneof({ arbitrary: fc.constant(null), weight: 12 }, fc.constantFrom(...Object.keys(spoil)));
    try {
      await fc.assert(
        fc.asyncProperty(
          start,
          vars,
          fc.array(fc.tuple(step, fc.nat({ max: 10 ** 6 }), odd), { minLength: 1, maxLength: 60, size: 'large' }),
          fc.array(fc.nat(), { maxLength: 4 }),
          async (first, names, rows, cuts) => {
            const out: string[] = [];
            let ts = first;
            rows.forEach(([by, size, how], i) => {
              ts = nudged(ts, by) ?? ts;
              const v = names[i % names.length] as string;
              const stamp = how === null ? ts : (spoil[how] as (ts: string) => string)(ts);
              out.push(`${stamp}\t7\tworker-1\t${v.split('::')[0]}\t${v}\t${size}`);
            });
            const content = header + out.map((l) => `${l}\n`).join('');
            const file = path.join(t.dir, 'my_stats.log');
            writeFileSync(file, content);
            const expected = await genericRows(file, true);
            expect(scanChunked(file, Buffer.from(content), cuts, true)).toEqual(expected);
          },
        ),
        propertyParams(300),
      );
    } finally {
      t.cleanup();
    }
  });
  test('times whose mantissa passes 2^53, 3 microseconds apart, read as Number() reads them', async () => {
    const t = tempDir();
    try {
      // Past 2^53 the mantissa of the row before moved by a few digits is no longer exact: those
      // rows must be parsed from their text (this series goes wrong by up to 35 microseconds otherwise).
      const rows = Array.from({ length: 40 }, (_, i) => {
        const m = (9007199254740985n + BigInt(3 * i)).toString();
        return `${m.slice(0, -6)}.${m.slice(-6)}\t7\tworker-1\t${i % 2 ? 'a' : 'Conn'}\t${i % 2 ? 'a' : 'Conn::state'}\t${i}`;
      });
      const content = header + rows.map((l) => `${l}\n`).join('');
      const file = path.join(t.dir, 'my_stats.log');
      writeFileSync(file, content);
      const expected = await genericRows(file, true);
      expect(expected.rows.map((r) => (r as number[])[0])).toEqual(rows.map((r) => Number(r.split('\t')[0])));
      expect(scanChunked(file, Buffer.from(content), [], true)).toEqual(expected);
    } finally {
      t.cleanup();
    }
  });
  test('a guessed row whose module and variable only begin like the real ones is not taken for them', async () => {
    const t = tempDir();
    try {
      // After x came ab (whose tail is `a<TAB>ab<TAB>`), so after x the scanner guesses ab again: the
      // row holds abcd, abc or a longer module, each agreeing with the guess in its first bytes.
      const rows = ['x', 'ab', 'x', 'abcd', 'x', 'abc', 'x', 'ab', 'x', 'ab\tq'].map((v, i) => `1795358712.5\t1\tw\ta\t${v}\t${i}`);
      rows.push('1795358712.5\t1\tw\taa\tx\t1', '1795358712.5\t1\tw\ta\tab\t2', '1795358712.5\t1\tw\taa\tx\t3', '1795358712.5\t1\tw\tab\tab\t4');
      // A row one field short whose variable runs on in digits: `a<TAB>ab77` must not read as ab, size 7.
      rows.push('1795358712.5\t1\tw\ta\tx\t5', '1795358712.5\t1\tw\ta\tab\t6', '1795358712.5\t1\tw\ta\tx\t7', '1795358712.5\t1\tw\ta\tab77');
      const content = header + rows.map((l) => `${l}\n`).join('') + '#close\t2026-11-22-14-46-37\n';
      const file = path.join(t.dir, 'my_stats.log');
      writeFileSync(file, content);
      const expected = await genericRows(file, true);
      expect(scanChunked(file, Buffer.from(content), [], true)).toEqual(expected);
      expect(expected.rows.map((r) => (r as unknown[])[4])).toContain('abcd');
      expect(expected.stats.skippedLines).toBe(2);
    } finally {
      t.cleanup();
    }
  });

  test('same rows for random JSON my_stats logs chunked at random', async () => {
    const t = tempDir();
    const str = fc.oneof(pool, fc.string({ maxLength: 8 }), fc.constant(''), fc.constant('a"b'), fc.constant('x\\y'));
    const jsonRow = fc.record(
      {
        ts: fc.oneof(fc.double({ min: 0, max: 2e9, noNaN: true }), fc.constant(1795358798.350111)),
        run: fc.nat({ max: 1000 }),
        node: str,
        module_name: str,
        variable: str,
        size: fc.oneof(fc.nat(), fc.constant(9007199254740993n)),
      },
      { requiredKeys: ['ts', 'run', 'variable', 'size'] },
    );
    const render = (r: Record<string, unknown>): string =>
      '{' +
      Object.entries(r)
        .map(([k, v]) => `${JSON.stringify(k)}:${typeof v === 'bigint' ? v.toString() : JSON.stringify(v)}`)
        .join(',') +
      '}';
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(jsonRow, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 6 }), async (rows, cuts) => {
          const content = rows.map((r) => render(r) + '\n').join('');
          const file = path.join(t.dir, 'my_stats.log');
          writeFileSync(file, content);
          const expected = await genericRows(file, true).catch((e: Error) => e.message);
          expect(scanChunked(file, Buffer.from(content), cuts, true)).toEqual(expected);
        }),
        propertyParams(200),
      );
    } finally {
      t.cleanup();
    }
  });
});

async function genericRows(file: string, skip: boolean): Promise<{ rows: unknown[]; stats: LogReadStats }> {
  const { records, stats } = await readAll(file, { skipMalformed: skip });
  const policy = new MalformedLinePolicy(stats, skip);
  const rows = footprintsOf(records, stats, policy).map((r) => [r.ts, r.run, r.node, r.module, r.variable, r.size, r.line]);
  policy.summarize();
  stats.records = rows.length;
  return { rows, stats };
}

function scanChunked(file: string, bytes: Buffer, cuts: number[], skip: boolean): { rows: unknown[]; stats: LogReadStats } | string {
  const stats: LogReadStats = { file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
  const strings = new StringTable();
  const rows: unknown[] = [];
  const s = strings.strings;
  const scanner = new FootprintScanner(stats, { skipMalformed: skip }, strings, (ts, run, node, module, variable, size, line) => {
    rows.push([ts, run, s[node], s[module], s[variable], size, line]);
  });
  try {
    let prev = 0;
    for (const c of cuts.map((x) => x % (bytes.length + 1)).sort((a, b) => a - b)) {
      scanner.push(bytes.subarray(prev, c));
      prev = c;
    }
    scanner.push(bytes.subarray(prev));
    scanner.end();
  } catch (e) {
    return (e as Error).message;
  }
  return { rows, stats };
}

test('the recorded logs read the same through both paths', async () => {
  const file = fixture('my_stats-standalone.log');
  const expected = await genericRows(file, false);
  expect(scanChunked(file, readFileSync(file), [100, 101, 333], false)).toEqual(expected);
});

test('leaving a loop early closes the file and ends cleanly', async () => {
  for (const stream of [readFootprints(fixture('my_stats-standalone.log')), readDumps(fixture('my_stats_runs.log'))]) {
    let n = 0;
    for await (const r of stream) {
      void r;
      if (++n === 1) break;
    }
    expect(n).toBe(1);
  }
});

test('JSON logs with ISO 8601 timestamps (LogAscii::json_timestamps) read as epoch seconds', async () => {
  const t = tempDir();
  try {
    const file = path.join(t.dir, 'my_stats.log');
    writeFileSync(file, '{"ts":"2026-11-22T14:45:12.752226Z","run":1,"node":"worker-1","module_name":"Conn","variable":"Conn::state","size":3}\n');
    const { rows } = await footprints(file);
    expect(rows[0]).toMatchObject({ ts: Date.UTC(2026, 10, 22, 14, 45, 12) / 1000 + 0.752226, node: 'worker-1', size: 3 });
  } finally {
    t.cleanup();
  }
});

test('thousands of distinct names and empty strings keep their ids (interner growth)', async () => {
  const t = tempDir();
  try {
    const ascii = path.join(t.dir, 'my_stats.log');
    const json = path.join(t.dir, 'my_stats.json.log');
    const header = readFileSync(fixture('my_stats-standalone.log'), 'utf8').split('\n').slice(0, 8).join('\n') + '\n';
    const n = 3000;
    const names = Array.from({ length: n }, (_, i) => `M${i % 7}::v${i}`);
    writeFileSync(ascii, header + names.map((v, i) => `1.${String(i).padStart(6, '0')}\t1\t\t${v.split('::')[0]}\t${v}\t${i}\n`).join(''));
    writeFileSync(json, names.map((v, i) => `{"ts":1.5,"run":1,"node":"","module_name":"${v.split('::')[0]}","variable":"${v}","size":${i}}\n`).join(''));
    for (const file of [ascii, json]) {
      const { rows } = await footprints(file);
      expect(rows.map((r) => r.variable)).toEqual(names);
      expect(rows.every((r) => r.node === '' && r.module === r.variable.split('::')[0])).toBe(true);
    }
  } finally {
    t.cleanup();
  }
});
