// Fuzzing the log readers: random bytes, damaged real-format logs (ASCII, JSON, gzip) and token soup
// go through every reading API. Each case must end (bounded), and fail only with a typed error
// naming the file and line.
import fc from 'fast-check';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeAsciiLog } from '../../harness/zeek-log/encode-ascii.js';
import { readConnections, readDumps, readFootprints, scanFootprints, StringTable } from '../../harness/zeek-log/my-stats.js';
import { readZeekLog } from '../../harness/zeek-log/read-zeek-log.js';
import type { LogReadStats } from '../../harness/zeek-log/types.js';
import { REPO } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { fuzzParams, fuzzRuns } from './fuzz-runs.js';
import { mutatedInput, tokenSoup } from './mutations.js';
import { untypedFailure } from './typed-failure.js';
import { CASE_MS, FUZZ_TEST_MS, Watchdog } from './watchdog.js';

const tmp = useTempDir('zeek-budget-fuzz-');
const watchdog = new Watchdog();
// An error that escapes every await (an 'error' event nobody listens to, a lost rejection) fails
// the test by itself: jest reports uncaught exceptions and unhandled rejections as failures.
afterAll(() => watchdog.stop());

const RUNS = fuzzRuns(400);
const WHOLE_FILE = /corrupt gzip data/;

const fixtures = path.join(REPO, 'test', 'fixtures', 'logs');
const generated = encodeAsciiLog({
  path: 'my_stats',
  columns: [
    { name: 'ts', type: 'time' },
    { name: 'run', type: 'count' },
    { name: 'node', type: 'string' },
    { name: 'module_name', type: 'string' },
    { name: 'variable', type: 'string' },
    { name: 'size', type: 'count' },
  ],
  open: '2026-11-22-14-45-13',
  close: '2026-11-22-14-46-06',
  records: Array.from({ length: 12 }, (_, i) => ({
    ts: 1795358712.752226 + i / 1e6,
    run: 1 + (i >> 2),
    node: i % 2 ? 'worker-1' : '',
    module_name: i % 3 ? 'Conn' : 'GLOBAL',
    variable: i % 3 ? `Conn::v${i}` : `v${i}`,
    size: i * 1000,
  })),
});
const conns = encodeAsciiLog({
  path: 'my_stats_conns',
  columns: [
    { name: 'ts', type: 'time' },
    { name: 'run', type: 'count' },
    { name: 'node', type: 'string' },
    { name: 'field', type: 'string' },
    { name: 'connections', type: 'count' },
    { name: 'total', type: 'count' },
    { name: 'max', type: 'count' },
    { name: 'max_uid', type: 'string' },
    { name: 'max_id', type: 'string' },
    { name: 'live', type: 'bool' },
  ],
  open: '2026-11-22-14-45-13',
  records: Array.from({ length: 6 }, (_, i) => ({
    ts: 1795358712.752226,
    run: 1 + (i >> 1),
    node: 'worker-1',
    field: i % 2 ? 'http' : '(connection)',
    connections: i,
    total: 10 * i,
    max: 5 * i,
    max_uid: `C${i}`,
    max_id: `[2001:db8::${i}]:80/tcp -> 10.0.0.${i}:4711/tcp`,
    live: i % 3 === 0,
  })),
});
// Every seed is a well-formed Zeek log (the damage is the fuzzer's job): my_stats-malformed.log,
// damaged on purpose for the reader's own tests, is left out.
const seedFiles = readdirSync(fixtures)
  .filter((f) => f !== 'my_stats-malformed.log')
  .sort();
const plainSeeds = [...seedFiles.map((f) => readFileSync(path.join(fixtures, f))), Buffer.from(generated), Buffer.from(conns)];
const seeds = [...plainSeeds, ...plainSeeds.slice(0, 4).map((b) => gzipSync(b))];

