import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadSuite } from '../../harness/suite/load-suite.js';
import { REPO } from '../helpers/run-cli.js';
import { testWithShared } from '../helpers/shared.js';

const files = ['suites', 'suites/examples', 'suites/leak-zoo'].flatMap((dir) =>
  readdirSync(path.join(REPO, dir))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(dir, f)),
);
const text = (file: string) => readFileSync(path.join(REPO, file), 'utf8');
const needsShared = files.filter((f) => text(f).includes('../shared/'));
const standalone = files.filter((f) => !needsShared.includes(f));

// The suites we ship are documentation too: they must load as they are, with their schema reference.
test.each(files)('%s points editors at the schema', (file) => {
  expect(text(file)).toMatch(/^# yaml-language-server: \$schema=(\.\.\/|\.\/)schema\.json$/m);
});

async function measuresSomething(file: string): Promise<void> {
  const suite = await loadSuite(path.join(REPO, file));
  // A suite run by zeek needs traces; a logs or zeekctl source brings its own subjects.
  if (suite.source.kind === 'zeek') expect(suite.traces.length).toBeGreaterThan(0);
  else expect(suite.traces).toEqual([]);
}

test.each(standalone)('%s loads and measures something', measuresSomething);
if (needsShared.length > 0) testWithShared().each(needsShared)('%s loads and measures something (its traces are in ../shared)', measuresSomething);
