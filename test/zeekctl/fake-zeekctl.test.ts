// The fake zeekctl must behave like the real one where zeek-budget relies on it: output and exit
// codes of deploy/status/stop as recorded (shared/zeek-reference/cluster/zeekctl-output.txt), one
// my_stats.log at the logger with every node's rows, archiving that finishes after stop returns.
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { byLogger, fakeInstallation, killFakeCluster, LEAKY, zeekctl } from './fake-cluster.js';

const RECORDING = path.resolve('..', 'shared', 'zeek-reference', 'cluster', 'zeekctl-output.txt');
const RECORDING_2 = path.resolve('..', 'shared', 'zeek-reference', 'cluster-2-loggers', 'zeekctl-output.txt');
const present = existsSync(RECORDING);
if (!present) console.warn(`skipping the comparison with the recorded zeekctl output: ${RECORDING} not found (../shared beside the repo)`);
const withRecording = present ? test : test.skip;

let dir = '';
let prefix = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zeek-budget-fake-zeekctl-'));
  prefix = fakeInstallation(dir);
  const site = path.join(prefix, 'share', 'zeek', 'site', 'local.zeek');
  writeFileSync(
    site,
    `${readFileSync(site, 'utf8')}@load ${path.resolve('zeek-package', 'scripts')}\n@load ${LEAKY}\nredef my_stats::run_interval = 0.3sec;\nredef my_stats::min_var_size_to_log = 0;\n`,
  );
});
afterEach(async () => {
  await killFakeCluster(prefix);
  rmSync(dir, { recursive: true, force: true });
});

/** The recorded sessions: command -> [output lines, exit code] (without the recording machine's Python warnings). */
function recorded(file = RECORDING): Map<string, Array<{ lines: string[]; exit: number }>> {
  const out = new Map<string, Array<{ lines: string[]; exit: number }>>();
  let cur: { lines: string[]; exit: number } | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('Warning: ')) continue;
    const cmd = /^\$ zeekctl (\w+)$/.exec(line);
    if (cmd?.[1]) {
      cur = { lines: [], exit: -1 };
      out.set(cmd[1], [...(out.get(cmd[1]) ?? []), cur]);
      continue;
    }
    const exit = /^\[exit (\d+)\]$/.exec(line);
    if (exit && cur) cur.exit = Number(exit[1]);
    else if (cur && line !== '') cur.lines.push(line);
  }
  return out;
}

// Pids and start times differ from run to run.
const statusShape = (line: string) => line.replace(/ \d+ +\d\d \w{3} \d\d:\d\d:\d\d$/, ' PID DATE');
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

withRecording(
  'deploy, status and stop print what the real zeekctl printed, with its exit codes',
  async () => {
    const rec = recorded();
    const deploy = zeekctl(prefix, ['deploy']);
    expect(lines(deploy.stdout)).toEqual(rec.get('deploy')?.[0]?.lines);
    expect(deploy.code).toBe(rec.get('deploy')?.[0]?.exit);
    const status = zeekctl(prefix, ['status']);
    expect(lines(status.stdout).map(statusShape)).toEqual(rec.get('status')?.[0]?.lines.map(statusShape));
    expect(status.code).toBe(0);
    const stop = zeekctl(prefix, ['stop']);
    expect(lines(stop.stdout)).toEqual(rec.get('stop')?.[0]?.lines);
    expect(stop.code).toBe(0);
    // zeekctl status exits 1 unless every node runs; stopped nodes have no pid or start time.
    const after = zeekctl(prefix, ['status']);
    expect(after.code).toBe(1);
    expect(lines(after.stdout).slice(1)).toEqual([
      'logger-1     logger  localhost        stopped',
      'manager      manager localhost        stopped',
      'proxy-1      proxy   localhost        stopped',
      'worker-1     worker  localhost        stopped',
      'worker-2     worker  localhost        stopped',
    ]);
  },
  30_000,
);

