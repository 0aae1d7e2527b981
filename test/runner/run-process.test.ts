import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runProcess } from '../../harness/util/run-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();

/** Alive and not a zombie: an orphan killed here may wait for a reaper that never comes in a container. */
function isAlive(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return !/^State:\s+Z/m.test(status);
  } catch {
    return false;
  }
}

test('exit status, stderr tail and wall time are reported', async () => {
  const r = await runProcess('/bin/sh', ['-c', 'for i in $(seq 1 50); do echo line$i >&2; done; exit 4'], {
    cwd: tmp(),
    env: { PATH: process.env.PATH },
    timeoutSeconds: 10,
  });
  expect(r.exitCode).toBe(4);
  expect(r.signal).toBeUndefined();
  expect(r.timedOut).toBe(false);
  const tail = r.stderrTail.split('\n');
  expect(tail).toHaveLength(20);
  expect(tail[19]).toBe('line50');
  expect(r.wallSeconds).toBeGreaterThan(0);
});

test('a crash by signal is reported as the signal', async () => {
  const r = await runProcess('/bin/sh', ['-c', 'kill -SEGV $$'], { cwd: tmp(), env: { PATH: process.env.PATH }, timeoutSeconds: 10 });
  expect(r.signal).toBe('SIGSEGV');
});

test('a hang past the timeout kills the whole process group, children included', async () => {
  const pidFile = path.join(tmp(), 'child.pid');
  // The child ignores SIGTERM, so only the SIGKILL after the grace period can end it.
  const script = `sh -c 'trap "" TERM; echo $$ > ${pidFile}; while true; do sleep 1; done' & wait`;
  const r = await runProcess('/bin/sh', ['-c', script], { cwd: tmp(), env: { PATH: process.env.PATH }, timeoutSeconds: 0.5, killGraceSeconds: 0.3 });
  expect(r.timedOut).toBe(true);
  expect(existsSync(pidFile)).toBe(true);
  const childPid = Number(readFileSync(pidFile, 'utf8').trim());
  await new Promise((res) => setTimeout(res, 200));
  expect(isAlive(childPid)).toBe(false);
});

test('an abort stops the run', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 200);
  const r = await runProcess('/bin/sh', ['-c', 'sleep 3600'], { cwd: tmp(), env: { PATH: process.env.PATH }, timeoutSeconds: 7200, signal: ac.signal });
  expect(r.aborted).toBe(true);
  // Cut short: the sleep would have taken an hour (a bound no slow machine comes near).
  expect(r.wallSeconds).toBeLessThan(3600);
});

test('only the given environment reaches the process', async () => {
  writeFileSync(path.join(tmp(), 'x'), '');
  const r = await runProcess('/bin/sh', ['-c', 'echo "[$ONLY_THIS][$HOME]" >&2'], {
    cwd: tmp(),
    env: { PATH: process.env.PATH, ONLY_THIS: 'yes' },
    timeoutSeconds: 10,
  });
  expect(r.stderrTail).toBe('[yes][]');
});

test('a program that cannot be started is a spawn error with its code, and nothing ran', async () => {
  const dir = tmp();
  const missing = await runProcess(path.join(dir, 'no-such-zeek'), ['--version'], { cwd: dir, env: { PATH: process.env.PATH }, timeoutSeconds: 10 });
  expect(missing.spawnError?.code).toBe('ENOENT');
  expect(missing.exitCode).toBeUndefined();
  const notExecutable = path.join(dir, 'zeek');
  writeFileSync(notExecutable, '#!/bin/sh\necho hi\n', { mode: 0o644 });
  const denied = await runProcess(notExecutable, ['--version'], { cwd: dir, env: { PATH: process.env.PATH }, timeoutSeconds: 10 });
  expect(denied.spawnError?.code).toBe('EACCES');
  expect(denied.stdoutTail).toBe('');
});

test("a program found on the given PATH, not this process's, runs", async () => {
  const dir = tmp();
  writeFileSync(path.join(dir, 'zeek-here'), '#!/bin/sh\necho found\n', { mode: 0o755 });
  const r = await runProcess('zeek-here', [], { cwd: dir, env: { PATH: `${dir}:/usr/bin:/bin` }, timeoutSeconds: 10 });
  expect(r.exitCode).toBe(0);
  expect(r.stdoutTail).toBe('found');
});
