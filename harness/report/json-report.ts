import type { BudgetResult } from '../budget/budget-run.js';
import type { Check } from '../budget/types.js';

/** Bumped on any incompatible change to the JSON result. */
export const JSON_RESULT_SCHEMA = 'zeek-budget/result@1';

/** The full machine-readable result: plain JSON (no Maps), stable field names. */
export function jsonResult(r: BudgetResult): object {
  return {
    schema: JSON_RESULT_SCHEMA,
    exitCode: r.exitCode,
    zeek: { path: r.zeek.path, version: r.zeek.version },
    packageVersion: r.packageVersion,
    counts: r.counts,
    suites: r.suites.map((s) => ({
      name: s.suite.name,
      file: s.suite.file,
      baseline: { file: s.baselineFile, state: s.baselineState, missing: s.missingBaseline, diff: s.baselineDiff },
      counts: s.counts,
      warnings: s.warnings,
      skippedTraces: s.skippedTraces,
      runFailures: s.failures.map((f) => ({ trace: f.trace.label, repeat: f.repeat, kind: f.failure?.kind, message: f.failure?.message, command: f.command })),
      scaling: s.scaling.map((g) => ({ group: g.group, unit: g.unit, sizes: g.sizes, checks: g.checks.map(jsonCheck) })),
      subjects: s.evaluations.map((e) => ({
        name: e.name,
        trace: e.subject.trace,
        node: e.subject.node,
        traceSha256: e.subject.trace_sha256,
        dumps: e.subject.dumps.map((d) => ({
          run: d.run, node: d.node, ts: d.ts, networkTime: d.networkTime, reason: d.reason,
          duration: d.duration, total: d.total, peakRss: d.peakRss,
          footprints: Object.fromEntries(d.footprints),
        })),
        timing: e.subject.timing,
        checks: e.checks.map(jsonCheck),
        added: e.added,
        vanished: e.vanished,
        changed: e.changed,
        warnings: e.warnings,
      })),
    })),
  };
}

function jsonCheck(c: Check): object {
  return {
    rule: { index: c.rule.index, label: c.rule.label, level: c.rule.level, line: c.rule.location.line || undefined },
    item: c.item,
    dump: c.dump,
    current: Number.isNaN(c.current) ? null : c.current,
    baseline: c.baseline,
    aspect: c.aspect,
    verdict: c.verdict,
    reason: c.reason,
    series: c.series,
  };
}
