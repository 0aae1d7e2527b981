import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeUtf8 } from '../text/decode-utf8.js';
import { isYamlProblem, parseYaml, type ParsedYaml } from './parse-yaml.js';
import { defaultRules, resolveRule } from './resolve-rules.js';
import { resolveSource, resolveZeek } from './resolve-settings.js';
import { resolveTraces } from './resolve-traces.js';
import type { SuiteDocument } from './schema.js';
import { failAt, positiveDurationAt } from './suite-source.js';
import type { Suite } from './types.js';
import { validateSuite } from './validate-suite.js';
import { failure } from '../messages.js';

// Loading a suite in stages, each its own module, each failing with a ConfigError that names
// file:line:col and the field:
//   1. parse     (parse-yaml.ts)      text -> plain data; syntax, one document, aliases guarded
//   2. validate  (validate-suite.ts)  plain data -> the schema's document; every problem listed
//   3. resolve   (resolve-traces.ts, expand-workloads.ts, resolve-settings.ts)  paths, globs,
//                workloads, zeek settings and sources against the file system
//   4. rules     (resolve-rules.ts)   budget rules with selectors, units and labels

export { defaultRules } from './resolve-rules.js';

export interface LoadSuiteOptions {
  /** The environment the run sees: its ZEEK_BUDGET_CACHE places the workload cache. */
  env?: NodeJS.ProcessEnv;
  /** Where generated workload traces are cached (default: `env`'s ZEEK_BUDGET_CACHE, else a zeek-budget folder in the OS temp dir). */
  workloadCache?: string;
  /** Resolve the zeek settings and rules only, not the traces (the base side of --against runs head's traces). */
  skipTraces?: boolean;
  /**
   * Applied to every script path after it is resolved against the suite's directory: the base side
   * of --against reads the suite's text at REF as if it were the current file, and takes what lies
   * inside the repository from REF's worktree instead.
   */
  mapPath?: (absolute: string) => string;
}

export function defaultWorkloadCache(env: NodeJS.ProcessEnv): string {
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
  const parsed = parseYaml(text, abs, 'a suite');
  if (isYamlProblem(parsed)) throw failure('invalidSuiteYaml', { file: abs, ...parsed.position }, parsed.problem);
  const doc = validateSuite(parsed);
  const data = parsed.data;
  const repeatGiven = typeof data === 'object' && data !== null && 'repeat' in data;
  return { ...(await resolveSuite(parsed, doc, options)), repeatGiven };
}

async function readSuiteText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a suite file' : String(e);
    throw failure('cannotReadSuite', { file }, why);
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw failure('suiteEncoding', { file, line: decoded.line, column: decoded.column }, decoded.problem);
  return decoded.text;
}

async function resolveSuite(src: ParsedYaml, doc: SuiteDocument, options: LoadSuiteOptions): Promise<Suite> {
  const workloadCache = options.workloadCache ?? defaultWorkloadCache(options.env ?? {});
  const dir = path.dirname(src.file);
  const name = doc.name ?? path.basename(src.file).replace(/\.ya?ml$/i, '');
  const fail = failAt(src);
  const budgets = (doc.budgets ?? defaultRules()).map((r, i) => resolveRule(src, r, i, doc.budgets === undefined, fail));
  return {
    file: src.file,
    dir,
    name,
    description: doc.description,
    zeek: await resolveZeek(dir, doc.zeek, fail, options.mapPath ?? ((p) => p)),
    source: resolveSource(dir, doc.source, fail),
    traces: doc.traces && !options.skipTraces ? await resolveTraces(dir, doc.traces, workloadCache, fail) : [],
    repeat: doc.repeat,
    timeout: positiveDurationAt(doc.timeout, ['timeout'], fail, 'kill every zeek run at once'),
    baselineFile: path.resolve(dir, doc.baseline ?? path.join('baselines', `${name}.baseline.yaml`)),
    top: doc.top,
    budgets,
    defaultBudgets: doc.budgets === undefined,
  };
}
