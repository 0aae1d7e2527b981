import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadSuite } from '../../harness/suite/load-suite.js';

const SHARED = path.resolve('..', 'shared');
const files = ['suites', 'suites/examples', 'suites/leak-zoo'].flatMap((dir) =>
  readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f)),
);

// The suites we ship are documentation too: they must load as they are, with their schema reference.
test.each(files)('%s loads and points editors at the schema', async (file) => {
  const text = readFileSync(file, 'utf8');
  expect(text).toMatch(/^# yaml-language-server: \$schema=(\.\.\/|\.\/)schema\.json$/m);
  if (text.includes('../shared/') && !existsSync(SHARED)) return;
  const suite = await loadSuite(file);
  expect(suite.traces.length + (suite.source ? 1 : 0)).toBeGreaterThan(0);
});
