// The parallel my_stats reader must be indistinguishable from the sequential one: the same rows in
// the same order (line numbers included), the same statistics and warnings, the same errors with
// the same file:line. Random logs (ASCII and JSON, several header blocks, other columns in a later
// block, CRLF, malformed lines, partial last lines, junk, gzip), cut into parts down to 64 bytes,
// and the recorded real-Zeek logs. The workers run the compiled reader (npm test builds first).
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { findLogs } from '../../harness/zeek-log/find-logs.js';
import { scanFootprints, StringTable } from '../../harness/zeek-log/my-stats.js';
import { openFootprintFiles } from '../../harness/zeek-log/parallel-scan.js';
import type { LogReadStats } from '../../harness/zeek-log/types.js';
import { propertyParams } from '../helpers/property-params.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { reference } from './helpers.js';

const tmp = useTempDir();
const WORKER = path.resolve('dist', 'harness', 'zeek-log', 'scan-worker.js');

beforeAll(() => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` (npm test does it first)`);
});

type Run = { rows: string[]; stats: LogReadStats[] } | { error: string };

async function sequential(files: string[], skipMalformed: boolean): Promise<Run> {
  const strings = new StringTable();
  const rows: string[] = [];
  const stats: LogReadStats[] = [];
  try {
    for (const file of files) {
      const s: LogReadStats = { file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
      await scanFootprints(file, { skipMalformed }, s, strings, (ts, run, node, module, variable, size, line) => {
        rows.push(`${ts} ${run} ${strings.strings[node]} ${strings.strings[module]} ${strings.strings[variable]} ${size} @${line}`);
      });
      stats.push(s);
    }
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { rows, stats };
}

/** Reads with worker threads; `used` counts the reads that really went to them (one small file stays on this thread). */
const used = { parallel: 0, all: 0 };

async function parallel(files: string[], skipMalformed: boolean, partBytes: number, workers = 2): Promise<Run> {
  const strings = new StringTable();
  const rows: string[] = [];
  const stats: LogReadStats[] = [];
  const reader = await openFootprintFiles(files, { skipMalformed, workers, partBytes, minParallelBytes: 0 }, strings);
  used.all++;
  if (reader.workers > 0) used.parallel++;
  try {
    for (const file of files) {
      const s: LogReadStats = { file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
      await reader.scan(file, s, (ts, run, node, module, variable, size, line) => {
        rows.push(`${ts} ${run} ${strings.strings[node]} ${strings.strings[module]} ${strings.strings[variable]} ${size} @${line}`);
      });
      stats.push(s);
    }
    return { rows, stats };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    await reader.close();
  }
}

const HEADER = (fields: string[]) =>
  `#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tmy_stats\n#open\t2026-11-22-14-45-13\n#fields\t${fields.join('\t')}\n#types\t${fields.map((f) => (({ ts: 'time', run: 'count', size: 'count' }) as Record<string, string>)[f] ?? 'string').join('\t')}\n`;
const COLUMNS = ['ts', 'run', 'node', 'module_name', 'variable', 'size'];

const row = fc.record({
  ts: fc.integer({ min: 0, max: 10_000 }),
  run: fc.integer({ min: 1, max: 30 }),
  node: fc.constantFrom('(empty)', 'worker-1', 'manager'),
  variable: fc.constantFrom('Conn::state', 'udp_content_ports', 'SSL::x', 'Log::filters'),
  size: fc.nat({ max: 100000 }),
  bad: fc.oneof({ weight: 30, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('12x', '-', '', 'a\tb') }),
});

const logArb = fc.record({
  blocks: fc.array(fc.record({ rows: fc.array(row, { maxLength: 40 }), reorder: fc.boolean(), close: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  json: fc.boolean(),
  crlf: fc.boolean(),
  tail: fc.constantFrom('', '1795359999.0\t9\tworker', '\u0000junk'),
  gzip: fc.boolean(),
});

type Log = typeof logArb extends fc.Arbitrary<infer T> ? T : never;

function logText(l: Log): string {
  const nl = l.crlf ? '\r\n' : '\n';
  let text = '';
  for (const b of l.blocks) {
    const cols = b.reorder ? ['run', 'ts', 'module_name', 'node', 'variable', 'size'] : COLUMNS;
    if (!l.json) text += HEADER(cols).replace(/\n/g, nl);
    for (const r of b.rows) {
      const module = r.variable.includes('::') ? r.variable.slice(0, r.variable.indexOf('::')) : 'GLOBAL';
      const v: Record<string, string> = {
        ts: `${1795358712 + r.ts}.${String(r.ts % 1000000).padStart(6, '0')}`,
        run: String(r.run),
        node: r.node,
        module_name: module,
        variable: r.variable,
        size: r.bad || String(r.size),
      };
      text += l.json
        ? `{"ts":${v.ts},"run":${v.run},"node":"${r.node === '(empty)' ? '' : r.node}","module_name":"${module}","variable":"${r.variable}","size":${r.bad ? `"${r.bad}"` : r.size}}${nl}`
        : `${cols.map((c) => v[c]).join('\t')}${nl}`;
    }
    if (!l.json && b.close) text += `#close\t2026-11-22-15-00-00${nl}`;
  }
  return text + l.tail;
}

let n = 0;

test('parallel parts and files read exactly as the sequential reader', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(logArb, { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      fc.integer({ min: 64, max: 2048 }),
      fc.integer({ min: 1, max: 3 }),
      async (logs, skip, partBytes, workers) => {
        const files = logs.map((l) => {
          const file = path.join(tmp(), `log-${n++}.log${l.gzip ? '.gz' : ''}`);
          const text = logText(l);
          writeFileSync(file, l.gzip ? gzipSync(text) : text);
          return file;
        });
        expect(await parallel(files, skip, partBytes, workers)).toEqual(await sequential(files, skip));
      },
    ),
    propertyParams(60),
  );
  // Most cases must really have been read by the workers, or the comparison proves nothing.
  expect(used.parallel).toBeGreaterThan(used.all * 0.7);
}, 180_000);

const recorded = existsSync(reference) ? test : test.skip;

recorded(
  'the recorded real-Zeek logs read the same in parts',
  async () => {
    const files: string[] = [];
    for (const c of ['cluster', 'cluster-2-loggers', 'original-bro.org-10s', 'original-gzip', 'original-json', 'original-wikipedia']) {
      for (const f of await findLogs(path.join(reference, c), 'my_stats')) files.push(f.file);
    }
    files.push(path.join(reference, 'cluster', 'spool-logger-1-live', 'my_stats.log'));
    for (const partBytes of [64, 4096, 1 << 16]) expect(await parallel(files, false, partBytes)).toEqual(await sequential(files, false));
  },
  120_000,
);

test('a part with more new names than a call takes arguments (200,000 variables) reads the same', async () => {
  // Every row a variable of its own: an answer then carries 200,000 new strings for the caller to intern.
  const header = '#separator \\x09\n#fields\tts\trun\tnode\tmodule_name\tvariable\tsize\n#types\ttime\tcount\tstring\tstring\tstring\tcount\n';
  const rows = Array.from({ length: 200_000 }, (_, i) => `1795358712.5\t1\tworker-1\tGLOBAL\tv${i}\t${i}\n`).join('');
  const files = ['a', 'b'].map((name) => path.join(tmp(), `my_stats.${name}.log.gz`));
  for (const f of files) writeFileSync(f, gzipSync(header + rows));
  const got = await parallel(files, false, 1 << 30);
  expect(got).toEqual(await sequential(files, false));
  expect('rows' in got && got.rows.length).toBe(400_000);
}, 120_000);
