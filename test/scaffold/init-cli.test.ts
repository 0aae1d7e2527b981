// `zeek-budget init` end to end: the real CLI on a Zeek package laid out as zkg creates it, with the
// fake zeek (test/fixtures/fake-zeek.mjs) where a Zeek is needed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../harness/cli/main.js';
import { loadSuite } from '../../harness/suite/load-suite.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { cli, FAKE_ZEEK } from '../helpers/run-cli.js';
import { writePackage } from './package-fixture.js';

const tmp = useTempDir();
const NO_ZEEK = { PATH: '/nonexistent' };
const suiteOf = (pkg: string) => path.join(pkg, 'testing', 'zeek-budget', 'suite.yaml');

test('init writes a commented suite that loads the package, lists its traces and budgets each of its modules', async () => {
  const pkg = writePackage(path.join(tmp(), 'my-pkg'), { depends: '\n\tzeek >=6.0.0\n\thttps://github.com/corelight/zeek-community-id *' });
  const r = await cli(['init', 'my-pkg'], { cwd: tmp(), env: NO_ZEEK });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^zeek-budget: wrote my-pkg\/testing\/zeek-budget\/suite\.yaml for the Zeek package my-pkg$/m);
  expect(r.stdout).toMatch(/traces {4}2: my-pkg\/testing\/Traces\/dns-300\.pcap, my-pkg\/testing\/btest\/more\/http-100\.pcap/);
  expect(r.stdout).toMatch(/skipped {3}my-pkg\/testing\/Traces\/notes\.pcap: not a trace zeek can read/);
  expect(r.stdout).toMatch(/budgets {3}module MyPkg \(increase, growth\), module Other \(increase, growth\), total, footprint_call, peak_rss/);
  expect(r.stdout).toMatch(/depends {3}https:\/\/github\.com\/corelight\/zeek-community-id: install with zkg/);

  const text = readFileSync(suiteOf(pkg), 'utf8');
  expect(text).toMatch(/^ {4}- \.\.\/\.\.\/scripts$/m);
  expect(text).toMatch(/^ {4}# - packages\/zeek-community-id {4}# zkg install https:\/\/github\.com\/corelight\/zeek-community-id/m);
  const suite = await loadSuite(suiteOf(pkg));
  expect(suite.name).toBe('my-pkg');
  expect(suite.zeek.scripts).toEqual([path.join(pkg, 'scripts')]);
  expect(suite.traces.map((t) => t.label).sort()).toEqual(['dns-300.pcap', 'http-100.pcap']);
  expect(suite.traces.map((t) => t.path).sort()).toEqual(
    [path.join(pkg, 'testing', 'Traces', 'dns-300.pcap'), path.join(pkg, 'testing', 'btest', 'more', 'http-100.pcap')].sort(),
  );
  expect(suite.budgets.map((b) => `${b.label} ${b.level}`)).toEqual([
    'module MyPkg (max) error',
    'module MyPkg (growth) warn',
    'module Other (max) error',
    'module Other (growth) warn',
    'total (final) error',
    'timing footprint_call (median) warn',
    'timing peak_rss (median) warn',
  ]);
  expect(suite.budgets[0]).toMatchObject({ increase: { percent: 10, absolute: 100 } });
  expect(suite.budgets[1]).toMatchObject({ growth: { warmup: 30, maxPerHour: 0 } });
  expect(suite.baselineFile).toBe(path.join(pkg, 'testing', 'zeek-budget', 'baselines', 'my-pkg.baseline.yaml'));

  // No Zeek: the suite is written anyway, with where to get one.
  expect(r.stdout).toMatch(/No Zeek here, so no baseline was recorded/);
  expect(r.stdout).toMatch(/--zeek docker:zeek\/zeek:8\.2/);
  expect(r.stdout).toMatch(/zeek\/zeek-dev:latest for nightly/);
  expect(r.stdout).toMatch(/https:\/\/zeek\.org\/get-zeek/);
});

test('an existing suite is not overwritten (exit 2) unless --force', async () => {
  const pkg = writePackage(path.join(tmp(), 'p'));
  mkdirSync(path.dirname(suiteOf(pkg)), { recursive: true });
  writeFileSync(suiteOf(pkg), '# mine\ntraces: [x.pcap]\n');
  const r = await cli(['init', 'p'], { cwd: tmp(), env: NO_ZEEK });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/p\/testing\/zeek-budget\/suite\.yaml exists: edit it, or run init again with --force/);
  expect(readFileSync(suiteOf(pkg), 'utf8')).toBe('# mine\ntraces: [x.pcap]\n');
  expect((await cli(['init', 'p', '--force'], { cwd: tmp(), env: NO_ZEEK })).code).toBe(0);
  expect(readFileSync(suiteOf(pkg), 'utf8')).toMatch(/written by `zeek-budget init`/);
});

