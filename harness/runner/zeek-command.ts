import path from 'node:path';
import { packageArgs, SEED_FILE, ZEEK_PACKAGE_DIR } from '../zeek-package.js';
import type { ZeekRunSettings } from '../suite/types.js';
import { CONTAINER, ContainerPaths, containerName, dockerImage, dockerRemoveArgs, dockerRunArgs } from './docker-zeek.js';

export interface ZeekCommand {
  file: string;
  args: string[];
  /** Run after a timeout or an abort: stops what killing `file` does not (a container). */
  cleanup?: { file: string; args: string[] };
}

export interface ZeekCommandContext {
  /** The run's directory: where zeek writes its logs. Needed for docker:IMAGE, which mounts it. */
  runDir?: string;
  /** For tests of the docker command: the ids to run as, the container's name, how to tell directories. */
  user?: { uid: number; gid: number };
  containerName?: string;
  isDirectory?: (p: string) => boolean;
}

/** Host paths of what zeek reads; for docker:IMAGE the same, mapped into the container. */
interface ZeekPaths {
  trace: string;
  seed: string;
  map: (packageScriptsOrRedef: string) => string;
  script: (s: string) => string;
}

/**
 * The zeek command line for one run. Options first, then our measuring package (loaded before the
 * suite's scripts so their globals are measured too), then the suite's scripts, then redefs — the
 * order zeek's own usage gives. `-C` because test traces often carry offloaded checksums.
 * With `docker:IMAGE` as the zeek, the same arguments run in `docker run`, with container paths.
 */
export function zeekCommand(zeekPath: string, settings: ZeekRunSettings, tracePath: string, ctx: ZeekCommandContext = {}): ZeekCommand {
  const image = dockerImage(zeekPath);
  if (!image) {
    return { file: zeekPath, args: zeekArgs(settings, { trace: tracePath, seed: SEED_FILE, map: (p) => p, script: (s) => s }) };
  }
  if (!ctx.runDir) throw new Error('internal: a docker zeek command needs the run directory');
  const paths = new ContainerPaths(ctx.isDirectory);
  paths.mount(ctx.runDir, CONTAINER.run, false);
  const trace = paths.file(tracePath, CONTAINER.trace);
  paths.mount(ZEEK_PACKAGE_DIR, CONTAINER.package, true);
  const inPackage = (p: string) => (p.startsWith(ZEEK_PACKAGE_DIR + path.sep) ? paths.below(ZEEK_PACKAGE_DIR, CONTAINER.package, p) : p);
  const args = zeekArgs(settings, { trace, seed: inPackage(SEED_FILE), map: inPackage, script: (s) => paths.script(s) });
  const name = ctx.containerName ?? containerName();
  return {
    file: 'docker',
    args: dockerRunArgs({ image, runDir: ctx.runDir, user: ctx.user, env: settings.env, name }, paths.mounts, args),
    cleanup: { file: 'docker', args: dockerRemoveArgs(name) },
  };
}

function zeekArgs(settings: ZeekRunSettings, p: ZeekPaths): string[] {
  const pkg = packageArgs({ runInterval: settings.interval, firstDelay: settings.firstDelay, minVarSizeToLog: 0 });
  const [pkgScripts, ...pkgRedefs] = pkg;
  return [
    '-C',
    '-r',
    p.trace,
    '-G',
    p.seed,
    ...settings.args,
    ...(pkgScripts ? [p.map(pkgScripts)] : []),
    ...settings.scripts.map(p.script),
    ...pkgRedefs,
    ...settings.redefs.map(([k, v]) => `${k}=${v}`),
  ];
}
