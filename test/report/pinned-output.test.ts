// The terminal, markdown and junit renderings of the sample document, pinned whole: a change to
// any reporter shows up as a snapshot diff to review (`npm test -- -u` after reading it), not only
// where a regex happened to look. The sample has a failure, a warning, a crashed run, a scaling
// failure, a missing baseline in CI and names that need escaping (sample-document.ts).
import { renderJunit } from '../../harness/report/junit-report.js';
import { renderMarkdown } from '../../harness/report/markdown-report.js';
import { renderTerminal } from '../../harness/report/terminal-report.js';
import { sampleDocument } from './sample-document.js';

test('terminal report (no colour, with the baseline diff)', () => {
  expect(renderTerminal(sampleDocument(), { color: false, cwd: '/repo', showDiff: true, updating: false })).toMatchSnapshot();
});

test('terminal report while updating (no diff asked for)', () => {
  expect(renderTerminal(sampleDocument(), { color: false, cwd: '/repo', showDiff: false, updating: true })).toMatchSnapshot();
});

test('markdown summary, with source links', () => {
  expect(renderMarkdown(sampleDocument(), { sourceLink: 'https://example.org/repo/blob/abc123/' })).toMatchSnapshot();
});

test('junit XML', () => {
  expect(renderJunit(sampleDocument())).toMatchSnapshot();
});
