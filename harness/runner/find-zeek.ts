import { access, constants, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, EnvironmentError, InterruptedError } from '../errors.js';
import { runProcess } from '../util/run-process.js';
import { startAhead } from '../util/start-ahead.js';
import { DOCKER_PREFIX, dockerImage, dockerVersionArgs, dockerZeekArgs } from './docker-zeek.js';
import { failure } from '../messages.js';

export interface ZeekInstallation {
  path: string;
  /** As `zeek --version` prints it, e.g. `8.2.2`. */
  version: string;
  /** Where it was found: `--zeek`, `ZEEK`, `PATH` or a well-known prefix. */
  foundBy: string;
  /**
   * Whether the build has Spicy (`zeek -N` lists the Zeek::Spicy plugin); undefined when that
   * could not be asked. Footprints differ between builds: one without Spicy lacks LDAP::*, QUIC::*...
   */
  spicy?: boolean;
}

export const USUAL_PREFIXES = ['/usr/local/zeek/bin', '/opt/zeek/bin'];

export const INSTALL_ADVICE = [
  'zeek-budget needs a Zeek (5.0 or newer) to run suites over traces. Install it, then point zeek-budget at it:',
  '  - packages from the Zeek project (https://zeek.org/get-zeek), which install to /opt/zeek/bin,',
  '  - or a source build (./configure && make install, into /usr/local/zeek/bin),',
  '  - then `--zeek /path/to/zeek`, or ZEEK=/path/to/zeek, or put it on PATH.',
  'To gate logs a cluster already wrote, no Zeek is needed: `zeek-budget summarize <logs>`.',
].join('\n');

/** Candidates in order: --zeek, ZEEK, PATH, the usual install prefixes. */
export function zeekCandidates(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): Array<{ path: string; foundBy: string }> {
  if (flag) return [{ path: path.resolve(cwd, flag), foundBy: '--zeek' }];
  if (env.ZEEK) return [{ path: path.resolve(cwd, env.ZEEK), foundBy: 'ZEEK' }];
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return [...dirs.map((d) => ({ path: path.join(d, 'zeek'), foundBy: 'PATH' })), ...USUAL_PREFIXES.map((d) => ({ path: path.join(d, 'zeek'), foundBy: d }))];
}

export async function findZeek(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string, signal?: AbortSignal): Promise<ZeekInstallation> {
  const given = flag ?? env.ZEEK;
  const image = dockerImage(given);
  if (image) {
    // One after the other: the version call pulls the image, the plugin list then finds it there.
    const version = await dockerZeekVersion(image, env);
    return {
      path: `${DOCKER_PREFIX}${image}`,
      version,
      foundBy: flag ? '--zeek' : 'ZEEK',
      spicy: await zeekHasSpicy('docker', dockerZeekArgs(image, ['-N']), env),
    };
  }
  if (given?.startsWith(DOCKER_PREFIX))
    throw new ConfigError(`${flag ? '--zeek' : 'ZEEK='}${given}: name the image after "docker:", e.g. docker:zeek/zeek:8.2.2`);
  return inspectZeek(await locateZeek(flag, env, cwd), env, cwd, signal);
}

/** Where zeek is: the first candidate that is an executable file (its version not asked yet). */
export async function locateZeek(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): Promise<{ path: string; foundBy: string }> {
  for (const c of zeekCandidates(flag, env, cwd)) {
    // A directory passes X_OK too: zeekVersion then says it is one.
    if (await isExecutable(c.path)) return c;
    if (c.foundBy === '--zeek' || c.foundBy === 'ZEEK') {
      throw new EnvironmentError(`zeek not found at ${c.path} (given by ${c.foundBy}): no executable file there.\n${INSTALL_ADVICE}`);
    }
  }
  throw new EnvironmentError(`zeek not found (looked on PATH and in ${USUAL_PREFIXES.join(', ')}).\n${INSTALL_ADVICE}`);
}

