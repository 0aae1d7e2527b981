import { z } from 'zod';
import { MEASURES, TIMINGS } from '../suite/schema.js';

/**
 * The result document: everything one `zeek-budget budget` (or `merge`) found, as plain JSON.
 * It is the single source for every reporter (terminal, json, junit, markdown, github, html), so a
 * document merged from shards renders exactly like one from a single run. The TypeScript types,
 * the validation in `merge` and docs/result-schema.json all come from the schemas below.
 *
 * Versioning: `schema` names the version. Within a version fields are only added; a field that is
 * removed, renamed or changes meaning bumps it (`zeek-budget/result@2`).
 */
export const RESULT_SCHEMA = 'zeek-budget/result@1';

const d = (description: string) => ({ description });

const Verdict = z.enum(['pass', 'fail', 'warn', 'unchecked']).meta(d('`unchecked`: the rule compares with a baseline and there is none (yet).'));

const Counts = z
  .object({
    passed: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative().meta(d('Failed checks, plus in CI each trace without a baseline entry.')),
    warned: z.number().int().nonnegative(),
    unchecked: z.number().int().nonnegative(),
  })
  .meta(d('Checks by verdict.'));

const Sample = z
  .object({ median: z.number(), values: z.array(z.number()).meta(d('One value per repeat.')) })
  .meta(d('A timing figure over the repeats of a trace.'));

const Timing = z.object({
  footprint_call: Sample.optional().meta(d('Seconds global_container_footprints() took (the slowest dump of a run).')),
  wall: Sample.optional().meta(d("Seconds of zeek's wall time.")),
  peak_rss: Sample.optional().meta(d('Peak resident memory in bytes.')),
  rss: Sample.optional().meta(d('Current resident memory in bytes at the final dump of each run (Zeek >= 7.0, newer packages).')),
  rss_max: Sample.optional().meta(d('The largest current resident memory over the dumps of each run, in bytes.')),
});

const Selector = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('variable'), pattern: z.string() }),
  z.object({ kind: z.literal('module'), pattern: z.string() }),
  z.object({ kind: z.literal('total') }),
  z.object({ kind: z.literal('connection'), pattern: z.string() }),
  z.object({ kind: z.literal('timing'), figure: z.enum(TIMINGS) }),
]);

const Rule = z
  .object({
    index: z.number().int().nonnegative().meta(d("Position in the suite's `budgets` (or in the default rules).")),
    label: z.string(),
    level: z.enum(['error', 'warn']),
    line: z.number().int().positive().optional().meta(d('1-based line of the rule in the suite file; absent for the default rules.')),
    column: z.number().int().positive().optional(),
    selector: Selector,
    trace: z.string().optional(),
    node: z.string().optional(),
    measure: z.enum(MEASURES),
    max: z.number().optional().meta(d('Footprint entries; seconds or bytes for timing rules.')),
    increase: z.object({ percent: z.number().optional(), absolute: z.number().optional() }).optional(),
    growth: z.object({ maxPerHour: z.number(), warmup: z.number() }).optional(),
    scaling: z.object({ maxPerUnit: z.number().optional(), maxExponent: z.number().optional() }).optional(),
  })
  .meta(d('A budget rule with units resolved: footprints in entries, durations in seconds, sizes in bytes.'));

const RuleRef = z
  .object({
    index: z.number().int().nonnegative().meta(d("The rule in the suite's `rules` with this index.")),
    label: z.string(),
    level: z.enum(['error', 'warn']),
    line: z.number().int().positive().optional(),
  })
  .meta(d('Which rule a check applies.'));

const ConnectionRef = z
  .object({
    uid: z.string(),
    id: z.string().meta(d('The 5-tuple as text, e.g. `10.0.0.1:4711/tcp -> 10.0.0.2:80/tcp`.')),
    live: z.boolean().meta(d('Measured while still open (polled), not at its removal.')),
    dump: z.number().int().positive().meta(d('1-based dump it was measured at.')),
    subject: z.string().optional().meta(d('The trace or node, for scaling checks (the largest workload).')),
  })
  .meta(d('The connection whose footprint of the field is the checked value.'));
