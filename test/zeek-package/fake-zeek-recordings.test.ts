// The fake zeek against the recorded runs of a real Zeek 8.2.2
// (shared/zeek-reference): the same command lines (WORK being a temporary
// directory with the recorded inputs linked in, our package standing in for
// corelight/my_stats at WORK/pkg/my_stats) must give the same messages, exit
// codes and dump times.
import { execa } from 'execa';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FAKE_ZEEK, PACKAGE, PCAPS, RECORDINGS, ZEEK_SCRIPTS } from './helpers/paths.js';
import { cleanEnv, runFakeZeek, tempDir, waitForFile, type ZeekRun } from './helpers/run-fake-zeek.js';
import { column, parseAsciiLog, readAsciiLog } from './helpers/zeek-log.js';

const SCRIPTS = join(PACKAGE, 'scripts');
const recorded = (kase: string, file: string) => readFileSync(join(RECORDINGS, kase, file), 'utf8');

let work: ReturnType<typeof tempDir>;
let echoPcap: string;

beforeAll(() => {
  work = tempDir('zeek-work-');
  mkdirSync(join(work.path, 'pkg'));
  symlinkSync(SCRIPTS, join(work.path, 'pkg', 'my_stats'));
  for (const trace of ['wikipedia.pcap', 'http-bro.org.pcap']) symlinkSync(join(PCAPS, trace), join(work.path, trace));
  writeFileSync(join(work.path, 'garbage.pcap'), 'this is not a packet capture\n');
  // Zeek cannot read gzip'ed traces either: decompress to a temporary file.
  echoPcap = join(work.path, 'echo-connections.pcap');
  writeFileSync(echoPcap, gunzipSync(readFileSync(join(PCAPS, 'echo-connections.pcap.gz'))));
});
afterAll(() => work.remove());

// Runs a recorded command line ("zeek ARGS") with WORK replaced, in a fresh directory.
async function runRecorded(command: string, extra: string[] = []): Promise<{ run: ZeekRun; dir: string; files: string[] }> {
  const args = command.trim().replace(/^zeek\s+/, '').replaceAll('WORK', work.path).split(/\s+/);
  const out = join(work.path, `out-${Math.random().toString(36).slice(2)}`);
  mkdirSync(out);
  const run = await runFakeZeek([...args, ...extra], out);
  return { run, dir: out, files: readdirSync(out).sort() };
}

describe('errors, as recorded', () => {
  test.each(['error-bad-redef', 'error-missing-trace', 'error-not-a-pcap', 'error-unknown-script'])(
    '%s: same stderr, exit code and no logs',
    async (kase) => {
      const { run, files } = await runRecorded(recorded(kase, 'command.txt'));
      expect(run.stderr).toBe(recorded(kase, 'stderr.txt').replaceAll('WORK', work.path));
      expect(run.stdout).toBe(recorded(kase, 'stdout.txt'));
      expect(String(run.exitCode)).toBe(recorded(kase, 'exit-code.txt').trim());
      expect(files).toEqual([]);
    },
  );

  test('a gzip-compressed trace is "unknown file format" too', async () => {
    const gz = join(PCAPS, 'echo-connections.pcap.gz');
    const { run, files } = await runRecorded(`zeek -C -r ${gz} WORK/pkg/my_stats`);
    expect(run.stderr).toBe(`fatal error: problem with trace file ${gz} (unknown file format)\n`);
    expect(run.exitCode).toBe(1);
    expect(files).toEqual([]);
  });

  test('a bad count or bool value is reported in the recorded shape', async () => {
    const count = await runRecorded('zeek -r WORK/wikipedia.pcap WORK/pkg/my_stats my_stats::min_var_size_to_log=lots');
    expect(count.run.stderr).toBe('error in <params>, line 1: unknown identifier lots, at or near "lots"\n');
    expect(count.run.exitCode).toBe(1);
    const flag = await runRecorded('zeek -r WORK/wikipedia.pcap WORK/pkg/my_stats my_stats::dump_at_zeek_done=yes');
    expect(flag.run.stderr).toMatch(/^error in <params>, line 1: unknown identifier yes/);
  });

  test('--version and -v print what the real one printed', async () => {
    for (const flag of ['--version', '-v']) {
      const { run } = await runRecorded(`zeek ${flag}`);
      expect(run.stdout).toBe(recorded('.', 'zeek-version.txt'));
      expect(run.exitCode).toBe(0);
    }
    const overridden = await runFakeZeek(['--version'], work.path, { FAKE_ZEEK_VERSION: '7.0.5' });
    expect(overridden.stdout).toBe('zeek version 7.0.5\n');
  });

  test('an unknown option prints usage and exits 1', async () => {
    const { run } = await runRecorded('zeek --no-such-option -r WORK/wikipedia.pcap');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^zeek version 8\.2\.2\nusage: zeek \[options\] \[file \.\.\.\]\n/);
  });
});

