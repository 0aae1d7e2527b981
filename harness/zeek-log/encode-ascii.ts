/**
 * Writes Zeek's ASCII log format the way Zeek's own writer does (logging/writers/ascii and the
 * ASCII formatter, with ODesc escaping), so tests can produce logs that are byte-for-byte what a
 * real Zeek would write: the recorded escapes.log of Zeek 8.2.2 is reproduced exactly by a test.
 *
 * The rules, as Zeek applies them:
 * - The separator (`\x09`) is escaped as `\xHH` everywhere in a value, the set separator (`\x2c`)
 *   only inside set and vector elements; a backslash is doubled (`\\`).
 * - Bytes below 0x20 and 0x7f are `\xHH`; bytes that are not valid UTF-8 are `\xHH` one by one;
 *   valid multi-byte UTF-8 passes through (`LogAscii::enable_utf_8`, T in current Zeek). With
 *   `utf8: false` every byte outside 0x20-0x7e is escaped.
 * - A string that is exactly the unset marker (`-`) or the empty marker (`(empty)`) gets its first
 *   byte escaped (`\x2d`, `\x28empty)`); the empty string, an empty set and an empty vector are
 *   `(empty)`; an unset field is `-`. A set or vector holding only the empty string is therefore
 *   also `(empty)`, and a vector holding only one unset element is `-`: Zeek's own ambiguities.
 * - A line that would start with `#` (a first column starting with it) gets that `#` escaped.
 * - count/int/port: decimal digits, the full 64-bit range (a port has no protocol). double: six
 *   decimals, trailing zeros removed, `.0` added to whole numbers, never exponent notation
 *   (1e20 is `100000000000000000000.0`); inf/nan as `inf`, `-inf`, `nan`. time and interval: six
 *   decimals, always. Rounding is exact, half to even (C++ `std::to_chars`, which Zeek 7+ uses).
 * - addr: IPv4 dotted quad, an IPv4-mapped IPv6 address as IPv4, other IPv6 as `inet_ntop` prints
 *   it (lowercase, the longest run of zero groups shortened to `::`); subnet: `addr/width`.
 */
import { ipv4Text, ipv6Text } from '../util/ip-address.js';

export type ZeekScalarType =
  'string' | 'enum' | 'pattern' | 'func' | 'file' | 'count' | 'int' | 'port' | 'double' | 'time' | 'interval' | 'bool' | 'addr' | 'subnet';

export type ZeekColumnType = ZeekScalarType | `set[${ZeekScalarType}]` | `vector[${ZeekScalarType}]`;

/**
 * A value to write. `null`/`undefined` is an unset field (or an unset vector element). Strings may
 * be given as bytes (a Zeek string is bytes, not text); numbers beyond 2^53 as bigint.
 */
export type EncodableValue = string | Uint8Array | number | bigint | boolean | null | undefined | EncodableValue[];

export interface AsciiFormat {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  /** LogAscii::enable_utf_8: valid UTF-8 passes through unescaped. */
  utf8: boolean;
}

export const ZEEK_ASCII_DEFAULTS: Readonly<AsciiFormat> = Object.freeze({
  separator: '\t',
  setSeparator: ',',
  emptyField: '(empty)',
  unsetField: '-',
  utf8: true,
});

export interface AsciiColumn {
  name: string;
  type: ZeekColumnType;
}

export interface AsciiLogSpec {
  path: string;
  columns: readonly AsciiColumn[];
  /** `#open` value, `%Y-%m-%d-%H-%M-%S` (see zeekLogTimestamp). */
  open: string;
  /** `#close` value; omit for a log Zeek never closed (killed, or still writing). */
  close?: string;
  records: ReadonlyArray<Readonly<Record<string, EncodableValue>>>;
  format?: Partial<AsciiFormat>;
}

/** A whole log: header, one line per record, and `#close` when given. */
export function encodeAsciiLog(spec: AsciiLogSpec): string {
  const format = { ...ZEEK_ASCII_DEFAULTS, ...spec.format };
  let out = encodeAsciiHeader(spec.path, spec.columns, spec.open, format);
  for (const record of spec.records) out += `${encodeAsciiRecord(spec.columns, record, format)}\n`;
  if (spec.close !== undefined) out += `#close${format.separator}${spec.close}\n`;
  return out;
}

/** The header block Zeek writes when it opens a log (every line ends with a newline). */
export function encodeAsciiHeader(path: string, columns: readonly AsciiColumn[], open: string, format: Partial<AsciiFormat> = {}): string {
  const f = { ...ZEEK_ASCII_DEFAULTS, ...format };
  const sep = f.separator;
  const meta = (value: string) => escapeMeta(value);
  return [
    `#separator ${[...Buffer.from(sep, 'utf8')].map(hexEscape).join('')}`,
    `#set_separator${sep}${meta(f.setSeparator)}`,
    `#empty_field${sep}${meta(f.emptyField)}`,
    `#unset_field${sep}${meta(f.unsetField)}`,
    `#path${sep}${meta(path)}`,
    `#open${sep}${open}`,
    `#fields${sep}${columns.map((c) => c.name).join(sep)}`,
    `#types${sep}${columns.map((c) => c.type).join(sep)}`,
  ]
    .map((l) => `${l}\n`)
    .join('');
}

