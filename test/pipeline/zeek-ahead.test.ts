// The CLI starts the zeek search (zeek --version and -N) before the budget run's modules load and
// hands it to runBudget, which must use that search, not start a second one, and still put a
// suite's errors first.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, EnvironmentError } from '../../harness/errors.js';
import { runBudget, type BudgetOptions } from '../../harness/pipeline/run-budget.js';
import { findZeekAhead } from '../../harness/runner/find-zeek.js';
import { FAKE_ZEEK, REPO } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tmp = useTempDir();
const TRACE = path.join(REPO, 'pcaps', 'dns-300.pcap');
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

function options(cwd: string, suite: string, extra: Partial<BudgetOptions>): BudgetOptions {
  const file = path.join(cwd, 'suite.yaml');
  writeFileSync(file, suite);
  return { suiteFiles: [file], cwd, env, jobs: 1, keepTmp: false, ci: false, zeek: path.join(cwd, 'no-zeek-here'), ...extra };
}

test('runBudget runs with the zeek the search started ahead found, and asks for no other', async () => {
  const cwd = tmp();
  const suite = `name: ahead\ntraces: [${JSON.stringify(TRACE)}]\n`;
  // The suite's own zeek (opts.zeek) does not exist: only the search handed over can run the trace.
  await expect(runBudget(options(cwd, suite, {}))).rejects.toThrow(EnvironmentError);
  const result = await runBudget(options(cwd, suite, { zeekAhead: findZeekAhead(FAKE_ZEEK, env, cwd) }));
  expect(result.zeek.path).toBe(FAKE_ZEEK);
  expect(result.suites[0]?.failures).toEqual([]);
  expect(result.suites[0]?.evaluations.length).toBe(1);
}, 30_000);

test("a suite's error still comes before the search's", async () => {
  const cwd = tmp();
  const ahead = findZeekAhead(path.join(cwd, 'missing-zeek'), env, cwd);
  await expect(runBudget(options(cwd, 'name: bad\ntraces: []\nbogus: 1\n', { zeekAhead: ahead }))).rejects.toThrow(ConfigError);
});