describe('dump sequence over the recorded traces', () => {
  test('original-wikipedia: a short trace gives 2 dumps, at the recorded network times, "first" and "final"', async () => {
    const { run, dir } = await runRecorded(recorded('original-wikipedia', 'command.txt'));
    expect(run.exitCode).toBe(0);
    const runs = readAsciiLog(join(dir, 'my_stats_runs.log'));
    // cluster.log of the original holds the network time of each of its dumps.
    const recordedTimes = column(parseAsciiLog(recorded('original-wikipedia', 'cluster.log')), 'ts');
    expect(column(runs, 'network_time')).toEqual(recordedTimes);
    expect(column(runs, 'reason')).toEqual(['first', 'final']);
  });

  test('original-bro.org-10s: first, interval, final at the times the original dumped', async () => {
    const { dir } = await runRecorded(recorded('original-bro.org-10s', 'command.txt'));
    const runs = readAsciiLog(join(dir, 'my_stats_runs.log'));
    const recordedTimes = column(parseAsciiLog(recorded('original-bro.org-10s', 'cluster.log')), 'ts');
    expect(recordedTimes).toHaveLength(3);
    // Same three times; the third is ours "final" (after the connection flush,
    // in zeek_done) where the original's was the early end-of-trace timer.
    expect(column(runs, 'network_time')).toEqual(recordedTimes);
    expect(column(runs, 'reason')).toEqual(['first', 'interval', 'final']);
  });

  test('the catalog of Zeek globals is the recorded one, variable for variable, but for the log streams', async () => {
    // The recording ran corelight/my_stats: one log stream. Ours creates three (my_stats,
    // my_stats_conns, my_stats_runs); each stream adds 24, 24, 30 and 6 to these four globals.
    const perStream: Record<string, number> = { 'Log::active_streams': 24, 'Log::all_streams': 24, 'Log::filters': 30, 'Log::stream_filters': 6 };
    const { dir } = await runRecorded(recorded('original-wikipedia', 'command.txt'));
    const ours = readAsciiLog(join(dir, 'my_stats.log'));
    const theirs = parseAsciiLog(recorded('original-wikipedia', 'my_stats.log'));
    const dump = (log: typeof ours, run: string, extraStreams: number) =>
      log.rows
        .filter((r) => r.run === run)
        .map((r) => `${r.module_name} ${r.variable} ${Number(r.size) + extraStreams * (perStream[r.variable ?? ''] ?? 0)}`)
        .sort();
    expect(dump(ours, '1', 0)).toEqual(dump(theirs, '1', 2));
    expect(dump(ours, '2', 0)).toEqual(dump(theirs, '2', 2));
    const runs = readAsciiLog(join(dir, 'my_stats_runs.log'));
    expect(column(runs, 'globals')).toEqual(['291', '291']);
    expect(column(runs, 'total')).toEqual([String(60866 + 2 * 84), String(60866 + 2 * 84)]);
  });

  test('leak-echo-connections-10s: the planted leak is 0 at the first dump and 1500 at "final"', async () => {
    const { run, dir } = await runRecorded(
      `zeek -C -r ${echoPcap} WORK/pkg/my_stats ${join(ZEEK_SCRIPTS, 'leaky.zeek')} my_stats::min_var_size_to_log=0 my_stats::run_interval=10sec`,
    );
    expect(run.exitCode).toBe(0);
    const seen = readAsciiLog(join(dir, 'my_stats.log')).rows.filter((r) => r.variable === 'Leaky::seen');
    expect(seen.map((r) => [r.run, r.size])).toEqual([['1', '0'], ['2', '1500']]);
    expect(column(readAsciiLog(join(dir, 'my_stats_runs.log')), 'reason')).toEqual(['first', 'final']);
    // One conn.log line per connection, as the real one wrote.
    const conns = readAsciiLog(join(dir, 'conn.log')).rows;
    expect(conns).toHaveLength(parseAsciiLog(recorded('leak-echo-connections-10s', 'conn.log')).rows.length);
  });

  test('with dump_at_zeek_done=F the end-of-trace dump sees the leak at 0, as the original did', async () => {
    const { dir } = await runRecorded(
      `zeek -C -r ${echoPcap} WORK/pkg/my_stats ${join(ZEEK_SCRIPTS, 'leaky.zeek')} my_stats::min_var_size_to_log=0 my_stats::run_interval=10sec my_stats::dump_at_zeek_done=F`,
    );
    const recordedSeen = parseAsciiLog(recorded('leak-echo-connections-10s', 'my_stats.log'))
      .rows.filter((r) => r.variable === 'Leaky::seen')
      .map((r) => [r.run, r.size]);
    const ours = readAsciiLog(join(dir, 'my_stats.log')).rows.filter((r) => r.variable === 'Leaky::seen');
    expect(ours.map((r) => [r.run, r.size])).toEqual(recordedSeen);
    expect(column(readAsciiLog(join(dir, 'my_stats_runs.log')), 'reason')).toEqual(['first', 'trace_end']);
  });

  test('leak-expiring: Leaky::expire=T moves the growth to the expiring set', async () => {
    const { dir } = await runRecorded(
      `zeek -C -r ${echoPcap} WORK/pkg/my_stats ${join(ZEEK_SCRIPTS, 'leaky.zeek')} Leaky::expire=T my_stats::min_var_size_to_log=0 my_stats::run_interval=10sec`,
    );
    const rows = readAsciiLog(join(dir, 'my_stats.log')).rows.filter((r) => r.module_name === 'Leaky');
    expect(rows.map((r) => [r.run, r.variable, r.size])).toEqual([
      ['1', 'Leaky::seen', '0'],
      ['1', 'Leaky::seen_expiring', '0'],
      ['2', 'Leaky::seen', '0'],
      ['2', 'Leaky::seen_expiring', '1500'],
    ]);
  });
});

