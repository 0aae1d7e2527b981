import type { BudgetResult, ComparisonSide, SuiteOutcome } from '../budget/outcome.js';
import type { Check, SubjectEvaluation } from '../budget/types.js';
import type { BudgetRule } from '../suite/types.js';
import type { Dump } from '../measure/types.js';
import {
  RESULT_SCHEMA,
  type CheckDoc,
  type ComparisonDoc,
  type DumpDoc,
  type ResultDocument,
  type RuleDoc,
  type SubjectDoc,
  type SuiteDoc,
} from './result-document.js';

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
    zeek: {
      path: r.zeek.path,
      version: r.zeek.version,
      ...(r.zeek.spicy === undefined ? {} : { build: r.zeek.spicy ? ('spicy' as const) : ('no-spicy' as const) }),
    },
    ...(r.comparison
      ? {
          comparison: {
            head: sideDoc(r.comparison.head),
            base: sideDoc(r.comparison.base),
            repeat: r.comparison.repeat,
            confidence: r.comparison.confidence,
            seed: r.comparison.seed,
          },
        }
      : {}),
    packageVersion: r.packageVersion,
    ...(opts.updateCommand ? { updateCommand: opts.updateCommand } : {}),
    ...(opts.shard ? { shard: opts.shard } : {}),
    counts: { ...r.counts },
    warnings: [...r.warnings],
    suites: r.suites.map(suiteDoc),
  };
}

function sideDoc(s: ComparisonSide): ComparisonDoc['head'] {
  return dropUndefined({
    label: s.label,
    ref: s.ref,
    commit: s.commit,
    short: s.short,
    subject: s.subject,
    dirty: s.dirty,
    zeek: { path: s.zeek.path, version: s.zeek.version },
  });
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
    baseline: dropUndefined({
      file: s.baselineFile,
      zeek: s.baselineZeek,
      others: s.otherBaselines.length ? s.otherBaselines : undefined,
      readFrom: s.baselineReadFrom,
      state: s.baselineState,
      missing: s.missingBaseline,
      missingFails: s.missingBaselineFails,
      diff: s.baselineDiff,
    }),
    counts: { ...s.counts },
    warnings: s.warnings,
    skippedTraces: s.skippedTraces,
    otherShards: s.otherShards ?? [],
    runFailures: s.failures.map((f) =>
      dropUndefined({
        trace: f.trace.label,
        repeat: f.repeat,
        kind: f.failure?.kind ?? 'exit',
        message: f.failure?.message ?? '',
        command: f.command,
        side: f.side,
      }),
    ),
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
    dumps: s.dumps.map(dumpDoc),
    timing: dropUndefined({ ...s.timing }),
    baseline: e.baseline
      ? dropUndefined({
          sha256: e.baseline.sha256,
          dumps: e.baseline.dumps,
          timing: dropUndefined({ ...e.baseline.timing }),
          variables: e.baseline.variables,
          connections: e.baseline.connections,
        })
      : undefined,
    checks: e.checks.map(checkDoc),
    added: e.added,
    vanished: e.vanished,
    changed: e.changed,
    connectionFields: e.connectionFields,
    warnings: e.warnings,
    timingComparisons: e.timingComparisons?.map((t) => ({ figure: t.figure, ratio: { ...t.ratio }, head: [...t.head], base: [...t.base] })),
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
    connection: c.connection ? dropUndefined({ ...c.connection }) : undefined,
    paired: c.paired ? { ...c.paired } : undefined,
  });
}

/** JSON drops undefined anyway; dropping it here keeps documents built in memory equal to parsed ones. */
/**
 * A dump as the document has it: fields set only where known, never set and deleted (a deleted
 * property turns an object into a dictionary, several times larger: a long history has tens of
 * thousands of dumps). The footprints are the measured map itself, not a copy: the JSON writer
 * turns it into an object as it writes it.
 */
function dumpDoc(dump: Dump): DumpDoc {
  // Fields in the order the JSON has always had them.
  const doc = { run: dump.run, node: dump.node, ts: dump.ts } as DumpDoc;
  if (dump.networkTime !== undefined) doc.networkTime = dump.networkTime;
  if (dump.reason !== undefined) doc.reason = dump.reason;
  if (dump.duration !== undefined) doc.duration = dump.duration;
  if (dump.total !== undefined) doc.total = dump.total;
  if (dump.peakRss !== undefined) doc.peakRss = dump.peakRss;
  if (dump.rss !== undefined) doc.rss = dump.rss;
  if (dump.packets !== undefined) doc.packets = dump.packets;
  if (dump.connsLogged !== undefined) doc.connsLogged = dump.connsLogged;
  doc.footprints = dump.footprints;
  if (dump.conns) doc.connections = Object.fromEntries([...dump.conns].map(([f, c]) => [f, { ...c }]));
  return doc;
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}
