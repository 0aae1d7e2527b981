// What the log readers rely on, checked with a clear error naming file and line: a regular file
// (a FIFO would block the open for ever), unique printable column names, UTF-8 as Zeek writes it.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LogFormatError, ZeekBudgetError } from '../../harness/errors.js';
import { readFootprints } from '../../harness/zeek-log/my-stats.js';
import { readZeekLog } from '../../harness/zeek-log/read-zeek-log.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { fixture } from './helpers.js';

const tmp = useTempDir();
const STANDALONE = readFileSync(fixture('my_stats-standalone.log'), 'utf8');

async function failure(read: () => AsyncIterable<unknown>): Promise<ZeekBudgetError> {
  try {
    for await (const r of read()) void r;
  } catch (e) {
    if (e instanceof ZeekBudgetError) return e;
    throw e;
  }
  throw new Error('read without an error');
}

const readers = [
  ['readZeekLog', (f: string) => readZeekLog(f)],
  ['readFootprints', (f: string) => readFootprints(f)],
] as const;

test.each(readers)('%s refuses a FIFO before opening it for reading (it would wait for a writer for ever)', async (_name, read) => {
  const fifo = path.join(tmp(), 'my_stats.log');
  execFileSync('mkfifo', [fifo]);
  const e = await failure(() => read(fifo));
  expect(e.message).toBe(`${fifo}: is a FIFO (named pipe), not a regular file: a log is read whole, so name the log file Zeek wrote`);
  expect(e.exitCode).toBe(3);
});

test.each(readers)('%s: a column name twice in #fields is a damaged header, with its line', async (_name, read) => {
  const file = path.join(tmp(), 'my_stats.log');
  writeFileSync(file, STANDALONE.replace(/^#fields\t(.*)\tsize$/m, '#fields\t$1\tnode'));
  const line = STANDALONE.split('\n').findIndex((l) => l.startsWith('#fields')) + 1;
  const e = await failure(() => read(file));
  expect(e).toBeInstanceOf(LogFormatError);
  expect(e.message).toBe(`${file}:${line}: #fields: columns 3 and 6 are both named "node": the header is damaged (Zeek's column names are unique)`);
});

test('a column name with a control character, or an empty one, is a damaged header', async () => {
  const file = path.join(tmp(), 'my_stats.log');
  writeFileSync(file, STANDALONE.replace(/^#fields\tts\t/m, '#fields\tt\u0001s\t'));
  expect((await failure(() => readZeekLog(file))).message).toMatch(
    /my_stats\.log:7: #fields: column 1 has a name with unprintable characters \("t\\u0001s"\): the header is damaged/,
  );
  writeFileSync(file, STANDALONE.replace(/^#fields\tts\t/m, '#fields\t\t'));
  expect((await failure(() => readZeekLog(file, { skipMalformed: true }))).message).toMatch(/my_stats\.log:7: #fields: column 1 has an empty name/);
});

test('a UTF-8 byte-order mark, which Zeek never writes, is named', async () => {
  const file = path.join(tmp(), 'my_stats.log');
  writeFileSync(file, `\ufeff${STANDALONE}`);
  for (const [, read] of readers) {
    expect((await failure(() => read(file))).message).toMatch(/my_stats\.log:1: starts with a UTF-8 byte-order mark, which Zeek never writes/);
  }
});

test('a log re-saved as UTF-16 is named, with and without its byte-order mark', async () => {
  const file = path.join(tmp(), 'my_stats.log');
  for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(STANDALONE, 'utf16le')]), Buffer.from(STANDALONE, 'utf16le')]) {
    writeFileSync(file, bytes);
    for (const [, read] of readers) {
      expect((await failure(() => read(file))).message).toMatch(/my_stats\.log:1: holds NUL bytes: it looks UTF-16 encoded, and Zeek writes UTF-8 logs/);
    }
  }
});
