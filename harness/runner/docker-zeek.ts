import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';

/** `--zeek docker:IMAGE` (or ZEEK=docker:IMAGE): run zeek inside that image, e.g. docker:zeek/zeek:8.2.2. */
export const DOCKER_PREFIX = 'docker:';

/** Where things appear inside the container. */
export const CONTAINER = {
  run: '/zeek-budget/run',
  trace: '/zeek-budget/trace',
  package: '/zeek-budget/package',
  scripts: '/zeek-budget/scripts',
} as const;

export function dockerImage(zeek: string | undefined): string | undefined {
  if (!zeek?.startsWith(DOCKER_PREFIX)) return undefined;
  const image = zeek.slice(DOCKER_PREFIX.length).trim();
  return image === '' ? undefined : zeekImage(image);
}

/**
 * The names zeek/package-template's CI matrix uses, and bare versions, as the Zeek project's
 * images: `zeek` (the latest release), `zeek-lts`, `zeek-nightly` (zeek/zeek-dev), `8.2` or
 * `8.2.2`. Anything else is an image name as given (`zeek/zeek:8.0`, `ghcr.io/me/zeek:x`).
 */
export function zeekImage(spec: string): string {
  const aliases: Record<string, string> = { zeek: 'zeek/zeek:latest', 'zeek-lts': 'zeek/zeek:lts', 'zeek-nightly': 'zeek/zeek-dev:latest' };
  if (aliases[spec]) return aliases[spec];
  return /^\d+\.\d+(\.\d+)?$/.test(spec) ? `zeek/zeek:${spec}` : spec;
}

export interface Mount {
  host: string;
  container: string;
  readOnly: boolean;
}

export interface DockerRunOptions {
  image: string;
  /** The docker client: `docker` (found on PATH) unless told otherwise. */
  docker?: string;
  /** The host directory zeek writes its logs into; mounted read-write and made the working directory. */
  runDir: string;
  /** Run as this user, so the logs zeek writes belong to us; default the current process's ids. */
  user?: { uid: number; gid: number };
  env?: Record<string, string>;
  /** Names the container, so that a run killed at its timeout can be removed. Default random. */
  name?: string;
}

/**
 * Maps host paths into the container. A path is visible only below a mount; scripts are mounted
 * with their directory so `@load ./sibling` works. Read-only everywhere except the run directory.
 */
export class ContainerPaths {
  readonly mounts: Mount[] = [];
  private scriptDirs = 0;

  constructor(private readonly isDirectory: (p: string) => boolean = isDirectoryOnDisk) {}

  mount(host: string, container: string, readOnly: boolean): string {
    const existing = this.mounts.find((m) => m.host === host);
    if (existing) return existing.container;
    this.mounts.push({ host, container, readOnly });
    return container;
  }

  /** A single file, mounted on its own. */
  file(host: string, dir: string): string {
    return this.mount(host, path.posix.join(dir, path.basename(host)), true);
  }

  /** A path below a mounted directory. */
  below(root: string, containerRoot: string, host: string): string {
    const rel = path.relative(root, host);
    return path.posix.join(containerRoot, ...rel.split(path.sep));
  }

  /** A suite script: an absolute path (file or package directory) is mounted; a name Zeek resolves is kept. */
  script(host: string): string {
    if (!path.isAbsolute(host)) return host;
    const dir = this.isDirectory(host) ? host : path.dirname(host);
    const inContainer =
      this.mounts.find((m) => m.host === dir)?.container ??
      this.mount(dir, path.posix.join(CONTAINER.scripts, String(++this.scriptDirs), path.basename(dir)), true);
    return dir === host ? inContainer : path.posix.join(inContainer, path.basename(host));
  }
}

/**
 * `docker run` for one zeek run: the zeek arguments (already in container paths) after the image.
 * --rm removes the container, --network none keeps the run hermetic (zeek -r needs no network),
 * --init forwards the timeout's SIGTERM to zeek, --user makes the logs ours.
 */
export function dockerRunArgs(o: DockerRunOptions, mounts: Mount[], zeekArgs: string[]): string[] {
  const user = o.user ?? currentUser();
  return [
    'run',
    '--rm',
    '--init',
    '--name',
    o.name ?? containerName(),
    '--network',
    'none',
    ...(user ? ['--user', `${user.uid}:${user.gid}`] : []),
    ...mounts.flatMap((m) => ['--mount', mountSpec(m)]),
    '--workdir',
    CONTAINER.run,
    ...Object.entries(o.env ?? {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    o.image,
    'zeek',
    ...zeekArgs,
  ];
}

/**
 * `--mount` rather than `-v`: a path may hold `:`, and a missing source is an error instead of an
 * empty directory docker creates. The value is CSV, so a field with `,` or `"` is quoted.
 */
export function mountSpec(m: Mount): string {
  const field = (f: string) => (/[",]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  return ['type=bind', field(`source=${m.host}`), field(`target=${m.container}`), ...(m.readOnly ? ['readonly'] : [])].join(',');
}

/** `docker rm -f NAME`: a container whose client was killed at the timeout keeps running otherwise. */
export function dockerRemoveArgs(name: string): string[] {
  return ['rm', '--force', name];
}

/** `docker run --rm IMAGE zeek --version`; pulls the image if it is not there yet. */
export function dockerVersionArgs(image: string): string[] {
  return dockerZeekArgs(image, ['--version']);
}

/** `docker run --rm IMAGE zeek ARGS`: a short zeek call that reads nothing of ours (--version, -N). */
export function dockerZeekArgs(image: string, zeekArgs: string[]): string[] {
  return ['run', '--rm', '--network', 'none', image, 'zeek', ...zeekArgs];
}

export function containerName(): string {
  return `zeek-budget-${randomBytes(6).toString('hex')}`;
}

function currentUser(): { uid: number; gid: number } | undefined {
  // Not on Windows, where Docker Desktop maps file ownership itself.
  return typeof process.getuid === 'function' && typeof process.getgid === 'function' ? { uid: process.getuid(), gid: process.getgid() } : undefined;
}

function isDirectoryOnDisk(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
