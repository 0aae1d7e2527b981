// readDumpLogs with the footprint files parsed on worker threads must assemble exactly the dumps the
// sequential read does: generated histories of several nodes spread over two loggers' files, with
// restarts (the run number starting again), runs and conns logs, gzip or plain, ASCII or JSON, and
// a damaged row (whose error must name the same file:line). The workers run the compiled reader
// (npm test builds first).
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { findDumpLogs, readDumpLogs, trackerHandlers } from '../../harness/measure/dump-logs.js';
import { NodeDumpsCollector } from '../../harness/measure/node-dumps.js';
import { StringTable } from '../../harness/zeek-log/my-stats.js';
import { writeMyStatsLogs, type StatsDump } from '../helpers/my-stats-logs.js';
import { propertyParams } from '../helpers/property-params.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();
const WORKER = path.resolve('dist', 'harness', 'zeek-log', 'scan-worker.js');

beforeAll(() => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` (npm test does it first)`);
});

const VARIABLES = ['Conn::state', 'udp_content_ports', 'SSL::x', 'Log::filters', 'Known::hosts', 'tcp_ports'];

const lifeArb = fc.record({
  node: fc.constantFrom('manager', 'worker-1', 'worker-2'),
  dumps: fc.integer({ min: 1, max: 6 }),
  sizes: fc.array(fc.nat({ max: 50_000 }), { minLength: VARIABLES.length, maxLength: VARIABLES.length }),
  conns: fc.boolean(),
});

const historyArb = fc.record({
  lives: fc.array(lifeArb, { minLength: 1, maxLength: 5 }),
  /** Which variables go to the second logger's file (by index bit). */
  split: fc.nat({ max: (1 << VARIABLES.length) - 1 }),
  gzip: fc.boolean(),
  json: fc.boolean(),
  damage: fc.option(fc.nat({ max: 10_000 }), { freq: 4 }),
  /** A filter, as a time window or summarize's --node gives one: rows dropped before the tracker. */
  filter: fc.option(fc.record({ node: fc.constantFrom('manager', 'worker-1', 'worker-2'), fromMinute: fc.nat({ max: 12 }) }), { freq: 2 }),
});

const FIRST_TS = 1795358712.5;

type History = typeof historyArb extends fc.Arbitrary<infer T> ? T : never;

/** Dumps of each life, one a minute; a node's later life starts again at run 1 (a restart). */
function dumpsOf(h: History): StatsDump[] {
  const out: StatsDump[] = [];
  let ts = FIRST_TS;
  for (const life of h.lives) {
    for (let run = 1; run <= life.dumps; run++) {
      ts += 60;
      const footprints = Object.fromEntries(VARIABLES.map((v, i) => [v, ((life.sizes[i] as number) + run * 7) % 60_000]));
      out.push({
        node: life.node,
        run,
        ts,
        footprints,
        rss: 1000 + run,
        packets: run * 10,
        ...(life.conns
          ? { conns: [{ field: '(connection)', connections: run, total: run * 5, max: run * 2, uid: `C${run}`, id: '10.0.0.1:1/tcp -> 10.0.0.2:80/tcp' }] }
          : {}),
      });
    }
  }
  return out;
}

let n = 0;

function writeHistory(h: History): string {
  const dir = path.join(tmp(), `h${n++}`);
  const dumps = dumpsOf(h);
  const style = { gzip: h.gzip, format: h.json ? ('json' as const) : ('ascii' as const) };
  // Two loggers: the runs and conns rows and some variables in one, the other variables in the other.
  const inSecond = (i: number) => ((h.split >> i) & 1) === 1;
  const part = (second: boolean) =>
    dumps.map((d) => ({ ...d, footprints: Object.fromEntries(Object.entries(d.footprints).filter((_, i) => inSecond(i) === second)) }));
  writeMyStatsLogs(path.join(dir, 'logger-1'), part(false), style);
  const second = writeMyStatsLogs(path.join(dir, 'logger-2'), part(true), { ...style, runs: 'none', conns: false });
  if (h.damage !== null && !h.gzip) {
    // A damaged row at the end of the second logger's my_stats file: both reads must fail alike.
    const file = second.find((f) => path.basename(f).startsWith('my_stats.')) as string;
    appendFileSync(file, h.json ? '{"ts":1,"run":"x"}\n' : `1795358712.5\t${h.damage}x\tmanager\tGLOBAL\tbad\t1\n`);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function read(dir: string, parallel: boolean, filter: History['filter'] = null): Promise<unknown> {
  const strings = new StringTable();
  const logs = await findDumpLogs([dir]);
  const collector = new NodeDumpsCollector(strings, { expectConns: logs.conns.length > 0 });
  // Rows of one node, and every row before a time, are dropped (worker threads hand rows on in bulk: the filter must hold there too).
  const dropped = filter === null ? -1 : strings.idOf(filter.node);
  const from = filter === null ? 0 : FIRST_TS + 60 * filter.fromMinute;
  const keep = filter === null ? undefined : (ts: number, node: number) => node !== dropped && ts >= from;
  try {
    const scan = parallel ? { workers: 2, partBytes: 256, minParallelBytes: 0 } : { workers: 1 };
    const r = await readDumpLogs(logs, { ...trackerHandlers(collector.tracker, strings, keep), scan });
    return { files: r.files.map((f) => ({ file: f.found.file, stats: f.stats })), warnings: r.warnings, nodes: collector.result() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

test('dumps read on worker threads are the dumps of the sequential read', async () => {
  let failures = 0;
  await fc.assert(
    fc.asyncProperty(historyArb, async (h) => {
      const dir = writeHistory(h);
      const sequential = await read(dir, false, h.filter);
      if ('error' in (sequential as object)) failures++;
      expect(await read(dir, true, h.filter)).toEqual(sequential);
    }),
    propertyParams(40),
  );
  // Some cases must have failed alike (damaged rows), the others assembled dumps.
  expect(failures).toBeGreaterThan(0);
  expect(failures).toBeLessThan(40);
}, 180_000);

test('string ids, and so the order of nodes, do not depend on which worker answers first', async () => {
  // The first logger's long file (read in many parts) names worker-1 only in its last part; the
  // second logger's short file, worker-9. Its worker can answer before the last part's: ids must
  // still be given in file order, as the sequential read does. No runs logs, so that only the
  // footprint rows name the nodes.
  const life = (node: 'manager' | 'worker-1', dumps: number) => ({ node, dumps, sizes: [1, 2, 3, 4, 5, 6], conns: false });
  const dumps = dumpsOf({ lives: [life('manager', 40), life('worker-1', 1)], split: 0, gzip: false, json: false, damage: null, filter: null });
  const dir = path.join(tmp(), 'order');
  writeMyStatsLogs(path.join(dir, 'logger-1'), dumps, { gzip: false, format: 'ascii', runs: 'none', conns: false });
  const late = dumps.slice(-1).map((d) => ({ ...d, node: 'worker-9' }));
  writeMyStatsLogs(path.join(dir, 'logger-2'), late, { gzip: false, format: 'ascii', runs: 'none', conns: false });
  const sequential = await read(dir, false);
  for (let i = 0; i < 12; i++) expect(await read(dir, true)).toEqual(sequential);
}, 60_000);