const Paired = z
  .object({
    kind: z
      .enum(['ratio', 'difference'])
      .meta(d('`ratio`: head/base, for `increase.percent`; `difference`: head-base in seconds or bytes, for `increase.absolute`.')),
    median: z.number().meta(d('Median over the pairs of runs.')),
    low: z.number(),
    high: z.number(),
    confidence: z.number().meta(d('Of the interval [low, high], e.g. 0.95 (bootstrap over the pairs).')),
    pairs: z.number().int().nonnegative(),
    limit: z.number().meta(d('The allowance: 1 + percent/100 for a ratio, the absolute allowance for a difference.')),
    outcome: z
      .enum(['over', 'within', 'inconclusive'])
      .meta(d('`over`: the whole interval above the limit (fails); `within`: none of it (passes); `inconclusive`: it straddles the limit (warns).')),
  })
  .meta(d('--against: a timing increase judged on the paired head/base runs.'));

const TimingComparison = z
  .object({
    figure: z.string().meta(d('The timing figure: footprint_call, wall, peak_rss, ...')),
    ratio: z
      .object({ median: z.number(), low: z.number(), high: z.number(), confidence: z.number(), pairs: z.number().int().nonnegative() })
      .meta(d('Median of the head/base ratios of the pairs, with its bootstrap interval.')),
    head: z.array(z.number()).meta(d("Head's value per repeat, in run order.")),
    base: z.array(z.number()).meta(d("The base's value per repeat; base[i] ran next to head[i].")),
  })
  .meta(d('--against / --zeek-base: one timing figure of a trace, head against base.'));

const Check = z.object({
  rule: RuleRef,
  item: z.string().meta(d('The variable or module name, `total`, the connection field, or the timing figure.')),
  dump: z.number().int().positive().optional().meta(d('1-based dump number, for `measure: each`.')),
  current: z.number().nullable().meta(d('null when the figure was not measured.')),
  baseline: z.number().optional(),
  aspect: z.enum(['limit', 'growth', 'scaling']).meta(d('`limit`: max/increase; `growth`: the trend within a run; `scaling`: the fit across workload sizes.')),
  verdict: Verdict,
  reason: z.string(),
  series: z.array(z.number()).optional().meta(d('The item per dump (growth) or per size (scaling).')),
  connection: ConnectionRef.optional().meta(d('Connection rules: the connection behind the value.')),
  paired: Paired.optional(),
});

const ConnectionField = z
  .object({
    connections: z.number().int().nonnegative().meta(d('Connections measured since the previous dump that had the field set.')),
    total: z.number().nonnegative().meta(d('Sum of their footprints of the field.')),
    max: z.number().nonnegative().meta(d("The largest single connection's footprint of the field.")),
    uid: z.string(),
    id: z.string(),
    live: z.boolean(),
  })
  .meta(d('One connection field over the connections measured in one dump interval (my_stats_conns.log).'));

const Dump = z.object({
  run: z.number().int(),
  node: z.string(),
  ts: z.number(),
  networkTime: z.number().optional(),
  reason: z.string().optional(),
  duration: z.number().optional().meta(d('Seconds the footprint call took.')),
  total: z.number().optional(),
  peakRss: z.number().optional(),
  rss: z.number().optional().meta(d('Current resident memory in bytes (absent where the logs do not carry it).')),
  packets: z.number().optional().meta(d('Packets processed since the previous dump; 0 in every dump of a worker means it is idle.')),
  connsLogged: z.number().optional().meta(d('Rows the dump wrote to my_stats_conns.log.')),
  footprints: z.record(z.string(), z.number()).meta(d("Every global's footprint (a count of values, not bytes).")),
  connections: z
    .record(z.string(), ConnectionField)
    .optional()
    .meta(d('Connection fields by name (`(connection)` is the whole record); absent when the logs carry no connection data.')),
});

const BaselineSubject = z
  .object({
    sha256: z.string().optional(),
    dumps: z.number().int().nonnegative(),
    timing: z.object({
      footprint_call: z.number().optional(),
      wall: z.number().optional(),
      peak_rss: z.number().optional(),
      rss: z.number().optional(),
      rss_max: z.number().optional(),
    }),
    variables: z.record(z.string(), z.array(z.number())).meta(d('Footprint per dump, as recorded.')),
    connections: z
      .record(z.string(), z.array(z.number()))
      .optional()
      .meta(d('Per connection field, its largest connection per dump; absent when recorded without connection data.')),
  })
  .meta(d('The baseline entry the subject was compared with.'));