const TOKENS = [
  '#separator \\x09\n',
  '#separator \\x7c\n',
  '#set_separator\t,\n',
  '#empty_field\t(empty)\n',
  '#unset_field\t-\n',
  '#path\tmy_stats\n',
  '#open\t2026-11-22-14-45-13\n',
  '#fields\tts\trun\tnode\tmodule_name\tvariable\tsize\n',
  '#types\ttime\tcount\tstring\tstring\tstring\tcount\n',
  '#fields\t',
  '#types\t',
  '#close\t2026-11-22-14-46-06\n',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '-',
  '(empty)',
  '\\x',
  '\\x0',
  '\\x09',
  '\\xzz',
  '\\\\',
  '\\',
  'ts',
  'run',
  'node',
  'size',
  'count',
  'time',
  'string',
  'set[string]',
  'vector[count]',
  'table[count]',
  'set[',
  'vector[]',
  '1795358712.752226',
  '18446744073709551616',
  '9007199254740993',
  '99999999999999999999999999',
  '-1',
  '-',
  'nan',
  '-nan',
  'inf',
  '1e400',
  '0x10',
  '+5',
  'T',
  'F',
  ',',
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  'null',
  'true',
  '{"ts":',
  '"size":',
  '"run":1',
  '"node":"w"',
  '"\\x00"',
  '"\\u0000"',
  '"\\ud800"',
  '{"ts":1795358712.752226,"run":1,"node":"","module_name":"GLOBAL","variable":"x","size":1}\n',
  '{"ts":"2026-11-22T14:45:13.123456Z"}',
  '\u0000',
  'é',
  '\uffff',
  '\u{1F600}',
  ' '.repeat(100),
  'x'.repeat(5000),
];

const inputs = fc.oneof(
  { weight: 5, arbitrary: mutatedInput(seeds, TOKENS).map(({ seed, bytes }) => ({ how: `seed ${seed} mutated`, bytes, gzip: false })) },
  { weight: 2, arbitrary: mutatedInput(plainSeeds, TOKENS).map(({ seed, bytes }) => ({ how: `seed ${seed} mutated then gzipped`, bytes, gzip: true })) },
  { weight: 2, arbitrary: tokenSoup(TOKENS).map((bytes) => ({ how: 'token soup', bytes, gzip: false })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((b) => ({ how: 'random bytes', bytes: Buffer.from(b), gzip: false })) },
);

async function drain(items: AsyncIterable<unknown>): Promise<void> {
  for await (const item of items) void item;
}

const READERS: Array<[string, (file: string) => Promise<void>]> = [
  ['readZeekLog', (f) => drain(readZeekLog(f))],
  ['readZeekLog --skip-malformed', (f) => drain(readZeekLog(f, { skipMalformed: true }))],
  ['readFootprints', (f) => drain(readFootprints(f))],
  ['readFootprints --skip-malformed', (f) => drain(readFootprints(f, { skipMalformed: true }))],
  [
    'scanFootprints',
    async (f) => {
      const stats: LogReadStats = { file: f, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
      await scanFootprints(f, {}, stats, new StringTable(), () => undefined);
    },
  ],
  ['readDumps', (f) => drain(readDumps(f))],
  ['readConnections', (f) => drain(readConnections(f))],
  ['readConnections --skip-malformed', (f) => drain(readConnections(f, { skipMalformed: true }))],
];

test.each(seeds.map((bytes, i) => [i, bytes] as const))('seed %i reads as a Zeek log as it is (every seed is valid before it is damaged)', async (i, bytes) => {
  const file = path.join(tmp(), i >= plainSeeds.length ? 'seed.log.gz' : 'seed.log');
  writeFileSync(file, bytes);
  await expect(drain(readZeekLog(file))).resolves.toBeUndefined();
});

test(
  'damaged, random and token-soup logs: every reader ends, and fails only with typed errors naming file and line',
  async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(inputs, async ({ how, bytes, gzip }) => {
        cases++;
        const file = path.join(tmp(), 'my_stats.log');
        writeFileSync(file, gzip ? gzipSync(bytes) : bytes);
        for (const [name, read] of READERS) {
          const label = `${name} on ${how}: ${file} (${bytes.length} bytes, base64 ${bytes.subarray(0, 300).toString('base64')})`;
          const failure = await watchdog
            .run(label, CASE_MS, () => read(file))
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          if (failure === undefined) continue;
          const problem = untypedFailure(failure, file, { wholeFile: WHOLE_FILE });
          if (problem) throw new Error(`${label}\n${problem}`);
        }
      }),
      fuzzParams(400),
    );
    expect(cases).toBe(RUNS);
  },
  FUZZ_TEST_MS,
);
