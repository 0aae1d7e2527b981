import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, EnvironmentError } from '../errors.js';
import { runProcess, type ProcessOutcome } from '../util/run-process.js';
import { DOCKER_PREFIX, dockerImage, dockerVersionArgs } from './docker-zeek.js';

export interface ZeekInstallation {
  path: string;
  /** As `zeek --version` prints it, e.g. `8.2.2`. */
  version: string;
  /** Where it was found: `--zeek`, `ZEEK`, `PATH` or a well-known prefix. */
  foundBy: string;
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
  return [
    ...dirs.map((d) => ({ path: path.join(d, 'zeek'), foundBy: 'PATH' })),
    ...USUAL_PREFIXES.map((d) => ({ path: path.join(d, 'zeek'), foundBy: d })),
  ];
}

export async function findZeek(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): Promise<ZeekInstallation> {
  const given = flag ?? env.ZEEK;
  const image = dockerImage(given);
  if (image) return { path: `${DOCKER_PREFIX}${image}`, version: await dockerZeekVersion(image, env), foundBy: flag ? '--zeek' : 'ZEEK' };
  if (given?.startsWith(DOCKER_PREFIX)) throw new ConfigError(`${flag ? '--zeek' : 'ZEEK='}${given}: name the image after "docker:", e.g. docker:zeek/zeek:8.2.2`);
  const candidates = zeekCandidates(flag, env, cwd);
  for (const c of candidates) {
    if (await isExecutable(c.path)) return { ...c, version: await zeekVersion(c.path, env) };
    if (c.foundBy === '--zeek' || c.foundBy === 'ZEEK') {
      throw new EnvironmentError(`zeek not found at ${c.path} (given by ${c.foundBy}): no executable file there.\n${INSTALL_ADVICE}`);
    }
  }
  throw new EnvironmentError(`zeek not found (looked on PATH and in ${USUAL_PREFIXES.join(', ')}).\n${INSTALL_ADVICE}`);
}

async function isExecutable(p: string): Promise<boolean> {
  return access(p, constants.X_OK).then(() => true, () => false);
}

export async function zeekVersion(zeekPath: string, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await runProcess(zeekPath, ['--version'], { cwd: process.cwd(), env, timeoutSeconds: 30 });
  const m = /version\s+(\S+)/.exec(`${r.stdoutTail}\n${r.stderrTail}`);
  if (r.exitCode !== 0 || !m?.[1]) {
    throw new EnvironmentError(`${zeekPath} --version failed (exit ${exitText(r)}): ${tail(r.stderrTail || r.stdoutTail, 5)}`);
  }
  return m[1];
}

/** Pulling an image can take minutes on a cold CI machine; `docker pull` beforehand makes it a cache hit. */
const DOCKER_VERSION_TIMEOUT_MS = 10 * 60_000;

export async function dockerZeekVersion(image: string, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await runProcess('docker', dockerVersionArgs(image), { cwd: process.cwd(), env, timeoutSeconds: DOCKER_VERSION_TIMEOUT_MS / 1000 });
  if (r.spawnError === 'ENOENT') {
    throw new EnvironmentError(`--zeek docker:${image} needs the docker client on PATH, and none was found: install Docker (https://docs.docker.com/engine/install/) or use a local zeek (--zeek PATH).`);
  }
  const m = /version\s+(\S+)/.exec(`${r.stdoutTail}\n${r.stderrTail}`);
  if (r.exitCode !== 0 || !m?.[1]) {
    const why = `${r.stderrTail || r.stdoutTail}`.trim();
    const hint = /Cannot connect to the Docker daemon|permission denied.*docker\.sock/i.test(why)
      ? ' Is the Docker engine running, and may this user use it (group docker)?'
      : /not found|pull access denied|manifest unknown/i.test(why)
        ? ' Check the image name and tag (e.g. zeek/zeek:8.2.2, see https://hub.docker.com/r/zeek/zeek).'
        : '';
    throw new EnvironmentError(`docker run ${image} zeek --version failed (exit ${exitText(r)}): ${tail(why, 5)}${hint}`);
  }
  return m[1];
}

function exitText(r: ProcessOutcome): string {
  return r.timedOut ? 'timed out' : String(r.exitCode ?? r.signal ?? r.spawnError);
}

function tail(text: string, lines: number): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