const VariableChange = z.object({ name: z.string(), baseline: z.number(), current: z.number() });

const Subject = z
  .object({
    name: z.string(),
    trace: z.string().optional().meta(d('Set when the subject is a trace run by zeek.')),
    node: z.string().optional().meta(d('Set when the subject is a cluster node.')),
    traceSha256: z.string().optional(),
    workload: z.object({ group: z.string(), size: z.number(), unit: z.string() }).optional(),
    dumps: z.array(Dump),
    timing: Timing,
    baseline: BaselineSubject.optional(),
    checks: z.array(Check),
    added: z.array(VariableChange).meta(d('Variables the baseline does not know.')),
    vanished: z.array(VariableChange).meta(d('Variables of the baseline that no dump logged.')),
    changed: z.array(VariableChange).meta(d('Variables whose final footprint differs from the baseline.')),
    connectionFields: z
      .object({ added: z.array(VariableChange), vanished: z.array(VariableChange), changed: z.array(VariableChange) })
      .optional()
      .meta(d('Connection fields against the baseline, by their largest connection over the run; absent without connection data or baseline entry.')),
    warnings: z.array(z.string()),
    timingComparisons: z.array(TimingComparison).optional().meta(d('--against / --zeek-base: each timing figure as head/base over the paired runs.')),
  })
  .meta(d('One trace (or cluster node) and what was checked on it.'));

const RunFailure = z.object({
  trace: z.string(),
  repeat: z.number().int().positive(),
  kind: z.enum(['timeout', 'crash', 'exit', 'no-logs', 'bad-log', 'aborted']),
  message: z.string(),
  command: z.string().meta(d('The command line, to reproduce the run.')),
  side: z.enum(['head', 'base']).optional().meta(d('--against / --zeek-base: which side the run belonged to.')),
});

const Scaling = z.object({
  group: z.string(),
  unit: z.string(),
  sizes: z.array(z.number()),
  checks: z.array(Check),
});

const SuiteBaseline = z.object({
  file: z.string().meta(d("The running Zeek build's baseline file (one per Zeek series and build flavour).")),
  zeek: z.string().optional().meta(d('The Zeek build the baseline belongs to, e.g. `Zeek 8.2 (no Spicy)`; absent when the Zeek is not known (logs).')),
  others: z.array(z.string()).optional().meta(d('Baselines of other Zeek builds beside it, never compared with this run.')),
  readFrom: z
    .string()
    .optional()
    .meta(d("Set when the baseline came from the suite's single-version file (the layout before per-build files); --update moves it to `file`.")),
  state: z
    .enum(['present', 'missing', 'created', 'updated', 'unchanged', 'not-used'])
    .meta(d('`not-used`: the run compared with a base it measured itself (--against, --zeek-base).')),
  missing: z.array(z.string()).meta(d('Subjects without a baseline entry.')),
  missingFails: z.boolean().meta(d('True in CI (without --update): each missing entry counts as a failure.')),
  diff: z.string().meta(d('Unified diff from the committed baseline to the measured one; several when merged from shards.')),
});

const Suite = z.object({
  name: z.string(),
  file: z.string(),
  description: z.string().optional(),
  top: z.number().int().positive(),
  traces: z.array(z.string()).meta(d('Every trace label of the suite, in suite order (run or not).')),
  defaultBudgets: z.boolean(),
  rules: z.array(Rule),
  baseline: SuiteBaseline,
  counts: Counts,
  warnings: z.array(z.string()),
  skippedTraces: z.array(z.string()).meta(d('Traces not run because of --filter.')),
  otherShards: z.array(z.string()).meta(d('Traces left to the other shards (--shard).')),
  runFailures: z.array(RunFailure),
  scaling: z.array(Scaling),
  subjects: z.array(Subject),
});

const ComparisonSide = z.object({
  label: z.string().meta(d('How reports name the side: `HEAD`, `working tree`, the REF, or `current scripts`.')),
  ref: z.string().optional().meta(d('The REF as given to --against.')),
  commit: z.string().optional().meta(d('Full commit hash of the side, when it is a commit.')),
  short: z.string().optional().meta(d("git's abbreviation of the commit, as reports show it.")),
  subject: z.string().optional().meta(d("The commit's subject line.")),
  dirty: z.boolean().optional().meta(d('Head only: uncommitted changes, so head is the working tree rather than `commit`.')),
  zeek: z.object({ path: z.string(), version: z.string() }),
});

