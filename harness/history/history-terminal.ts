import path from 'node:path';
import pc from 'picocolors';
import { formatAmount } from '../text/format-amount.js';
import type { BaselineHistory, HistoryCommit, HistoryDocument, HistorySeries, HistoryStep } from './history-document.js';
import { counted } from '../text/plural.js';

/** Steps shown per variable; older ones are counted. */
const MAX_STEPS = 8;

/**
 * Per suite and baseline file, the variables that changed most, one line per step with the
 * commit it happened at: `Known::hosts  120 -> 180 at 3fa2c1d (Track hosts per VLAN), 2026-11-02`.
 */
export function renderHistoryTerminal(doc: HistoryDocument, opts: { color: boolean }): string {
  const c = pc.createColors(opts.color);
  const rel = (p: string) => path.relative(doc.cwd, p) || p;
  const out: string[] = [];
  for (const suite of doc.suites) {
    out.push(c.bold(`suite ${suite.name}`) + c.dim(`  ${rel(suite.file)}`));
    for (const b of suite.baselines) out.push(...baselineSection(b, rel, c, doc.selection.variable));
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function baselineSection(b: BaselineHistory, rel: (p: string) => string, c: ReturnType<typeof pc.createColors>, variable: string): string[] {
  const recorded = b.commits.filter((x) => x.state === 'recorded');
  const span = recorded.length ? `, ${day(recorded[0]!)} to ${day(recorded[recorded.length - 1]!)}` : '';
  const lines = [`  baseline ${rel(b.file)}: ${counted(b.commits.length, 'commit')}${span}`];
  for (const n of b.notes) lines.push(`  ${c.yellow('!')} ${n}`);
  const commits = new Map(b.commits.map((x) => [x.hash, x]));
  const traces = [...new Set(b.variables.map((v) => v.trace))];
  for (const trace of traces) {
    const shown = b.variables.filter((v) => v.trace === trace);
    lines.push(`  trace ${trace}`);
    const width = Math.max(...shown.map((v) => v.item.length));
    for (const v of shown) {
      const steps = v.steps.slice(-MAX_STEPS);
      if (v.steps.length > steps.length) lines.push(c.dim(`    ${v.item.padEnd(width)}  ... ${v.steps.length - steps.length} earlier steps`));
      for (const s of steps) lines.push(`    ${v.item.padEnd(width)}  ${stepText(v, s, commits)}`);
    }
    const total = b.totals.find((t) => t.trace === trace);
    if (total?.steps.length) {
      const first = total.steps[0]!;
      const last = total.steps[total.steps.length - 1]!;
      lines.push(c.dim(`    total ${first.from} -> ${last.to} in ${counted(total.steps.length, 'step')}`));
    }
  }
  if (b.changedVariables > b.variables.length) {
    lines.push(
      c.dim(
        `  ... and ${b.changedVariables - b.variables.length} more variables changed (shown: the ${b.variables.length} that changed most; --limit N for more)`,
      ),
    );
  }
  if (b.changedVariables === 0 && b.commits.length > 0) {
    lines.push(
      `  no variable${variable === '*' ? '' : ` matching ${variable}`} changed over ${b.commits.length === 1 ? 'its one commit' : `these ${b.commits.length} commits`}`,
    );
  }
  return lines;
}

function stepText(s: HistorySeries, step: HistoryStep, commits: Map<string, HistoryCommit>): string {
  const fmt = (v: number) => (s.kind === 'timing' ? formatAmount({ kind: 'timing', figure: s.item }, v) : String(v));
  const commit = commits.get(step.commit);
  const at = commit ? `${commit.short} (${commit.subject}), ${day(commit)}` : step.commit.slice(0, 7);
  return `${fmt(step.from)} -> ${fmt(step.to)} at ${at}`;
}

function day(c: HistoryCommit): string {
  return c.date.slice(0, 10);
}