test("every node logs into the logger's one my_stats.log; stop returns while archiving still runs, then the archive appears", async () => {
  expect(zeekctl(prefix, ['deploy'], { FAKE_ZEEKCTL_ARCHIVE_MS: '1500' }).code).toBe(0);
  expect(readlinkSync(path.join(prefix, 'logs', 'current'))).toBe(path.join(prefix, 'spool', 'logger-1'));
  await new Promise((r) => setTimeout(r, 1000));
  const live = readFileSync(path.join(prefix, 'spool', 'logger-1', 'my_stats.log'), 'utf8');
  expect(live).toMatch(/^#fields\tts\trun\tnode\tmodule_name\tvariable\tsize$/m);
  expect(live).not.toMatch(/^#close/m);
  const rows = live
    .split('\n')
    .filter((l) => /^\d/.test(l))
    .map((l) => l.split('\t'));
  expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['logger-1', 'manager', 'proxy-1', 'worker-1', 'worker-2']));
  // Interleaved dump by dump, not node after node: more blocks of one node's rows than nodes.
  const blocks = rows.filter((r, i) => i === 0 || rows[i - 1]?.[2] !== r[2]).length;
  expect(blocks).toBeGreaterThan(5);
  expect(rows.filter((r) => r[2] === 'worker-2' && r[4] === 'Leaky::seen').map((r) => r[1])).toEqual(expect.arrayContaining(['1', '2']));
  expect(existsSync(path.join(prefix, 'spool', 'manager', 'my_stats.log'))).toBe(false);

  const stop = zeekctl(prefix, ['stop'], { FAKE_ZEEKCTL_ARCHIVE_MS: '1500' });
  expect(stop.code).toBe(0);
  const tmp = path.join(prefix, 'spool', 'tmp');
  const pending = readdirSync(tmp).filter((d) => d.startsWith('post-terminate-logger-'));
  expect(pending).toHaveLength(1);
  expect(readdirSync(path.join(tmp, pending[0] ?? ''))).toEqual(expect.arrayContaining(['my_stats.log', 'my_stats_runs.log']));
  expect(readdirSync(path.join(prefix, 'spool', 'logger-1'))).toEqual([]);
  await killFakeCluster(prefix);
  expect(readdirSync(tmp)).toEqual([]);
  const day = readdirSync(path.join(prefix, 'logs')).find((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)) ?? '';
  const archive = readdirSync(path.join(prefix, 'logs', day)).find((f) => f.startsWith('my_stats.')) ?? '';
  expect(archive).toMatch(/^my_stats\.\d\d:\d\d:\d\d-\d\d:\d\d:\d\d\.log\.gz$/);
  const text = gunzipSync(readFileSync(path.join(prefix, 'logs', day, archive))).toString('utf8');
  expect(text.startsWith(live)).toBe(true);
  // Stopped last, the logger closes the file after every node's final dump.
  expect(text).toMatch(/\tworker-1\t[^\n]*\n(.*\n)*#close\t\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\n$/);
  expect(readFileSync(path.join(prefix, 'logs', day, archive.replace('my_stats.', 'my_stats_runs.')))).toBeTruthy();
}, 30_000);

const withTwoLoggers = existsSync(RECORDING_2) ? test : test.skip;
withTwoLoggers(
  "two loggers: deploy, status and stop print what the real zeekctl printed; each logger holds its own rows, every other node's spread over both",
  async () => {
    await killFakeCluster(prefix);
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(path.join(os.tmpdir(), 'zeek-budget-fake-zeekctl-'));
    prefix = fakeInstallation(dir, readFileSync(path.join(path.dirname(RECORDING_2), 'node.cfg'), 'utf8'));
    const site = path.join(prefix, 'share', 'zeek', 'site', 'local.zeek');
    writeFileSync(
      site,
      `${readFileSync(site, 'utf8')}@load ${path.resolve('zeek-package', 'scripts')}\nredef my_stats::run_interval = 0.2sec;\nredef my_stats::min_var_size_to_log = 0;\n`,
    );
    const rec = recorded(RECORDING_2);
    const deploy = zeekctl(prefix, ['deploy']);
    expect(lines(deploy.stdout)).toEqual(rec.get('deploy')?.[0]?.lines);
    expect(lines(zeekctl(prefix, ['status']).stdout).map(statusShape)).toEqual(rec.get('status')?.[0]?.lines.map(statusShape));
    const nodesIn = (logger: string) => {
      const text = readFileSync(path.join(prefix, 'spool', logger, 'my_stats.log'), 'utf8');
      return new Set(
        text
          .split('\n')
          .filter((l) => /^\d/.test(l))
          .map((l) => l.split('\t')[2]),
      );
    };
    // Until every node dumped twice (it alternates loggers from dump to dump), however slow the machine.
    for (let i = 0; i < 200 && (nodesIn('logger-1').size < 5 || nodesIn('logger-2').size < 5); i++) await new Promise((r) => setTimeout(r, 100));
    expect(nodesIn('logger-1')).toEqual(new Set(['logger-1', 'manager', 'proxy-1', 'worker-1', 'worker-2']));
    expect(nodesIn('logger-2')).toEqual(new Set(['logger-2', 'manager', 'proxy-1', 'worker-1', 'worker-2']));
    expect(readFileSync(path.join(prefix, 'spool', 'logger-2', 'my_stats_runs.log'), 'utf8')).toMatch(
      /^#fields\tts\trun\tnode\tnetwork_time\treason\tduration\tglobals\tlogged\ttotal\tpeak_rss\trss\tpackets\tconns_logged$/m,
    );
    const stop = zeekctl(prefix, ['stop']);
    expect(lines(stop.stdout)).toEqual(rec.get('stop')?.[0]?.lines);
    await killFakeCluster(prefix);
    const day = readdirSync(path.join(prefix, 'logs')).find((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)) ?? '';
    expect(
      readdirSync(path.join(prefix, 'logs', day))
        .filter((f) => f.startsWith('my_stats.'))
        .sort(byLogger),
    ).toEqual([
      expect.stringMatching(/^my_stats\.\d\d:\d\d:\d\d-\d\d:\d\d:\d\d-logger-1\.log\.gz$/),
      expect.stringMatching(/^my_stats\.\d\d:\d\d:\d\d-\d\d:\d\d:\d\d-logger-2\.log\.gz$/),
    ]);
  },
  30_000,
);

test("an unknown command is exit 1 with zeekctl's error", () => {
  const r = zeekctl(prefix, ['frobnicate']);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe("Error: unknown command 'frobnicate'\n");
});