test('a directory without zkg.meta is exit 2 saying what init needs', async () => {
  const r = await cli(['init'], { cwd: tmp(), env: NO_ZEEK });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/zkg\.meta: no zkg\.meta here: name the directory of a Zeek package/);
});

test('with a Zeek and --update the first baseline is recorded for that Zeek; `budget` in the package then finds the suite by itself', async () => {
  const pkg = writePackage(path.join(tmp(), 'p'));
  const r = await cli(['init', '--update'], { cwd: pkg, env: { ZEEK: FAKE_ZEEK } });
  expect(r.stdout).toMatch(/Zeek 8\.2\.2 found: .*fake-zeek\.mjs \(built without Spicy/);
  expect(r.stdout).toMatch(/baseline created for Zeek 8\.2 \(no Spicy\): testing\/zeek-budget\/baselines\/p\.zeek-8\.2-no-spicy\.baseline\.yaml/);
  // The first baseline is not shown as a diff of 600 new lines.
  expect(r.stdout).not.toMatch(/baseline changes written/);
  expect(r.stdout).toMatch(/Commit testing\/zeek-budget\/suite\.yaml and the baseline in testing\/zeek-budget\/baselines\//);
  expect(r.code).toBe(0);
  const baseline = readFileSync(path.join(pkg, 'testing', 'zeek-budget', 'baselines', 'p.zeek-8.2-no-spicy.baseline.yaml'), 'utf8');
  expect(baseline).toMatch(/ {6}MyPkg::seen: \[/);

  const again = await cli(['budget', '--no-progress'], { cwd: pkg, env: { ZEEK: FAKE_ZEEK, CI: 'true' } });
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/MyPkg +\d+ +\d+ +\+0 +\+0\.00% +\+10% or \+100 +ok +module MyPkg \(max\)/);
});

test('a package whose module keeps growing is reported by the growth rule init writes (a warning at first)', async () => {
  const pkg = writePackage(path.join(tmp(), 'p'), { directive: 'MyPkg::seen +3 per connection' });
  const r = await cli(['init', '--update'], { cwd: pkg, env: { ZEEK: FAKE_ZEEK } });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/WARN MyPkg \S+ still growing: \+\d+\/h of traffic since \+\d+s \(\d+ -> \d+\), allowed 0\/h/);
});

test('without traces the suite generates workloads at three sizes and budgets how the modules scale', async () => {
  const pkg = writePackage(path.join(tmp(), 'p'), { traces: false });
  const r = await cli(['init', 'p'], { cwd: tmp(), env: NO_ZEEK });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/traces {4}none found .*: generated http and dns workloads instead/);
  const suite = await loadSuite(suiteOf(pkg));
  expect(suite.traces.map((t) => t.label)).toEqual(['http-100', 'http-200', 'http-400', 'dns-100', 'dns-200', 'dns-400']);
  expect(suite.budgets.filter((b) => b.scaling).map((b) => b.label)).toEqual(['module MyPkg (scaling)', 'module Other (scaling)']);
});

test('a Zeek found but no terminal (CI, a pipe): nothing is asked, the command to record the baseline is printed', async () => {
  const pkg = writePackage(path.join(tmp(), 'p'));
  const r = await cli(['init'], { cwd: pkg, env: { ZEEK: FAKE_ZEEK } });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/Record the first baseline with:\n {2}npx zeek-budget budget --update testing\/zeek-budget\/suite\.yaml\n/);
  expect(existsSync(path.join(pkg, 'testing', 'zeek-budget', 'baselines'))).toBe(false);
});

test('at a terminal init asks, and records the baseline on yes', async () => {
  const pkg = writePackage(path.join(tmp(), 'p'));
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  let out = '';
  const stdout = {
    isTTY: true,
    write: (s: string) => {
      out += s;
      if (s.includes('[Y/n]')) stdin.end('y\n');
      return true;
    },
  };
  const code = await runCli({
    argv: ['init', '--zeek', FAKE_ZEEK],
    cwd: pkg,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1' },
    stdin,
    stdout,
    stderr: { write: () => true },
  });
  expect(out).toMatch(/Record the first baseline with it now \(zeek runs over each trace\)\? \[Y\/n\] /);
  expect(out).toMatch(/baseline created for Zeek 8\.2 \(no Spicy\)/);
  expect(code).toBe(0);
});

test('--update without a Zeek writes the suite and fails with exit 3', async () => {
  const pkg = writePackage(path.join(tmp(), 'p'));
  const r = await cli(['init', 'p', '--update'], { cwd: tmp(), env: NO_ZEEK });
  expect(r.code).toBe(3);
  expect(existsSync(suiteOf(pkg))).toBe(true);
});
