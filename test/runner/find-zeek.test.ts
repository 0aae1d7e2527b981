import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findZeek, zeekCandidates } from '../../harness/runner/find-zeek.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();

function fakeZeekBinary(dir: string, version = '8.2.2', exit = 0): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'zeek');
  writeFileSync(file, `#!/bin/sh\n[ "$1" = --version ] && echo "zeek version ${version}" && exit ${exit}\nexit 1\n`);
  chmodSync(file, 0o755);
  return file;
}

test('the order is --zeek, then ZEEK, then PATH, then the usual prefixes', () => {
  expect(zeekCandidates('bin/zeek', { ZEEK: '/x/zeek' }, '/w')).toEqual([{ path: '/w/bin/zeek', foundBy: '--zeek' }]);
  expect(zeekCandidates(undefined, { ZEEK: '/x/zeek', PATH: '/a' }, '/w')).toEqual([{ path: '/x/zeek', foundBy: 'ZEEK' }]);
  expect(zeekCandidates(undefined, { PATH: '/a:/b' }, '/w').map((c) => c.path)).toEqual([
    '/a/zeek',
    '/b/zeek',
    '/usr/local/zeek/bin/zeek',
    '/opt/zeek/bin/zeek',
  ]);
});

test('zeek on PATH is found and its version recorded', async () => {
  const bin = fakeZeekBinary(path.join(tmp(), 'bin'), '7.1.0');
  const z = await findZeek(undefined, { PATH: `/nonexistent:${path.dirname(bin)}:/usr/bin:/bin` }, tmp());
  expect(z).toEqual({ path: bin, foundBy: 'PATH', version: '7.1.0' });
});

test('no zeek anywhere is an environment error (exit 3) with install advice', async () => {
  const err = (await findZeek(undefined, { PATH: path.join(tmp(), 'empty') }, tmp()).catch((e: unknown) => e)) as Error & { exitCode: number };
  expect(err.exitCode).toBe(3);
  expect(err.message).toMatch(/zeek not found \(looked on PATH and in \/usr\/local\/zeek\/bin, \/opt\/zeek\/bin\)/);
  expect(err.message).toMatch(/`--zeek \/path\/to\/zeek`, or ZEEK=/);
});

test('a ZEEK that points nowhere is named in the error, without falling back to PATH', async () => {
  const onPath = fakeZeekBinary(path.join(tmp(), 'bin'));
  const err = await findZeek(undefined, { ZEEK: '/no/such/zeek', PATH: path.dirname(onPath) }, tmp()).catch((e: Error) => e);
  expect((err as Error).message).toMatch(/zeek not found at \/no\/such\/zeek \(given by ZEEK\)/);
});

test('a zeek whose --version fails is an environment error', async () => {
  const bin = fakeZeekBinary(path.join(tmp(), 'bin'), '8.2.2', 1);
  await expect(findZeek(bin, { PATH: '/usr/bin:/bin' }, tmp())).rejects.toThrow(/--version failed/);
});

test('the build flavour comes from `zeek -N`: the Zeek::Spicy plugin listed, or not; unknown when -N fails', async () => {
  const dir = path.join(tmp(), 'bin');
  mkdirSync(dir, { recursive: true });
  const zeek = path.join(dir, 'zeek');
  const script = (plugins: string) =>
    `#!/bin/sh\n[ "$1" = --version ] && echo "zeek version 8.2.2" && exit 0\n[ "$1" = -N ] && printf '${plugins}' && exit 0\nexit 1\n`;
  writeFileSync(zeek, script('Zeek::SSL - SSL/TLS and DTLS analyzers (built-in)\\nZeek::Spicy - Support for Spicy parsers (*.hlto) (built-in)\\n'));
  chmodSync(zeek, 0o755);
  expect((await findZeek(zeek, { PATH: '/usr/bin:/bin' }, tmp())).spicy).toBe(true);
  writeFileSync(zeek, script('Zeek::SSL - SSL/TLS and DTLS analyzers (built-in)\\n'));
  expect((await findZeek(zeek, { PATH: '/usr/bin:/bin' }, tmp())).spicy).toBe(false);
  writeFileSync(zeek, `#!/bin/sh\n[ "$1" = --version ] && echo "zeek version 8.2.2" && exit 0\nexit 1\n`);
  expect((await findZeek(zeek, { PATH: '/usr/bin:/bin' }, tmp())).spicy).toBeUndefined();
});

