import path from 'node:path';
import type { ResultDocument, SuiteDoc } from './result-document.js';
import { checkLine, noBaselineText, ruleFor, updateCommand } from './document-views.js';

export interface GithubOptions {
  /** Paths are given relative to this (the checkout, $GITHUB_WORKSPACE); default the document's cwd. */
  root?: string;
  /** GitHub shows at most 10 error and 10 warning annotations per step; the rest are summed up. */
  maxPerLevel?: number;
}

/**
 * GitHub Actions workflow commands: an `::error` (or `::warning` for `level: warn`) annotation per
 * trace and rule that failed, placed on the rule's line in the suite file, one per failed zeek run
 * and per missing baseline, on the suite file. See
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions.
 */
export function renderGithub(doc: ResultDocument, opts: GithubOptions = {}): string {
  const root = opts.root ?? doc.cwd;
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
  const out: Array<{ level: 'error' | 'warning'; line: string }> = [];
  const add = (level: 'error' | 'warning', props: { file: string; line?: number; col?: number; title: string }, message: string) => {
    const p = [`file=${prop(props.file)}`, props.line ? `line=${props.line}` : '', props.col ? `col=${props.col}` : '', `title=${prop(props.title)}`].filter(
      Boolean,
    );
    out.push({ level, line: `::${level} ${p.join(',')}::${data(message)}` });
  };
  for (const s of doc.suites) {
    for (const [where, checks] of checkGroups(s)) {
      const byRule = new Map<number, typeof checks>();
      for (const c of checks) if (c.verdict === 'fail' || c.verdict === 'warn') byRule.set(c.rule.index, [...(byRule.get(c.rule.index) ?? []), c]);
      for (const group of byRule.values()) {
        const rule = ruleFor(s, group[0]!);
        const level = group.some((c) => c.verdict === 'fail') ? 'error' : 'warning';
        const items = group.map((c) => checkLine(c, rule));
        const shown = items.slice(0, 10);
        const message = `${s.name} / ${where}: ${rule.label}\n${shown.join('\n')}${items.length > shown.length ? `\n... and ${items.length - shown.length} more` : ''}`;
        add(level, { file: rel(s.file), line: rule.line, col: rule.column, title: `zeek-budget: ${where} over budget` }, message);
      }
    }
    for (const f of s.runFailures) {
      add(
        'error',
        { file: rel(s.file), title: `zeek-budget: zeek run failed (${f.trace})` },
        `${s.name} / ${f.trace} (repeat ${f.repeat}): ${f.message}\nreproduce: ${f.command}`,
      );
    }
    if (s.baseline.missingFails && s.baseline.state === 'missing') {
      add(
        'error',
        { file: rel(s.file), title: 'zeek-budget: no baseline' },
        `${s.name}: ${noBaselineText(s)}: run \`${updateCommand(doc)}\` under that Zeek and commit ${rel(s.baseline.file)}`,
      );
    } else if (s.baseline.missingFails) {
      add(
        'error',
        { file: rel(s.file), title: 'zeek-budget: no baseline' },
        `no baseline entry for ${s.baseline.missing.join(', ')} in ${rel(s.baseline.file)}: run \`${updateCommand(doc)}\` where zeek is installed and commit it`,
      );
    }
  }
  const max = opts.maxPerLevel ?? 10;
  const lines: string[] = [];
  for (const level of ['error', 'warning'] as const) {
    const all = out.filter((o) => o.level === level);
    lines.push(...all.slice(0, max).map((o) => o.line));
    if (all.length > max)
      lines.push(`::${level} title=${prop('zeek-budget')}::${data(`${all.length - max} more ${level}s not annotated; see the job log or the report`)}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function checkGroups(s: SuiteDoc): Array<[string, SuiteDoc['subjects'][number]['checks']]> {
  return [
    ...s.subjects.map((t) => [t.name, t.checks] as [string, typeof t.checks]),
    ...s.scaling.map((g) => [`scaling ${g.group}`, g.checks] as [string, typeof g.checks]),
  ];
}

/** A workflow command's message: %, CR and LF are escaped (a message may span lines). */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: additionally `:` and `,`, which separate properties. */
function prop(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
