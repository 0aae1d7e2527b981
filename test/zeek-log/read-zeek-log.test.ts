import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { EnvironmentError, LogFormatError } from '../../harness/errors.js';
import { fixture, readAll, tempDir } from './helpers.js';

describe('ASCII logs', () => {
  test('types every column by #types, decodes escapes, (empty) and -', async () => {
    const { records, stats } = await readAll(fixture('types.log'));
    expect(stats).toMatchObject({ format: 'ascii', compressed: false, closed: true, records: 3, headerBlocks: 1, skippedLines: 0, warnings: [] });
    const [r1, r2, r3] = records.map((r) => r.values);
    expect(records[0]).toMatchObject({ line: 9, path: 'types' });
    expect(r1).toEqual({
      s: 'tab\there,comma',
      ss: ['a,b', '-', '(empty)'],
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
      c: 9007199254740993n,
      neg: -42,
    });
    expect(r2).toEqual({
      s: '-',
      ss: [],
      v: [],
      u: '',
      e: [],
      i: 0,
      t: 0,
      d: 1e20,
      a: '127.0.0.1',
      p: 0,
      n: '::/0',
      b: false,
      c: 18446744073709551615n,
      neg: -9223372036854775808n,
    });
    // \xc3\xa9 is one character split over two escapes: bytes first, UTF-8 once; raw UTF-8 passes through.
    expect(r3?.s).toBe('#hash \u0000 nul é split-utf8 café \\ back');
    expect(r3?.v).toEqual([0, null, 7]);
    expect(r3?.c).toBe(9007199254740991);
    expect(typeof r3?.c).toBe('number');
  });

  test('a new #fields block resets the schema', async () => {
    const { records, stats } = await readAll(fixture('my_stats-two-blocks.log'));
    expect(stats.headerBlocks).toBe(2);
    expect(stats.closed).toBe(true);
    expect(records.map((r) => [r.values.variable, r.values.size, r.values.ts])).toEqual([
      ['Conn::state', 10, 1700000000.000001],
      ['DNS::cache', 20, 1700000000.000002],
      ['Conn::state', 30, 1700000100.000001],
      ['DNS::cache', 5, 1700000100.000002],
    ]);
  });

  test('no #close and a cut last line: complete records kept, partial line dropped, both warned', async () => {
    const { records, stats } = await readAll(fixture('my_stats-truncated.log'));
    expect(records.map((r) => r.values.variable)).toEqual(['MQTT::ports', 'Intel::data_store']);
    expect(stats.closed).toBe(false);
    expect(stats.warnings).toHaveLength(2);
    expect(stats.warnings[0]).toMatch(/my_stats-truncated\.log:11: last line has no newline .* partial write, dropped/);
    expect(stats.warnings[1]).toMatch(/has no #close: Zeek was killed or is still writing; records up to the last complete line are used/);
  });

  test('a malformed value throws LogFormatError with file, line and field', async () => {
    const err = await readAll(fixture('my_stats-malformed.log')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LogFormatError);
    expect((err as Error).message).toMatch(/my_stats-malformed\.log:10 size: '12x6' is not a count/);
  });

  test('skipMalformed counts bad lines (bad number, missing field) and keeps the rest', async () => {
    const { records, stats } = await readAll(fixture('my_stats-malformed.log'), { skipMalformed: true });
    expect(records.map((r) => r.values.variable)).toEqual(['SMTP::ports', 'Log::filters']);
    expect(stats.skippedLines).toBe(2);
    expect(stats.warnings.join('\n')).toMatch(/skipped 2 malformed line\(s\).*:10 size/);
  });

  test('a line with too few fields names the first missing field', async () => {
    const t = tempDir();
    try {
      const lines = readFileSync(fixture('my_stats-malformed.log'), 'utf8').split('\n');
      const file = path.join(t.dir, 'short.log');
      writeFileSync(file, [...lines.slice(0, 8), lines[10], ...lines.slice(12)].join('\n'));
      await expect(readAll(file)).rejects.toThrow(/short\.log:9 size: expected 6 fields \(ts run node module_name variable size\), found 5/);
    } finally {
      t.cleanup();
    }
  });

  test('CRLF line ends read the same as LF', async () => {
    const t = tempDir();
    try {
      const crlf = path.join(t.dir, 'my_stats.log');
      writeFileSync(crlf, readFileSync(fixture('my_stats-standalone.log'), 'utf8').replace(/\n/g, '\r\n'));
      const a = await readAll(crlf);
      const b = await readAll(fixture('my_stats-standalone.log'));
      expect(a.records.map((r) => r.values)).toEqual(b.records.map((r) => r.values));
      expect(a.stats.closed).toBe(true);
    } finally {
      t.cleanup();
    }
  });

  test('a data line before #fields is an error (not a Zeek log)', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'notes.txt');
      writeFileSync(file, 'hello\tworld\n');
      await expect(readAll(file)).rejects.toThrow(/notes\.txt:1: data line before any #fields header/);
    } finally {
      t.cleanup();
    }
  });

  test('empty file and header-only file: zero records, no crash', async () => {
    const empty = await readAll(fixture('my_stats-empty.log'));
    expect(empty.records).toEqual([]);
    expect(empty.stats).toMatchObject({ format: 'empty', closed: false, records: 0 });
    expect(empty.stats.warnings[0]).toMatch(/is empty: Zeek buffers log writes/);
    const header = await readAll(fixture('my_stats-header-only.log'));
    expect(header.records).toEqual([]);
    expect(header.stats).toMatchObject({ format: 'ascii', closed: true, headerBlocks: 1, warnings: [] });
  });
});

