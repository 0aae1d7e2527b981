// readLatest reads only the end of a history (the newest rotations, a plain or live log backwards
// in blocks) and hands the rows it read to the one DumpTracker. Whatever it reads, the newest dump
// each node then has must be the one the whole read (readDumpLogs) gives: footprints, runs row
// (rss, packets, conns_logged), conns rows. Random histories (our package and the original, ASCII
// and JSON, restarts, silent nodes, dumps cut at the end, lost runs and conns rows, partial last
// lines, junk, two header blocks, rows of a dump over two loggers' files, gzip archives whose names
// lie about their order), blocks down to 64 bytes; and the recorded real-Zeek logs.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { findDumpLogs, readDumpLogs, trackerHandlers, type DumpLogs } from '../../harness/measure/dump-logs.js';
import { NodeDumpsCollector, type NodeDumps } from '../../harness/measure/node-dumps.js';
import { readLatest, replayLatest } from '../../harness/measure/read-latest.js';
import type { Dump } from '../../harness/measure/types.js';
import type { FoundLog } from '../../harness/zeek-log/find-logs.js';
import { StringTable } from '../../harness/zeek-log/my-stats.js';
import { cli } from '../helpers/run-cli.js';
import { propertyParams } from '../helpers/property-params.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { reference } from '../zeek-log/helpers.js';
import { historyArb, historyText, START, textOptionsArb, zeekTime, type History, type HistoryDump } from './histories.js';

const tmp = useTempDir();

type Outcome = { picked: Record<string, Dump>; newest: number; lastTs: Record<string, number>; horizon?: number } | { error: string };

function outcome(nodes: NodeDumps[]): Outcome {
  const picked: Record<string, Dump> = {};
  const lastTs: Record<string, number> = {};
  let newest = -Infinity;
  for (const n of nodes) {
    lastTs[n.node] = n.track.lastTs;
    newest = Math.max(newest, n.track.lastTs);
    const d = n.dumps[n.dumps.length - 1];
    if (d !== undefined) picked[n.node] = d;
  }
  return { picked, newest, lastTs };
}

/** What check --logs (--dumps latest) and summarize get reading every file whole: the newest usable dump per node. */
async function wholeRead(logs: DumpLogs): Promise<Outcome> {
  const strings = new StringTable();
  const c = new NodeDumpsCollector(strings, { latestOnly: true, expectConns: logs.conns.length > 0 });
  try {
    await readDumpLogs(logs, trackerHandlers(c.tracker, strings));
  } catch (e) {
    return { error: (e as Error).message };
  }
  return outcome(c.result());
}

const TINY = { firstBlockBytes: 64, smallFileBytes: 0 };
/** Histories here span minutes to hours: a short horizon, so that most reads stop early. */
const SHORT = { seconds: 60, intervals: 2 };

/** How the latest reads went: a property whose cases all fell back or read everything would prove nothing. */
const how = { partial: 0, whole: 0, fallback: 0 };
beforeEach(() => Object.assign(how, { partial: 0, whole: 0, fallback: 0 }));

/** The same through readLatest and replayLatest into the same collector; 'fallback' when it chose to read whole. */
async function latestRead(logs: DumpLogs, tuning = TINY, horizon = SHORT, dumpsPerNode = 1): Promise<Outcome | 'fallback'> {
  const strings = new StringTable();
  const c = new NodeDumpsCollector(strings, { latestOnly: true, expectConns: logs.conns.length > 0 });
  const r = await readLatest(logs, { strings, dumpsPerNode, horizon, tuning });
  if (r.read === undefined) {
    how.fallback++;
    return 'fallback';
  }
  if (r.read.unopened.length > 0 || r.read.files.some((f) => f.read === 'tail')) how.partial++;
  else how.whole++;
  replayLatest(r.read, trackerHandlers(c.tracker, strings));
  return { ...outcome(c.result()), horizon: r.read.horizon };
}

