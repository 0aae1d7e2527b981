// `zeek-budget export-package DIR`: the measuring package as a git repository of its own, which is
// what zkg installs. Its metadata is checked against what zkg reads; where zkg itself is installed
// (Debian's zkg package, pip's zkg) it installs the export into a scratch zkg state, else that part
// is skipped and says so.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dependencies, parseZkgMeta, ZKG_META_FIELDS } from '../../harness/scaffold/zkg-meta.js';
import { packageVersion, ZEEK_PACKAGE_DIR } from '../../harness/zeek-package.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { cli } from '../helpers/run-cli.js';

const tmp = useTempDir();

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return path.join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

const ZKG = onPath('zkg');
const withZkg = ZKG ? test : test.skip;
if (!ZKG) process.stderr.write('zkg tests skipped: no zkg on PATH (Debian: apt-get install zkg)\n');

const VERSION = packageVersion();
const esc = (s: string) => s.replace(/[.]/g, '\\.');

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .flatMap((n) => {
      const p = path.join(dir, n);
      if (n === '.git') return [];
      return statSync(p).isDirectory() ? filesUnder(p, base) : [path.relative(base, p)];
    })
    .sort();
}

test('the export is a git repository of zeek-package/ alone: one commit, tagged with the package version, nothing left uncommitted', async () => {
  const r = await cli(['export-package', 'my_stats'], { cwd: tmp() });
  expect(r.code).toBe(0);
  const dir = path.join(tmp(), 'my_stats');
  expect(r.stdout).toMatch(
    new RegExp(
      `wrote my_stats: the measuring package my_stats ${esc(VERSION)} as a git repository \\(\\d+ files, one commit [0-9a-f]{12}, tag v${esc(VERSION)}\\)`,
    ),
  );
  expect(r.stdout).toMatch(new RegExp(`zkg install ${dir.replace(/[/.]/g, '\\$&')}`));
  expect(git(dir, 'rev-list', '--count', 'HEAD')).toBe('1');
  expect(git(dir, 'describe', '--tags', '--exact-match')).toBe(`v${VERSION}`);
  expect(git(dir, 'status', '--porcelain')).toBe('');
  const tracked = git(dir, 'ls-files').split('\n').sort();
  expect(tracked).toEqual(filesUnder(ZEEK_PACKAGE_DIR).filter((f) => !/(^|\/)(\.tmp|\.btest\.failed\.dat)(\/|$)/.test(f)));
  for (const f of ['zkg.meta', 'scripts/__load__.zeek', 'scripts/main.zeek', 'testing/btest.cfg', 'testing/random.seed']) expect(tracked).toContain(f);
});

test("its zkg.meta is what zkg reads: [package] first, zkg's fields, a script_dir with __load__.zeek, depends in pairs, a test_command that can run", async () => {
  const dir = path.join(tmp(), 'my_stats');
  expect((await cli(['export-package', dir], { cwd: tmp() })).code).toBe(0);
  const text = readFileSync(path.join(dir, 'zkg.meta'), 'utf8');
  expect(text.split('\n')[0]).toBe('[package]');
  const meta = parseZkgMeta(text, 'zkg.meta');
  // zkg ignores fields it does not know; `version` is ours (the baselines record it), zkg takes versions from tags.
  expect([...meta.fields.keys()].filter((k) => !(ZKG_META_FIELDS as readonly string[]).includes(k))).toEqual(['version']);
  expect(meta.fields.get('description')).toMatch(/\S/);
  expect(statSync(path.join(dir, meta.fields.get('script_dir') ?? '', '__load__.zeek')).isFile()).toBe(true);
  expect(dependencies(meta)).toEqual([{ name: 'zeek', version: '>=5.0.0' }]);
  expect(meta.fields.get('test_command')).toBe('cd testing && btest -c btest.cfg');
  expect(statSync(path.join(dir, 'testing', 'btest.cfg')).isFile()).toBe(true);
});

test('a directory that is not empty is refused (exit 2) and left alone', async () => {
  const dir = path.join(tmp(), 'busy');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'mine.txt'), 'x');
  const r = await cli(['export-package', 'busy'], { cwd: tmp() });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/busy exists and is not empty/);
  expect(readdirSync(dir)).toEqual(['mine.txt']);
});

withZkg('zkg installs the export and loads it (scratch zkg state, tests skipped: they need a Zeek)', async () => {
  const dir = path.join(tmp(), 'my_stats');
  expect((await cli(['export-package', dir], { cwd: tmp() })).code).toBe(0);
  const cfg = path.join(tmp(), 'zkg.cfg');
  writeFileSync(cfg, `[sources]\n[paths]\nstate_dir = ${tmp()}/state\nscript_dir = ${tmp()}/script\nplugin_dir = ${tmp()}/plugin\nzeek_dist =\n`);
  const out = execFileSync(ZKG!, ['--configfile', cfg, 'install', '--force', '--skiptests', dir], { encoding: 'utf8', env: { ...process.env, HOME: tmp() } });
  expect(out).toMatch(/Installed "[^"]*my_stats"/);
  expect(readFileSync(path.join(tmp(), 'script', 'packages', 'my_stats', 'main.zeek'), 'utf8')).toBe(
    readFileSync(path.join(ZEEK_PACKAGE_DIR, 'scripts', 'main.zeek'), 'utf8'),
  );
  expect(readFileSync(path.join(tmp(), 'script', 'packages', 'packages.zeek'), 'utf8')).toMatch(/@load \.\/my_stats/);
  const info = execFileSync(ZKG!, ['--configfile', cfg, 'info', dir], { encoding: 'utf8', env: { ...process.env, HOME: tmp() } });
  expect(info).toContain(`versions: ['v${VERSION}']`);
});