/** A located zeek's version (checked) and plugins, asked at the same time. */
async function inspectZeek(c: { path: string; foundBy: string }, env: NodeJS.ProcessEnv, cwd: string, signal?: AbortSignal): Promise<ZeekInstallation> {
  // Both at once (-N loads every plugin: it is the slower one); a zeek whose --version fails is
  // reported as such, its plugin list stopped.
  const plugins = new AbortController();
  const stop = () => plugins.abort();
  signal?.addEventListener('abort', stop, { once: true });
  const spicy = zeekHasSpicy(c.path, ['-N'], env, plugins.signal);
  try {
    const version = await zeekVersion(c.path, env, { cwd, signal });
    return { ...c, version, spicy: await spicy };
  } catch (e) {
    stop();
    await spicy;
    throw e;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/**
 * findZeek started before it is known to be needed (while the suites load, so that zeek --version
 * and zeek -N do not add to the run's time): located() says where zeek is as soon as it is found,
 * result() gives its answer or throws its error; cancel() stops what still runs when no zeek is
 * needed after all. A Docker image is only looked up when asked: looking it up may pull it.
 */
export interface ZeekAhead {
  /**
   * Where zeek is, as soon as an executable is found (before its --version answers): runs can
   * start on it while result() is still asked; result()'s error, when it has one, wins.
   */
  located(): Promise<{ path: string; foundBy: string }>;
  result(): Promise<ZeekInstallation>;
  cancel(): void;
}

export function findZeekAhead(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string, signal?: AbortSignal): ZeekAhead {
  if ((flag ?? env.ZEEK)?.startsWith(DOCKER_PREFIX)) {
    // Looked up when asked (looking an image up may pull it), and nothing runs on it before.
    let asked: Promise<ZeekInstallation> | undefined;
    const found = () => (asked ??= findZeek(flag, env, cwd, signal));
    return { located: found, result: found, cancel: () => undefined };
  }
  const own = new AbortController();
  const follow = () => own.abort(signal?.reason);
  signal?.addEventListener('abort', follow, { once: true });
  if (signal?.aborted) follow();
  const located = startAhead(locateZeek(flag, env, cwd));
  const result = startAhead(located().then((c) => inspectZeek(c, env, cwd, own.signal)));
  void result()
    .catch(() => undefined)
    .then(() => signal?.removeEventListener('abort', follow));
  return {
    located,
    result,
    cancel: () => own.abort(),
  };
}

async function isExecutable(p: string): Promise<boolean> {
  return access(p, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** The oldest Zeek the measuring package supports (global_container_footprints, the logging it uses). */
export const MIN_ZEEK = { major: 5, minor: 0 };

/**
 * What `zeek --version` says, checked: a program that cannot be started, that is not Zeek (its
 * output lacks `zeek version X.Y`), or a Zeek older than MIN_ZEEK is an EnvironmentError saying so.
 * The check runs as its own process group, held and abortable like every zeek run.
 */
export async function zeekVersion(zeekPath: string, env: NodeJS.ProcessEnv, opts: { cwd?: string; signal?: AbortSignal } = {}): Promise<string> {
  const r = await runProcess(zeekPath, ['--version'], { cwd: opts.cwd ?? path.dirname(zeekPath), env, timeoutSeconds: 30, signal: opts.signal });
  InterruptedError.throwIfAborted(opts.signal, `stopped while asking ${zeekPath} for its version`);
  if (r.spawnError) throw failure('zeekCannotStart', undefined, zeekPath, await whyNotStarted(zeekPath, r.spawnError.code));
  if (r.timedOut) throw failure('zeekVersionSilent', undefined, zeekPath);
  const output = `${r.stdoutTail}\n${r.stderrTail}`;
  if (r.exitCode !== 0) {
    throw failure('zeekVersionFailed', undefined, zeekPath, r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`, tail(output, 5));
  }
  const m = /^zeek version (\d+)\.(\d+)(\S*)/m.exec(output);
  if (!m) {
    const said = output
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '')
      ?.slice(0, 200);
    throw failure('zeekNotZeek', undefined, zeekPath, path.basename(zeekPath), said);
  }
  const [major, minor] = [Number(m[1]), Number(m[2])];
  const version = `${m[1]}.${m[2]}${m[3] ?? ''}`;
  if (major < MIN_ZEEK.major || (major === MIN_ZEEK.major && minor < MIN_ZEEK.minor)) {
    throw failure('zeekTooOld', undefined, zeekPath, version, `${MIN_ZEEK.major}.${MIN_ZEEK.minor}`, INSTALL_ADVICE);
  }
  return version;
}

/** Why exec failed, in the user's terms: ENOENT for an existing file means its #! interpreter is missing. */
async function whyNotStarted(file: string, code: string): Promise<string> {
  const st = await stat(file).catch(() => undefined);
  if (st?.isDirectory()) return 'it is a directory, not a program (name the zeek binary inside it, e.g. bin/zeek)';
  if (code === 'ENOENT' && st) {
    const head = await readFile(file).then(
      (b) => b.subarray(0, 256).toString('latin1'),
      () => '',
    );
    const interpreter = /^#!\s*(\S+)/.exec(head)?.[1];
    return interpreter ? `its interpreter ${interpreter} (the #! line) does not exist` : 'the system cannot run it (a missing interpreter or loader?)';
  }
  if (code === 'ENOEXEC') return 'it is not a program this system can run (no #! line, or built for another machine)';
  if (code === 'EACCES') return 'permission denied (is it executable, and on a file system mounted without noexec?)';
  return code;
}

/**
 * `zeek -N` lists the plugins; a build with Spicy has "Zeek::Spicy - Support for Spicy parsers
 * (*.hlto) (built-in)" (Zeek's Spicy docs), one configured without it has none. Undefined when the
 * call fails or is stopped: the build is then not known, which the baselines record as such.
 * The whole list is kept (a few KB), not the usual tail.
 */
export async function zeekHasSpicy(command: string, args: string[], env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<boolean | undefined> {
  // As its own process group: once stopped, nothing it started (a wrapper script's zeek) lives on.
  const r = await runProcess(command, args, { cwd: path.dirname(command), env, timeoutSeconds: 60, signal, tailLines: 10_000 });
  if (r.exitCode !== 0 || r.aborted) return undefined;
  return /^Zeek::Spicy\b/m.test(r.stdoutTail);
}

/** Pulling an image can take minutes on a cold CI machine; `docker pull` beforehand makes it a cache hit. */
const DOCKER_VERSION_TIMEOUT_MS = 10 * 60_000;

export async function dockerZeekVersion(image: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { execa } = await import('execa');
  const r = await execa('docker', dockerVersionArgs(image), { env, extendEnv: false, reject: false, timeout: DOCKER_VERSION_TIMEOUT_MS, stdin: 'ignore' });
  if ((r as { code?: string }).code === 'ENOENT' || /ENOENT/.test(String(r.message ?? ''))) {
    throw new EnvironmentError(
      `--zeek docker:${image} needs the docker client on PATH, and none was found: install Docker (https://docs.docker.com/engine/install/) or use a local zeek (--zeek PATH).`,
    );
  }
  const m = /version\s+(\S+)/.exec(`${r.stdout}\n${r.stderr}`);
  if (r.exitCode !== 0 || !m?.[1]) {
    const why = `${r.stderr || r.stdout}`.trim();
    const hint = /Cannot connect to the Docker daemon|permission denied.*docker\.sock/i.test(why)
      ? ' Is the Docker engine running, and may this user use it (group docker)?'
      : /not found|pull access denied|manifest unknown/i.test(why)
        ? ' Check the image name and tag (e.g. zeek/zeek:8.2.2, see https://hub.docker.com/r/zeek/zeek).'
        : '';
    throw new EnvironmentError(`docker run ${image} zeek --version failed (exit ${r.exitCode ?? r.signal}): ${tail(why, 5)}${hint}`);
  }
  return m[1];
}

function tail(text: string, lines: number): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