/** Same newest dump per node, except nodes silent since before the horizon, which the end-only read does not look for. */
function expectSamePicks(latest: Outcome | 'fallback', whole: Outcome): void {
  if (latest === 'fallback') return;
  if ('error' in whole) throw new Error(`the whole read failed (${whole.error}) but the latest read did not fall back`);
  if ('error' in latest) throw new Error(latest.error);
  const horizon = latest.horizon ?? 0;
  for (const [node, p] of Object.entries(whole.picked)) {
    const silent = (whole.lastTs[node] as number) < whole.newest - horizon;
    if (silent && latest.picked[node] === undefined) continue;
    expect({ node, dump: latest.picked[node] }).toEqual({ node, dump: p });
  }
  for (const node of Object.keys(latest.picked)) expect(Object.keys(whole.picked)).toContain(node);
}

let fileNo = 0;
function write(dir: string, name: string, text: string | Buffer): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function plainLogs(dir: string, text: ReturnType<typeof historyText>, json: boolean): DumpLogs {
  const ext = json ? '.json.log' : '.log';
  const found = (name: string, t: string | undefined): FoundLog[] => (t === undefined ? [] : [{ file: write(dir, `${name}${ext}`, t), kind: 'plain' }]);
  return { footprints: found('my_stats', text.footprints), runs: found('my_stats_runs', text.runs), conns: found('my_stats_conns', text.conns), warnings: [] };
}

test('plain logs read backwards in blocks give every node the newest dump a whole read gives', async () => {
  await fc.assert(
    fc.asyncProperty(historyArb, textOptionsArb, fc.integer({ min: 64, max: 4096 }), fc.constantFrom(1, 4), async (h, o, block, perNode) => {
      const dir = path.join(tmp(), `plain-${fileNo++}`);
      const logs = plainLogs(dir, historyText(h, h.dumps, o), o.json);
      const latest = await latestRead(logs, { firstBlockBytes: block, smallFileBytes: 0 }, SHORT, perNode);
      expectSamePicks(latest, await wholeRead(logs));
    }),
    propertyParams(250),
  );
  expect(how.partial).toBeGreaterThan(50);
  expect(how.fallback).toBeGreaterThan(0);
}, 120_000);

const hms = (ts: number) => zeekTime(ts).slice(11).replace(/-/g, ':');

/**
 * A zeekctl prefix: rotations of `rotate` seconds archived as gzip (`logs/DAY/my_stats.HH:MM:SS-HH:MM:SS[-logger-N].log.gz`,
 * the runs and conns logs beside them), the rest in each logger's live spool; `swap`: the first
 * and last archives' names exchanged (a renamed or copied archive).
 */
function writeTree(root: string, h: History, json: boolean, rotate: number, loggers: number, swap: boolean): void {
  const sorted = [...h.dumps].sort((a, b) => a.ts - b.ts);
  const first = sorted[0]?.ts ?? START;
  const parts: HistoryDump[][] = [];
  for (const d of sorted) (parts[Math.floor((d.ts - first) / rotate)] ??= []).push(d);
  const archives: Array<{ day: string; name: string; log: string; gz: Buffer }> = [];
  const rotations = parts.length;
  for (let i = 0; i < rotations - 1; i++) {
    const part = parts[i] ?? [];
    const from = first + i * rotate;
    const to = from + rotate;
    for (let l = 0; l < loggers; l++) {
      const text = historyText(h, part, { json, closed: true, twoBlocks: false, tail: 'none' }, loggers > 1 ? l : undefined);
      const suffix = loggers > 1 ? `-logger-${l + 1}` : '';
      const name = `${hms(from)}-${hms(to)}${suffix}`;
      const day = zeekTime(from).slice(0, 10);
      archives.push({ day, name, log: 'my_stats', gz: gzipSync(text.footprints) });
      if (text.runs !== undefined) archives.push({ day, name, log: 'my_stats_runs', gz: gzipSync(text.runs) });
      if (text.conns !== undefined) archives.push({ day, name, log: 'my_stats_conns', gz: gzipSync(text.conns) });
    }
  }
  if (swap && archives.length >= 2) {
    const a = archives[0] as (typeof archives)[number];
    const b = archives.findLast((x) => x.log === a.log) as (typeof archives)[number];
    [a.name, b.name, a.day, b.day] = [b.name, a.name, b.day, a.day];
  }
  for (const a of archives) write(path.join(root, 'logs', a.day), `${a.log}.${a.name}.log.gz`, a.gz);
  const rest = parts[rotations - 1] ?? [];
  for (let l = 0; l < loggers; l++) {
    const text = historyText(h, rest, { json, closed: false, twoBlocks: false, tail: 'none' }, loggers > 1 ? l : undefined);
    const spool = path.join(root, 'spool', `logger-${l + 1}`);
    write(spool, 'my_stats.log', text.footprints);
    if (text.runs !== undefined) write(spool, 'my_stats_runs.log', text.runs);
    if (text.conns !== undefined) write(spool, 'my_stats_conns.log', text.conns);
    writeFileSync(path.join(spool, '.pid'), '1\n');
  }
}

