// readLatest reads only the end of a history (the newest archives, a plain log backwards in
// blocks). Whatever it reads, the dump each node's tracker then picks must be the one the whole
// read picks: random histories (our package and the original, ASCII and JSON, restarts, dumps cut
// at the end, lost runs rows, partial last lines, junk, two header blocks, archives whose names
// disagree with their #open), blocks down to 64 bytes; and the recorded real-Zeek logs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { DumpCollector } from '../../harness/measure/group-dumps.js';
import { readLatest, replayLatest, type LatestLogs } from '../../harness/measure/read-latest.js';
import { DumpTracker } from '../../harness/summarize/dump-tracker.js';
import { findLogs, type FoundLog } from '../../harness/zeek-log/find-logs.js';
import { readDumps, readFootprints, scanFootprints, StringTable, type DumpRow } from '../../harness/zeek-log/my-stats.js';
import type { LogReadStats } from '../../harness/zeek-log/types.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { reference } from '../zeek-log/helpers.js';
import { existsSync } from 'node:fs';
import { gzipSync, historyArb, historyText, textOptionsArb, zeekTime, type History, type HistoryDump } from './histories.js';

const tmp = useTempDir();

interface Picked {
  run: number;
  ts: number;
  rows: string;
}

type Outcome = { picked: Record<string, Picked>; newest: number; lastTs: Record<string, number>; horizon?: number } | { error: string };

function newStats(file: string): LogReadStats {
  return { file, format: 'empty', compressed: false, closed: false, records: 0, skippedLines: 0, headerBlocks: 0, warnings: [] };
}

function picks(tracker: DumpTracker, strings: StringTable): Outcome {
  const names = strings.strings;
  const picked: Record<string, Picked> = {};
  const lastTs: Record<string, number> = {};
  let newest = -Infinity;
  for (const n of tracker.finish()) {
    const name = names[n.node] as string;
    lastTs[name] = n.lastTs;
    newest = Math.max(newest, n.lastTs);
    const d = n.selected;
    if (d === null) continue;
    const rows: string[] = [];
    for (let i = 0; i < d.length; i++) rows.push(`${names[d.variables[i] as number]}=${d.sizes[i]}`);
    picked[name] = { run: d.run, ts: d.firstTs, rows: rows.sort().join(' ') };
  }
  return { picked, newest, lastTs };
}

/** What `summarize --run last` picks reading every file whole. */
async function wholeRead(files: FoundLog[]): Promise<Outcome> {
  const strings = new StringTable();
  const tracker = new DumpTracker('last', () => true);
  try {
    for (const f of files) await scanFootprints(f.file, {}, newStats(f.file), strings, tracker.add.bind(tracker));
  } catch (e) {
    return { error: (e as Error).message };
  }
  return picks(tracker, strings);
}

const TINY = { firstBlockBytes: 64, smallFileBytes: 0 };
/** Histories here span minutes to hours: a short horizon, so that most reads stop early. */
const SHORT = { seconds: 60, intervals: 2 };

/** How the latest reads went: a property whose cases all fell back or read everything would prove nothing. */
const how = { partial: 0, whole: 0, fallback: 0 };
function tally(r: Awaited<ReturnType<typeof readLatest>>): void {
  if (r.read === undefined) how.fallback++;
  else if (r.read.unopened.length > 0 || r.read.files.some((f) => f.read === 'tail')) how.partial++;
  else how.whole++;
}
beforeEach(() => Object.assign(how, { partial: 0, whole: 0, fallback: 0 }));

/** The same through readLatest; throws when it chose to fall back (the caller then reads whole). */
async function latestRead(logs: LatestLogs, tuning = TINY, horizon = SHORT): Promise<Outcome | 'fallback'> {
  const strings = new StringTable();
  const tracker = new DumpTracker('last', () => true);
  const r = await readLatest(logs, { strings, dumpsPerNode: 1, horizon, tuning });
  tally(r);
  if (r.read === undefined) return 'fallback';
  replayLatest(r.read, { footprint: (ts, run, node, module, variable, size) => tracker.add(ts, run, node, module, variable, size), runs: () => {} }, strings, 'footprints-then-runs');
  return { ...picks(tracker, strings), horizon: r.read.horizon };
}

