// `--zeek docker:IMAGE` end to end, against test/fixtures/fake-docker.mjs: a fake docker client that
// runs the fake zeek the way a container would, seeing only what is mounted (no engine here or in CI).
import { readFileSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { useTempDir } from '../helpers/temp-dir.js';
import { cli, REPO } from '../helpers/run-cli.js';

const tmp = useTempDir();
const PCAPS = path.join(REPO, 'pcaps');
const LEAKY = path.join(REPO, 'test', 'fixtures', 'zeek-scripts', 'leaky.zeek');

function withFakeDocker(): Record<string, string> {
  const bin = path.join(tmp(), 'bin');
  mkdirSync(bin);
  symlinkSync(path.join(REPO, 'test', 'fixtures', 'fake-docker.mjs'), path.join(bin, 'docker'));
  return { PATH: `${bin}:${process.env.PATH}`, FAKE_DOCKER_LOG: path.join(tmp(), 'docker.log') };
}

function dockerCalls(): string[][] {
  return readFileSync(path.join(tmp(), 'docker.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as string[]);
}

test('a suite runs through docker run: same result as a local zeek, logs written as us into the run directory', async () => {
  writeFileSync(
    path.join(tmp(), 's.yaml'),
    `traces: [${PCAPS}/tcp-churn-200.pcap]\nzeek:\n  scripts: [${LEAKY}]\nbudgets:\n  - variable: "Leaky::*"\n    max: 0\n`,
  );
  const r = await cli(['budget', '--no-progress', 's.yaml', '--zeek', 'docker:zeek/zeek:8.2.2'], { cwd: tmp(), env: withFakeDocker() });
  expect(r.stderr).toMatch(/Zeek 8\.2\.2 \(docker:zeek\/zeek:8\.2\.2\), 1 suite, 1 runs/);
  expect(r.stdout).toMatch(/Leaky::seen +- +600 .*max 0 +FAIL 600 exceeds max 0/);
  expect(r.code).toBe(1);
  const [version, plugins, run] = dockerCalls();
  expect(version).toEqual(['run', '--rm', '--network', 'none', 'zeek/zeek:8.2.2', 'zeek', '--version']);
  // The build flavour (with or without Spicy) picks the baseline: `zeek -N` in the same image.
  expect(plugins).toEqual(['run', '--rm', '--network', 'none', 'zeek/zeek:8.2.2', 'zeek', '-N']);
  expect(run).toEqual(
    expect.arrayContaining([
      '--user',
      `${process.getuid?.()}:${process.getgid?.()}`,
      '--workdir',
      '/zeek-budget/run',
      '/zeek-budget/scripts/1/zeek-scripts/leaky.zeek',
    ]),
  );
  expect(run?.filter((a) => a.startsWith('type=bind')).map((m) => m.replace(/source=[^,]+,/, ''))).toEqual([
    'type=bind,target=/zeek-budget/run',
    'type=bind,target=/zeek-budget/trace/tcp-churn-200.pcap,readonly',
    'type=bind,target=/zeek-budget/package,readonly',
    'type=bind,target=/zeek-budget/scripts/1/zeek-scripts,readonly',
  ]);
});

test('a zeek that hangs in its container is killed at the timeout and the container removed', async () => {
  // A container sees only the environment it is given: the suite's env reaches the zeek inside.
  writeFileSync(path.join(tmp(), 's.yaml'), `traces: [${PCAPS}/dns-300.pcap]\ntimeout: 1s\nzeek:\n  env: { FAKE_ZEEK_HANG: "*" }\n`);
  const r = await cli(['budget', '--no-progress', 's.yaml', '--zeek', 'docker:zeek/zeek'], { cwd: tmp(), env: withFakeDocker() });
  expect(r.code).toBe(3);
  expect(r.stdout).toMatch(/RUN FAILED dns-300\.pcap .*zeek timed out after 1 s/);
  const calls = dockerCalls();
  const name = calls[2]?.[calls[2].indexOf('--name') + 1];
  expect(name).toMatch(/^zeek-budget-/);
  expect(calls[3]).toEqual(['rm', '--force', name]);
  expect(r.stdout).toMatch(/command: docker run --rm --init --name zeek-budget-\S+ --network none/);
});

test('an image docker cannot find, or no docker at all, is an environment failure (exit 3) that says what to do', async () => {
  writeFileSync(path.join(tmp(), 's.yaml'), `traces: [${PCAPS}/dns-300.pcap]\n`);
  const missing = await cli(['budget', 's.yaml', '--zeek', 'docker:zeek/zeek-typo'], { cwd: tmp(), env: withFakeDocker() });
  expect(missing.code).toBe(3);
  expect(missing.stderr).toMatch(/docker run zeek\/zeek-typo zeek --version failed \(exit 125\): [^]*pull access denied[^]*Check the image name and tag/);
  const none = await cli(['budget', 's.yaml'], { cwd: tmp(), env: { PATH: '/nonexistent', ZEEK: 'docker:zeek/zeek' } });
  expect(none.code).toBe(3);
  expect(none.stderr).toMatch(/--zeek docker:zeek\/zeek needs the docker client on PATH/);
  const empty = await cli(['budget', 's.yaml', '--zeek', 'docker:'], { cwd: tmp() });
  expect(empty.code).toBe(2);
  expect(empty.stderr).toMatch(/name the image after "docker:"/);
});

test("the CI matrix names (zeek, zeek-lts, zeek-nightly, X.Y) pick the Zeek images; the image's build picks the baseline", async () => {
  writeFileSync(path.join(tmp(), 's.yaml'), `traces: [${PCAPS}/dns-300.pcap]\n`);
  const env = { ...withFakeDocker(), FAKE_DOCKER_IMAGES: 'zeek/zeek:*,zeek/zeek-dev:latest', FAKE_ZEEK_BUILD: 'spicy' };
  const lts = await cli(['budget', '--no-progress', 's.yaml', '--zeek', 'docker:zeek-lts', '--update'], { cwd: tmp(), env });
  expect(lts.code).toBe(0);
  expect(lts.stderr).toMatch(/Zeek 8\.2\.2 \(docker:zeek\/zeek:lts\)/);
  // The zeek/zeek images are built with Spicy: their baseline is the stock build's, LDAP::* and all.
  const text = readFileSync(path.join(tmp(), 'baselines', 's.zeek-8.2.baseline.yaml'), 'utf8');
  expect(text).toMatch(/zeek_version: 8\.2\.2\nzeek_build: spicy\n/);
  expect(text).toMatch(/ {6}LDAP::ports_tcp: \[ 4, 4, 4, 4 \]/);
  const nightly = await cli(['budget', '--no-progress', 's.yaml', '--zeek', 'docker:zeek-nightly'], {
    cwd: tmp(),
    env: { ...env, FAKE_ZEEK_VERSION: '9.1.0-dev.57' },
  });
  expect(nightly.stdout).toMatch(
    /no baseline for Zeek 9\.1-dev yet \(other Zeek builds' baselines are never compared: Zeek 8\.2 in s\.zeek-8\.2\.baseline\.yaml\)/,
  );
  expect(
    dockerCalls()
      .filter((c) => c.includes('--version'))
      .map((c) => c[4]),
  ).toEqual(['zeek/zeek:lts', 'zeek/zeek-dev:latest']);
});