test('over gzip archives and live logs (one or two loggers), the newest files hold the dump a whole read gives', async () => {
  await fc.assert(
    fc.asyncProperty(historyArb, fc.boolean(), fc.constantFrom(120, 600, 3600), fc.constantFrom(1, 2), fc.boolean(), async (h, json, rotate, loggers, swap) => {
      const root = path.join(tmp(), `tree-${fileNo++}`);
      writeTree(root, h, json, rotate, loggers, swap);
      const logs = await findDumpLogs([root]);
      expectSamePicks(await latestRead(logs), await wholeRead(logs));
    }),
    propertyParams(100),
  );
  expect(how.partial).toBeGreaterThan(20);
}, 120_000);

test('archives whose names put the newest rows in an older rotation: the contents say so, and the read falls back', async () => {
  const dumps = Array.from({ length: 12 }, (_, i) => ({
    node: 'worker-1',
    run: i + 1,
    ts: START + i * 600,
    rows: [['Conn::state', i] as [string, number]],
    written: 1,
    runsRow: true,
    rss: 1,
    packets: 0,
    conns: [],
    connsWritten: 0,
    logger: [0],
  }));
  const root = tmp();
  writeTree(root, { ours: true, dumps }, false, 1800, 1, true);
  const logs = await findDumpLogs([root]);
  // The live log alone is not enough: the archives must be read (a long horizon), and what is read disagrees with the names.
  const r = await readLatest(logs, { strings: new StringTable(), dumpsPerNode: 1, horizon: { seconds: 10_000, intervals: 0 } });
  expect(r.fallback).toMatch(/order by name does not match their contents/);
});

const recorded = existsSync(reference) ? test : test.skip;

recorded('the recorded real-Zeek logs: the same newest dumps from their end as from the whole', async () => {
  const trees = ['cluster', 'cluster-2-loggers', 'original-bro.org-10s', 'original-echo-connections', 'original-gzip', 'original-json', 'original-wikipedia'];
  const inputs: DumpLogs[] = [];
  for (const c of trees) inputs.push(await findDumpLogs([path.join(reference, c)]));
  // The loggers' live logs before the stop (no #close), with their runs logs.
  for (const l of ['cluster/spool-logger-1-live', 'cluster-2-loggers/spool-logger-1-live', 'cluster-2-loggers/spool-logger-2-live']) {
    inputs.push(await findDumpLogs([path.join(reference, l)]));
  }
  inputs.push(await findDumpLogs(['1', '2'].map((n) => path.join(reference, `cluster-2-loggers/spool-logger-${n}-live`))));
  for (const logs of inputs) {
    for (const block of [64, 512, 1 << 20]) {
      const latest = await latestRead(logs, { firstBlockBytes: block, smallFileBytes: 0 }, { seconds: 0, intervals: 0 });
      expect(latest).not.toBe('fallback');
      expectSamePicks(latest, await wholeRead(logs));
    }
  }
  // These span about a minute, less than the clock skew allowed between nodes: they are read
  // whole (the test below makes them longer), and must not be taken for unreadable from the end.
  expect(how.fallback).toBe(0);
});

