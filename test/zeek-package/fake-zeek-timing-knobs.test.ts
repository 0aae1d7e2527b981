// `# fake-zeek: footprint call takes ...`: the scripts of one side of a comparison say how long
// the footprint call takes with them (fake-zeek/timing-knobs.mjs).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE } from './helpers/paths.js';
import { udpFrame, writePcap } from './helpers/pcap-writer.js';
import { runFakeZeek, tempDir } from './helpers/run-fake-zeek.js';
import { readAsciiLog } from './helpers/zeek-log.js';

const SCRIPTS = join(PACKAGE, 'scripts');
const work = tempDir();
afterAll(() => work.remove());

const T0 = 1700000000;
const TRACE = join(work.path, 'keepalive.pcap');
// One packet a second for 65 s: with a 30 s interval that is 4 dumps.
await writePcap(TRACE, Array.from({ length: 66 }, (_, s) => ({ us: (T0 + s) * 1e6, frame: udpFrame('10.0.0.9', '10.0.0.2', 9999, 123) })));

async function durations(script: string, env: Record<string, string> = {}) {
  const dir = join(work.path, `run-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'side.zeek'), script);
  const r = await runFakeZeek(['-C', '-r', TRACE, SCRIPTS, join(dir, 'side.zeek'), 'my_stats::run_interval=30sec'], dir, env);
  if (r.exitCode !== 0) return { exitCode: r.exitCode, error: r.stderr };
  return { exitCode: 0, ms: readAsciiLog(join(dir, 'my_stats_runs.log')).rows.map((row) => Math.round(Number(row.duration) * 1e6) / 1e3) };
}

test('without a knob the call takes the modelled time; "takes N ms" sets every dump of the run', async () => {
  const plain = await durations('module Side;\n');
  expect(plain.ms?.length).toBe(4);
  for (const ms of plain.ms ?? []) expect(ms).toBeGreaterThanOrEqual(7);
  expect(plain.ms?.every((ms) => ms < 7.1)).toBe(true);
  const slow = await durations('# fake-zeek: Side::t = 5\n# fake-zeek: footprint call takes 20 ms\nmodule Side;\n');
  expect(slow.ms).toEqual([20, 20, 20, 20]);
});

test('a sequence: each run takes the next value in turn, numbered in FAKE_ZEEK_RUN_COUNTER', async () => {
  const counter = join(work.path, 'counter');
  mkdirSync(counter);
  const script = '# fake-zeek: footprint call takes 8, 14.5, 9 ms\n';
  const runs = [];
  for (let i = 0; i < 4; i++) runs.push((await durations(script, { FAKE_ZEEK_RUN_COUNTER: counter })).ms?.[0]);
  expect(runs).toEqual([8, 14.5, 9, 8]);
  expect(readdirSync(counter).sort()).toEqual(['run-0', 'run-1', 'run-2', 'run-3']);
});

test('the knob wins over FAKE_ZEEK_FOOTPRINT_MS (the environment is the same for both sides)', async () => {
  expect((await durations('# fake-zeek: footprint call takes 3 ms\n', { FAKE_ZEEK_FOOTPRINT_MS: '50' })).ms).toEqual([3, 3, 3, 3]);
  expect((await durations('module Side;\n', { FAKE_ZEEK_FOOTPRINT_MS: '50' })).ms).toEqual([50, 50, 50, 50]);
});

test('a sequence without a counter, or an unreadable knob, stops the run with file and line', async () => {
  const noCounter = await durations('module Side;\n# fake-zeek: footprint call takes 1,2 ms\n');
  expect(noCounter.exitCode).toBe(1);
  expect(noCounter.error).toMatch(/^fake-zeek: \S+side\.zeek, line 2: a sequence of durations needs FAKE_ZEEK_RUN_COUNTER/);
  const bad = await durations('# fake-zeek: footprint call takes lots ms\n');
  expect(bad.exitCode).toBe(1);
  expect(bad.error).toMatch(/^fake-zeek: \S+side\.zeek, line 1: cannot read "# fake-zeek: footprint call takes lots ms"/);
});
