// Connection rules and rss in every reporter: the worst connection is named wherever a check is
// shown, the largest connection fields are listed per trace, and the document stays schema-valid.
import { renderGithub } from '../../harness/report/github-report.js';
import { renderHtml } from '../../harness/report/html-report.js';
import { renderJunit } from '../../harness/report/junit-report.js';
import { renderMarkdown } from '../../harness/report/markdown-report.js';
import { ResultDocumentSchema, type ResultDocument } from '../../harness/report/result-document.js';
import { renderTerminal } from '../../harness/report/terminal-report.js';
import { sampleDocument } from './sample-document.js';

const ID = '10.0.0.1:4711/tcp -> 10.0.0.2:80/tcp';
const REASON = `max 12004 in C8dAbj3 (${ID}), allowed 100`;

/** The sample, plus on tcp-churn-200.pcap a connection rule that fails, one that moved, the conns data and rss. */
function connectionDocument(): ResultDocument {
  const doc = sampleDocument();
  const suite = doc.suites[0]!;
  suite.rules.push(
    {
      index: 4,
      label: 'connection zoo_* (max)',
      level: 'error',
      line: 18,
      column: 5,
      selector: { kind: 'connection', pattern: 'zoo_*' },
      measure: 'max',
      max: 100,
    },
    {
      index: 5,
      label: 'connection * (max)',
      level: 'error',
      selector: { kind: 'connection', pattern: '*' },
      measure: 'max',
      increase: { percent: 10, absolute: 100 },
    },
    {
      index: 6,
      label: 'timing rss (final)',
      level: 'error',
      line: 21,
      column: 5,
      selector: { kind: 'timing', figure: 'rss' },
      measure: 'final',
      max: 256 * 2 ** 20,
    },
  );
  const leaky = suite.subjects[1]!;
  leaky.dumps.forEach((d, i) => {
    d.rss = (200 + 50 * i) * 2 ** 20;
    d.connsLogged = i === 0 ? 0 : 2;
    d.connections =
      i === 0
        ? {}
        : {
            zoo_pending: { connections: 2, total: 4000 * i + 4, max: 4000 * i + 4, uid: i === 3 ? 'C8dAbj3' : `Cz${i}`, id: ID, live: false },
            http: { connections: 5, total: 300, max: i === 3 ? 70 : 60, uid: `Ch${i}`, id: '10.0.0.1:5000/tcp -> 10.0.0.2:80/tcp', live: i === 2 },
          };
  });
  leaky.dumps[3]!.connections!.zoo_pending!.max = 12004;
  leaky.timing.rss = { median: 350 * 2 ** 20, values: [350 * 2 ** 20] };
  leaky.baseline!.connections = { http: [0, 60, 60, 60] };
  leaky.baseline!.timing.rss = 300 * 2 ** 20;
  leaky.connectionFields = {
    added: [{ name: 'zoo_pending', baseline: 0, current: 12004 }],
    vanished: [],
    changed: [{ name: 'http', baseline: 60, current: 70 }],
  };
  leaky.checks.push(
    {
      rule: { index: 4, label: 'connection zoo_* (max)', level: 'error', line: 18 },
      item: 'zoo_pending',
      current: 12004,
      aspect: 'limit',
      verdict: 'fail',
      reason: REASON,
      connection: { uid: 'C8dAbj3', id: ID, live: false, dump: 4 },
    },
    {
      rule: { index: 5, label: 'connection * (max)', level: 'error' },
      item: 'http',
      current: 70,
      baseline: 60,
      aspect: 'limit',
      verdict: 'pass',
      reason: 'max 70 in Ch3 (10.0.0.1:5000/tcp -> 10.0.0.2:80/tcp): change +10 (+17%) within 10% or +100',
      connection: { uid: 'Ch3', id: '10.0.0.1:5000/tcp -> 10.0.0.2:80/tcp', live: false, dump: 4 },
    },
    {
      rule: { index: 6, label: 'timing rss (final)', level: 'error', line: 21 },
      item: 'rss',
      current: 350 * 2 ** 20,
      baseline: 300 * 2 ** 20,
      aspect: 'limit',
      verdict: 'fail',
      reason: '350.0 MiB exceeds max 256.0 MiB',
    },
  );
  suite.counts.failed += 2;
  doc.counts.failed += 2;
  return doc;
}

