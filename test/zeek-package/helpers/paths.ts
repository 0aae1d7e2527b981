// Paths the zeek-package tests use: the repository, the fake zeek and the
// recordings of a real Zeek in ../shared (read by path, never copied).
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const FAKE_ZEEK = join(REPO, 'test', 'fixtures', 'fake-zeek.mjs');
export const ZEEK_SCRIPTS = join(REPO, 'test', 'fixtures', 'zeek-scripts');
export const PACKAGE = join(REPO, 'zeek-package');
export const PACKAGE_MAIN = join(PACKAGE, 'scripts', 'main.zeek');
export const TESTING = join(PACKAGE, 'testing');
export const SHARED = join(REPO, '..', 'shared');
export const RECORDINGS = join(SHARED, 'zeek-reference');
export const PCAPS = join(SHARED, 'pcaps');
