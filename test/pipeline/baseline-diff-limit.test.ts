// Without --update, the measured baseline is rendered only for its diff. Past a size (a `--dumps
// all` check over a long history: millions of footprints) the diff is left out with a warning
// saying so, unless --diff asks for it; --update always renders, writes and shows it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkSuite } from '../../harness/cli/commands/check-run.js';
import { runBudget, type BudgetOptions } from '../../harness/pipeline/run-budget.js';
import { useTempDir } from '../helpers/temp-dir.js';

const LOG = path.resolve('test/fixtures/logs/my_stats-standalone.log');
const tmp = useTempDir();

async function check(extra: Partial<BudgetOptions>) {
  const cwd = tmp();
  const suite = await checkSuite({ logs: [LOG], dumps: 'all' }, cwd);
  const result = await runBudget({ suites: [suite], suiteFiles: [], cwd, env: {}, jobs: 1, keepTmp: false, ci: false, ...extra });
  const outcome = result.suites[0]!;
  return {
    outcome,
    footprints: outcome.evaluations.reduce((n, e) => n + e.subject.dumps.length * new Set(e.subject.dumps.flatMap((d) => [...d.footprints.keys()])).size, 0),
  };
}

test('a measured baseline within the limit gets its diff; one beyond it gets a warning naming its size instead', async () => {
  const within = await check({});
  expect(within.footprints).toBeGreaterThan(4);
  expect(within.outcome.baselineDiff).toContain('+      Leaky::seen: [');
  expect(within.outcome.warnings.join('\n')).not.toMatch(/diff is left out/);

  const beyond = await check({ diffLimit: within.footprints - 1 });
  expect(beyond.outcome.baselineDiff).toBe('');
  expect(beyond.outcome.warnings).toContain(
    `the baseline diff is left out: the measured baseline holds ${within.footprints} footprints (one per variable and dump), beyond the ${within.footprints - 1} a diff is made for unasked; --diff shows it, --update writes the baseline and shows it`,
  );
  // The checks do not depend on it.
  expect(beyond.outcome.counts).toEqual(within.outcome.counts);
});

test('--diff and --update render it however large it is; the update writes it', async () => {
  const asked = await check({ diffLimit: 1, diff: true });
  expect(asked.outcome.baselineDiff).toContain('+      Leaky::seen: [');
  const updated = await check({ diffLimit: 1, update: 'all' });
  expect(updated.outcome.baselineDiff).toContain('+      Leaky::seen: [');
  expect(updated.outcome.baselineState).toBe('created');
  const file = updated.outcome.baselineFile;
  expect(existsSync(file) && readFileSync(file, 'utf8')).toContain('Leaky::seen: [');
});
