import path from 'node:path';
import { ConfigError, EXIT } from '../errors.js';
import { RESULT_SCHEMA, type CountsDoc, type ResultDocument, type SuiteDoc } from './result-document.js';

export interface ShardInput {
  /** Where the document came from, for messages. */
  file: string;
  doc: ResultDocument;
}

/**
 * Combines the result documents of `--shard i/n` runs into the document one unsharded run would
 * have written: suites joined by name, subjects in suite order, counts summed, the exit code
 * recomputed. Every shard 1..n must be there exactly once: a shard that crashed before writing its
 * result must fail the merge, not shrink the report. Paths are re-rooted at `cwd`, so shards that
 * ran in different checkouts (CI machines) point into this one.
 */
export function mergeDocuments(inputs: ShardInput[], opts: { cwd: string; generatedAt?: Date }): ResultDocument {
  if (inputs.length === 0) throw new ConfigError('merge: no result files given (e.g. zeek-budget merge results/*.json)');
  for (const { file, doc } of inputs) {
    if (doc.schema !== RESULT_SCHEMA) throw new ConfigError(`${file}: a ${doc.schema} result; this zeek-budget reads ${RESULT_SCHEMA}`);
  }
  checkShards(inputs);
  const sides = unique(
    inputs.map(({ doc }) =>
      doc.comparison ? `${doc.comparison.head.commit ?? ''}..${doc.comparison.base.commit ?? ''} ${doc.comparison.base.zeek.version}` : '',
    ),
  );
  if (sides.length > 1)
    throw new ConfigError(
      `merge: the results compared different sides (--against / --zeek-base: ${sides.map((s) => s || 'no comparison').join('; ')}): merge the results of one run`,
    );
  const warnings = unique(inputs.flatMap(({ doc }) => doc.warnings));
  const versions = unique(inputs.map(({ doc }) => doc.zeek.version));
  if (versions.length > 1)
    warnings.unshift(`the shards ran different Zeek versions (${versions.join(', ')}): footprints are only comparable within one version`);
  const packages = unique(inputs.map(({ doc }) => doc.packageVersion));
  if (packages.length > 1) warnings.unshift(`the shards ran different measuring packages (${packages.join(', ')})`);
  const bySuite = new Map<string, SuiteDoc[]>();
  for (const { doc } of inputs) {
    for (const s of doc.suites) bySuite.set(s.name, [...(bySuite.get(s.name) ?? []), rebase(s, doc.cwd, opts.cwd)]);
  }
  const suites = [...bySuite.values()].map(mergeSuite);
  const counts = sumCounts(suites.map((s) => s.counts));
  const first = inputs[0]!.doc;
  return {
    schema: RESULT_SCHEMA,
    generatedAt: (opts.generatedAt ?? new Date()).toISOString(),
    cwd: opts.cwd,
    exitCode: suites.some((s) => s.runFailures.length > 0) ? EXIT.environment : counts.failed > 0 ? EXIT.budgetFailed : EXIT.ok,
    zeek: first.zeek,
    // Shards of one --against run compared the same two sides.
    ...(first.comparison ? { comparison: first.comparison } : {}),
    packageVersion: first.packageVersion,
    ...(first.shard ? { mergedShards: first.shard.count } : {}),
    counts,
    warnings,
    suites,
  };
}

