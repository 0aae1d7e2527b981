// The leak zoo through the real CLI with the fake zeek: every reproduction in
// suites/leak-zoo/leak-zoo.yaml fails its budget, naming the variable, or the connection field and
// its worst connection (uid and 5-tuple); every fixed twin in leak-zoo-fixed.yaml passes the same
// budgets. The fake follows the scripts' fake-zeek directives (test/fixtures/fake-zeek/directives.mjs);
// with a real Zeek (ZEEK or PATH) the same two tests run against it too, and are skipped without one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cli, FAKE_ZEEK, REPO } from '../helpers/run-cli.js';
import { REAL_ZEEK } from '../helpers/real-zeek.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();

interface CheckDoc {
  rule: { label?: string };
  item: string;
  verdict: string;
  reason: string;
}

async function runZoo(zeek: string, file: string) {
  const json = path.join(tmp(), `${path.basename(file, '.yaml')}.json`);
  // Outside CI mode: the zoo's budgets are absolute (max, growth, scaling) and need no baseline.
  const r = await cli(['budget', '--no-progress', path.join(REPO, 'suites', 'leak-zoo', file), '--json', json], {
    cwd: REPO,
    env: { ZEEK: zeek, ZEEK_BUDGET_CACHE: path.join(tmp(), 'cache') },
  });
  const doc = JSON.parse(readFileSync(json, 'utf8'));
  const suite = doc.suites[0];
  const checks: CheckDoc[] = [
    ...suite.subjects.flatMap((s: { checks: CheckDoc[] }) => s.checks),
    ...suite.scaling.flatMap((g: { checks: CheckDoc[] }) => g.checks),
  ];
  const byRule = (label: string) => checks.filter((c) => c.rule.label === label);
  return { ...r, checks, byRule };
}

// Rule label in the suites -> what its failure must name.
const LEAKS: Array<[string, RegExp]> = [
  ['host table without expiry', /^ZooHosts::seen$/],
  ['expiry lost on reassignment', /^ZooReassign::recent$/],
  ['pending requests on half-duplex traffic', /^zoo_http_pending$/],
  ['per-connection backing table', /^zoo_backing$/],
  ['history of a long-lived connection', /^zoo_history$/],
  ['references to every connection', /^ZooRefs::seen$/],
  ['growth only RSS sees', /^rss$/],
];

describe.each([
  ['fake zeek', FAKE_ZEEK],
  ['real zeek', REAL_ZEEK],
])('%s', (_name, zeek) => {
  const run = zeek ? test : test.skip;
  // A real Zeek over the zoo's workloads takes minutes (16000 DNS queries at the largest size).
  const timeout = zeek === FAKE_ZEEK ? 120_000 : 1_200_000;

  run(
    'every leak of the zoo fails its budget, naming the variable or the connection field and its worst connection',
    async () => {
      const r = await runZoo(zeek!, 'leak-zoo.yaml');
      expect(r.code).toBe(1);
      for (const [label, item] of LEAKS) {
        const failed = r.byRule(label).filter((c) => c.verdict === 'fail');
        expect({ label, items: failed.map((c) => c.item) }).toEqual({ label, items: [expect.stringMatching(item)] });
      }
      // A connection field's failure names the connection: uid and 5-tuple, in the report and the JSON.
      for (const field of ['zoo_http_pending', 'zoo_backing', 'zoo_history']) {
        expect(r.stdout).toMatch(new RegExp(`^ {4}FAIL connection field ${field}: max \\d+ in C\\w+ \\(\\S+:\\d+/tcp -> \\S+:80/tcp\\), allowed 100 `, 'm'));
      }
      expect(r.stdout).toMatch(/FAIL RSS grows [\d.]+ KiB per query \(linear/);
      expect(r.stdout).toMatch(/^0 passed, 7 failed, 0 warnings/m);
    },
    timeout,
  );

  run(
    'every fixed twin passes the same budgets',
    async () => {
      const r = await runZoo(zeek!, 'leak-zoo-fixed.yaml');
      expect(r.stdout).toMatch(/^7 passed, 0 failed, 0 warnings/m);
      for (const [label] of LEAKS) {
        const checks = r.byRule(label);
        expect({ label, checked: checks.length > 0, verdicts: [...new Set(checks.map((c) => c.verdict))] }).toEqual({
          label,
          checked: true,
          verdicts: ['pass'],
        });
      }
      expect(r.code).toBe(0);
    },
    timeout,
  );
});