const Comparison = z
  .object({
    head: ComparisonSide,
    base: ComparisonSide,
    repeat: z.number().int().positive().meta(d('Runs per trace and side.')),
    confidence: z.number().meta(d('Of the intervals around the median head/base ratios.')),
    seed: z.number().int().meta(d('The bootstrap seed (fixed: the same runs give the same intervals).')),
  })
  .meta(d("Set by --against / --zeek-base: head was compared with a base measured in the same run (subjects carry head's figures, `baseline` the base's)."));

export const ResultDocumentSchema = z
  .object({
    schema: z.literal(RESULT_SCHEMA),
    generatedAt: z.string().meta(d('ISO 8601 time the document was written.')),
    cwd: z.string().meta(d('The directory zeek-budget ran in; reporters show paths relative to it.')),
    exitCode: z.number().int().min(0).max(3).meta(d("0 ok, 1 a budget failed, 3 a run failed (the CLI's exit code).")),
    zeek: z.object({
      path: z.string(),
      version: z.string(),
      build: z.enum(['spicy', 'no-spicy']).optional().meta(d('With or without Spicy (`zeek -N`); absent when not known.')),
    }),
    comparison: Comparison.optional(),
    packageVersion: z.string(),
    updateCommand: z
      .string()
      .optional()
      .meta(d('The command that records the measured values as the baseline, for advice in reports (default `npm run budget -- --update`).')),
    shard: z
      .object({ index: z.number().int().positive(), count: z.number().int().positive() })
      .optional()
      .meta(d('Which share of the runs this is (--shard index/count).')),
    mergedShards: z.number().int().positive().optional().meta(d('Set by `merge`: how many shard documents were combined.')),
    counts: Counts,
    warnings: z.array(z.string()),
    suites: z.array(Suite),
  })
  .meta({ title: 'zeek-budget result', description: 'The result of `zeek-budget budget` or `zeek-budget merge` (--reporter json).' });

type JsonDocument = z.infer<typeof ResultDocumentSchema>;
type JsonSuite = JsonDocument['suites'][number];
type JsonSubject = JsonSuite['subjects'][number];
/**
 * A dump's footprints by name: an object in JSON, and in memory also the measured map itself, so
 * that the document of `--dumps all` over a long history (tens of thousands of dumps) does not copy
 * every dump's table. Read them with footprintEntries / footprintOf (document-views.ts).
 */
export type FootprintsDoc = Readonly<Record<string, number>> | ReadonlyMap<string, number>;
export type DumpDoc = Omit<JsonSubject['dumps'][number], 'footprints'> & { footprints: FootprintsDoc };
export type SubjectDoc = Omit<JsonSubject, 'dumps'> & { dumps: DumpDoc[] };
export type SuiteDoc = Omit<JsonSuite, 'subjects'> & { subjects: SubjectDoc[] };
/** The document as reporters take it: what ResultDocumentSchema parses, or what toResultDocument builds. */
export type ResultDocument = Omit<JsonDocument, 'suites'> & { suites: SuiteDoc[] };
export type CheckDoc = SubjectDoc['checks'][number];
export type RuleDoc = SuiteDoc['rules'][number];
export type RunFailureDoc = SuiteDoc['runFailures'][number];
export type ScalingDoc = SuiteDoc['scaling'][number];
export type CountsDoc = ResultDocument['counts'];
export type ComparisonDoc = NonNullable<ResultDocument['comparison']>;
export type TimingComparisonDoc = NonNullable<SubjectDoc['timingComparisons']>[number];

/** docs/result-schema.json: the document's JSON Schema (draft-07, which most validators read). */
export function resultSchemaFileText(): string {
  const schema = {
    ...z.toJSONSchema(ResultDocumentSchema, { target: 'draft-7', io: 'output' }),
    $id: 'https://github.com/zeek-budget/zeek-budget/docs/result-schema.json',
    $comment: 'Generated from harness/report/result-document.ts by scripts/write-result-schema.ts; do not edit.',
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
