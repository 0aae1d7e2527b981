// The runs start on the zeek found while its --version and -N still answer (they cost a third of a
// second or more before the first run otherwise). Told apart without timing anything: the zeek
// here answers --version only once one of its runs has started, and gives up waiting (and says so)
// after 20 s, which is what a CLI that waited for the version first would make it do.
import { chmodSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { processesMentioning, requireBuiltCli, startCli, waitFor } from '../bad-input/cli-process.js';
import { FAKE_ZEEK, REPO } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();

beforeAll(requireBuiltCli);

/** A zeek (the fake, wrapped) whose --version waits for a run; VERSION_FAILS makes it fail then. */
function versionAfterRunZeek(dir: string): string {
  const zeek = path.join(dir, 'zeek');
  writeFileSync(
    zeek,
    `#!/bin/bash
marker=${JSON.stringify(path.join(dir, 'run-started'))}
case "$1" in
  --version)
    for _ in $(seq 200); do [ -e "$marker" ] && break; sleep 0.1; done
    [ -e "$marker" ] || : > ${JSON.stringify(path.join(dir, 'version-gave-up'))}
    if [ -n "$VERSION_FAILS" ]; then echo "zeek: cannot open its plugin directory" >&2; exit 1; fi
    exec ${JSON.stringify(FAKE_ZEEK)} "$@" ;;
  -N) exec ${JSON.stringify(FAKE_ZEEK)} "$@" ;;
esac
: > "$marker"
exec ${JSON.stringify(FAKE_ZEEK)} "$@"
`,
  );
  chmodSync(zeek, 0o755);
  return zeek;
}

function caseDir(): string {
  const dir = tmp();
  mkdirSync(path.join(dir, 'tmp'));
  symlinkSync(path.join(REPO, 'pcaps', 'dns-300.pcap'), path.join(dir, 'dns.pcap'));
  symlinkSync(path.join(REPO, 'pcaps', 'http-100.pcap'), path.join(dir, 'http.pcap'));
  writeFileSync(path.join(dir, 'suite.yaml'), 'traces: [dns.pcap, http.pcap]\ntimeout: 5m\n');
  return dir;
}

test('the first run starts before zeek --version has answered; the header still names the version', async () => {
  const dir = caseDir();
  const cli = startCli(['budget', '--no-progress', '--jobs', '1', 'suite.yaml'], {
    cwd: dir,
    env: { ZEEK: versionAfterRunZeek(dir), TMPDIR: path.join(dir, 'tmp') },
  });
  const r = await cli.done;
  expect(r.stderr).toMatch(/^zeek-budget: Zeek 8\.2\.2 \(.*\/zeek\), 1 suite, 2 runs, 1 in parallel$/m);
  expect(r.code).toBe(0);
  expect(existsSync(path.join(dir, 'version-gave-up'))).toBe(false);
  expect(r.stdout).toMatch(/trace dns\.pcap {2}\d+ dumps/);
  expect(r.stdout).toMatch(/trace http\.pcap {2}\d+ dumps/);
}, 60_000);

test('a --version that fails after the runs started stops them: its error, exit 3, nothing left behind', async () => {
  const dir = caseDir();
  const cli = startCli(['budget', '--no-progress', '--jobs', '2', 'suite.yaml'], {
    cwd: dir,
    // The runs sleep for a minute: they are still running when the version fails.
    env: { ZEEK: versionAfterRunZeek(dir), VERSION_FAILS: '1', FAKE_ZEEK_DELAY_MS: '60000', TMPDIR: path.join(dir, 'tmp') },
  });
  const r = await cli.done;
  expect(existsSync(path.join(dir, 'version-gave-up'))).toBe(false);
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/\/zeek --version failed \(exit 1\): .*zeek: cannot open its plugin directory/);
  expect(r.stdout).not.toMatch(/RUN FAILED/);
  await waitFor('no process of this case to be left', () => processesMentioning(dir).length === 0, 5000);
  expect(readdirSync(path.join(dir, 'tmp'))).toEqual([]);
}, 60_000);
