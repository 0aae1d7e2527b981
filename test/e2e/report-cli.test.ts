// --reporter end to end: the real CLI against the fake zeek, a planted leak over a baseline, every
// report format at once, and the JSON result checked against docs/result-schema.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { ResultDocumentSchema } from '../../harness/report/result-document.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { cli, FAKE_ZEEK, REPO } from '../helpers/run-cli.js';

const tmp = useTempDir();
const PCAPS = path.join(REPO, 'pcaps');
const LEAKY = path.join(REPO, 'test', 'fixtures', 'zeek-scripts', 'leaky.zeek');
const TRACES = `traces:\n  - ${PCAPS}/dns-300.pcap\n  - ${PCAPS}/tcp-churn-200.pcap\n`;
// The Leaky rule is on line 9 of the suite, column 5.
const LEAKING = `${TRACES}zeek:\n  scripts: [${LEAKY}]\nbudgets:\n  - variable: "*"\n    increase: { percent: 10, absolute: 100 }\n  - variable: "Leaky::*"\n    max: 100\n`;

function budget(args: string[], env: Record<string, string> = {}) {
  return cli(['budget', '--no-progress', 'demo.yaml', ...args], { cwd: tmp(), env: { ZEEK: FAKE_ZEEK, ...env } });
}

async function leakOverBaseline(args: string[], env: Record<string, string> = {}) {
  writeFileSync(path.join(tmp(), 'demo.yaml'), TRACES);
  expect((await budget(['--update'])).code).toBe(0);
  writeFileSync(path.join(tmp(), 'demo.yaml'), LEAKING);
  return budget(args, env);
}

test('every reporter at once: terminal and annotations in the log, files, and the job summary appended', async () => {
  const summary = path.join(tmp(), 'step-summary.md');
  writeFileSync(summary, '## earlier step\n');
  const r = await leakOverBaseline(
    ['--reporter', 'junit=out/junit.xml', '--reporter', 'markdown', '--reporter', 'github', '--reporter', 'html=report.html', '--json', 'result.json'],
    { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: tmp() },
  );
  expect(r.code).toBe(1);
  // The terminal report is still there, the annotations after it, on the rule's line.
  expect(r.stdout).toMatch(/^suite demo {2}demo\.yaml -> baselines\/demo\.zeek-8\.2-no-spicy\.baseline\.yaml$/m);
  expect(r.stdout).toMatch(/^\d+ passed, 4 failed, 0 warnings$/m);
  const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
  expect(annotations).toHaveLength(4);
  expect(annotations).toContain(
    '::error file=demo.yaml,line=9,col=5,title=zeek-budget%3A tcp-churn-200.pcap over budget::demo / tcp-churn-200.pcap: variable Leaky::* (final)%0ALeaky::seen: 600 exceeds max 100',
  );
  expect(r.stderr).toMatch(/wrote junit report out\/junit\.xml/);

  const junit = readFileSync(path.join(tmp(), 'out', 'junit.xml'), 'utf8');
  expect(junit).toMatch(/<testsuite name="demo" tests="4" failures="4" errors="0" skipped="0"/);
  expect(junit).toMatch(
    /name="tcp-churn-200\.pcap: variable Leaky::\* \(final\)" file="demo\.yaml" line="9">\s*<failure message="Leaky::seen: 600 exceeds max 100" type="limit">Leaky::seen: 600 exceeds max 100\n {2}- Leaky::seen: \[ 0, 0, 0, 0 \]\n {2}\+ Leaky::seen: \[ 0, \d+, \d+, 600 \]/,
  );

  const md = readFileSync(summary, 'utf8');
  expect(md.startsWith('## earlier step\n### ❌ zeek-budget failed: 4 failed, 0 warnings,')).toBe(true);
  expect(md).toContain('| ❌ | demo / tcp-churn-200.pcap | `Leaky::seen` | 0 | 600 | new | variable Leaky::* (final) (demo.yaml:9) | 600 exceeds max 100 |');
  // Moves of 0 (a new variable that stayed empty) are not moves.
  expect(md).not.toContain('seen_expiring');
  // Under GitHub Actions the markdown goes to the summary, not into the log.
  expect(r.stdout).not.toContain('### ❌');

  const html = readFileSync(path.join(tmp(), 'report.html'), 'utf8');
  expect(html).toMatch(/<article class="subject fail" id="subject-0-1">/);
  expect(html.match(/<svg class="chart"/g)?.length).toBeGreaterThanOrEqual(8);
});

test('the JSON result validates against docs/result-schema.json and carries nothing the schema does not describe', async () => {
  const r = await leakOverBaseline(['--reporter', 'json=result.json'], { FAKE_ZEEK_CRASH: 'dns*' });
  expect(r.code).toBe(3);
  const json = JSON.parse(readFileSync(path.join(tmp(), 'result.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(path.join(REPO, 'docs', 'result-schema.json'), 'utf8')));
  expect(validate.errors ?? (validate(json) ? [] : validate.errors)).toEqual([]);
  expect(ResultDocumentSchema.parse(json)).toEqual(json);
  // What the reporters rely on is in there: the rule's place, the run failure, the baseline series.
  const suite = json.suites[0];
  expect(suite.rules[1]).toMatchObject({ index: 1, line: 9, column: 5, selector: { kind: 'variable', pattern: 'Leaky::*' }, max: 100 });
  expect(suite.runFailures).toEqual([expect.objectContaining({ trace: 'dns-300.pcap', repeat: 1, kind: 'crash' })]);
  expect(suite.subjects[0].baseline.variables['DCE_RPC::operations']).toEqual([17998, 17998, 17998, 17998]);
  expect(json.exitCode).toBe(3);
});

test('--reporter json alone puts only the document on stdout (for jq); two reports on stdout are refused before any run', async () => {
  writeFileSync(path.join(tmp(), 'demo.yaml'), TRACES);
  const r = await budget(['--reporter', 'json']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).schema).toBe('zeek-budget/result@1');

  const both = await budget(['--reporter', 'json', '--reporter', 'junit']);
  expect(both.code).toBe(2);
  expect(both.stderr).toMatch(/json and junit would all write to stdout/);
  expect(both.stderr).not.toMatch(/runs/);
  const unknown = await budget(['--reporter', 'pdf']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/unknown reporter "pdf"/);
  expect(existsSync(path.join(tmp(), 'baselines'))).toBe(false);
});
