import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { parseBytes } from '../util/parse-bytes.js';
import { formatDuration, parseDuration } from '../util/parse-duration.js';
// The spec only: the generator itself is loaded when a trace is generated (runner/trace-store.ts).
import { resolveWorkloadSpec, WORKLOAD_KINDS, WorkloadSpecError, workloadKey, type ResolvedWorkloadSpec } from '../workloads/workload-spec.js';
import { SuiteSchema, type RuleDocument, type SuiteDocument } from './schema.js';
import { parseTimePoint } from '../util/time-point.js';
import type { BudgetRule, Selector, Suite, SuiteSource, TraceRef, ZeekRunSettings } from './types.js';
import { firstAliasPosition, formatPath, locate, type PathKey } from './yaml-locations.js';

const TRACE_SUFFIXES = ['.pcap', '.pcapng', '.pcap.gz', '.pcapng.gz'];

interface Source {
  file: string;
  doc: Document;
  counter: LineCounter;
}

export interface LoadSuiteOptions {
  /** Where generated workload traces are cached (default: a zeek-budget folder in the OS temp dir). */
  workloadCache?: string;
}

export function defaultWorkloadCache(env: NodeJS.ProcessEnv = {}): string {
  return env.ZEEK_BUDGET_CACHE ? path.resolve(env.ZEEK_BUDGET_CACHE) : path.join(os.tmpdir(), 'zeek-budget-workloads');
}

/** Reads, validates and resolves one suite file. Every problem is a ConfigError naming file:line:col and field. */
export async function loadSuite(file: string, options: LoadSuiteOptions = {}): Promise<Suite> {
  const abs = path.resolve(file);
  return parseSuite(await readSuiteText(abs), abs, options);
}

/** Validates and resolves suite text as if it were the file `file` (relative paths resolve against its directory). */
export async function parseSuite(text: string, file: string, options: LoadSuiteOptions = {}): Promise<Suite> {
  const abs = path.resolve(file);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  const src: Source = { file: abs, doc, counter };
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = firstError.linePos?.[0];
    throw new ConfigError(`invalid YAML: ${firstError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`, { file: abs, line: pos?.line, column: pos?.col });
  }
  const data = toPlainData(src);
  const parsed = SuiteSchema.safeParse(data ?? {});
  if (!parsed.success) throw schemaError(src, parsed.error.issues);
  return resolveSuite(src, parsed.data, options.workloadCache ?? defaultWorkloadCache());
}

async function readSuiteText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a suite file' : String(e);
    throw new ConfigError(`cannot read suite: ${why}`, { file });
  }
}

function toPlainData(src: Source): unknown {
  try {
    // The alias limit stops "billion laughs" documents from expanding into gigabytes.
    return src.doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const pos = firstAliasPosition(src.doc, src.counter);
    throw new ConfigError(`invalid YAML: ${(e as Error).message}`, { file: src.file, line: pos?.line, column: pos?.column });
  }
}

/**
 * A value matching none of a union's shapes gets zod's bare "Invalid input". Report instead the
 * problems of the shape it came closest to: the branch whose first problem lies deepest.
 */
function expandUnions(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const depth = (branch: z.core.$ZodIssue[]) => Math.max(...branch.map((i) => i.path.length + (i.code === 'invalid_type' && i.path.length === 0 ? -1 : 0)));
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0] ?? [];
    return expandUnions(best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as z.core.$ZodIssue));
  });
}

function schemaError(src: Source, rawIssues: z.core.$ZodIssue[]): ConfigError {
  const issues = expandUnions(rawIssues);
  const lines = issues.map((issue) => describeIssue(src, issue));
  const first = issues[0];
  const firstPos = first ? issuePosition(src, first) : { line: 1, column: 1 };
  const field = first ? formatPath(first.path as PathKey[]) : undefined;
  return new ConfigError(lines.join('\n'), { file: src.file, ...firstPos, field }, true);
}

function issuePosition(src: Source, issue: z.core.$ZodIssue) {
  const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  return locate(src.doc, src.counter, issue.path as PathKey[], key);
}