function checkShards(inputs: ShardInput[]): void {
  const sharded = inputs.filter(({ doc }) => doc.shard);
  if (sharded.length === 0) return;
  if (sharded.length !== inputs.length) {
    const plain = inputs.find(({ doc }) => !doc.shard)!;
    throw new ConfigError(`merge: ${plain.file} is not a shard's result (no --shard) but others are: merge the results of one sharded run`);
  }
  const count = sharded[0]!.doc.shard!.count;
  const seen = new Map<number, string>();
  for (const { file, doc } of sharded) {
    const s = doc.shard!;
    if (s.count !== count)
      throw new ConfigError(`merge: ${file} is shard ${s.index}/${s.count}, ${sharded[0]!.file} is of ${count}: merge the results of one sharded run`);
    const other = seen.get(s.index);
    if (other) throw new ConfigError(`merge: shard ${s.index}/${count} twice (${other} and ${file})`);
    seen.set(s.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) {
    throw new ConfigError(
      `merge: the result of shard ${missing.map((i) => `${i}/${count}`).join(', ')} is missing: a shard that failed before writing its result must not pass unnoticed (its job log says why it wrote none): rerun that shard`,
    );
  }
}

function mergeSuite(parts: SuiteDoc[]): SuiteDoc {
  const first = parts[0]!;
  for (const p of parts.slice(1)) {
    if (p.file !== first.file || JSON.stringify(p.rules) !== JSON.stringify(first.rules) || JSON.stringify(p.traces) !== JSON.stringify(first.traces)) {
      throw new ConfigError(`merge: suite ${first.name} differs between the shards (its file, rules or traces): every shard must run the same checkout`);
    }
  }
  const order = (name: string) => {
    const i = first.traces.indexOf(name);
    return i < 0 ? first.traces.length : i;
  };
  const subjects = parts.flatMap((p) => p.subjects).sort((a, b) => order(a.name) - order(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = subjects.map((s) => s.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new ConfigError(`merge: ${first.name}/${duplicate} is in more than one result: were the same shard's results given twice?`);
  const runFailures = parts.flatMap((p) => p.runFailures).sort((a, b) => order(a.trace) - order(b.trace) || a.repeat - b.repeat);
  const ran = new Set([...names, ...runFailures.map((f) => f.trace)]);
  const skipped = unique(parts.flatMap((p) => p.skippedTraces)).filter((t) => !ran.has(t));
  const elsewhere = unique(parts.flatMap((p) => p.otherShards)).filter((t) => !ran.has(t) && !skipped.includes(t));
  const states = unique(parts.map((p) => p.baseline.state));
  const groupOrder = (group: string) => Math.min(...subjects.filter((s) => s.workload?.group === group).map((s) => order(s.name)));
  return {
    ...first,
    baseline: {
      ...first.baseline,
      // Each shard read the same baseline file: it is missing for all or for none.
      state: states.includes('missing') ? 'missing' : (states[0] ?? 'present'),
      missing: parts.flatMap((p) => p.baseline.missing).sort((a, b) => order(a) - order(b)),
      missingFails: parts.some((p) => p.baseline.missingFails),
      diff: parts
        .map((p) => p.baseline.diff)
        .filter(Boolean)
        .join('\n'),
    },
    counts: sumCounts(parts.map((p) => p.counts)),
    warnings: unique(parts.flatMap((p) => p.warnings)),
    skippedTraces: skipped.sort((a, b) => order(a) - order(b)),
    otherShards: elsewhere.sort((a, b) => order(a) - order(b)),
    runFailures,
    // In suite order of the groups' first member, as one run evaluates them.
    scaling: parts.flatMap((p) => p.scaling).sort((a, b) => groupOrder(a.group) - groupOrder(b.group)),
    subjects,
  };
}

/** The suite's paths as they lie in this checkout: relative to where its shard ran, resolved here. */
function rebase(s: SuiteDoc, from: string, to: string): SuiteDoc {
  const move = (p: string) => {
    const rel = path.relative(from, p);
    return rel.startsWith('..') || path.isAbsolute(rel) ? p : path.join(to, rel);
  };
  return { ...s, file: move(s.file), baseline: { ...s.baseline, file: move(s.baseline.file) } };
}

function sumCounts(all: CountsDoc[]): CountsDoc {
  return all.reduce(
    (a, c) => ({ passed: a.passed + c.passed, failed: a.failed + c.failed, warned: a.warned + c.warned, unchecked: a.unchecked + c.unchecked }),
    { passed: 0, failed: 0, warned: 0, unchecked: 0 },
  );
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
