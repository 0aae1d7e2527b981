// The reporters render from the result document alone: here a hand-built one (sample-document.ts)
// with a failure, a warning, a crashed run, a scaling failure, a CI-missing baseline and names that
// need escaping.
import { renderGithub } from '../../harness/report/github-report.js';
import { renderHtml } from '../../harness/report/html-report.js';
import { renderJunit } from '../../harness/report/junit-report.js';
import { renderMarkdown } from '../../harness/report/markdown-report.js';
import { ResultDocumentSchema } from '../../harness/report/result-document.js';
import { renderTerminal } from '../../harness/report/terminal-report.js';
import { checkDiffLines } from '../../harness/report/check-diff.js';
import { sampleDocument } from './sample-document.js';

test('the sample is a valid document, so the tests below exercise real shapes', () => {
  const doc = sampleDocument();
  expect(ResultDocumentSchema.parse(doc)).toEqual(doc);
});

/** Checks that tags nest and close, attributes are quoted, and no raw & or < appears in text. */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = token.exec(body)) !== null) {
    at = token.lastIndex;
    const [, close, name, , selfClose, text] = m;
    if (text !== undefined) {
      expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
      continue;
    }
    if (close) expect(stack.pop()).toBe(name);
    else if (!selfClose) stack.push(name!);
  }
  expect(at).toBe(body.length);
  expect(stack).toEqual([]);
}

