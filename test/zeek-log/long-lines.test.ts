// A line without a newline for a long stretch (a damaged or foreign file): framing it must cost
// copies linear in its length, and past a sane maximum the readers refuse it, naming file and line.
// Work is counted in bytes copied (Buffer.concat results plus the carry's own copies), not time.
import { jest } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LogFormatError } from '../../harness/errors.js';
import { FootprintScanner } from '../../harness/zeek-log/footprint-scanner.js';
import { MAX_LINE_BYTES } from '../../harness/zeek-log/line-carry.js';
import { LineSplitter } from '../../harness/zeek-log/line-splitter.js';
import { readFootprints, StringTable } from '../../harness/zeek-log/my-stats.js';
import { readZeekLog } from '../../harness/zeek-log/read-zeek-log.js';
import type { LogReadStats } from '../../harness/zeek-log/types.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { fixture } from './helpers.js';

const tmp = useTempDir();
const HEADER =
  readFileSync(fixture('my_stats-standalone.log'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('#') && !l.startsWith('#close'))
    .join('\n') + '\n';
const HEADER_LINES = HEADER.split('\n').length - 1;

/** Bytes Buffer.concat produced while `fn` ran. */
function concatBytes(fn: () => void): number {
  const real = Buffer.concat;
  let bytes = 0;
  const spy = jest.spyOn(Buffer, 'concat').mockImplementation((list, total) => {
    const out = real(list, total);
    bytes += out.length;
    return out;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return bytes;
}

function stats(file: string): LogReadStats {
  return { file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
}

const LINE = 4 * 1024 * 1024;
const CHUNK = 4096; // 1024 chunks: per-chunk concatenation would copy about 2 GiB

test('a 4 MiB line in 1024 chunks costs linear copies in the line splitter', () => {
  const splitter = new LineSplitter('big.log');
  const piece = Buffer.alloc(CHUNK, 0x61);
  const lines: string[] = [];
  const copied = concatBytes(() => {
    for (let i = 0; i < LINE / CHUNK; i++) splitter.push(piece, (l) => lines.push(l));
    splitter.push(Buffer.from('\nnext\n'), (l) => lines.push(l));
  });
  expect(lines.map((l) => l.length)).toEqual([LINE, 4]);
  expect(copied + splitter.copiedBytes).toBeLessThanOrEqual(3 * LINE);
});

test('the same in the footprint scanner (the fast my_stats path)', () => {
  const rows: number[] = [];
  const scanner = new FootprintScanner(stats('big.log'), {}, new StringTable(), (_ts, _run, _n, _m, _v, size) => rows.push(size));
  const piece = Buffer.alloc(CHUNK, 0x61);
  const copied = concatBytes(() => {
    scanner.push(Buffer.from(HEADER));
    for (let i = 0; i < LINE / CHUNK; i++) scanner.push(piece);
  });
  expect(copied + scanner.copiedBytes).toBeLessThanOrEqual(3 * LINE);
});

test('past the maximum a line is a LogFormatError naming file and line, in every reader', async () => {
  const file = path.join(tmp(), 'my_stats.log');
  writeFileSync(file, HEADER + 'x'.repeat(MAX_LINE_BYTES + 1));
  const line = HEADER_LINES + 1;
  const expected = `${file}:${line}: a line longer than 16 MiB without a newline: this is not a Zeek log, or it is damaged (Zeek writes one record per line)`;
  for (const read of [() => readZeekLog(file), () => readFootprints(file), () => readZeekLog(file, { skipMalformed: true })]) {
    const failure = await (async () => {
      for await (const r of read()) void r;
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(LogFormatError);
    expect((failure as LogFormatError).message).toBe(expected);
    expect((failure as LogFormatError).location).toMatchObject({ file, line });
  }
});

test('the limit counts the carried line only: many ordinary lines in one stream are fine', () => {
  const splitter = new LineSplitter('many.log', 1024);
  let n = 0;
  for (let i = 0; i < 1000; i++) splitter.push(Buffer.from('a'.repeat(600) + '\n' + 'b'.repeat(300)), () => n++);
  expect(n).toBe(1000);
  expect(() => splitter.push(Buffer.alloc(2000, 0x62), () => n++)).toThrow(/many\.log:1001: a line longer than 1024 bytes/);
});