/** A recorded log made longer: its data lines again and again, `shift` s and `runs` runs later each time. */
function stretched(file: string, copies: number, shift: number, runs: number): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  const header = lines.filter((l) => l.startsWith('#') && !l.startsWith('#close'));
  const data = lines.filter((l) => l !== '' && !l.startsWith('#'));
  const out = [...header];
  for (let i = 0; i < copies; i++) {
    for (const l of data) {
      const f = l.split('\t');
      f[0] = (Number(f[0]) + i * shift).toFixed(6);
      f[1] = String(Number(f[1]) + i * runs);
      out.push(f.join('\t'));
    }
  }
  return `${out.join('\n')}\n`;
}

recorded('the two-logger recording (our package, runs logs) made ten minutes long: read from the end, the same newest dumps', async () => {
  const dir = tmp();
  const live = ['1', '2'].map((n) => path.join(reference, `cluster-2-loggers/spool-logger-${n}-live`));
  const logs: DumpLogs = {
    footprints: live.map((d, i) => ({
      file: write(path.join(dir, `logger-${i}`), 'my_stats.log', stretched(path.join(d, 'my_stats.log'), 10, 60, 7)),
      kind: 'live' as const,
    })),
    runs: live.map((d, i) => ({
      file: write(path.join(dir, `logger-${i}`), 'my_stats_runs.log', stretched(path.join(d, 'my_stats_runs.log'), 10, 60, 7)),
      kind: 'live' as const,
    })),
    conns: [],
    warnings: [],
  };
  for (const block of [64, 4096, 1 << 20]) {
    for (const perNode of [1, 4]) {
      const latest = await latestRead(logs, { firstBlockBytes: block, smallFileBytes: 0 }, { seconds: 0, intervals: 0 }, perNode);
      expect(latest).not.toBe('fallback');
      expectSamePicks(latest, await wholeRead(logs));
    }
  }
  expect(how.partial).toBe(6);
});

test('a second header block with other columns: the read falls back to the whole file, saying why', async () => {
  const dir = tmp();
  const dumps = Array.from({ length: 40 }, (_, i) => ({
    node: 'worker-1',
    run: i + 1,
    ts: START + i * 60,
    rows: [['Conn::state', i] as [string, number]],
    written: 1,
    runsRow: true,
    rss: 1,
    packets: 0,
    conns: [],
    connsWritten: 0,
    logger: [0],
  }));
  const h = { ours: false, dumps };
  const options = { json: false, closed: false, twoBlocks: false, tail: 'none' } as const;
  const first = historyText(h, h.dumps.slice(0, 20), { ...options, closed: true }).footprints;
  const later = historyText(h, h.dumps.slice(20), options).footprints;
  // The later rows under a header that lists two columns in another order: run and ts (the rows
  // no longer parse under the first header), or node and module_name (they still would).
  const swapRunTs = later
    .replace('#fields\tts\trun', '#fields\trun\tts')
    .replace('#types\ttime\tcount', '#types\tcount\ttime')
    .replace(/^(\d+\.\d+)\t(\d+)\t/gm, '$2\t$1\t');
  const swapNodeModule = later.replace('\tnode\tmodule_name\t', '\tmodule_name\tnode\t').replace(/\tworker-1\tConn\t/g, '\tConn\tworker-1\t');
  const logsOf = (file: string): DumpLogs => ({ footprints: [{ file, kind: 'plain' }], runs: [], conns: [], warnings: [] });
  for (const [text, why] of [
    [first + swapRunTs, /malformed lines near its end/],
    [first + swapNodeModule, /do not read as my_stats rows under its first header/],
  ] as const) {
    const file = write(dir, 'my_stats.log', text);
    const r = await readLatest(logsOf(file), { strings: new StringTable(), dumpsPerNode: 1, horizon: SHORT, tuning: TINY });
    expect(r.fallback).toMatch(why);
  }
  // With the header block in the part read, the header itself says so.
  const file = write(dir, 'my_stats.log', first + swapNodeModule);
  const r = await readLatest(logsOf(file), {
    strings: new StringTable(),
    dumpsPerNode: 1,
    horizon: SHORT,
    tuning: { firstBlockBytes: 1 << 20, smallFileBytes: 0 },
  });
  expect(r.fallback).toMatch(/several header blocks with different columns/);
});