/** One data line, without its newline. A missing key is an unset field. */
export function encodeAsciiRecord(
  columns: readonly AsciiColumn[],
  values: Readonly<Record<string, EncodableValue>>,
  format: Partial<AsciiFormat> = {},
): string {
  const f = { ...ZEEK_ASCII_DEFAULTS, ...format };
  const line = columns.map((c) => encodeAsciiValue(c.type, values[c.name], f)).join(f.separator);
  // The writer checks the finished line against the meta prefix, so only a leading `#` is escaped.
  return line.startsWith('#') ? `\\x23${line.slice(1)}` : line;
}

/** One field as the ASCII formatter renders it. */
export function encodeAsciiValue(type: ZeekColumnType, value: EncodableValue, format: Partial<AsciiFormat> = {}): string {
  const f = { ...ZEEK_ASCII_DEFAULTS, ...format };
  if (value === null || value === undefined) return f.unsetField;
  const container = /^(set|vector)\[(.+)\]$/.exec(type);
  if (!container) return scalar(type as ZeekScalarType, value, f, [f.separator]);
  if (!Array.isArray(value)) throw new TypeError(`${type} needs an array, got ${describe(value)}`);
  if (value.length === 0) return escapeBytes(Buffer.from(f.emptyField, 'utf8'), [f.separator], f.utf8);
  const elementType = container[2] as ZeekScalarType;
  const sequences = [f.separator, f.setSeparator];
  return value.map((v) => (v === null || v === undefined ? f.unsetField : scalar(elementType, v, f, sequences))).join(f.setSeparator);
}

function scalar(type: ZeekScalarType, value: EncodableValue, f: AsciiFormat, sequences: string[]): string {
  switch (type) {
    case 'count':
    case 'port':
      return integer(value, 0n, 2n ** 64n - 1n, type);
    case 'int':
      return integer(value, -(2n ** 63n), 2n ** 63n - 1n, type);
    case 'double':
      return formatDouble(number(value, type));
    case 'time':
    case 'interval':
      return formatFixed6(number(value, type));
    case 'bool':
      if (typeof value !== 'boolean') throw new TypeError(`bool needs true or false, got ${describe(value)}`);
      return value ? 'T' : 'F';
    case 'addr':
      return canonicalAddr(text(value, type));
    case 'subnet':
      return canonicalSubnet(text(value, type));
    default:
      return stringField(bytesOf(value, type), f, sequences);
  }
}

function stringField(bytes: Buffer, f: AsciiFormat, sequences: string[]): string {
  if (bytes.length === 0) return escapeBytes(Buffer.from(f.emptyField, 'utf8'), sequences, f.utf8);
  const asText = bytes.toString('latin1');
  if (asText === Buffer.from(f.unsetField, 'utf8').toString('latin1') || asText === Buffer.from(f.emptyField, 'utf8').toString('latin1')) {
    return hexEscape(bytes[0] as number) + escapeBytes(bytes.subarray(1), sequences, f.utf8);
  }
  return escapeBytes(bytes, sequences, f.utf8);
}

/**
 * ODesc::AddBytes with escaping on: a backslash is doubled, every byte of an escape sequence
 * (the separators) becomes `\xHH`, and the rest is written as is, or checked as UTF-8.
 */
export function escapeBytes(bytes: Uint8Array, sequences: readonly string[], utf8: boolean): string {
  const seqs = sequences.filter((s) => s.length > 0).map((s) => Buffer.from(s, 'utf8'));
  let out = '';
  let runStart = 0;
  const flush = (end: number) => {
    if (end > runStart) out += utf8 ? escapeUtf8Run(bytes.subarray(runStart, end)) : Buffer.from(bytes.subarray(runStart, end)).toString('latin1');
  };
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] as number;
    const escapeLength = (!utf8 && (b < 0x20 || b > 0x7e)) || b === 0x5c ? 1 : (seqs.find((s) => startsWith(bytes, i, s))?.length ?? 0);
    if (escapeLength === 0) {
      i++;
      continue;
    }
    flush(i);
    for (let k = i; k < i + escapeLength; k++) out += bytes[k] === 0x5c ? '\\\\' : hexEscape(bytes[k] as number);
    i += escapeLength;
    runStart = i;
  }
  flush(bytes.length);
  return out;
}

/** util::escape_utf8 with both control flags: controls and invalid bytes as `\xHH`, valid UTF-8 kept. */
function escapeUtf8Run(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      out += b < 0x20 || b === 0x7f ? hexEscape(b) : String.fromCharCode(b);
      i++;
      continue;
    }
    const length = legalUtf8Length(bytes, i);
    if (length === 0) {
      out += hexEscape(b);
      i++;
      continue;
    }
    out += Buffer.from(bytes.subarray(i, i + length)).toString('utf8');
    i += length;
  }
  return out;
}

