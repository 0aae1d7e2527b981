import { parse as parseLossless } from 'lossless-json';
import type { LogLineParser, MalformedLinePolicy } from './log-line-parser.js';
import type { LogReadStats, ZeekRecord, ZeekValue } from './types.js';
import { unescapeZeekJsonString } from './unescape.js';

function losslessNumber(text: string): number | bigint {
  if (/^-?\d+$/.test(text)) {
    const big = BigInt(text);
    return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big;
  }
  return parseFloat(text);
}

/** `LogAscii::use_json=T`: one object per line, no header, unset fields omitted. */
export class JsonLogParser implements LogLineParser {
  constructor(
    private readonly stats: LogReadStats,
    private readonly malformed: MalformedLinePolicy,
    private readonly path: string,
  ) {}

  line(text: string, lineNo: number, out: ZeekRecord[]): void {
    if (isBlank(text)) return;
    const values = this.parseLine(text, lineNo);
    if (values) out.push({ line: lineNo, path: this.path, values });
  }

  end(partial: string | null, lineNo: number, out: ZeekRecord[]): void {
    this.stats.closed = true;
    if (partial === null || isBlank(partial)) return;
    // JSON has no #close; a cut-off object fails to parse, a complete one is kept.
    let values: Record<string, ZeekValue> | null;
    try {
      values = parseValues(partial);
    } catch {
      values = null;
    }
    if (values) {
      out.push({ line: lineNo, path: this.path, values });
    } else {
      this.stats.closed = false;
      this.stats.warnings.push(
        `${this.stats.file}:${lineNo}: last line is an incomplete JSON object without a newline: Zeek was killed or is still writing; dropped`,
      );
    }
  }

  private parseLine(text: string, lineNo: number): Record<string, ZeekValue> | null {
    let values: Record<string, ZeekValue> | null;
    try {
      values = parseValues(text);
    } catch (e) {
      this.malformed.report(`not valid JSON (${(e as Error).message})`, lineNo);
      return null;
    }
    if (values === null) {
      this.malformed.report('not a JSON object: a Zeek JSON log has one object per line', lineNo);
    }
    return values;
  }
}

/**
 * JSON.parse rounds integers beyond 2^53. Any such number parses to an integer-valued double outside
 * the safe range, so a line holding one is parsed again, losslessly (rare: big counts, 1e20 doubles).
 */
function parseValues(text: string): Record<string, ZeekValue> | null {
  const values = toValues(JSON.parse(text));
  if (values === null || !hasUnsafeNumber(values)) return values;
  return toValues(parseLossless(text, undefined, losslessNumber));
}

function hasUnsafeNumber(values: Record<string, ZeekValue>): boolean {
  for (const key in values) if (isUnsafe(values[key] as ZeekValue)) return true;
  return false;
}

function isUnsafe(v: ZeekValue): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v);
  return Array.isArray(v) && v.some(isUnsafe);
}

function isBlank(text: string): boolean {
  return text.length === 0 || text.trim().length === 0;
}

function toValues(parsed: unknown): Record<string, ZeekValue> | null {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const values: Record<string, ZeekValue> = {};
  flatten(parsed as Record<string, unknown>, '', values);
  return values;
}

// Zeek flattens records into dotted names (id.orig_h); nested objects are flattened the same way.
function flatten(obj: Record<string, unknown>, prefix: string, into: Record<string, ZeekValue>): void {
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      flatten(v as Record<string, unknown>, `${prefix}${key}.`, into);
    } else {
      into[prefix + key] = toZeekValue(v);
    }
  }
}

function toZeekValue(v: unknown): ZeekValue {
  switch (typeof v) {
    case 'string':
      return unescapeZeekJsonString(v);
    case 'number':
    case 'bigint':
    case 'boolean':
      return v;
    default:
      if (Array.isArray(v)) return v.map(toZeekValue);
      return null;
  }
}
