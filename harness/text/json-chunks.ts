/**
 * `JSON.stringify(value, replacer, 2)` as a sequence of chunks of about `chunkSize` characters,
 * the same text byte for byte, with Maps written as objects. A result document of `--dumps all`
 * over a long history holds tens of thousands of dumps of hundreds of footprints: as one string it
 * passes V8's limit of 2^29 characters (`RangeError: Invalid string length`) near 700 MB of logs,
 * and well before that it doubles the memory the document itself needs.
 */
export function* jsonChunks(value: unknown, chunkSize = 1 << 20): Generator<string> {
  const out = new ChunkBuffer(chunkSize);
  const top = toJsonValue('', value);
  if (top === undefined) return;
  for (const _ of writeValue(top, '', out)) yield out.take();
  const rest = out.take();
  if (rest) yield rest;
}

class ChunkBuffer {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly chunkSize: number) {}

  /** Whether a chunk is ready: the writer then yields so the caller can take it. */
  push(s: string): boolean {
    this.parts.push(s);
    this.length += s.length;
    return this.length >= this.chunkSize;
  }

  take(): string {
    const s = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return s;
  }
}

/** What JSON.stringify does to a value before writing it: toJSON, then Maps as objects; undefined: left out. */
function toJsonValue(key: string, value: unknown): unknown {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(k: string): unknown }).toJSON(key);
  if (v instanceof Map) v = Object.fromEntries(v);
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  return v;
}

function* writeValue(v: unknown, indent: string, out: ChunkBuffer): Generator<void> {
  if (v === null || typeof v !== 'object') {
    if (out.push(leafText(v))) yield;
    return;
  }
  // A container of leaves only (a dump's footprints, a variable's series) is written by
  // JSON.stringify itself, much faster than walking it here; its text is bounded by its entries.
  if (isShallow(v)) {
    if (out.push(reindent(JSON.stringify(v, mapsAsObjects, 2), indent))) yield;
    return;
  }
  if (Array.isArray(v)) yield* writeArray(v, indent, out);
  else yield* writeObject(v as Record<string, unknown>, indent, out);
}

function* writeArray(a: unknown[], indent: string, out: ChunkBuffer): Generator<void> {
  if (a.length === 0) {
    out.push('[]');
    return;
  }
  const inner = `${indent}  `;
  out.push('[');
  for (let i = 0; i < a.length; i++) {
    out.push(i === 0 ? `\n${inner}` : `,\n${inner}`);
    const v = toJsonValue(String(i), a[i]);
    // As JSON.stringify: what it leaves out of an object is null in an array.
    yield* writeValue(v === undefined ? null : v, inner, out);
  }
  if (out.push(`\n${indent}]`)) yield;
}

function* writeObject(o: Record<string, unknown>, indent: string, out: ChunkBuffer): Generator<void> {
  const inner = `${indent}  `;
  let first = true;
  out.push('{');
  for (const key of Object.keys(o)) {
    const v = toJsonValue(key, o[key]);
    if (v === undefined) continue;
    out.push(`${first ? '\n' : ',\n'}${inner}${JSON.stringify(key)}: `);
    first = false;
    yield* writeValue(v, inner, out);
  }
  if (out.push(first ? '}' : `\n${indent}}`)) yield;
}

function leafText(v: unknown): string {
  // JSON.stringify's own text of a primitive: NaN and Infinity as null, -0 as 0, strings escaped.
  return JSON.stringify(v) ?? 'null';
}

/** No container inside: a whole small object or array can go through JSON.stringify. */
function isShallow(v: object): boolean {
  for (const x of Array.isArray(v) ? v : Object.values(v)) if (x !== null && typeof x === 'object') return false;
  return true;
}

function mapsAsObjects(_key: string, v: unknown): unknown {
  return v instanceof Map ? Object.fromEntries(v) : v;
}

/** JSON text never holds a raw newline inside a string, so every newline starts a line to indent. */
function reindent(text: string, indent: string): string {
  return indent ? text.replace(/\n/g, `\n${indent}`) : text;
}