describe('log formats, as recorded', () => {
  test('original-json: JSON lines with the same names; time as a number, unset fields left out', async () => {
    const { dir, files } = await runRecorded(recorded('original-json', 'command.txt'));
    expect(files).toContain('my_stats.log');
    const theirs = recorded('original-json', 'my_stats.log').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const ours = readFileSync(join(dir, 'my_stats.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const shape = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `${k}:${typeof v}`);
    expect(shape(ours[0] ?? {})).toEqual(shape(theirs[0] ?? {}));
    expect(ours).toHaveLength(theirs.length);
    const runs = readFileSync(join(dir, 'my_stats_runs.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(runs.map((r) => r.reason)).toEqual(['first', 'final']);
    expect(runs[0]?.network_time).toBe(1300475167.096535);
    expect(typeof runs[0]?.duration).toBe('number');
  });

  test('original-gzip: .log.gz files that decompress to the usual ASCII log', async () => {
    const { dir, files } = await runRecorded(recorded('original-gzip', 'command.txt'));
    const recordedFiles = readdirSync(join(RECORDINGS, 'original-gzip')).filter((f) => f.endsWith('.log.gz'));
    expect(files).toEqual(expect.arrayContaining(['my_stats.log.gz', 'my_stats_runs.log.gz', 'conn.log.gz']));
    expect(recordedFiles).toContain('my_stats.log.gz');
    expect(files.filter((f) => f.endsWith('.log'))).toEqual([]);
    const ours = parseAsciiLog(gunzipSync(readFileSync(join(dir, 'my_stats.log.gz'))).toString('utf8'));
    const theirs = parseAsciiLog(gunzipSync(readFileSync(join(RECORDINGS, 'original-gzip', 'my_stats.log.gz'))).toString('utf8'));
    expect(ours.fields).toEqual(theirs.fields);
    expect(ours.types).toEqual(theirs.types);
    expect(ours.closed).toBe(true);
    // Default cutoff 1024: the same variables as the original logged.
    expect(new Set(column(ours, 'variable'))).toEqual(new Set(column(theirs, 'variable')));
  });

  test('killed-mid-run: SIGKILL during --pseudo-realtime leaves logs without #close', async () => {
    const { args, out } = (() => {
      const cmd = recorded('killed-mid-run', 'command.txt').replace(/\(SIGKILL.*$/s, '');
      const o = join(work.path, 'killed');
      mkdirSync(o);
      return { args: cmd.trim().replace(/^zeek\s+/, '').replaceAll('WORK', work.path).split(/\s+/), out: o };
    })();
    const started = Date.now() / 1000;
    const child = execa(FAKE_ZEEK, args, { cwd: out, env: cleanEnv(), extendEnv: false, reject: false });
    await waitForFile(join(out, 'my_stats_runs.log'));
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGKILL');
    const result = await child;
    expect(result.signal).toBe('SIGKILL');
    expect(recorded('killed-mid-run', 'exit-code.txt').trim()).toBe('137');
    const log = readAsciiLog(join(out, 'my_stats.log'));
    expect(log.closed).toBe(false);
    expect(new Set(column(log, 'run'))).toEqual(new Set(['1']));
    expect(parseAsciiLog(recorded('killed-mid-run', 'my_stats.log')).closed).toBe(false);
    // Under --pseudo-realtime network time runs on the wall clock, as in the recording.
    const runs = readAsciiLog(join(out, 'my_stats_runs.log'));
    const networkTime = Number(runs.rows[0]?.network_time);
    expect(networkTime).toBeGreaterThanOrEqual(Math.floor(started));
    expect(networkTime).toBeLessThanOrEqual(Date.now() / 1000);
  });
});