describe('JSON logs', () => {
  test('typed values, big counts as bigint, omitted fields absent, nested objects flattened', async () => {
    const { records, stats } = await readAll(fixture('types-json.log'));
    expect(stats).toMatchObject({ format: 'json', closed: true, records: 2, headerBlocks: 0 });
    expect(records[0]?.path).toBe('types-json');
    expect(records[0]?.values).toEqual({
      s: '#hash \u0000 nul \ufffd high \\ back',
      ss: ['(empty)', 'a,b', '-'],
      v: [18446744073709551615n, 9007199254740993n, 1],
      e: [''],
      i: -120,
      d: 1e20,
      p: 53,
      b: true,
      'id.orig_h': '10.0.0.1',
      'id.orig_p': 80,
    });
    expect(records[1]?.values).toEqual({ s: '-', ss: [], u: 'x' });
  });

  test('bad JSON is a LogFormatError with the line; a cut last object is dropped with a warning', async () => {
    const t = tempDir();
    try {
      const good = readFileSync(fixture('my_stats-json.log'), 'utf8');
      const bad = path.join(t.dir, 'bad.log');
      writeFileSync(bad, good.replace('"run":2,', '"run":2,,'));
      await expect(readAll(bad)).rejects.toThrow(/bad\.log:3: not valid JSON/);
      const cut = path.join(t.dir, 'cut.log');
      writeFileSync(cut, good.slice(0, good.length - 20));
      const { records, stats } = await readAll(cut);
      expect(records).toHaveLength(3);
      expect(stats.closed).toBe(false);
      expect(stats.warnings[0]).toMatch(/cut\.log:4: last line is an incomplete JSON object/);
    } finally {
      t.cleanup();
    }
  });
});

describe('gzip and files', () => {
  test('gzip is detected by its magic bytes, whatever the name', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'my_stats.log');
      writeFileSync(file, gzipSync(readFileSync(fixture('my_stats-standalone.log'))));
      const { records, stats } = await readAll(file);
      expect(stats).toMatchObject({ compressed: true, closed: true, records: 8 });
      expect(records[7]?.values).toMatchObject({ variable: 'Leaky::seen', size: 1500, node: '' });
    } finally {
      t.cleanup();
    }
  });

  test('a gzip cut short reads what it holds and warns there is no #close', async () => {
    const t = tempDir();
    try {
      const text = readFileSync(fixture('my_stats-standalone.log'), 'utf8').repeat(200);
      const gz = gzipSync(text);
      const file = path.join(t.dir, 'my_stats.log.gz');
      writeFileSync(file, gz.subarray(0, Math.floor(gz.length * 0.6)));
      const { records, stats } = await readAll(file, { skipMalformed: true });
      expect(records.length).toBeGreaterThan(0);
      expect(stats.warnings.join('\n')).toMatch(/no #close|partial write/);
    } finally {
      t.cleanup();
    }
  });

  test('corrupt gzip is a LogFormatError naming the file', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'broken.log.gz');
      writeFileSync(file, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
      const err = await readAll(file).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LogFormatError);
      expect((err as Error).message).toMatch(/broken\.log\.gz: corrupt gzip data/);
    } finally {
      t.cleanup();
    }
  });

  test('a missing file is an EnvironmentError naming it', async () => {
    const err = await readAll(fixture('no-such.log')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect(err).not.toBeInstanceOf(LogFormatError);
    expect((err as Error).message).toMatch(/no-such\.log: no such file/);
  });

  test('a directory is an EnvironmentError, not a crash', async () => {
    await expect(readAll(path.dirname(fixture('x')))).rejects.toThrow(/is a directory/);
  });
});

test('another #separator and #set_separator are honoured (the separator value is escaped)', async () => {
  const t = tempDir();
  try {
    const file = path.join(t.dir, 'odd.log');
    writeFileSync(
      file,
      [
        '#separator \\x7c',
        '#set_separator|;',
        '#empty_field|EMPTY',
        '#unset_field|NONE',
        '#path|odd',
        '#fields|s|ss|n',
        '#types|string|set[string]|count',
        'a\\x7cb|x;y\\x3bz|NONE',
        'EMPTY|EMPTY|3',
        '#close|2026-11-22-14-46-46',
        '',
      ].join('\n'),
    );
    const { records } = await readAll(file);
    expect(records.map((r) => r.values)).toEqual([
      { s: 'a|b', ss: ['x', 'y;z'], n: null },
      { s: '', ss: [], n: 3 },
    ]);
  } finally {
    t.cleanup();
  }
});
