// End to end: a zeekctl cluster (the fake zeekctl, its nodes running the fake zeek) whose package
// writes my_stats_conns.log and rss: the workers' connection fields come back with their dumps and
// a connection rule names the worst connection per node. Needs the fake zeek of branch `pkg` (it
// switches on by itself once test/fixtures/fake-zeek* writes the conns log).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withConnsFake } from '../helpers/fake-conns.js';
import { cli } from '../helpers/run-cli.js';
import { CHURN, FAKE_TCPREPLAY, fakeInstallation, killFakeCluster } from '../zeekctl/fake-cluster.js';

let dir = '';
let prefix = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zeek-budget-cluster-'));
  prefix = fakeInstallation(dir);
});
afterEach(async () => {
  await killFakeCluster(prefix);
  rmSync(dir, { recursive: true, force: true });
});

withConnsFake('deploy with replay: workers report connection fields and rss; the rule names a connection per worker (needs the fake of branch pkg)', async () => {
  const file = path.join(dir, 'cluster.yaml');
  const source = { prefix, timeout: '20s', mode: 'deploy', dumps: 3, replay: { interface: 'lo', traces: [CHURN], speed: 'top' } };
  writeFileSync(file, `source:\n  zeekctl: ${JSON.stringify(source)}\nzeek:\n  interval: 0.3s\nbudgets:\n  - { connection: "(connection)", node: "worker-*", max: 1 }\n  - { timing: rss, max: 64GiB }\n`);
  const json = path.join(dir, 'result.json');
  const r = await cli(['budget', '--no-progress', '--json', json, file], {
    cwd: dir,
    env: { FAKE_WIRE_DIR: path.join(dir, 'wire'), TCPREPLAY: FAKE_TCPREPLAY, FAKE_ZEEKCTL_ARCHIVE_MS: '800' },
  });
  expect(existsSync(json)).toBe(true);
  const doc = JSON.parse(readFileSync(json, 'utf8'));
  expect(doc.suites[0].runFailures).toEqual([]);
  expect(r.code).toBe(1);
  for (const w of ['worker-1', 'worker-2']) {
    expect(r.stdout).toMatch(new RegExp(`node ${w} [^\\n]*\\n(.*\\n)*? +FAIL connection field \\(connection\\): max \\d+ in C\\w+ \\(\\S+ -> \\S+\\), allowed 1 `));
    const subject = doc.suites[0].subjects.find((s: { name: string }) => s.name === w);
    expect(subject.dumps.some((d: { connections?: object }) => d.connections && Object.keys(d.connections).length > 0)).toBe(true);
    expect(subject.timing.rss.median).toBeGreaterThan(0);
  }
});
