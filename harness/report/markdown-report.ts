import { formatPercent, percentChange } from '../text/format-amount.js';
import {
  amountText,
  displayPath,
  itemLabel,
  largestMoves,
  noBaselineText,
  problemChecks,
  ratioText,
  runFailureCount,
  sideName,
  statusWord,
  timingLabel,
  updateCommand,
} from './document-views.js';
import type { ResultDocument, SubjectDoc } from './result-document.js';

export interface MarkdownOptions {
  /** Links rule locations to this base (e.g. `https://github.com/o/r/blob/SHA/`); plain text without it. */
  sourceLink?: string;
  /** Rows of the failures table before "... and N more". */
  maxFailures?: number;
  /** Rows of the largest moves. */
  maxMoves?: number;
}

/**
 * A compact summary for a pull request or a job summary ($GITHUB_STEP_SUMMARY): the status, a
 * table of what failed (and warned), the failed runs, and the variables that moved most.
 */
export function renderMarkdown(doc: ResultDocument, opts: MarkdownOptions = {}): string {
  const maxFailures = opts.maxFailures ?? 30;
  const maxMoves = opts.maxMoves ?? 10;
  const { passed, failed, warned, unchecked } = doc.counts;
  const runs = runFailureCount(doc);
  const status = statusWord(doc);
  const icon = status === 'passed' ? (warned ? '⚠️' : '✅') : '❌';
  const out: string[] = [];
  out.push(
    `### ${icon} zeek-budget ${status}: ${failed} failed, ${warned} warning${warned === 1 ? '' : 's'}, ${passed} passed${unchecked ? `, ${unchecked} not checked` : ''}${runs ? `, ${runs} run${runs === 1 ? '' : 's'} failed` : ''}`,
  );
  out.push('');
  const traces = doc.suites.reduce((n, s) => n + s.subjects.length, 0);
  const c = doc.comparison;
  if (c)
    out.push(
      `**head** ${cell(sideName(c.head))}, Zeek ${cell(c.head.zeek.version)} vs **base** ${cell(sideName(c.base))}, Zeek ${cell(c.base.zeek.version)} · ${c.repeat} runs per trace and side, interleaved`,
      '',
    );
  out.push(
    [
      `Zeek ${doc.zeek.version}${doc.zeek.build === 'no-spicy' ? ' (no Spicy)' : ''}`,
      `${doc.suites.length} suite${doc.suites.length === 1 ? '' : 's'}`,
      `${traces} trace${traces === 1 ? '' : 's'}`,
      doc.shard ? `shard ${doc.shard.index}/${doc.shard.count}` : '',
      doc.mergedShards ? `merged from ${doc.mergedShards} shards` : '',
    ]
      .filter(Boolean)
      .join(' · '),
  );
  const problems = problemChecks(doc);
  if (problems.length) {
    out.push('', `| | suite / trace | item | ${c ? 'base' : 'baseline'} | current | change | rule | why |`, '|---|---|---|--:|--:|--:|---|---|');
    for (const { suite, where, check, rule } of problems.slice(0, maxFailures)) {
      const change = check.baseline === undefined || check.current === null ? '' : formatPercent(percentChange(check.current, check.baseline));
      const loc = rule.line ? `${displayPath(doc, suite.file)}:${rule.line}` : 'default rule';
      const ruleText =
        opts.sourceLink && rule.line
          ? `[${cell(rule.label)}](${opts.sourceLink}${encodeURI(displayPath(doc, suite.file))}#L${rule.line})`
          : `${cell(rule.label)} (${cell(loc)})`;
      const item = itemLabel(rule, check);
      out.push(
        `| ${check.verdict === 'fail' ? '❌' : '⚠️'} | ${cell(`${suite.name} / ${where}`)} | ${code(item)} | ${cell(amountText(rule, check.baseline))} | ${cell(amountText(rule, check.current))} | ${change} | ${ruleText} | ${cell(check.reason)} |`,
      );
    }
    if (problems.length > maxFailures) out.push('', `… and ${problems.length - maxFailures} more (see the full report).`);
  }
  const ratios = doc.suites.flatMap((s) => s.subjects.filter((t) => t.timingComparisons?.length).map((t) => ({ s, t })));
  if (ratios.length) {
    const figures = [...new Set(ratios.flatMap(({ t }) => (t.timingComparisons ?? []).map((x) => x.figure)))];
    out.push(
      '',
      `<details><summary>Timings, head/base (median of the pairs [${Math.round((c?.confidence ?? 0.95) * 100)}% interval])</summary>`,
      '',
      `| suite / trace | ${figures.map(timingLabel).join(' | ')} |`,
      `|---|${figures.map(() => '--:').join('|')}|`,
    );
    const ratioCell = (t: SubjectDoc, figure: string) => {
      const x = t.timingComparisons?.find((y) => y.figure === figure);
      return x ? ratioText(x.ratio) : '';
    };
    for (const { s, t } of ratios) out.push(`| ${cell(`${s.name} / ${t.name}`)} | ${figures.map((f) => ratioCell(t, f)).join(' | ')} |`);
    out.push('', '</details>');
  }
  const failures = doc.suites.flatMap((s) => s.runFailures.map((f) => ({ s, f })));
  if (failures.length) {
    out.push('', '**Runs that failed** (exit 3: a trace that did not run proves nothing):', '');
    for (const { s, f } of failures.slice(0, maxFailures))
      out.push(`- ${cell(`${s.name} / ${f.trace}`)} (repeat ${f.repeat}${f.side ? `, ${f.side}` : ''}): ${cell(f.message.split('\n')[0] ?? '')}`);
  }
  const missing = doc.suites.filter((s) => s.baseline.missingFails);
  for (const s of missing) {
    out.push(
      '',
      s.baseline.state === 'missing'
        ? `❌ **${cell(noBaselineText(s))}**: ${code(displayPath(doc, s.baseline.file))} — run \`${updateCommand(doc)}\` under that Zeek and commit it.`
        : `❌ **no baseline** in ${code(displayPath(doc, s.baseline.file))} for ${s.baseline.missing.map(code).join(', ')}: run \`${updateCommand(doc)}\` and commit it.`,
    );
  }
  const moves = largestMoves(doc, maxMoves);
  if (moves.length) {
    const ref = c ? 'base' : 'baseline';
    out.push(
      '',
      `<details><summary>Largest moves against the ${ref}</summary>`,
      '',
      `| suite / trace | variable | ${ref} | current | change |`,
      '|---|---|--:|--:|--:|',
    );
    for (const m of moves) {
      const d = m.current - m.baseline;
      out.push(
        `| ${cell(`${m.suite} / ${m.subject}`)} | ${code(m.name)}${m.kind === 'changed' ? '' : ` (${m.kind === 'added' ? 'new' : 'vanished'})`} | ${m.baseline} | ${m.current} | ${d >= 0 ? '+' : ''}${d} (${formatPercent(percentChange(m.current, m.baseline))}) |`,
      );
    }
    out.push('', '</details>');
  }
  const warnings = [
    ...doc.warnings,
    ...doc.suites.flatMap((s) => [
      ...s.warnings.map((w) => `${s.name}: ${w}`),
      ...s.subjects.flatMap((t) => t.warnings.map((w) => `${s.name} / ${t.name}: ${w}`)),
    ]),
  ];
  if (warnings.length) {
    out.push('', `<details><summary>${warnings.length} note${warnings.length === 1 ? '' : 's'}</summary>`, '');
    for (const w of warnings.slice(0, 50)) out.push(`- ${cell(w)}`);
    out.push('', '</details>');
  }
  return `${out.join('\n')}\n`;
}

/** Text safe inside a Markdown table cell: no pipes or line breaks, no HTML. */
function cell(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

function code(s: string): string {
  return `\`${cell(s).replace(/`/g, "'")}\``;
}