test('summarize: a big log is read from its end by default, whole with --read-all or when its structure prevents it, and --verbose says which', async () => {
  const dir = tmp();
  const dumps = Array.from({ length: 9000 }, (_, i) => ({
    node: i % 2 === 0 ? 'worker-1' : 'worker-2',
    run: (i >> 1) + 1,
    ts: START + (i >> 1) * 10 + (i % 2) * 0.2,
    rows: [['Conn::state', i] as [string, number], ['Leaky::seen', 3 * i] as [string, number], ['udp_content_ports', 7] as [string, number]],
    written: 3,
    runsRow: true,
    rss: 1000 + i,
    packets: 5,
    conns: [['(connection)', 40 + i, 9] as [string, number, number]],
    connsWritten: 1,
    logger: [0, 0, 0],
  }));
  const text = historyText({ ours: true, dumps }, dumps, { json: false, closed: false, twoBlocks: false, tail: 'none' });
  // Over 1 MiB: read from the end (smaller files are read whole, in one read).
  expect(text.footprints.length).toBeGreaterThan(1 << 20);
  const good = path.join(dir, 'good');
  write(good, 'my_stats.log', text.footprints);
  write(good, 'my_stats_runs.log', text.runs as string);
  write(good, 'my_stats_conns.log', text.conns as string);
  const json = async (args: string[]) => {
    const r = await cli(['summarize', ...args, '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as {
      nodes: Array<{ selected: unknown }>;
      groups: unknown;
      connections: unknown;
      files: Array<{ read: string }>;
      unopened: number;
    };
    return { s, stderr: r.stderr };
  };
  const fromEnd = await json([good, '--verbose']);
  const whole = await json([good, '--read-all', '--verbose']);
  expect(fromEnd.s.files.map((f) => f.read)).toEqual(['tail']);
  expect(whole.s.files.map((f) => f.read)).toEqual(['whole']);
  expect(fromEnd.stderr).toMatch(/my_stats\.log: read its last [\d.]+ MiB of [\d.]+ MiB backwards from the end/);
  expect(whole.stderr).not.toMatch(/backwards from the end/);
  expect({ nodes: fromEnd.s.nodes.map((n) => n.selected), groups: fromEnd.s.groups, connections: fromEnd.s.connections }).toEqual({
    nodes: whole.s.nodes.map((n) => n.selected),
    groups: whole.s.groups,
    connections: whole.s.connections,
  });
  expect(fromEnd.s.nodes.map((n) => n.selected)).toEqual([
    expect.objectContaining({ run: 4500, rss: 1000 + 8998 }),
    expect.objectContaining({ run: 4500, rss: 1000 + 8999 }),
  ]);
  // The same log with a second header block near its end that swaps two columns: read whole, and said so.
  const lines = text.footprints.split('\n');
  const cut = lines.length - 50;
  const reordered = lines.slice(cut).map((l) => l.replace(/^(\d+\.\d+)\t(\d+)\t/, '$2\t$1\t'));
  const header = lines
    .filter((l) => l.startsWith('#'))
    .map((l) => l.replace('#fields\tts\trun', '#fields\trun\tts').replace('#types\ttime\tcount', '#types\tcount\ttime'));
  const bad = path.join(dir, 'bad');
  write(bad, 'my_stats.log', [...lines.slice(0, cut), ...header, ...reordered].join('\n'));
  write(bad, 'my_stats_runs.log', text.runs as string);
  write(bad, 'my_stats_conns.log', text.conns as string);
  const fellBack = await json([bad, '--verbose']);
  expect(fellBack.s.files.map((f) => f.read)).toEqual(['whole']);
  expect(fellBack.stderr).toMatch(/read every log from start to end: .*several header blocks with different columns/);
  expect(fellBack.s.nodes.map((n) => n.selected)).toEqual(fromEnd.s.nodes.map((n) => n.selected));
  const quiet = await cli(['summarize', bad], { cwd: dir });
  expect(quiet.code).toBe(0);
  expect(quiet.stderr).not.toMatch(/read every log from start to end/);
});