test('the document with connection data is valid against the result schema', () => {
  const doc = connectionDocument();
  expect(ResultDocumentSchema.parse(doc)).toEqual(doc);
});

test('terminal: the worst connection named on its own line; moved fields, new fields, the largest ones, rss', () => {
  const text = renderTerminal(connectionDocument(), { color: false, cwd: '/repo', showDiff: false, updating: false });
  expect(text).toContain(`    FAIL connection field zoo_pending: ${REASON}  connection zoo_* (max)\n`);
  expect(text).toContain(
    '    ok   connection field http: max 70 in Ch3 (10.0.0.1:5000/tcp -> 10.0.0.2:80/tcp): change +10 (+17%) within 10% or +100  connection * (max)\n',
  );
  expect(text).toMatch(/^ {4}rss +300\.0 MiB +350\.0 MiB +\+50\.0 MiB +\+17% +max 256\.0 MiB +FAIL 350\.0 MiB exceeds max 256\.0 MiB +timing rss \(final\)$/m);
  expect(text).toContain('    new connection fields: zoo_pending (12004)\n');
  expect(text).toContain('    largest connection fields: zoo_pending 12004 in C8dAbj3, http 70 in Ch3\n');
  expect(text).toMatch(/trace tcp-churn-200\.pcap {2}4 dumps, .*peak RSS 100\.0 MiB, RSS 350\.0 MiB at the end/);
  // The connection rows are not repeated in the table of variables.
  expect(text.match(/zoo_pending/g)).toHaveLength(3);
});

test('markdown, github, junit: the check line says "connection field" and names the connection', () => {
  const doc = connectionDocument();
  expect(renderMarkdown(doc)).toContain(
    `| ❌ | demo / tcp-churn-200.pcap | \`connection field zoo_pending\` | - | 12004 |  | connection zoo_* (max) (suites/demo.yaml:18) | ${REASON} |`,
  );
  const github = renderGithub(doc);
  expect(github).toContain(
    `::error file=suites/demo.yaml,line=18,col=5,title=zeek-budget%3A tcp-churn-200.pcap over budget::demo / tcp-churn-200.pcap: connection zoo_* (max)%0Aconnection field zoo_pending: ${REASON}`,
  );
  const junit = renderJunit(doc);
  expect(junit).toContain(`<failure message="connection field zoo_pending: ${REASON.replace('->', '-&gt;')}" type="limit">`);
  // The baseline lines of a connection field are its largest connection per dump.
  expect(junit).toContain('  + connection zoo_pending: [ 0, 4004, 8004, 12004 ]');
  expect(junit).toContain('<testcase classname="demo" name="tcp-churn-200.pcap: connection zoo_* (max)" file="suites/demo.yaml" line="18">');
});

test('html: the failing field charted and named, and a table of the largest connection per field', () => {
  const html = renderHtml(connectionDocument());
  expect(html).toContain('<code>connection field zoo_pending</code>');
  expect(html).toContain(esc(REASON));
  expect(html).toContain('connection field zoo_pending (largest connection) per dump');
  expect(html).toContain('<summary>Largest connection per connection field (2)</summary>');
  expect(html).toMatch(
    /<tr><td><code>zoo_pending<\/code><\/td><td class="num">12004<\/td><td class="num">–<\/td><td class="num">6<\/td><td><code>C8dAbj3<\/code><\/td><td>10\.0\.0\.1:4711\/tcp -&gt; 10\.0\.0\.2:80\/tcp<\/td><td>at removal, dump 4<\/td><\/tr>/,
  );
  expect(html).toMatch(/<tr><td><code>http<\/code><\/td><td class="num">70<\/td><td class="num">60<\/td>/);
  expect(html).toContain('RSS at the end');
});

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
