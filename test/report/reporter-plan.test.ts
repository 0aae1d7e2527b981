import { DEFAULT_HTML_FILE, parseReporterSpec, planReports } from '../../harness/report/reporter-plan.js';

const plan = (args: string[], env: Record<string, string> = {}) => planReports(args.map(parseReporterSpec), { cwd: '/w', env });

test('no --reporter: the terminal report on stdout', () => {
  expect(plan([])).toEqual([{ name: 'terminal', to: 'stdout' }]);
});

test('reporters with files keep the terminal report; github annotations share stdout with it', () => {
  expect(plan(['junit=out/junit.xml', 'html', 'github'])).toEqual([
    { name: 'terminal', to: 'stdout' },
    { name: 'junit', to: 'file', file: '/w/out/junit.xml' },
    { name: 'html', to: 'file', file: `/w/${DEFAULT_HTML_FILE}` },
    { name: 'github', to: 'stdout' },
  ]);
});

test('a document reporter without a file takes stdout, and the terminal report steps aside', () => {
  expect(plan(['json'])).toEqual([{ name: 'json', to: 'stdout' }]);
  expect(plan(['junit=-', 'terminal=report.txt'])).toEqual([
    { name: 'junit', to: 'stdout' },
    { name: 'terminal', to: 'file', file: '/w/report.txt' },
  ]);
});

test('under GitHub Actions a bare markdown goes to the job summary only; with a file, to both', () => {
  const env = { GITHUB_STEP_SUMMARY: '/runner/summary.md' };
  expect(plan(['markdown', 'github'], env)).toEqual([
    { name: 'terminal', to: 'stdout' },
    { name: 'markdown', to: 'append-only', appendTo: '/runner/summary.md' },
    { name: 'github', to: 'stdout' },
  ]);
  expect(plan(['markdown=pr.md'], env)).toEqual([
    { name: 'terminal', to: 'stdout' },
    { name: 'markdown', to: 'file', file: '/w/pr.md', appendTo: '/runner/summary.md' },
  ]);
  expect(plan(['markdown'])).toEqual([{ name: 'markdown', to: 'stdout' }]);
});

test('two reports on stdout, two on one file, or an unknown name are usage errors (exit 2) that say what to do', () => {
  expect(() => plan(['json', 'junit'])).toThrow(/json and junit would all write to stdout; give all but one a file, e.g. --reporter junit=report\.xml/);
  expect(() => plan(['terminal', 'markdown'])).toThrow(/stdout/);
  expect(() => plan(['json=r.json', 'junit=r.json'])).toThrow(/json and junit would both write \/w\/r\.json/);
  const err = (() => {
    try {
      parseReporterSpec('xml=a');
    } catch (e) {
      return e as Error & { exitCode: number };
    }
  })();
  expect(err?.message).toMatch(/unknown reporter "xml"; choose from terminal, json, junit, markdown, github, html/);
  expect(err?.exitCode).toBe(2);
  expect(() => parseReporterSpec('json=')).toThrow(/give a file after "="/);
});
