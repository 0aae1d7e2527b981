import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EnvironmentError } from '../../harness/errors.js';
import { findLogs, findLogsWithWarnings, matchLogName } from '../../harness/zeek-log/find-logs.js';
import { tempDir } from './helpers.js';

function touch(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '');
  return file;
}

/** A zeekctl install prefix as `zeekctl stop` leaves it, plus a running logger's spool. */
function zeekctlTree(prefix: string) {
  const logs = path.join(prefix, 'logs');
  const files = {
    day1a: touch(path.join(logs, '2026-11-21', 'my_stats.22:00:00-23:00:00.log.gz')),
    day1b: touch(path.join(logs, '2026-11-21', 'my_stats.23:00:00-00:00:00.log.gz')),
    day2logger2: touch(path.join(logs, '2026-11-22', 'my_stats.00:00:00-01:00:00-logger-2.log.gz')),
    day2: touch(path.join(logs, '2026-11-22', 'my_stats.00:00:00-01:00:00-logger-1.log.gz')),
    live: touch(path.join(prefix, 'spool', 'logger-1', 'my_stats.log')),
  };
  touch(path.join(logs, '2026-11-22', 'my_stats_runs.00:00:00-01:00:00.log.gz'));
  touch(path.join(logs, '2026-11-22', 'conn.00:00:00-01:00:00.log.gz'));
  touch(path.join(prefix, 'spool', 'logger-1', 'my_stats_runs.log'));
  touch(path.join(prefix, 'spool', 'logger-1', '.pid'));
  touch(path.join(prefix, 'spool', 'installed-scripts-do-not-touch', 'site', 'my_stats.log'));
  symlinkSync(path.join(prefix, 'spool', 'logger-1'), path.join(logs, 'current'));
  return files;
}

test('a zeekctl prefix: archives oldest first, then the live spool log once (logs/current is the same file)', async () => {
  const t = tempDir();
  try {
    const f = zeekctlTree(t.dir);
    const expected = [
      { file: f.day1a, kind: 'archive', date: '2026-11-21', rotatedAt: '2026-11-21 23:00:00' },
      // Opened on the 21st, rotated at midnight: the rotation is the 22nd's.
      { file: f.day1b, kind: 'archive', date: '2026-11-21', rotatedAt: '2026-11-22 00:00:00' },
      // Both loggers' files of one rotation, side by side.
      { file: f.day2, kind: 'archive', date: '2026-11-22', rotatedAt: '2026-11-22 01:00:00' },
      { file: f.day2logger2, kind: 'archive', date: '2026-11-22', rotatedAt: '2026-11-22 01:00:00' },
    ];
    const found = await findLogs(t.dir, 'my_stats');
    expect(found.slice(0, 4)).toEqual(expected);
    expect(found).toHaveLength(5);
    expect(found[4]?.kind).toBe('live');
    expect([f.live, path.join(t.dir, 'logs', 'current', 'my_stats.log')]).toContain(found[4]?.file);
    // The same from logs/ itself, and the live log alone from logs/current or the spool.
    expect((await findLogs(path.join(t.dir, 'logs'), 'my_stats')).slice(0, 4)).toEqual(expected);
    expect(await findLogs(path.join(t.dir, 'logs', 'current'), 'my_stats')).toEqual([
      { file: path.join(t.dir, 'logs', 'current', 'my_stats.log'), kind: 'live' },
    ]);
    expect(await findLogs(path.join(t.dir, 'spool'), 'my_stats')).toEqual([{ file: f.live, kind: 'live' }]);
    expect(await findLogs(path.join(t.dir, 'spool', 'logger-1'), 'my_stats')).toEqual([{ file: f.live, kind: 'live' }]);
    // Exact log name: my_stats_runs is its own log.
    expect((await findLogs(t.dir, 'my_stats_runs')).map((x) => path.basename(x.file))).toEqual(['my_stats_runs.00:00:00-01:00:00.log.gz', 'my_stats_runs.log']);
  } finally {
    t.cleanup();
  }
});

test('a plain directory and a file', async () => {
  const t = tempDir();
  try {
    const plain = touch(path.join(t.dir, 'run', 'my_stats.log'));
    touch(path.join(t.dir, 'run', 'my_stats_runs.log'));
    touch(path.join(t.dir, 'run', 'conn.log'));
    expect(await findLogs(path.join(t.dir, 'run'), 'my_stats')).toEqual([{ file: plain, kind: 'plain' }]);
    const gz = touch(path.join(t.dir, 'gz', 'my_stats.log.gz'));
    expect(await findLogs(path.join(t.dir, 'gz'), 'my_stats')).toEqual([{ file: gz, kind: 'plain' }]);
    expect(await findLogs(plain, 'my_stats')).toEqual([{ file: plain, kind: 'plain' }]);
    // An archive named directly is an archive, dated by its folder.
    const archive = touch(path.join(t.dir, 'logs', '2026-12-01', 'my_stats.08:55:00-08:56:01-logger-2.log.gz'));
    expect(await findLogs(archive, 'my_stats')).toEqual([{ file: archive, kind: 'archive', date: '2026-12-01', rotatedAt: '2026-12-01 08:56:01' }]);
  } finally {
    t.cleanup();
  }
});

test('nothing found names what was searched; a missing target is an EnvironmentError', async () => {
  const t = tempDir();
  try {
    touch(path.join(t.dir, 'conn.log'));
    const err = await findLogs(t.dir, 'my_stats').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as Error).message).toContain(`no my_stats log found; searched ${t.dir}`);
    await expect(findLogs(path.join(t.dir, 'nope'), 'my_stats')).rejects.toThrow(/nope: no such file or directory/);
  } finally {
    t.cleanup();
  }
});

