import type { BudgetResult, SuiteOutcome } from '../budget/outcome.js';
import type { Check, SubjectEvaluation } from '../budget/types.js';
import type { BudgetRule } from '../suite/types.js';
import { RESULT_SCHEMA, type CheckDoc, type ResultDocument, type RuleDoc, type SubjectDoc, type SuiteDoc } from './result-document.js';

export interface DocumentOptions {
  cwd: string;
  shard?: { index: number; count: number };
  /** How the user re-runs this with --update, for advice in reports. */
  updateCommand?: string;
  /** For reproducible output in tests; default now. */
  generatedAt?: Date;
}

/** The result document of one run: plain JSON (no Maps, no NaN), every reporter's input. */
export function toResultDocument(r: BudgetResult, opts: DocumentOptions): ResultDocument {
  return {
    schema: RESULT_SCHEMA,
    generatedAt: (opts.generatedAt ?? new Date()).toISOString(),
    cwd: opts.cwd,
    exitCode: r.exitCode,
    zeek: { path: r.zeek.path, version: r.zeek.version },
    packageVersion: r.packageVersion,
    ...(opts.updateCommand ? { updateCommand: opts.updateCommand } : {}),
    ...(opts.shard ? { shard: opts.shard } : {}),
    counts: { ...r.counts },
    warnings: [...r.warnings],
    suites: r.suites.map(suiteDoc),
  };
}

function suiteDoc(s: SuiteOutcome): SuiteDoc {
  return {
    name: s.suite.name,
    file: s.suite.file,
    ...(s.suite.description !== undefined ? { description: s.suite.description } : {}),
    top: s.suite.top,
    traces: s.suite.traces.map((t) => t.label),
    defaultBudgets: s.suite.defaultBudgets,
    rules: s.suite.budgets.map(ruleDoc),
    baseline: { file: s.baselineFile, state: s.baselineState, missing: s.missingBaseline, missingFails: s.missingBaselineFails, diff: s.baselineDiff },
    counts: { ...s.counts },
    warnings: s.warnings,
    skippedTraces: s.skippedTraces,
    otherShards: s.otherShards ?? [],
    runFailures: s.failures.map((f) => ({
      trace: f.trace.label,
      repeat: f.repeat,
      kind: f.failure?.kind ?? 'exit',
      message: f.failure?.message ?? '',
      command: f.command,
    })),
    scaling: s.scaling.map((g) => ({ group: g.group, unit: g.unit, sizes: g.sizes, checks: g.checks.map(checkDoc) })),
    subjects: s.evaluations.map(subjectDoc),
  };
}

function ruleDoc(r: BudgetRule): RuleDoc {
  return dropUndefined({
    index: r.index,
    label: r.label,
    level: r.level,
    line: r.location.line || undefined,
    column: r.location.column || undefined,
    selector: { ...r.selector },
    trace: r.trace,
    node: r.node,
    measure: r.measure,
    max: r.max,
    increase: r.increase ? dropUndefined({ ...r.increase }) : undefined,
    growth: r.growth ? { ...r.growth } : undefined,
    scaling: r.scaling ? dropUndefined({ ...r.scaling }) : undefined,
  });
}

function subjectDoc(e: SubjectEvaluation): SubjectDoc {
  const s = e.subject;
  return dropUndefined({
    name: e.name,
    trace: s.trace,
    node: s.node,
    traceSha256: s.trace_sha256,
    workload: s.workload,
    dumps: s.dumps.map((dump) =>
      withFootprints(dropUndefined({
        run: dump.run, node: dump.node, ts: dump.ts, networkTime: dump.networkTime, reason: dump.reason,
        duration: dump.duration, total: dump.total, peakRss: dump.peakRss,
      }), dump.footprints),
    ),
    timing: dropUndefined({ ...s.timing }),
    baseline: e.baseline
      ? dropUndefined({ sha256: e.baseline.sha256, dumps: e.baseline.dumps, timing: dropUndefined({ ...e.baseline.timing }), variables: e.baseline.variables })
      : undefined,
    checks: e.checks.map(checkDoc),
    added: e.added,
    vanished: e.vanished,
    changed: e.changed,
    warnings: e.warnings,
  });
}

export function checkDoc(c: Check): CheckDoc {
  return dropUndefined({
    rule: dropUndefined({ index: c.rule.index, label: c.rule.label, level: c.rule.level, line: c.rule.location.line || undefined }),
    item: c.item,
    dump: c.dump,
    current: Number.isNaN(c.current) ? null : c.current,
    baseline: c.baseline,
    aspect: c.aspect,
    verdict: c.verdict,
    reason: c.reason,
    series: c.series,
  });
}

/**
 * A dump's footprints in the document, made when read (by a reporter, or JSON.stringify): the
 * document of thousands of dumps (--dumps all over months of logs) then never holds them all as
 * objects at once; the dump keeps them as numbers.
 */
function withFootprints<T extends object>(doc: T, footprints: Map<string, number>): T & { footprints: Record<string, number> } {
  return Object.defineProperty(doc, 'footprints', { enumerable: true, get: () => Object.fromEntries(footprints) }) as T & { footprints: Record<string, number> };
}

/** JSON drops undefined anyway; dropping it here keeps documents built in memory equal to parsed ones. */
function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}