function describeIssue(src: Source, issue: z.core.$ZodIssue): string {
  const pos = issuePosition(src, issue);
  let field = formatPath(issue.path as PathKey[]);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    field = formatPath([...(issue.path as PathKey[]), ...(issue.keys.length === 1 ? issue.keys : [])]);
    message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (see suites/schema.json for the allowed keys)`;
  }
  return `${src.file}:${pos.line}:${pos.column}${field ? ` ${field}` : ''}: ${message}`;
}

async function resolveSuite(src: Source, doc: SuiteDocument, workloadCache: string): Promise<Suite> {
  const dir = path.dirname(src.file);
  const name = doc.name ?? path.basename(src.file).replace(/\.ya?ml$/i, '');
  const fail = (p: PathKey[], message: string) => {
    const pos = locate(src.doc, src.counter, p);
    return new ConfigError(message, { file: src.file, ...pos, field: formatPath(p) });
  };
  const budgets = (doc.budgets ?? defaultRules()).map((r, i) => resolveRule(src, r, i, doc.budgets === undefined, fail));
  return {
    file: src.file,
    dir,
    name,
    description: doc.description,
    zeek: await resolveZeek(dir, doc.zeek, fail),
    source: resolveSource(dir, doc.source, fail),
    traces: doc.traces ? await resolveTraces(dir, doc.traces, workloadCache, fail) : [],
    repeat: doc.repeat,
    timeout: durationAt(doc.timeout, ['timeout'], fail),
    baselineFile: path.resolve(dir, doc.baseline ?? path.join('baselines', `${name}.baseline.yaml`)),
    top: doc.top,
    budgets,
    defaultBudgets: doc.budgets === undefined,
  };
}

type Fail = (p: PathKey[], message: string) => ConfigError;

function durationAt(value: string | number, p: PathKey[], fail: Fail): number {
  try {
    return parseDuration(value);
  } catch (e) {
    throw fail(p, (e as Error).message);
  }
}

async function resolveZeek(dir: string, z: SuiteDocument['zeek'], fail: Fail): Promise<ZeekRunSettings> {
  const scripts: string[] = [];
  for (const [i, script] of z.scripts.entries()) {
    scripts.push(await resolveScript(dir, script, ['zeek', 'scripts', i], fail));
  }
  return {
    scripts,
    redefs: Object.entries(z.redefs).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'T' : 'F') : String(v)]),
    args: z.args,
    env: z.env,
    interval: durationAt(z.interval, ['zeek', 'interval'], fail),
    firstDelay: z.first_delay === undefined ? undefined : durationAt(z.first_delay, ['zeek', 'first_delay'], fail),
  };
}

/** Paths become absolute; whether logs exist is checked when they are read (they may be written later). */
function resolveSource(dir: string, source: SuiteDocument['source'], fail: Fail): SuiteSource {
  if (source === undefined) return { kind: 'zeek' };
  if ('logs' in source) {
    const l = source.logs;
    const p: PathKey[] = ['source', 'logs'];
    const since = l.since === undefined ? undefined : timeAt(l.since, [...p, 'since'], fail);
    const until = l.until === undefined ? undefined : timeAt(l.until, [...p, 'until'], fail);
    if (since !== undefined && until !== undefined && since > until) throw fail([...p, 'until'], 'until is before since: no dump can match');
    return {
      kind: 'logs',
      paths: l.paths.map((x) => path.resolve(dir, x)),
      dumps: l.dumps,
      since,
      until,
      staleAfter: l.stale_after === undefined ? undefined : durationAt(l.stale_after, [...p, 'stale_after'], fail),
    };
  }
  const z = source.zeekctl;
  const p: PathKey[] = ['source', 'zeekctl'];
  const replay = z.replay && {
    interface: z.replay.interface,
    traces: z.replay.traces.map((t, i) => {
      if (t.toLowerCase().endsWith('.gz')) throw fail([...p, 'replay', 'traces', i], `tcpreplay cannot read gzip: decompress ${t} first`);
      return path.resolve(dir, t);
    }),
    speed: z.replay.speed,
    loop: z.replay.loop,
  };
  return {
    kind: 'zeekctl',
    zeekctl: z.zeekctl === undefined ? undefined : path.resolve(dir, z.zeekctl),
    prefix: z.prefix === undefined ? undefined : path.resolve(dir, z.prefix),
    mode: z.mode,
    dumps: z.dumps,
    timeout: durationAt(z.timeout, [...p, 'timeout'], fail),
    replay,
    stop: z.stop,
  };
}

function timeAt(value: string | number, p: PathKey[], fail: Fail): number {
  try {
    return parseTimePoint(value);
  } catch (e) {
    throw fail(p, (e as Error).message);
  }
}

/** A script that looks like a path must exist; a bare name (`local`, `policy/misc/stats`) is Zeek's to find. */
async function resolveScript(dir: string, script: string, p: PathKey[], fail: Fail): Promise<string> {
  const looksLikePath = /^(\.{1,2}\/|\/)/.test(script) || script.endsWith('.zeek');
  const abs = path.resolve(dir, script);
  if (await exists(abs)) return abs;
  if (looksLikePath) throw fail(p, `script not found: ${script} (resolved to ${abs})`);
  return script;
}

async function resolveTraces(dir: string, entries: NonNullable<SuiteDocument['traces']>, workloadCache: string, fail: Fail): Promise<TraceRef[]> {
  const refs: TraceRef[] = [];
  for (const [i, entry] of entries.entries()) {
    if (typeof entry !== 'string' && 'workload' in entry) {
      refs.push(...workloadTraces(entry, ['traces', i, 'workload'], workloadCache, fail));
      continue;
    }
    const pattern = typeof entry === 'string' ? entry : entry.path;
    const p: PathKey[] = typeof entry === 'string' ? ['traces', i] : ['traces', i, 'path'];
    const files = await expandTrace(dir, pattern, p, fail);
    for (const file of files) {
      const label = typeof entry !== 'string' && entry.name && files.length === 1 ? entry.name : path.basename(file);
      refs.push({ label, path: file, compressed: file.endsWith('.gz') });
    }
  }
  const seen = new Map<string, string>();
  for (const ref of refs) {
    const other = seen.get(ref.label);
    if (other) throw fail(['traces'], `two traces are both labelled "${ref.label}" (${other} and ${ref.path}): give one a name`);
    seen.set(ref.label, ref.path);
  }
  return refs;
}

type WorkloadEntry = Extract<NonNullable<SuiteDocument['traces']>[number], { workload: unknown }>;

/** One trace per requested size; all sizes of one entry form a scaling group. */
function workloadTraces(entry: WorkloadEntry, p: PathKey[], cache: string, fail: Fail): TraceRef[] {
  const w = entry.workload;
  const counts = Array.isArray(w.count) ? w.count : [w.count];
  const fixed = w.duration === undefined ? undefined : durationAt(w.duration, [...p, 'duration'], fail);
  const prefix = entry.name ?? w.kind;
  const pace = fixed === undefined ? `${w.rate}/s` : formatDuration(fixed);
  const group = `${prefix} (${w.kind}, ${pace}, seed ${w.seed})`;
  return counts.map((count, j) => {
    let spec: ResolvedWorkloadSpec;
    // With a rate, the trace's length follows its size (rounded to the microsecond the pcap keeps).
    const duration = fixed ?? Math.round((count / (w.rate ?? 1)) * 1e6) / 1e6;
    try {
      spec = resolveWorkloadSpec({ kind: w.kind, count, hosts: w.hosts, duration, seed: w.seed });
    } catch (e) {
      const field = e instanceof WorkloadSpecError ? e.field : undefined;
      const at = field === 'count' && Array.isArray(w.count) ? [...p, 'count', j] : field ? [...p, field] : p;
      throw fail(at, e instanceof WorkloadSpecError ? e.reason : (e as Error).message);
    }
    return {
      label: Array.isArray(w.count) || entry.name ? `${prefix}-${count}` : `${w.kind}-${count}`,
      path: path.join(cache, `${workloadKey(spec)}.pcap`),
      compressed: false,
      workload: { spec, group, unit: WORKLOAD_KINDS[spec.kind].unit },
    };
  });
}

async function expandTrace(dir: string, pattern: string, p: PathKey[], fail: Fail): Promise<string[]> {
  const abs = path.resolve(dir, pattern);
  const isGlob = /[*?[\]{}]/.test(pattern);
  let files: string[];
  if (isGlob) {
    files = (await glob(pattern, { cwd: dir, absolute: true, onlyFiles: true, expandDirectories: false })).sort();
    if (files.length === 0) throw fail(p, `no trace matches ${pattern} (looked in ${dir})`);
  } else {
    const st = await stat(abs).catch(() => undefined);
    if (!st) throw fail(p, `trace not found: ${pattern} (resolved to ${abs})`);
    if (st.isDirectory()) throw fail(p, `${pattern} is a directory: name trace files, or a glob like ${path.join(pattern, '*.pcap')}`);
    files = [abs];
  }
  const bad = files.find((f) => !TRACE_SUFFIXES.some((s) => f.toLowerCase().endsWith(s)));
  if (bad) throw fail(p, `not a trace file name: ${bad} (expected ${TRACE_SUFFIXES.join(', ')})`);
  for (const f of files) {
    // A FIFO or device would block the checksum that runs before zeek, for ever.
    const st = await stat(f).catch(() => undefined);
    if (st && !st.isFile()) throw fail(p, `${f} is not a regular file (a FIFO, socket or device): traces are read twice (checksum, then zeek), so name a pcap file`);
  }
  return files;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

/** The documented defaults for a suite without budgets. */
export function defaultRules(): RuleDocument[] {
  return [
    { total: true, measure: 'final', increase: { percent: 1 }, level: 'error' },
    { variable: '*', measure: 'final', increase: { percent: 10, absolute: 100 }, level: 'error' },
  ];
}

function resolveRule(src: Source, r: RuleDocument, index: number, isDefault: boolean, fail: Fail): BudgetRule {
  const p: PathKey[] = ['budgets', index];
  const selector = ruleSelector(r);
  const unit = (v: number | string, field: PathKey[]) => amountIn(selector, v, [...p, ...field], fail);
  const increase = r.increase
    ? {
        percent: r.increase.percent,
        absolute: r.increase.absolute === undefined ? undefined : unit(r.increase.absolute, ['increase', 'absolute']),
      }
    : undefined;
  const pos = isDefault ? { line: 0, column: 0 } : locate(src.doc, src.counter, p);
  return {
    index,
    label: r.name ?? ruleLabel(selector, r),
    location: { file: src.file, ...pos },
    selector,
    trace: r.trace,
    node: r.node,
    measure: r.measure,
    max: r.max === undefined ? undefined : unit(r.max, ['max']),
    increase,
    growth: r.growth ? { maxPerHour: r.growth.max_per_hour, warmup: durationAt(r.growth.warmup, [...p, 'growth', 'warmup'], fail) } : undefined,
    scaling: r.scaling ? { maxPerUnit: r.scaling.max_per_unit, maxExponent: r.scaling.max_exponent } : undefined,
    level: r.level,
  };
}

function ruleSelector(r: RuleDocument): Selector {
  if (r.variable !== undefined) return { kind: 'variable', pattern: r.variable };
  if (r.module !== undefined) return { kind: 'module', pattern: r.module };
  if (r.timing !== undefined) return { kind: 'timing', figure: r.timing };
  return { kind: 'total' };
}

function ruleLabel(s: Selector, r: RuleDocument): string {
  const what = s.kind === 'total' ? 'total' : s.kind === 'timing' ? `timing ${s.figure}` : `${s.kind} ${s.pattern}`;
  const scope = [r.trace ? `trace ${r.trace}` : '', r.node ? `node ${r.node}` : ''].filter(Boolean).join(', ');
  const measure = s.kind === 'timing' ? 'median' : [r.growth ? 'growth' : '', r.scaling ? 'scaling' : '', r.max !== undefined || r.increase ? r.measure : ''].filter(Boolean).join(', ');
  return `${what} (${measure}${scope ? `, ${scope}` : ''})`;
}

/** Footprints are counts of values; timing limits are durations or sizes. */
function amountIn(selector: Selector, value: number | string, p: PathKey[], fail: Fail): number {
  try {
    if (selector.kind !== 'timing') {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw new Error(`expected a whole number of footprint entries, got ${JSON.stringify(value)}`);
      }
      return value;
    }
    return selector.figure === 'peak_rss' ? parseBytes(value) : parseDuration(value);
  } catch (e) {
    throw fail(p, (e as Error).message);
  }
}
