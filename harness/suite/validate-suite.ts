import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { ParsedYaml } from './parse-yaml.js';
import { SuiteSchema, type SuiteDocument } from './schema.js';
import { formatPath, locate, type PathKey } from './yaml-locations.js';

/**
 * Stage 2 of loading a suite: the plain data against the schema. Every problem is reported, each
 * as `file:line:col field: message`, in one ConfigError placed at the first.
 */
export function validateSuite(src: ParsedYaml): SuiteDocument {
  const parsed = SuiteSchema.safeParse(src.data ?? {});
  if (!parsed.success) throw schemaError(src, parsed.error.issues);
  return parsed.data;
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

function schemaError(src: ParsedYaml, rawIssues: z.core.$ZodIssue[]): ConfigError {
  const issues = expandUnions(rawIssues);
  const lines = issues.map((issue) => describeIssue(src, issue));
  const first = issues[0];
  const firstPos = first ? issuePosition(src, first) : { line: 1, column: 1 };
  const field = first ? formatPath(first.path as PathKey[]) : undefined;
  return new ConfigError(lines.join('\n'), { file: src.file, ...firstPos, field }, true);
}

function issuePosition(src: ParsedYaml, issue: z.core.$ZodIssue) {
  const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  return locate(src.doc, src.counter, issue.path as PathKey[], key);
}

function describeIssue(src: ParsedYaml, issue: z.core.$ZodIssue): string {
  const pos = issuePosition(src, issue);
  let field = formatPath(issue.path as PathKey[]);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    field = formatPath([...(issue.path as PathKey[]), ...(issue.keys.length === 1 ? issue.keys : [])]);
    message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (see suites/schema.json for the allowed keys)`;
  }
  return `${src.file}:${pos.line}:${pos.column}${field ? ` ${field}` : ''}: ${message}`;
}