describe('a --zeek that is not a usable Zeek says what it is', () => {
  test('a directory', async () => {
    mkdirSync(path.join(tmp(), 'zeek-8.2.2'));
    await expect(findZeek('zeek-8.2.2', { PATH: '/usr/bin:/bin' }, tmp())).rejects.toThrow(/zeek-8\.2\.2 cannot be started: it is a directory, not a program/);
  });

  test('a script whose interpreter is missing', async () => {
    const file = path.join(tmp(), 'zeek');
    writeFileSync(file, '#!/opt/gone/bin/python3\nprint("zeek version 8.2.2")\n');
    chmodSync(file, 0o755);
    await expect(findZeek(file, { PATH: '/usr/bin:/bin' }, tmp())).rejects.toThrow(
      /cannot be started: its interpreter \/opt\/gone\/bin\/python3 \(the #! line\) does not exist/,
    );
  });

  test.each([
    // GNU true prints "... GPL version 3 or later": once read as "Zeek 3".
    ['/bin/true', /\/bin\/true is not Zeek: `true --version` printed "true \(GNU coreutils\) [\d.]+", where Zeek prints "zeek version X\.Y\.Z"/],
    ['a silent program', /silent is not Zeek: `silent --version` printed nothing, where Zeek prints "zeek version X\.Y\.Z"/],
  ])('a program that is not Zeek: %s', async (program, expected) => {
    const silent = path.join(tmp(), 'silent');
    writeFileSync(silent, '#!/bin/sh\nexit 0\n');
    chmodSync(silent, 0o755);
    await expect(findZeek(program === 'a silent program' ? silent : program, { PATH: '/usr/bin:/bin' }, tmp())).rejects.toThrow(expected);
  });

  test('a Zeek older than 5.0 (or Bro)', async () => {
    const old = fakeZeekBinary(path.join(tmp(), 'old'), '4.2.1');
    await expect(findZeek(old, { PATH: '/usr/bin:/bin' }, tmp())).rejects.toThrow(
      /is Zeek 4\.2\.1, older than 5\.0: the measuring package needs Zeek 5\.0 or newer/,
    );
    const bro = path.join(tmp(), 'bro');
    writeFileSync(bro, '#!/bin/sh\necho "bro version 2.6.4"\n');
    chmodSync(bro, 0o755);
    await expect(findZeek(bro, { PATH: '/usr/bin:/bin' }, tmp())).rejects.toThrow(/is not Zeek: `bro --version` printed "bro version 2\.6\.4"/);
  });

  test('a development build and 5.0 itself are fine', async () => {
    const dev = fakeZeekBinary(path.join(tmp(), 'dev'), '8.3.0-dev.120');
    expect((await findZeek(dev, { PATH: '/usr/bin:/bin' }, tmp())).version).toBe('8.3.0-dev.120');
    const five = fakeZeekBinary(path.join(tmp(), 'five'), '5.0.0');
    expect((await findZeek(five, { PATH: '/usr/bin:/bin' }, tmp())).version).toBe('5.0.0');
  });
});

function scriptZeek(dir: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'zeek');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

test('zeek --version and zeek -N run at the same time (every run waits for both)', async () => {
  const dir = tmp();
  // --version answers only once -N has started: in turn, it would give up and fail.
  const zeek = scriptZeek(
    dir,
    `if [ "$1" = -N ]; then touch "${dir}/n-started"; echo "Zeek::Spicy - Support for Spicy parsers (*.hlto) (built-in)"; exit 0; fi
for i in $(seq 1 100); do [ -e "${dir}/n-started" ] && echo "zeek version 8.2.2" && exit 0; sleep 0.1; done
exit 1`,
  );
  expect(await findZeek(zeek, {}, dir)).toEqual({ path: zeek, foundBy: '--zeek', version: '8.2.2', spicy: true });
});

test('a zeek whose --version fails has its -N stopped, with what that started', async () => {
  const dir = tmp();
  const zeek = scriptZeek(
    dir,
    `if [ "$1" = -N ]; then sleep 600 & echo $! > "${dir}/n.pid"; wait; exit 0; fi
for i in $(seq 1 100); do [ -e "${dir}/n.pid" ] && exit 7; sleep 0.1; done
exit 7`,
  );
  await expect(findZeek(zeek, {}, dir)).rejects.toThrow(/exit 7/);
  const pid = Number(readFileSync(path.join(dir, 'n.pid'), 'utf8'));
  // Gone, or a zombie nobody has reaped yet: not running.
  const state = existsSync(`/proc/${pid}/status`) ? /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] : undefined;
  expect(state === undefined || state === 'Z').toBe(true);
});