describe('junit', () => {
  const xml = renderJunit(sampleDocument());

  test('is well-formed XML with escaped names', () => {
    assertWellFormedXml(xml);
    const doc = sampleDocument();
    Object.assign(doc.suites[0]!.subjects[1]!.checks[0]!, { item: 'HTTP::<b>&"x"', reason: "it's > 100\x01" });
    const odd = renderJunit(doc);
    assertWellFormedXml(odd);
    expect(odd).toContain('message="HTTP::&lt;b&gt;&amp;&quot;x&quot;: it&apos;s &gt; 100\\x01"');
  });

  test('one test case per trace and rule; failures carry the reason and the baseline lines', () => {
    const names = [...xml.matchAll(/<testcase classname="demo" name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual([
      'dns-300.pcap: variable * (final)',
      'dns-300.pcap: timing wall (median)',
      'tcp-churn-200.pcap: variable Leaky::* (final)',
      'tcp-churn-200.pcap: variable * (final)',
      'tcp-churn-200.pcap: timing wall (median)',
      'scaling conns (tcp-churn, 2/s, seed 1): variable Leaky::* (scaling)',
      'http-100.pcap: zeek run (repeat 1)',
      'dns-300.pcap: baseline',
    ]);
    const leak =
      /name="tcp-churn-200\.pcap: variable Leaky::\* \(final\)" file="suites\/demo\.yaml" line="7">\s*<failure message="Leaky::seen: 600 exceeds max 100" type="limit">([^<]*)<\/failure>/.exec(
        xml,
      );
    expect(leak?.[1]).toContain('+ Leaky::seen: [ 0, 200, 400, 600 ]');
    // New since the baseline: its baseline line is all zeros, as --update would show it.
    expect(leak?.[1]).toContain('- Leaky::seen: [ 0, 0, 0, 0 ]');
    expect(xml).toMatch(/name="dns-300\.pcap: variable \* \(final\)"[^>]*>\s*<skipped message="no baseline to compare with"\/>/);
    expect(xml).toMatch(
      /name="http-100\.pcap: zeek run \(repeat 1\)"[^>]*>\s*<error message="zeek crashed: killed by SIGSEGV" type="crash">[^<]*reproduce:\nzeek -C -r &apos;\/t\/http 100\.pcap&apos;/,
    );
    expect(xml).toMatch(/name="tcp-churn-200\.pcap: timing wall \(median\)"[^>]*>\s*<system-out>WARN wall: grew \+200\.0 ms/);
  });

  test('the counts add up', () => {
    expect(xml).toMatch(/<testsuites name="zeek-budget" tests="8" failures="3" errors="1" skipped="2" time="7\.600">/);
  });
});

describe('markdown', () => {
  const md = renderMarkdown(sampleDocument());

  test('a status line, a table of failures first, warnings after, runs that failed, largest moves', () => {
    expect(md.split('\n')[0]).toBe('### ❌ zeek-budget run failed: 3 failed, 1 warning, 2 passed, 2 not checked, 1 run failed');
    const rows = md.split('\n').filter((l) => /^\| (❌|⚠️) \|/.test(l));
    expect(rows.map((r) => r.split(' | ')[1])).toEqual([
      'demo / tcp-churn-200.pcap',
      'demo / scaling conns (tcp-churn, 2/s, seed 1)',
      'demo / tcp-churn-200.pcap',
    ]);
    expect(rows[0]).toContain('| `Leaky::seen` | - | 600 |  | variable Leaky::* (final) (suites/demo.yaml:7) | 600 exceeds max 100 |');
    expect(md).toMatch(/- demo \/ http-100\.pcap \(repeat 1\): zeek crashed: killed by SIGSEGV\n/);
    expect(md).toMatch(/no baseline\*\* in `suites\/baselines\/demo\.baseline\.yaml` for `dns-300\.pcap`/);
    const moves = md.slice(md.indexOf('Largest moves'));
    expect(moves.indexOf('Leaky::seen')).toBeLessThan(moves.indexOf('Old::gone'));
    expect(moves).toContain('| `Old::gone` (vanished) | 7 | 0 | -7 (-100%) |');
  });

  test('table cells cannot break the table; links to rule lines when a source is known', () => {
    const doc = sampleDocument();
    doc.suites[0]!.subjects[1]!.checks[0]!.reason = 'a | b\nc';
    const text = renderMarkdown(doc, { sourceLink: 'https://github.com/o/r/blob/abc/' });
    expect(text).toContain('a \\| b c');
    expect(text).toContain('[variable Leaky::* (final)](https://github.com/o/r/blob/abc/suites/demo.yaml#L7)');
  });

  test('long lists are cut with a count', () => {
    const text = renderMarkdown(sampleDocument(), { maxFailures: 1 });
    expect(text).toContain('… and 2 more (see the full report).');
  });
});

describe('github annotations', () => {
  test("one per trace and rule, on the rule's line; warn rules are warnings; runs and baselines on the suite file", () => {
    const lines = renderGithub(sampleDocument()).trimEnd().split('\n');
    expect(lines).toEqual([
      '::error file=suites/demo.yaml,line=7,col=5,title=zeek-budget%3A tcp-churn-200.pcap over budget::demo / tcp-churn-200.pcap: variable Leaky::* (final)%0ALeaky::seen: 600 exceeds max 100',
      '::error file=suites/demo.yaml,line=15,col=5,title=zeek-budget%3A scaling conns (tcp-churn%2C 2/s%2C seed 1) over budget::demo / scaling conns (tcp-churn, 2/s, seed 1): variable Leaky::* (scaling)%0ALeaky::seen grows 3.0 per connection (linear, exponent 1.00) — budget allows 0.010 per connection',
      "::error file=suites/demo.yaml,title=zeek-budget%3A zeek run failed (http-100.pcap)::demo / http-100.pcap (repeat 1): zeek crashed: killed by SIGSEGV%0A    fatal: 100%25 broken, a|b%0Areproduce: zeek -C -r '/t/http 100.pcap'",
      '::error file=suites/demo.yaml,title=zeek-budget%3A no baseline::no baseline entry for dns-300.pcap in suites/baselines/demo.baseline.yaml: run `npm run budget -- --update` where zeek is installed and commit it',
      '::warning file=suites/demo.yaml,line=12,col=5,title=zeek-budget%3A tcp-churn-200.pcap over budget::demo / tcp-churn-200.pcap: timing wall (median)%0Awall: grew +200.0 ms (+20%25) against the baseline, allowed 10%25',
    ]);
  });

  test('paths are relative to $GITHUB_WORKSPACE; beyond the per-step limit one line says how many more', () => {
    const lines = renderGithub(sampleDocument(), { root: '/repo/suites', maxPerLevel: 2 }).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::error file=demo\.yaml,line=7,/);
    expect(lines.filter((l) => l.startsWith('::error'))).toHaveLength(3);
    expect(lines[2]).toBe('::error title=zeek-budget::2 more errors not annotated; see the job log or the report');
  });

  test('nothing at all when everything holds', () => {
    const doc = sampleDocument();
    const suite = doc.suites[0]!;
    suite.runFailures = [];
    suite.scaling = [];
    suite.baseline.missingFails = false;
    for (const s of suite.subjects) s.checks = s.checks.map((c) => ({ ...c, verdict: 'pass' }));
    expect(renderGithub(doc)).toBe('');
  });
});

describe('html', () => {
  const html = renderHtml(sampleDocument());

  test('self-contained: a CSP that forbids fetching, no script, no external URL', () => {
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
  });

  test('escapes what it shows', () => {
    const doc = sampleDocument();
    Object.assign(doc.suites[0]!.subjects[1]!.checks[0]!, { item: 'HTTP::<b>&"x"', reason: '<script>alert(1)</script>' });
    const odd = renderHtml(doc);
    expect(odd).not.toMatch(/HTTP::<b>|<script/);
    expect(odd).toContain('<code>HTTP::&lt;b&gt;&amp;&quot;x&quot;</code>');
    expect(odd).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('per trace: the failing rules first, then the charts: variables over dumps against the baseline, modules, timing', () => {
    const article = /<article class="subject fail" id="subject-0-1">([\s\S]*?)<\/article>/.exec(html)?.[1] ?? '';
    expect(article.indexOf('<table class="checks">')).toBeGreaterThan(-1);
    expect(article.indexOf('<table class="checks">')).toBeLessThan(article.indexOf('<svg'));
    const rows = [...article.matchAll(/<tr class="(fail|warn)">/g)].map((m) => m[1]);
    expect(rows).toEqual(['fail', 'warn']);
    const captions = [...article.matchAll(/<figcaption><b>([^<]+)<\/b>/g)].map((m) => m[1]);
    expect(captions).toEqual(['total footprint', 'Leaky::seen', 'Old::gone', 'DNS::pending', 'module shares at the final dump', 'timing']);
    // Leaky::seen: the failing series in the fail style, the baseline (absent = 0) dashed, the max as a limit line.
    const leak = article.slice(article.indexOf('aria-label="Leaky::seen per dump"'));
    const svg = leak.slice(0, leak.indexOf('</svg>'));
    const points = (style: string) =>
      new RegExp(`<polyline class="line series-${style}" points="([^"]+)"`)
        .exec(svg)?.[1]
        ?.split(' ')
        .map((p) => Number(p.split(',')[1]));
    const base = points('baseline');
    const now = points('fail');
    expect(base).toHaveLength(4);
    expect(new Set(base).size).toBe(1);
    expect(now?.[0]).toBe(base?.[0]);
    // SVG y grows downwards: the leak climbs dump after dump.
    expect(now).toEqual([...(now ?? [])].sort((a, b) => b - a));
    expect(svg).toMatch(/<line class="limit"[^>]*><title>max 100<\/title>/);
    expect(article).toContain('timing medians and spread over repeats');
  });

  test('the summary links each failure to its trace; run failures show the command', () => {
    expect(html).toMatch(/<a href="#subject-0-1">demo \/ tcp-churn-200\.pcap<\/a>/);
    expect(html).toMatch(/<a href="#scaling-0-0">demo \/ scaling conns/);
    expect(html).toContain('<pre class="command">zeek -C -r &#39;/t/http 100.pcap&#39;</pre>');
  });
});

describe('terminal', () => {
  test('renders a document with a run failure, a scaling failure and a CI-missing baseline', () => {
    const text = renderTerminal(sampleDocument(), { color: false, cwd: '/repo', showDiff: true, updating: false });
    expect(text).toMatch(/^suite demo {2}suites\/demo\.yaml -> suites\/baselines\/demo\.baseline\.yaml$/m);
    expect(text).toMatch(/FAIL no baseline for dns-300\.pcap \(CI is set, so this fails\)/);
    expect(text).toMatch(/Leaky::seen +- +600 +max 100 +FAIL 600 exceeds max 100 +variable Leaky::\* \(final\)/);
    expect(text).toMatch(/RUN FAILED http-100\.pcap \(repeat 1\): zeek crashed/);
    expect(text).toMatch(/baseline diff \(what --update would write\):\n.*\n.*\n.*\n {4}- {6}Leaky::seen: \[ 0, 0, 0, 0 \]/);
    expect(text.trimEnd().split('\n').pop()).toBe('2 passed, 3 failed, 1 warning (2 not checked (no baseline), 1 run failed)');
  });
});

test('check diff lines: a module sums its variables per dump; a timing shows both medians', () => {
  const doc = sampleDocument();
  const suite = doc.suites[0]!;
  const subject = suite.subjects[1]!;
  const moduleRule = { ...suite.rules[1]!, selector: { kind: 'module' as const, pattern: '*' } };
  const check = { ...subject.checks[1]!, item: 'DNS' };
  expect(checkDiffLines(subject, check, moduleRule)).toEqual(['- module DNS: [ 10, 10, 10, 10 ]', '+ module DNS: [ 12, 12, 12, 12 ]']);
  expect(checkDiffLines(subject, subject.checks[3]!, suite.rules[2]!)).toEqual(['- wall: 1.00 s', '+ wall: 1.20 s']);
});

test('cluster nodes (subjects with a node instead of a trace) are named as nodes', () => {
  const doc = sampleDocument();
  const s = doc.suites[0]!.subjects[1]!;
  delete s.trace;
  s.node = 'worker-1';
  s.name = 'worker-1';
  expect(renderHtml(doc)).toContain('<span class="badge fail">FAIL</span> node worker-1</h3>');
  expect(renderTerminal(doc, { color: false, cwd: '/repo', showDiff: false, updating: false })).toMatch(/^ {2}node worker-1 {2}4 dumps/m);
  expect(renderJunit(doc)).toContain('name="worker-1: variable Leaky::* (final)"');
  expect(renderGithub(doc)).toContain('title=zeek-budget%3A worker-1 over budget::demo / worker-1: variable Leaky::* (final)');
});
