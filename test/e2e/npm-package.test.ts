// zeek-budget as an npm package: `npm pack` of this repository, installed into an empty project
// from the local npm cache, must run every command from its tarball alone - the measuring
// package found inside the install, nothing read from this checkout.
//
// Offline on purpose (tests never depend on a registry). `npm ci` in this repository leaves the
// runtime dependencies' tarballs in npm's cache, but not all of their registry metadata (measured:
// a cache filled by `npm ci` alone answers `npm install --offline TARBALL` with ENOTCACHED for
// cli-progress), and resolving `^14.0.3` needs that metadata. So the empty project starts with a
// package-lock.json holding this repository's lockfile entries for the runtime dependencies
// (resolved URL and integrity of each): npm then takes them as they are and only fetches
// tarballs, by integrity, from the cache - exactly what `npm ci` put there. Should even that fail
// (a cleaned cache), the install is retried with --prefer-offline, which fetches only what is
// missing, and the test says so on stderr.
import { jest } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { useTempDir } from '../helpers/temp-dir.js';
import { FAKE_ZEEK, REPO } from '../helpers/run-cli.js';
import { writePackage } from '../scaffold/package-fixture.js';

const tmp = useTempDir('zeek-budget-npm-');
jest.setTimeout(240_000);

interface PackedFile {
  path: string;
}

function pack(dest: string): { file: string; files: string[] } {
  // dist/ is built by `npm test` (pretest); --ignore-scripts skips prepack's second build.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [info] = JSON.parse(out) as Array<{ filename: string; files: PackedFile[] }>;
  return { file: path.join(dest, info!.filename), files: info!.files.map((f) => f.path).sort() };
}

/** The runtime dependencies' entries of this repository's lockfile: what `npm ci` installed and cached. */
function seedLockfile(app: string): void {
  const lock = JSON.parse(readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const packages: Record<string, unknown> = { '': { name: 'app' } };
  for (const [key, entry] of Object.entries(lock.packages)) if (key !== '' && !entry.dev) packages[key] = entry;
  writeFileSync(path.join(app, 'package-lock.json'), `${JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
}

function install(app: string, tarball: string): void {
  seedLockfile(app);
  const args = ['install', '--no-audit', '--no-fund', tarball];
  const offline = spawnSync('npm', [...args, '--offline'], { cwd: app, encoding: 'utf8' });
  if (offline.status === 0) return;
  const why =
    offline.stderr
      .split('\n')
      .filter((l) => /^npm (error|ERR!)/i.test(l))
      .slice(0, 3)
      .join(' / ') || `exit ${offline.status}`;
  process.stderr.write(`npm install --offline failed (${why}); retrying with --prefer-offline\n`);
  execFileSync('npm', [...args, '--prefer-offline'], { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function run(bin: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(bin, args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmp(), ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the tarball holds what the CLI needs and no development files', () => {
  const { files } = pack(tmp());
  for (const f of [
    'package.json',
    'README.md',
    'dist/cli/bin.js',
    'dist/cli/scan-worker.js',
    'dist/harness/zeek-package.js',
    'zeek-package/zkg.meta',
    'zeek-package/scripts/__load__.zeek',
    'zeek-package/scripts/main.zeek',
    'zeek-package/testing/random.seed',
    'suites/schema.json',
    'docs/result-schema.json',
    'docs/github-action.md',
    'docs/examples/zeek-budget.yml',
  ]) {
    expect(files).toContain(f);
  }
  const dev = files.filter((f) =>
    /^(test|scripts|harness|pcaps|node_modules|\.ci)\/|^dist\/(test|scripts)\/|^dist\/cli\/meta\.json$|\.map$|\.ts$|^tsconfig|^jest|^eslint|^\.dependency-cruiser|^package-lock/.test(
      f,
    ),
  );
  expect(dev).toEqual([]);
});

test('installed from the tarball into an empty project (offline), init, budget, summarize and export-package run from there', () => {
  const { file } = pack(tmp());
  const app = path.join(tmp(), 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true }\n');
  install(app, file);
  const bin = path.join(app, 'node_modules', '.bin', 'zeek-budget');
  const installed = path.join(app, 'node_modules', 'zeek-budget');
  expect(JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')).name).toBe('zeek-budget');

  const help = run(bin, ['--help'], app);
  expect(help.code).toBe(0);
  for (const cmd of ['init', 'budget', 'check', 'merge', 'summarize', 'export-package', 'comment'])
    expect(help.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));

  // The Zeek package is the npm project: zeek-budget installed as its (dev) dependency.
  const pkg = writePackage(app);
  const init = run(bin, ['init', '--update'], app, { ZEEK: FAKE_ZEEK });
  expect(init.stdout).toMatch(/wrote testing\/zeek-budget\/suite\.yaml for the Zeek package app/);
  expect(init.stdout).toMatch(/baseline created for Zeek 8\.2 \(no Spicy\)/);
  expect(init.code).toBe(0);
  // Installed in the project, the editor schema is found inside the install.
  expect(readFileSync(path.join(pkg, 'testing', 'zeek-budget', 'suite.yaml'), 'utf8')).toMatch(
    /^# yaml-language-server: \$schema=\.\.\/\.\.\/node_modules\/zeek-budget\/suites\/schema\.json$/m,
  );

  const budget = run(bin, ['budget', '--no-progress'], pkg, { ZEEK: FAKE_ZEEK, CI: 'true' });
  expect(budget.stdout).toMatch(/^\d+ passed, 0 failed, \d+ warnings/m);
  expect(budget.code).toBe(0);
  // The zeek command line names the measuring package of the install, not this checkout's.
  const failing = run(bin, ['budget', '--no-progress'], pkg, { ZEEK: FAKE_ZEEK, FAKE_ZEEK_FAIL: 'dns-300.pcap' });
  expect(failing.code).toBe(3);
  expect(failing.stdout).toContain(`-G ${path.join(installed, 'zeek-package', 'testing', 'random.seed')}`);
  expect(failing.stdout).toContain(path.join(installed, 'zeek-package', 'scripts'));
  expect(failing.stdout).not.toContain(path.join(REPO, 'zeek-package'));

  copyFileSync(path.join(REPO, 'test', 'fixtures', 'logs', 'my_stats-standalone.log'), path.join(app, 'my_stats.log'));
  const summary = run(bin, ['summarize', 'my_stats.log', '--top', '3'], app);
  expect(summary.code).toBe(0);
  expect(summary.stdout).toMatch(/module/);

  const exported = run(bin, ['export-package', path.join(tmp(), 'my_stats')], app);
  expect(exported.code).toBe(0);
  expect(readFileSync(path.join(tmp(), 'my_stats', 'scripts', 'main.zeek'), 'utf8')).toBe(
    readFileSync(path.join(REPO, 'zeek-package', 'scripts', 'main.zeek'), 'utf8'),
  );
});
