import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** A real zeek from ZEEK or PATH, or undefined: tests that need one are skipped (and say why) without it. */
export function findRealZeek(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.ZEEK
    ? [env.ZEEK]
    : (env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((d) => path.join(d, 'zeek'));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      if (!c.endsWith('.mjs')) return c;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const REAL_ZEEK = findRealZeek();

/** `test` when a real zeek is installed, else `test.skip` (jest lists them as skipped). */
export const withRealZeek: jest.It = REAL_ZEEK ? test : test.skip;

if (!REAL_ZEEK) {
  // One line in the test output, so a skipped real-Zeek run is visible, never silent.
  process.stderr.write('real-zeek tests skipped: no zeek found (set ZEEK=/path/to/zeek or put zeek on PATH)\n');
}
