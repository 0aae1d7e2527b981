// The fake against the project's own baseline recorded with a real Zeek 8.2.2
// (shared/zeek-reference/project-baseline, written by `npm run budget --
// --update` over suites/project.yaml, with the package of 2026-12-01: two log
// streams). Same command line as the harness used; with conn_footprints=F our
// package creates the same two streams, so every variable of the final dump
// must be the recorded one. With it on, the third stream adds to the four
// globals of the logging framework exactly one stream's worth.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packageArgs, SEED_FILE } from '../../harness/zeek-package.js';
import { RECORDINGS, REPO } from './helpers/paths.js';
import { runFakeZeek, tempDir } from './helpers/run-fake-zeek.js';
import { readAsciiLog } from './helpers/zeek-log.js';

const BASELINE = join(RECORDINGS, 'project-baseline', 'project.baseline.yaml');
const PER_STREAM: Record<string, number> = { 'Log::active_streams': 24, 'Log::all_streams': 24, 'Log::filters': 30, 'Log::stream_filters': 6 };
const withBaseline = existsSync(BASELINE) ? test : test.skip;

interface Baseline {
  subjects: Record<string, { dumps: number; variables: Record<string, number[]> }>;
}

async function finalDump(trace: string, extra: string[]): Promise<{ dumps: number; sizes: Record<string, number> }> {
  const dir = tempDir();
  try {
    const r = await runFakeZeek(['-C', '-r', join(REPO, 'pcaps', trace), '-G', SEED_FILE, ...packageArgs({ runInterval: 30 }), ...extra], dir.path);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const rows = readAsciiLog(join(dir.path, 'my_stats.log')).rows;
    const last = Math.max(...rows.map((row) => Number(row.run)));
    return { dumps: last, sizes: Object.fromEntries(rows.filter((row) => Number(row.run) === last).map((row) => [row.variable ?? '', Number(row.size)])) };
  } finally {
    dir.remove();
  }
}

describe('the fake zeek reproduces the recorded project baseline', () => {
  withBaseline('dns-300.pcap with conn_footprints=F: every variable of the final dump, as recorded', async () => {
    const recorded = (parse(readFileSync(BASELINE, 'utf8')) as Baseline).subjects['dns-300.pcap'];
    expect(recorded).toBeDefined();
    const expected = Object.fromEntries(Object.entries(recorded!.variables).map(([name, series]) => [name, series.at(-1)]));
    expect(Object.keys(expected)).toHaveLength(291);
    const off = await finalDump('dns-300.pcap', ['my_stats::conn_footprints=F']);
    expect(off.dumps).toBe(recorded!.dumps);
    expect(off.sizes).toEqual(expected);

    const on = await finalDump('dns-300.pcap', []);
    const oneMoreStream = Object.fromEntries(Object.entries(expected).map(([name, size]) => [name, (size ?? 0) + (PER_STREAM[name] ?? 0)]));
    expect(on.sizes).toEqual(oneMoreStream);
  });
});
