import { access, constants } from 'node:fs/promises';
import path from 'node:path';

/**
 * The first executable `name` on PATH, then in `extraDirs`; with `given` (a path the user named)
 * only that one counts. Returns the path and where it was found, or undefined.
 */
export async function findProgram(
  name: string,
  opts: { given?: { path: string; by: string }; env: Record<string, string | undefined>; extraDirs: string[] },
): Promise<{ path: string; foundBy: string } | undefined> {
  if (opts.given) return (await isExecutable(opts.given.path)) ? { path: opts.given.path, foundBy: opts.given.by } : undefined;
  const onPath = (opts.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((d) => ({ dir: d, by: 'PATH' }));
  for (const { dir, by } of [...onPath, ...opts.extraDirs.map((d) => ({ dir: d, by: d }))]) {
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return { path: candidate, foundBy: by };
  }
  return undefined;
}

async function isExecutable(p: string): Promise<boolean> {
  return access(p, constants.X_OK).then(
    () => true,
    () => false,
  );
}
