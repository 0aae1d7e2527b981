import { checkDiffLines } from './check-diff.js';
import { checkLine, displayPath, noBaselineText, ruleFor, sideName, updateCommand } from './document-views.js';
import type { CheckDoc, ResultDocument, SubjectDoc, SuiteDoc } from './result-document.js';
import { xmlText as x } from './xml-text.js';

interface TestCase {
  name: string;
  line?: number;
  failure?: { message: string; type: string; text: string };
  error?: { message: string; type: string; text: string };
  skipped?: string;
  out?: string;
}

/**
 * JUnit XML for GitLab, Jenkins and the like: one <testsuite> per suite, one <testcase> per trace
 * and rule (`dns-300.pcap: variable DNS::* (final)`), plus one per failed zeek run and, in CI, per
 * trace without a baseline. A failure names each item over budget with its reason and its baseline
 * lines against the current ones.
 */
export function renderJunit(doc: ResultDocument): string {
  const suites = doc.suites.map((s) => suiteXml(doc, s, testCases(doc, s)));
  const all = doc.suites.flatMap((s) => testCases(doc, s));
  const attrs = counts(all);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="zeek-budget" ${attrs} time="${totalTime(doc.suites).toFixed(3)}">\n${suites.join('')}</testsuites>\n`;
}

function suiteXml(doc: ResultDocument, s: SuiteDoc, cases: TestCase[]): string {
  const file = displayPath(doc, s.file);
  const props = [
    ['zeek.version', doc.zeek.version],
    ['zeek.path', doc.zeek.path],
    ['package.version', doc.packageVersion],
    ['baseline.file', displayPath(doc, s.baseline.file)],
    ['baseline.state', s.baseline.state],
    ...(doc.shard ? [['shard', `${doc.shard.index}/${doc.shard.count}`]] : []),
    ...comparisonProperties(doc),
  ];
  const body = cases.map((c) => caseXml(s.name, file, c)).join('');
  const warnings = s.warnings.length ? `    <system-out>${x(s.warnings.join('\n'))}</system-out>\n` : '';
  return `  <testsuite name="${x(s.name)}" ${counts(cases)} time="${totalTime([s]).toFixed(3)}" file="${x(file)}">\n    <properties>\n${props.map(([k, v]) => `      <property name="${x(k ?? '')}" value="${x(v ?? '')}"/>\n`).join('')}    </properties>\n${body}${warnings}  </testsuite>\n`;
}

/** --against / --zeek-base: both sides, so a CI test report says what head was compared with. */
function comparisonProperties(doc: ResultDocument): string[][] {
  const c = doc.comparison;
  if (!c) return [];
  return (['head', 'base'] as const).flatMap((k) => {
    const side = c[k];
    return [
      [`${k}`, sideName(side)],
      ...(side.ref ? [[`${k}.ref`, side.ref]] : []),
      ...(side.commit ? [[`${k}.commit`, side.commit]] : []),
      ...(side.subject ? [[`${k}.subject`, side.subject]] : []),
      [`${k}.zeek.version`, side.zeek.version],
      [`${k}.zeek.path`, side.zeek.path],
    ];
  });
}

function caseXml(classname: string, file: string, c: TestCase): string {
  const open = `    <testcase classname="${x(classname)}" name="${x(c.name)}" file="${x(file)}"${c.line ? ` line="${c.line}"` : ''}`;
  const inner = [
    c.failure ? `      <failure message="${x(c.failure.message)}" type="${x(c.failure.type)}">${x(c.failure.text)}</failure>\n` : '',
    c.error ? `      <error message="${x(c.error.message)}" type="${x(c.error.type)}">${x(c.error.text)}</error>\n` : '',
    c.skipped ? `      <skipped message="${x(c.skipped)}"/>\n` : '',
    c.out ? `      <system-out>${x(c.out)}</system-out>\n` : '',
  ].join('');
  return inner ? `${open}>\n${inner}    </testcase>\n` : `${open}/>\n`;
}

function testCases(doc: ResultDocument, s: SuiteDoc): TestCase[] {
  const cases: TestCase[] = [];
  const file = displayPath(doc, s.file);
  for (const subj of s.subjects) cases.push(...ruleCases(s, file, subj.name, subj.checks, subj));
  for (const g of s.scaling) cases.push(...ruleCases(s, file, `scaling ${g.group}`, g.checks, undefined));
  for (const f of s.runFailures) {
    const first = f.message.split('\n')[0] ?? f.message;
    cases.push({
      name: `${f.trace}: zeek run (repeat ${f.repeat}${f.side ? `, ${f.side}` : ''})`,
      error: { message: first, type: f.kind, text: `${f.message}\n\nreproduce:\n${f.command}` },
    });
  }
  if (s.baseline.missingFails) {
    for (const t of s.baseline.missing) {
      cases.push({
        name: `${t}: baseline`,
        failure: {
          message: `${s.baseline.state === 'missing' ? noBaselineText(s) : 'no baseline entry'} (CI is set, so this fails)`,
          type: 'baseline',
          text: `run \`${updateCommand(doc)}\` where zeek is installed and commit ${displayPath(doc, s.baseline.file)}`,
        },
      });
    }
  }
  return cases;
}

/** One test case per rule that applied to the subject, in the suite's rule order. */
function ruleCases(s: SuiteDoc, file: string, where: string, checks: CheckDoc[], subject: SubjectDoc | undefined): TestCase[] {
  const byRule = new Map<number, CheckDoc[]>();
  for (const c of checks) byRule.set(c.rule.index, [...(byRule.get(c.rule.index) ?? []), c]);
  return [...byRule.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, group]) => {
      const rule = ruleFor(s, group[0]!);
      const tc: TestCase = { name: `${where}: ${rule.label}`, line: rule.line };
      const failed = group.filter((c) => c.verdict === 'fail');
      const warned = group.filter((c) => c.verdict === 'warn');
      const explain = (c: CheckDoc) => [checkLine(c, rule), ...checkDiffLines(subject, c, rule).map((l) => `  ${l}`)].join('\n');
      if (failed.length) {
        const first = failed[0]!;
        tc.failure = {
          message: `${checkLine(first, rule)}${failed.length > 1 ? ` (and ${failed.length - 1} more)` : ''}`,
          type: first.aspect,
          text: `${failed.map(explain).join('\n\n')}\n\nrule: ${rule.label}${rule.line ? ` (${file}:${rule.line})` : ' (default rule)'}`,
        };
      } else if (group.every((c) => c.verdict === 'unchecked')) {
        tc.skipped = group[0]!.reason;
      }
      if (warned.length) tc.out = warned.map((c) => `WARN ${explain(c)}`).join('\n\n');
      return tc;
    });
}

function counts(cases: TestCase[]): string {
  const n = (f: (c: TestCase) => boolean) => cases.filter(f).length;
  return `tests="${cases.length}" failures="${n((c) => Boolean(c.failure))}" errors="${n((c) => Boolean(c.error))}" skipped="${n((c) => Boolean(c.skipped))}"`;
}

/** Seconds zeek ran, over every repeat of every trace. */
function totalTime(suites: SuiteDoc[]): number {
  return suites.reduce((t, s) => t + s.subjects.reduce((u, subj) => u + (subj.timing.wall?.values.reduce((a, b) => a + b, 0) ?? 0), 0), 0);
}