/** Length of the well-formed UTF-8 sequence at i (Unicode table 3-7), or 0. */
function legalUtf8Length(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] as number;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const c = bytes[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** get_escaped_string(s, false) as used for header values: spaces, non-ASCII and controls as `\xHH`. */
function escapeMeta(value: string): string {
  let out = '';
  for (const b of Buffer.from(value, 'utf8')) out += b <= 0x20 || b >= 0x7f ? hexEscape(b) : String.fromCharCode(b);
  return out;
}

function startsWith(bytes: Uint8Array, at: number, seq: Uint8Array): boolean {
  if (at + seq.length > bytes.length) return false;
  for (let k = 0; k < seq.length; k++) if (bytes[at + k] !== seq[k]) return false;
  return true;
}

function hexEscape(b: number): string {
  return `\\x${b.toString(16).padStart(2, '0')}`;
}

/** Zeek's `double`: six decimals, trailing zeros dropped, `.0` on whole numbers. */
export function formatDouble(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (!Number.isFinite(d)) return d > 0 ? 'inf' : '-inf';
  let s = formatFixed6(d).replace(/0+$/, '');
  if (s.endsWith('.')) s = s.slice(0, -1);
  // Zeek adds ".0" when the value is within 1e-9 of a whole number, even if digits were printed.
  if (Math.abs(d - Math.round(d)) < 1e-9 && !s.includes('.')) s += '.0';
  return s;
}

/** Six decimals, exactly rounded (half to even), any magnitude, no exponent: std::to_chars fixed. */
export function formatFixed6(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (!Number.isFinite(d)) return d > 0 ? 'inf' : '-inf';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(d));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  const scale = 1_000_000n;
  let scaled: bigint;
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * scale;
  } else {
    const numerator = mantissa * scale;
    const denominator = 1n << BigInt(-exponent);
    scaled = numerator / denominator;
    const twice = (numerator % denominator) * 2n;
    if (twice > denominator || (twice === denominator && (scaled & 1n) === 1n)) scaled += 1n;
  }
  const digits = scaled.toString().padStart(7, '0');
  const sign = d < 0 || Object.is(d, -0) ? '-' : '';
  return `${sign}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

/** How Zeek prints an address: IPv4 (also when IPv4-mapped), else inet_ntop's IPv6 text. */
export function canonicalAddr(input: string): string {
  const a = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  if (!a.includes(':')) return ipv4Text(parseIpv4(a, input));
  return ipv6Text(parseIpv6(a, input));
}

export function canonicalSubnet(input: string): string {
  const slash = input.lastIndexOf('/');
  if (slash < 0) throw new TypeError(`subnet needs addr/width, got '${input}'`);
  const width = input.slice(slash + 1);
  if (!/^\d{1,3}$/.test(width)) throw new TypeError(`subnet width must be a number, got '${input}'`);
  return `${canonicalAddr(input.slice(0, slash))}/${Number(width)}`;
}

function parseIpv4(a: string, input: string): number[] {
  const parts = a.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) throw new TypeError(`not an address: '${input}'`);
  return parts.map(Number);
}

function parseIpv6(a: string, input: string): number[] {
  let text = a;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    // A dotted IPv4 tail (`::ffff:1.2.3.4`) stands for the last two groups.
    const v4 = parseIpv4(last, input);
    tail.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) throw new TypeError(`not an address: '${input}'`);
  const group = (s: string) =>
    s === ''
      ? []
      : s.split(':').map((g) => {
          if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new TypeError(`not an address: '${input}'`);
          return parseInt(g, 16);
        });
  const head = group(halves[0] ?? '');
  const rest = halves.length === 2 ? group(halves[1] ?? '') : [];
  const given = head.length + rest.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) throw new TypeError(`not an address: '${input}'`);
  return [...head, ...Array<number>(8 - given).fill(0), ...rest, ...tail];
}

/** `#open`/`#close` text: local wall clock, `%Y-%m-%d-%H-%M-%S`. */
export function zeekLogTimestamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}-${p(date.getHours())}-${p(date.getMinutes())}-${p(date.getSeconds())}`;
}

function integer(value: EncodableValue, min: bigint, max: bigint, type: string): string {
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number' && Number.isInteger(value)) v = BigInt(value);
  else throw new TypeError(`${type} needs a whole number, got ${describe(value)}`);
  if (v < min || v > max) throw new TypeError(`${v} is out of range for ${type}`);
  return v.toString();
}

function number(value: EncodableValue, type: string): number {
  if (typeof value !== 'number') throw new TypeError(`${type} needs a number, got ${describe(value)}`);
  return value;
}

function text(value: EncodableValue, type: string): string {
  if (typeof value !== 'string') throw new TypeError(`${type} needs text, got ${describe(value)}`);
  return value;
}

function bytesOf(value: EncodableValue, type: string): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array) return Buffer.from(value);
  throw new TypeError(`${type} needs text or bytes, got ${describe(value)}`);
}

function describe(value: EncodableValue): string {
  return Array.isArray(value) ? 'an array' : `${typeof value} ${String(value)}`;
}
