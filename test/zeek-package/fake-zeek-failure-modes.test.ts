// The failure modes the harness's tests need from the fake zeek, each chosen
// per trace by a glob on the trace's file name.
import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_ZEEK, PACKAGE, RECORDINGS, TESTING } from './helpers/paths.js';
import { cleanEnv, runFakeZeek, tempDir, waitForFile } from './helpers/run-fake-zeek.js';
import { column, readAsciiLog } from './helpers/zeek-log.js';

const SCRIPTS = join(PACKAGE, 'scripts');
const LONG = join(TESTING, 'traces', 'long.pcap');
const SHORT = join(TESTING, 'traces', 'short.pcap');
const ARGS = ['-C', '-r', LONG, SCRIPTS, 'my_stats::run_interval=10sec'];

const dirs: ReturnType<typeof tempDir>[] = [];
function fresh(): string {
  const d = tempDir();
  dirs.push(d);
  return d.path;
}
afterAll(() => dirs.forEach((d) => d.remove()));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fake zeek failure modes', () => {
  test('crash: SIGSEGV after the first dump, logs left without #close', async () => {
    const dir = fresh();
    const r = await runFakeZeek(ARGS, dir, { FAKE_ZEEK_CRASH: 'short*,long*' });
    expect(r.signal).toBe('SIGSEGV');
    const runs = readAsciiLog(join(dir, 'my_stats_runs.log'));
    expect(runs.closed).toBe(false);
    expect(column(runs, 'reason')).toEqual(['first']);
    expect(readAsciiLog(join(dir, 'my_stats.log')).closed).toBe(false);
  });

  test('a glob that does not match the trace leaves the run alone', async () => {
    const dir = fresh();
    const r = await runFakeZeek(ARGS, dir, { FAKE_ZEEK_CRASH: 'wiki*', FAKE_ZEEK_FAIL: '*.pcapng', FAKE_ZEEK_HANG: 'lon' });
    expect(r.exitCode).toBe(0);
    expect(column(readAsciiLog(join(dir, 'my_stats_runs.log')), 'reason')).toEqual(['first', 'interval', 'interval', 'final']);
  });

  test('fail: a script error on stderr in the recorded shape, exit 1, no logs', async () => {
    const dir = fresh();
    const r = await runFakeZeek(ARGS, dir, { FAKE_ZEEK_FAIL: '*' });
    expect(r.exitCode).toBe(1);
    const recorded = readFileSync(join(RECORDINGS, 'error-runtime', 'stderr.txt'), 'utf8');
    const shape = (text: string) => text.replace(/ in \S+, line/, ' in FILE, line');
    expect(shape(r.stderr)).toBe(shape(recorded));
    expect(r.stderr).toContain(join(SCRIPTS, '__load__.zeek'));
    expect(readdirSync(dir)).toEqual([]);
  });

  test('hang: never exits, ignores SIGTERM, only SIGKILL ends it', async () => {
    const dir = fresh();
    const child = execa(FAKE_ZEEK, ARGS, { cwd: dir, env: cleanEnv({ FAKE_ZEEK_HANG: 'long.pcap' }), extendEnv: false, reject: false });
    await waitForFile(join(dir, 'my_stats_runs.log'));
    await sleep(300);
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    await sleep(300);
    expect(child.exitCode).toBeNull();
    child.kill('SIGKILL');
    const result = await child;
    expect(result.signal).toBe('SIGKILL');
    expect(readAsciiLog(join(dir, 'my_stats_runs.log')).closed).toBe(false);
  });

  test('slow: FAKE_ZEEK_DELAY_MS holds the run back before shutdown, logs complete', async () => {
    const dir = fresh();
    // The other trace's delay is an hour: the short one's 700 ms applied if the run took less.
    const r = await runFakeZeek(['-C', '-r', SHORT, SCRIPTS], dir, { FAKE_ZEEK_DELAY_MS: 'long*:3600000,short*:700' });
    expect(r.exitCode).toBe(0);
    expect(r.durationMs).toBeGreaterThanOrEqual(700);
    expect(r.durationMs).toBeLessThan(3_600_000);
    expect(readAsciiLog(join(dir, 'my_stats_runs.log')).closed).toBe(true);
  });

  test('busy: FAKE_ZEEK_BUSY_MS spends that much CPU time (a CPU-bound stand-in), logs complete', async () => {
    const dir = fresh();
    // bash's `times` gives the CPU time its children used: the fake's own, whatever the machine's load.
    const r = await execa('bash', ['-c', '"$0" "$@" > /dev/null; echo "exit $?"; times', FAKE_ZEEK, '-C', '-r', SHORT, SCRIPTS], {
      cwd: dir, env: cleanEnv({ FAKE_ZEEK_BUSY_MS: 'long*:3600000,short*:700' }), extendEnv: false, reject: false,
    });
    const [status, , children] = r.stdout.split('\n');
    expect(status).toBe('exit 0');
    const seconds = [...(children ?? '').matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
    expect(seconds).toBeGreaterThanOrEqual(0.7);
    expect(seconds).toBeLessThan(3600);
    expect(readAsciiLog(join(dir, 'my_stats_runs.log')).closed).toBe(true);
  });

  test('SIGTERM while slow shuts down cleanly: final dump, #close, exit 0 (like zeekctl stop)', async () => {
    const dir = fresh();
    const child = execa(FAKE_ZEEK, ARGS, { cwd: dir, env: cleanEnv({ FAKE_ZEEK_DELAY_MS: '60000' }), extendEnv: false, reject: false });
    await waitForFile(join(dir, 'my_stats_runs.log'));
    await sleep(200);
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode).toBe(0);
    const runs = readAsciiLog(join(dir, 'my_stats_runs.log'));
    expect(runs.closed).toBe(true);
    expect(column(runs, 'reason').at(-1)).toBe('final');
  });

  test('default duration and peak RSS are realistic and the same on every run', async () => {
    const a = fresh();
    const b = fresh();
    await runFakeZeek(ARGS, a);
    await runFakeZeek(ARGS, b);
    const runsA = readAsciiLog(join(a, 'my_stats_runs.log'));
    const runsB = readAsciiLog(join(b, 'my_stats_runs.log'));
    expect(column(runsA, 'duration')).toEqual(column(runsB, 'duration'));
    expect(column(runsA, 'peak_rss')).toEqual(column(runsB, 'peak_rss'));
    for (const d of column(runsA, 'duration')) {
      expect(Number(d)).toBeGreaterThanOrEqual(0.007);
      expect(Number(d)).toBeLessThanOrEqual(0.009);
    }
    const rss = column(runsA, 'peak_rss').map(Number);
    for (const [i, v] of rss.entries()) {
      expect(v).toBeGreaterThanOrEqual(100 * 2 ** 20);
      expect(v).toBeLessThanOrEqual(200 * 2 ** 20);
      if (i > 0) expect(v).toBeGreaterThanOrEqual(rss[i - 1] ?? 0);
    }
  });

  test('FAKE_ZEEK_FOOTPRINT_MS and FAKE_ZEEK_PEAK_RSS_MB set what the dumps report', async () => {
    const dir = fresh();
    await runFakeZeek(ARGS, dir, { FAKE_ZEEK_FOOTPRINT_MS: 'short*:1,long*:250', FAKE_ZEEK_PEAK_RSS_MB: '150' });
    const runs = readAsciiLog(join(dir, 'my_stats_runs.log'));
    expect(new Set(column(runs, 'duration'))).toEqual(new Set(['0.250000']));
    expect(new Set(column(runs, 'peak_rss'))).toEqual(new Set([String(150 * 2 ** 20)]));
  });

  test('without the package loaded there are no my_stats logs', async () => {
    const dir = fresh();
    const r = await runFakeZeek(['-C', '-r', LONG], dir);
    expect(r.exitCode).toBe(0);
    expect(existsSync(join(dir, 'my_stats.log'))).toBe(false);
    expect(existsSync(join(dir, 'my_stats_runs.log'))).toBe(false);
    expect(readAsciiLog(join(dir, 'conn.log')).rows).toHaveLength(9);
  });

  test('-G checks the seed file as zeek does', async () => {
    const ok = await runFakeZeek(['-G', join(TESTING, 'random.seed'), '-C', '-r', SHORT, SCRIPTS], fresh());
    expect(ok.exitCode).toBe(0);
    const dir = fresh();
    const bad = await runFakeZeek(['-G', join(dir, 'missing.seed'), '-C', '-r', SHORT, SCRIPTS], dir);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe(`fatal error: Could not load seeds from file '${join(dir, 'missing.seed')}'.\n`);
    expect(readdirSync(dir)).toEqual([]);
  });
});
