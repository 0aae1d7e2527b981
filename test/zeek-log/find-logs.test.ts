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
      { file: f.day1a, kind: 'archive', date: '2026-11-21' },
      { file: f.day1b, kind: 'archive', date: '2026-11-21' },
      { file: f.day2, kind: 'archive', date: '2026-11-22' },
      { file: f.day2logger2, kind: 'archive', date: '2026-11-22' },
    ];
    const found = await findLogs(t.dir, 'my_stats');
    expect(found.slice(0, 4)).toEqual(expected);
    expect(found).toHaveLength(5);
    expect(found[4]?.kind).toBe('live');
    expect([f.live, path.join(t.dir, 'logs', 'current', 'my_stats.log')]).toContain(found[4]?.file);
    // The same from logs/ itself, and the live log alone from logs/current or the spool.
    expect((await findLogs(path.join(t.dir, 'logs'), 'my_stats')).slice(0, 4)).toEqual(expected);
    expect(await findLogs(path.join(t.dir, 'logs', 'current'), 'my_stats')).toEqual([{ file: path.join(t.dir, 'logs', 'current', 'my_stats.log'), kind: 'live' }]);
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

test('archive names: zeekctl, several loggers, Zeek rotation; not other logs', () => {
  expect(matchLogName('my_stats.14:45:13-14:46:06.log.gz', 'my_stats')).toEqual({ rotated: true, start: '14:45:13' });
  expect(matchLogName('my_stats.14:45:13-14:46:06-logger-2.log.gz', 'my_stats')).toEqual({ rotated: true, start: '14:45:13' });
  expect(matchLogName('my_stats.2026-11-22-14-45-13.log', 'my_stats')).toEqual({ rotated: true, start: '2026-11-22-14-45-13' });
  expect(matchLogName('my_stats.log', 'my_stats')).toEqual({ rotated: false });
  expect(matchLogName('my_stats_runs.log', 'my_stats')).toBeNull();
  expect(matchLogName('my_stats.log.bak', 'my_stats')).toBeNull();
});
