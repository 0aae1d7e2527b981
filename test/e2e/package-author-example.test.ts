// suites/examples/package-author.yaml redefs Leaky::expire; a real Zeek rejects a redef of an
// identifier that none of the loaded scripts defines, and so does the fake. The example must load
// the script that defines it (leaky.zeek); the version that loaded only leaky-expiring.zeek fails.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { useTempDir } from '../helpers/temp-dir.js';
import { cli, FAKE_ZEEK, REPO } from '../helpers/run-cli.js';

const tmp = useTempDir();
const EXAMPLE = path.join(REPO, 'suites', 'examples', 'package-author.yaml');
const SHARED = path.join(REPO, '..', 'shared', 'pcaps');
const withShared = existsSync(SHARED) ? test : test.skip;

function budget(suite: string) {
  return cli(['budget', '--no-progress', suite], { cwd: tmp(), env: { ZEEK: FAKE_ZEEK } });
}

withShared('the shipped example runs: its redef names an option of the scripts it loads', async () => {
  const r = await budget(EXAMPLE);
  expect(r.stderr).not.toMatch(/unknown identifier/);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/Leaky::seen_expiring/);
});

withShared('the earlier example (Leaky::expire redef, only leaky-expiring.zeek loaded) fails as on a real Zeek', async () => {
  const suite = path.join(tmp(), 'old-example.yaml');
  writeFileSync(
    suite,
    `zeek:
  scripts: [${path.join(REPO, 'test', 'fixtures', 'zeek-scripts', 'leaky-expiring.zeek')}]
  redefs: { "Leaky::expire": true }
traces: [${path.join(SHARED, 'http-bro.org.pcap')}]
`,
  );
  const r = await budget(suite);
  expect(r.code).toBe(3);
  expect(`${r.stdout}${r.stderr}`).toMatch(/unknown identifier 'Leaky::expire' in command-line options/);
});