/** Same picks, except nodes silent since before the horizon, which the end-only read may not see. */
function expectSamePicks(latest: Outcome | 'fallback', whole: Outcome): void {
  if (latest === 'fallback') return;
  if ('error' in whole) throw new Error(`the whole read failed (${whole.error}) but the latest read did not fall back`);
  if ('error' in latest) throw new Error(latest.error);
  const horizon = latest.horizon ?? 0;
  for (const [node, p] of Object.entries(whole.picked)) {
    const silent = (whole.lastTs[node] as number) < whole.newest - horizon;
    if (silent && latest.picked[node] === undefined) continue;
    expect({ node, ...latest.picked[node] }).toEqual({ node, ...p });
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

test('a plain log read backwards in blocks picks the dump a whole read picks', async () => {
  await fc.assert(
    fc.asyncProperty(historyArb, textOptionsArb, fc.integer({ min: 64, max: 4096 }), async (h, o, block) => {
      const dir = path.join(tmp(), `plain-${fileNo++}`);
      const text = historyText(h, h.dumps, o);
      const file = write(dir, o.json ? 'my_stats.json.log' : 'my_stats.log', text.footprints);
      const found: FoundLog[] = [{ file, kind: 'plain' }];
      const latest = await latestRead({ footprints: found, runs: [] }, { firstBlockBytes: block, smallFileBytes: 0 });
      expectSamePicks(latest, await wholeRead(found));
    }),
    { seed: 20261201, numRuns: 300 },
  );
  expect(how.partial).toBeGreaterThan(60);
});

/** Archives of hourly-ish rotations (gzip, zeekctl names) and the live rest; names optionally swapped. */
function writeTree(root: string, h: History, json: boolean, rotate: number, swapNames: boolean): { logs: string; footprints: string[] } {
  const logs = path.join(root, 'logs');
  const sorted = [...h.dumps].sort((a, b) => a.ts - b.ts);
  const first = sorted[0]?.ts ?? 0;
  const parts: HistoryDump[][] = [];
  for (const d of sorted) {
    const i = Math.floor((d.ts - first) / rotate);
    (parts[i] ??= []).push(d);
  }
  const files: string[] = [];
  const names: Array<{ day: string; name: string; gz: Buffer }> = [];
  parts.forEach((part, i) => {
    if (i === parts.length - 1) return;
    const from = first + i * rotate;
    const to = from + rotate;
    const t = (x: number) => zeekTime(x);
    const day = t(from).slice(0, 10);
    const hms = (x: number) => t(x).slice(11).replace(/-/g, ':');
    const text = historyText(h, part, { json, closed: true, twoBlocks: false, tail: 'none' });
    names.push({ day, name: `${hms(from)}-${hms(to)}`, gz: gzipSync(text.footprints) });
  });
  if (swapNames && names.length >= 2) {
    const a = names[0] as (typeof names)[number];
    const b = names[names.length - 1] as (typeof names)[number];
    [a.name, b.name, a.day, b.day] = [b.name, a.name, b.day, a.day];
  }
  for (const n of names) files.push(write(path.join(logs, n.day), `my_stats.${n.name}.log.gz`, n.gz));
  const rest = parts[parts.length - 1] ?? [];
  const live = historyText(h, rest, { json, closed: false, twoBlocks: false, tail: 'none' });
  const spool = path.join(root, 'spool', 'logger-1');
  files.push(write(spool, 'my_stats.log', live.footprints));
  writeFileSync(path.join(spool, '.pid'), '1\n');
  return { logs: root, footprints: files };
}

test('over archives and a live log, the newest files hold the dump a whole read picks', async () => {
  await fc.assert(
    fc.asyncProperty(historyArb, fc.boolean(), fc.constantFrom(120, 600, 3600), fc.boolean(), async (h, json, rotate, swap) => {
      const root = path.join(tmp(), `tree-${fileNo++}`);
      writeTree(root, h, json, rotate, swap);
      const found = await findLogs(root, 'my_stats');
      const latest = await latestRead({ footprints: found, runs: [] });
      expectSamePicks(latest, await wholeRead(found));
    }),
    { seed: 20261202, numRuns: 150 },
  );
  expect(how.partial).toBeGreaterThan(30);
});

/** What `check --logs` keeps per node (the newest dump, with its runs row), read whole. */
async function checkWhole(footprints: FoundLog[], runs: FoundLog[]): Promise<Record<string, unknown>> {
  const c = new DumpCollector({ latestOnly: true });
  for (const f of footprints) for await (const row of readFootprints(f.file)) c.addFootprint(row);
  for (const f of runs) for await (const row of readDumps(f.file)) c.addDumpInfo(row);
  return Object.fromEntries(c.perNode().map((n) => [n.node, n.dumps.map((d) => ({ ...d, footprints: [...d.footprints].sort() }))]));
}

let horizonUsed = 0;

async function checkLatest(footprints: FoundLog[], runs: FoundLog[]): Promise<Record<string, unknown> | 'fallback'> {
  const strings = new StringTable();
  const r = await readLatest({ footprints, runs }, { strings, dumpsPerNode: 4, horizon: SHORT, tuning: TINY });
  tally(r);
  if (r.read === undefined) return 'fallback';
  horizonUsed = r.read.horizon;
  const c = new DumpCollector({ latestOnly: true });
  const names = strings.strings;
  const runRows: DumpRow[] = [];
  replayLatest(r.read, {
    footprint: (ts, run, node, module, variable, size) => c.addFootprint({ ts, run, node: names[node] as string, module: names[module] as string, variable: names[variable] as string, size, file: '', line: 0 }),
    runs: (row) => runRows.push(row),
  }, strings, 'footprints-then-runs');
  for (const row of runRows) c.addDumpInfo(row);
  return Object.fromEntries(c.perNode().map((n) => [n.node, n.dumps.map((d) => ({ ...d, footprints: [...d.footprints].sort() }))]));
}

test('with the runs log beside it (check --logs), each node keeps the same newest dump and its runs row', async () => {
  await fc.assert(
    fc.asyncProperty(historyArb.filter((h) => h.ours), textOptionsArb, async (h, o) => {
      const dir = path.join(tmp(), `runs-${fileNo++}`);
      const text = historyText(h, h.dumps, { ...o, tail: o.tail === 'junk' ? 'none' : o.tail });
      const footprints: FoundLog[] = [{ file: write(dir, 'my_stats.log', text.footprints), kind: 'plain' }];
      const runs: FoundLog[] = [{ file: write(dir, 'my_stats_runs.log', text.runs ?? ''), kind: 'plain' }];
      let whole: Record<string, unknown>;
      try {
        whole = await checkWhole(footprints, runs);
      } catch {
        return;
      }
      const latest = await checkLatest(footprints, runs);
      if (latest === 'fallback') return;
      const newest = Math.max(...h.dumps.map((d) => d.ts));
      for (const [node, dumps] of Object.entries(whole)) {
        const last = Math.max(...h.dumps.filter((d) => d.node === node).map((d) => d.ts));
        if (last < newest - horizonUsed && latest[node] === undefined) continue;
        expect({ node, dumps: latest[node] }).toEqual({ node, dumps });
      }
    }),
    { seed: 20261203, numRuns: 200 },
  );
  expect(how.partial).toBeGreaterThan(40);
});

const recorded = existsSync(reference) ? test : test.skip;

recorded('the recorded real-Zeek logs: the same picks from their end as from the whole', async () => {
  const trees = ['cluster', 'cluster-2-loggers', 'original-bro.org-10s', 'original-echo-connections', 'original-gzip', 'original-json', 'original-wikipedia'];
  const inputs: FoundLog[][] = [];
  for (const c of trees) inputs.push(await findLogs(path.join(reference, c), 'my_stats'));
  // The loggers' live logs before the stop (no #close): long enough to stop before their start.
  const live = ['cluster/spool-logger-1-live', 'cluster-2-loggers/spool-logger-1-live', 'cluster-2-loggers/spool-logger-2-live'];
  for (const l of live) inputs.push([{ file: path.join(reference, l, 'my_stats.log'), kind: 'live' }]);
  inputs.push(live.slice(1).map((l) => ({ file: path.join(reference, l, 'my_stats.log'), kind: 'live' as const })));
  for (const found of inputs) {
    for (const block of [64, 512, 1 << 20]) {
      const latest = await latestRead({ footprints: found, runs: [] }, { firstBlockBytes: block, smallFileBytes: 0 }, { seconds: 0, intervals: 0 });
      expect(latest).not.toBe('fallback');
      expectSamePicks(latest, await wholeRead(found));
    }
  }
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

recorded('recorded cluster logs made ten minutes long: read from the end, the same picks', async () => {
  const dir = tmp();
  const one = write(dir, 'cluster.log', stretched(path.join(reference, 'cluster/spool-logger-1-live/my_stats.log'), 10, 60, 6));
  const two = ['1', '2'].map((n) => write(dir, `logger-${n}.log`, stretched(path.join(reference, `cluster-2-loggers/spool-logger-${n}-live/my_stats.log`), 10, 60, 7)));
  for (const found of [[one], two, [two[0] as string]].map((files) => files.map((file) => ({ file, kind: 'live' as const })))) {
    for (const block of [64, 4096, 1 << 20]) {
      const latest = await latestRead({ footprints: found, runs: [] }, { firstBlockBytes: block, smallFileBytes: 0 }, { seconds: 0, intervals: 0 });
      expect(latest).not.toBe('fallback');
      expectSamePicks(latest, await wholeRead(found));
    }
  }
  expect(how.partial).toBe(9);
});

recorded('the two-logger recording with its runs logs (check --logs): the same newest dump per node', async () => {
  const dir = tmp();
  const live = ['1', '2'].map((n) => path.join(reference, `cluster-2-loggers/spool-logger-${n}-live`));
  const footprints = live.map((d, i) => ({ file: write(dir, `my_stats-${i}.log`, stretched(path.join(d, 'my_stats.log'), 10, 60, 7)), kind: 'live' as const }));
  const runs = live.map((d, i) => ({ file: write(dir, `my_stats_runs-${i}.log`, stretched(path.join(d, 'my_stats_runs.log'), 10, 60, 7)), kind: 'live' as const }));
  const latest = await checkLatest(footprints, runs);
  expect(latest).not.toBe('fallback');
  expect(latest).toEqual(await checkWhole(footprints, runs));
  expect(how.partial).toBe(1);
});

test('a second header block with other columns: the read falls back to the whole file, saying why', async () => {
  const dir = tmp();
  const h = { ours: true, dumps: Array.from({ length: 40 }, (_, i) => ({ node: 'worker-1', run: i + 1, ts: 1795358712 + i * 60, rows: [['Conn::state', i] as [string, number]], written: 1, runsRow: true })) };
  const first = historyText(h, h.dumps.slice(0, 20), { json: false, closed: true, twoBlocks: false, tail: 'none' }).footprints;
  const later = historyText(h, h.dumps.slice(20), { json: false, closed: false, twoBlocks: false, tail: 'none' }).footprints;
  // The later rows under a header that lists two columns in another order: run and ts (the rows
  // no longer parse under the first header), or node and module_name (they still would).
  const swapRunTs = later.replace('#fields\tts\trun', '#fields\trun\tts').replace('#types\ttime\tcount', '#types\tcount\ttime')
    .replace(/^(\d+\.\d+)\t(\d+)\t/gm, '$2\t$1\t');
  const swapNodeModule = later.replace('\tnode\tmodule_name\t', '\tmodule_name\tnode\t').replace(/\tworker-1\tConn\t/g, '\tConn\tworker-1\t');
  for (const [text, why] of [[first + swapRunTs, /malformed lines near its end/], [first + swapNodeModule, /do not read as my_stats rows under its first header/]] as const) {
    const file = write(dir, 'my_stats.log', text);
    const r = await readLatest({ footprints: [{ file, kind: 'plain' }], runs: [] }, { strings: new StringTable(), dumpsPerNode: 1, horizon: SHORT, tuning: TINY });
    expect(r.fallback).toMatch(why);
  }
  // With the header block in the part read, the header itself says so.
  const file = write(dir, 'my_stats.log', first + swapNodeModule);
  const r = await readLatest({ footprints: [{ file, kind: 'plain' }], runs: [] }, { strings: new StringTable(), dumpsPerNode: 1, horizon: SHORT, tuning: { firstBlockBytes: 1 << 20, smallFileBytes: 0 } });
  expect(r.fallback).toMatch(/several header blocks with different columns/);
});
