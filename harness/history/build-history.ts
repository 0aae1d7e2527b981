import type { Baseline, BaselineSubject } from '../baseline/types.js';
import { matches } from '../budget/evaluate.js';
import type { BaselineHistory, HistoryCommit, HistorySeries, HistoryStep } from './history-document.js';

/** One commit of a baseline file: what it recorded there, if it could be read. */
export interface BaselineVersion {
  commit: Omit<HistoryCommit, 'state'>;
  baseline?: Baseline;
  deleted?: boolean;
  /** Why the baseline could not be read at this commit. */
  problem?: string;
}

export interface HistorySelection {
  /** Variables matching this glob. */
  variable: string;
  /** Only steps at commits from then on (Unix seconds). */
  since?: number;
  /** At most this many variables. */
  limit: number;
}

/**
 * The series of every variable, total and timing per trace over the commits of one baseline
 * file, and the variables that changed most. A trace counts only between commits that both
 * record it: a trace added (or a baseline created) starts its series, it is not a step of each
 * of its variables from nothing.
 */
export function buildHistory(versions: BaselineVersion[], selection: HistorySelection): Omit<BaselineHistory, 'file' | 'repository'> {
  const first = selection.since === undefined ? 0 : versions.findIndex((v) => v.commit.time >= selection.since!);
  const shown = first < 0 ? [] : versions.slice(Math.max(0, first - 1));
  const notes = shown.filter((v) => v.problem).map((v) => `${v.commit.short} (${v.commit.subject}): ${v.problem}`);
  const commits: HistoryCommit[] = shown.map((v) => ({ ...v.commit, state: v.baseline ? 'recorded' : v.deleted ? 'deleted' : 'unreadable' }));
  const subjectsAt = shown.map((v) => v.baseline?.subjects);
  const traces = [...new Set(subjectsAt.flatMap((s) => Object.keys(s ?? {})))].sort();
  const variables: HistorySeries[] = [];
  const totals: HistorySeries[] = [];
  const timings: HistorySeries[] = [];
  for (const trace of traces) {
    const at = subjectsAt.map((s) => s?.[trace]);
    const names = [...new Set(at.flatMap((s) => Object.keys(s?.variables ?? {})))].sort();
    for (const name of names.filter((n) => matches(selection.variable, n))) {
      const s = series(
        commits,
        trace,
        name,
        'variable',
        at.map((x) => (x ? finalOf(x.variables[name]) : null)),
      );
      if (s.steps.length) variables.push(s);
    }
    totals.push(
      series(
        commits,
        trace,
        'total',
        'total',
        at.map((x) => (x ? Object.values(x.variables).reduce((sum, v) => sum + finalOf(v), 0) : null)),
      ),
    );
    const figures = [...new Set(at.flatMap((s) => Object.keys(s?.timing ?? {})))].sort();
    for (const figure of figures) {
      timings.push(
        series(
          commits,
          trace,
          figure,
          'timing',
          at.map((x) => timingOf(x, figure)),
        ),
      );
    }
  }
  if (selection.since !== undefined && first < 0 && versions.length) notes.push('no commit changed the baseline since then');
  variables.sort(
    (a, b) => largestStep(b) - largestStep(a) || totalChange(b) - totalChange(a) || (a.item < b.item ? -1 : a.item > b.item ? 1 : a.trace < b.trace ? -1 : 1),
  );
  return { commits, variables: variables.slice(0, selection.limit), changedVariables: variables.length, totals, timings, notes };
}

function series(commits: HistoryCommit[], trace: string, item: string, kind: HistorySeries['kind'], values: Array<number | null>): HistorySeries {
  const steps: HistoryStep[] = [];
  for (let i = 1; i < values.length; i++) {
    const from = values[i - 1];
    const to = values[i];
    const commit = commits[i];
    if (from !== null && from !== undefined && to !== null && to !== undefined && from !== to && commit) steps.push({ commit: commit.hash, from, to });
  }
  return { trace, item, kind, values, steps };
}

function finalOf(dumps: number[] | undefined): number {
  return dumps?.[dumps.length - 1] ?? 0;
}

function timingOf(s: BaselineSubject | undefined, figure: string): number | null {
  const v = (s?.timing as Record<string, number | undefined> | undefined)?.[figure];
  return v === undefined ? null : v;
}

function largestStep(s: HistorySeries): number {
  return Math.max(0, ...s.steps.map((x) => Math.abs(x.to - x.from)));
}

function totalChange(s: HistorySeries): number {
  return s.steps.reduce((sum, x) => sum + Math.abs(x.to - x.from), 0);
}
