// The ground truth beside the repository (../shared: real traces, recordings of a real Zeek). Where it
// is absent (a fresh clone elsewhere) the tests that need it are reported skipped, never passed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './run-cli.js';

export const SHARED = path.join(REPO, '..', 'shared');

/** `test` when ../shared/<parts> exists, else `test.skip`, with one line saying what is missing. */
export function testWithShared(...parts: string[]): jest.It {
  const where = path.join(SHARED, ...parts);
  if (existsSync(where)) return test;
  process.stderr.write(`tests needing ${where} skipped: it is not there (../shared beside the repo)\n`);
  return test.skip;
}
