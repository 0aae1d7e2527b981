// Baselines per Zeek build, end to end: the real CLI against the fake zeek, which can be told
// which version and which build (with or without Spicy) it is, as the real ones differ.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { useTempDir } from '../helpers/temp-dir.js';
import { cli, FAKE_ZEEK, REPO } from '../helpers/run-cli.js';

const tmp = useTempDir();
const PCAPS = path.join(REPO, 'pcaps');
const baselines = () => path.join(tmp(), 'baselines');

function budget(args: string[], env: Record<string, string> = {}) {
  writeFileSync(path.join(tmp(), 'demo.yaml'), `traces: [${PCAPS}/dns-300.pcap]\n`);
  return cli(['budget', '--no-progress', 'demo.yaml', ...args], { cwd: tmp(), env: { ZEEK: FAKE_ZEEK, ...env } });
}

test('each Zeek series and build keeps its own baseline; a Zeek without one is "no baseline for Zeek X yet": a note locally, a failure in CI', async () => {
  expect((await budget(['--update'])).code).toBe(0);
  expect((await budget(['--update'], { FAKE_ZEEK_BUILD: 'spicy' })).code).toBe(0);
  const noSpicy = readFileSync(path.join(baselines(), 'demo.zeek-8.2-no-spicy.baseline.yaml'), 'utf8');
  const spicy = readFileSync(path.join(baselines(), 'demo.zeek-8.2.baseline.yaml'), 'utf8');
  expect(spicy).toMatch(/zeek_build: spicy/);
  expect(spicy).toMatch(/LDAP::ports_tcp/);
  expect(noSpicy).not.toMatch(/LDAP::/);

  // Each build is compared with its own numbers only: both pass, neither reports LDAP::* as new or vanished.
  for (const env of [{}, { FAKE_ZEEK_BUILD: 'spicy' }] as Array<Record<string, string>>) {
    const r = await budget([], env);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/new variables|vanished/);
    expect(Number(/^(\d+) passed/m.exec(r.stdout)?.[1])).toBeGreaterThan(290);
  }

  const lts = await budget([], { FAKE_ZEEK_VERSION: '7.0.5' });
  expect(lts.code).toBe(0);
  expect(lts.stdout).toMatch(/suite demo {2}demo\.yaml -> baselines\/demo\.zeek-7\.0-no-spicy\.baseline\.yaml/);
  expect(lts.stdout).toMatch(
    /no baseline for Zeek 7\.0 \(no Spicy\) yet \(other Zeek builds' baselines are never compared: Zeek 8\.2 \(no Spicy\) in demo\.zeek-8\.2-no-spicy\.baseline\.yaml, Zeek 8\.2 in demo\.zeek-8\.2\.baseline\.yaml\)/,
  );
  expect(lts.stdout).toMatch(/^0 passed, 0 failed, 0 warnings/m);
  const ci = await budget([], { FAKE_ZEEK_VERSION: '7.0.5', CI: 'true' });
  expect(ci.code).toBe(1);
  expect(ci.stdout).toMatch(/FAIL no baseline for Zeek 7\.0 \(no Spicy\) yet/);

  // --update writes the running Zeek's baseline and leaves the others alone.
  expect((await budget(['--update'], { FAKE_ZEEK_VERSION: '7.0.5' })).code).toBe(0);
  expect(readFileSync(path.join(baselines(), 'demo.zeek-7.0-no-spicy.baseline.yaml'), 'utf8')).toMatch(/zeek_version: 7\.0\.5\nzeek_build: no-spicy/);
  expect(readFileSync(path.join(baselines(), 'demo.zeek-8.2-no-spicy.baseline.yaml'), 'utf8')).toBe(noSpicy);
  expect(readFileSync(path.join(baselines(), 'demo.zeek-8.2.baseline.yaml'), 'utf8')).toBe(spicy);
});

test("a single-version baseline of the old layout keeps working as its version's, and --update moves it to the per-build file", async () => {
  expect((await budget(['--update'])).code).toBe(0);
  const perBuild = path.join(baselines(), 'demo.zeek-8.2-no-spicy.baseline.yaml');
  // What zeek-budget wrote before baselines were per build: one file, no zeek_build.
  const single = path.join(baselines(), 'demo.baseline.yaml');
  writeFileSync(single, readFileSync(perBuild, 'utf8').replace('zeek_build: no-spicy\n', ''));
  rmSync(perBuild);

  const r = await budget([]);
  expect(r.code).toBe(0);
  expect(r.stdout).not.toMatch(/no baseline/);
  expect(Number(/^(\d+) passed/m.exec(r.stdout)?.[1])).toBeGreaterThan(290);

  // Under another Zeek it is not that Zeek's baseline.
  const other = await budget([], { FAKE_ZEEK_VERSION: '9.0.1' });
  expect(other.stdout).toMatch(
    /no baseline for Zeek 9\.0 \(no Spicy\) yet \(other Zeek builds' baselines are never compared: Zeek 8\.2\.2 in demo\.baseline\.yaml\)/,
  );

  const update = await budget(['--update']);
  expect(update.code).toBe(0);
  expect(update.stdout).toMatch(/baseline moved from baselines\/demo\.baseline\.yaml to baselines\/demo\.zeek-8\.2-no-spicy\.baseline\.yaml/);
  expect(existsSync(single)).toBe(false);
  expect(readFileSync(perBuild, 'utf8')).toMatch(/zeek_version: 8\.2\.2\nzeek_build: no-spicy\n/);
});