test('zeekctl still archiving after a stop is a warning', async () => {
  const t = tempDir();
  try {
    touch(path.join(t.dir, 'logs', '2026-11-22', 'my_stats.14:45:13-14:46:06.log.gz'));
    touch(path.join(t.dir, 'spool', 'tmp', 'post-terminate-logger-2026-11-22-14-46-07-5156', 'my_stats.log'));
    const { logs, warnings } = await findLogsWithWarnings(t.dir, 'my_stats');
    expect(logs).toHaveLength(1);
    expect(warnings[0]).toMatch(/still archiving after a stop/);
  } finally {
    t.cleanup();
  }
});

test('archive names: zeekctl, several loggers, Zeek rotation, a log queue; not other logs', () => {
  expect(matchLogName('my_stats.14:45:13-14:46:06.log.gz', 'my_stats')).toEqual({ rotated: true, start: '14:45:13', end: '14:46:06' });
  expect(matchLogName('my_stats.14:45:13-14:46:06-logger-2.log.gz', 'my_stats')).toEqual({
    rotated: true,
    start: '14:45:13',
    end: '14:46:06',
    suffix: 'logger-2',
  });
  // zeek-archiver's input (a supervised logger's log-queue/): path__open__close__metadata__.log
  expect(matchLogName('my_stats__2026-12-01-08-55-00__2026-12-01-08-56-01__log_suffix=logger-1,pid=4711__.log', 'my_stats')).toEqual({
    rotated: true,
    start: '2026-12-01-08-55-00',
    end: '2026-12-01-08-56-01',
    suffix: 'logger-1',
  });
  expect(matchLogName('my_stats__2026-12-01-08-55-00__2026-12-01-08-56-01____.log', 'my_stats')).toEqual({
    rotated: true,
    start: '2026-12-01-08-55-00',
    end: '2026-12-01-08-56-01',
  });
  expect(matchLogName('my_stats_runs__2026-12-01-08-55-00__2026-12-01-08-56-01____.log', 'my_stats')).toBeNull();
  expect(matchLogName('my_stats.2026-11-22-14-45-13.log', 'my_stats')).toEqual({ rotated: true, start: '2026-11-22-14-45-13' });
  expect(matchLogName('my_stats.log', 'my_stats')).toEqual({ rotated: false });
  expect(matchLogName('my_stats_runs.log', 'my_stats')).toBeNull();
  expect(matchLogName('my_stats.log.bak', 'my_stats')).toBeNull();
});

test("several loggers: every logger's spool directory and archives", async () => {
  const t = tempDir();
  try {
    const live1 = touch(path.join(t.dir, 'spool', 'logger-1', 'my_stats.log'));
    const live2 = touch(path.join(t.dir, 'spool', 'logger-2', 'my_stats.log'));
    touch(path.join(t.dir, 'spool', 'manager', '.pid'));
    const a1 = touch(path.join(t.dir, 'logs', '2026-12-01', 'my_stats.08:55:00-08:56:01-logger-1.log.gz'));
    const a2 = touch(path.join(t.dir, 'logs', '2026-12-01', 'my_stats.08:55:00-08:56:01-logger-2.log.gz'));
    const b2 = touch(path.join(t.dir, 'logs', '2026-12-01', 'my_stats.08:56:01-08:56:02-logger-2.log.gz'));
    expect((await findLogs(t.dir, 'my_stats')).map((f) => [f.file, f.kind, f.rotatedAt])).toEqual([
      [a1, 'archive', '2026-12-01 08:56:01'],
      [a2, 'archive', '2026-12-01 08:56:01'],
      [b2, 'archive', '2026-12-01 08:56:02'],
      [live1, 'live', undefined],
      [live2, 'live', undefined],
    ]);
  } finally {
    t.cleanup();
  }
});

test('a zeek-systemd-generator prefix (Zeek 8.1+): var/spool/zeek/logger-N/, archives in var/log/zeek/ or var/logs/zeek/', async () => {
  const t = tempDir();
  try {
    for (const logDir of ['log', 'logs']) {
      const prefix = path.join(t.dir, logDir);
      touch(path.join(prefix, 'etc', 'zeek', 'zeek.conf'));
      const archive = touch(path.join(prefix, 'var', logDir, 'zeek', '2026-12-01', 'my_stats.08:55:00-08:56:01-logger-1.log.gz'));
      const live = touch(path.join(prefix, 'var', 'spool', 'zeek', 'logger-1', 'my_stats.log'));
      const queued = touch(
        path.join(prefix, 'var', 'spool', 'zeek', 'logger-1', 'log-queue', 'my_stats__2026-12-01-08-56-01__2026-12-01-08-57-01__log_suffix=logger-1__.log'),
      );
      touch(path.join(prefix, 'var', 'lib', 'zeek', 'state.db'));
      expect(await findLogs(prefix, 'my_stats')).toEqual([
        { file: archive, kind: 'archive', date: '2026-12-01', rotatedAt: '2026-12-01 08:56:01' },
        // Rotated but not archived yet: zeek-archiver has still to move it.
        { file: queued, kind: 'archive', rotatedAt: '2026-12-01 08:57:01' },
        { file: live, kind: 'live' },
      ]);
      // Named directly, the directories read the same.
      expect(await findLogs(path.join(prefix, 'var', logDir, 'zeek'), 'my_stats')).toEqual([
        { file: archive, kind: 'archive', date: '2026-12-01', rotatedAt: '2026-12-01 08:56:01' },
      ]);
      expect((await findLogs(path.join(prefix, 'var', 'spool', 'zeek'), 'my_stats')).map((f) => f.file)).toEqual([queued, live]);
    }
  } finally {
    t.cleanup();
  }
});
