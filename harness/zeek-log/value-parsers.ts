import { unescapeZeekAscii } from './unescape.js';
import type { ZeekValue } from './types.js';

/** Thrown by a converter for a value that does not fit its column type; the reader adds file/line/field. */
export class BadValue extends Error {}

export type Converter = (raw: string) => ZeekValue;

/** How one ASCII column is read: its converter and what `(empty)` means for its type. */
export interface ColumnReader {
  convert: Converter;
  /** `(empty)` is '' for text types, [] for containers, and not a valid value for numbers and bools. */
  empty: 'string' | 'container' | 'invalid';
}

const MAX_FAST_DIGITS = 15; // any 15-digit integer is below 2^53

export function parseCount(raw: string): number | bigint {
  const n = raw.length;
  if (n === 0 || n > MAX_FAST_DIGITS) return parseBigCount(raw, false);
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new BadValue(`'${raw}' is not a count (an unsigned integer)`);
    v = v * 10 + d;
  }
  return v;
}

export function parseInt64(raw: string): number | bigint {
  if (raw.charCodeAt(0) !== 45 /* - */) return parseCount(raw);
  const n = raw.length;
  if (n === 1 || n > MAX_FAST_DIGITS + 1) return parseBigCount(raw, true);
  let v = 0;
  for (let i = 1; i < n; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new BadValue(`'${raw}' is not an int`);
    v = v * 10 + d;
  }
  return -v;
}

function parseBigCount(raw: string, signed: boolean): number | bigint {
  const digits = signed && raw.startsWith('-') ? raw.slice(1) : raw;
  if (digits.length === 0) throw new BadValue(`'${raw}' is not ${signed ? 'an int' : 'a count (an unsigned integer)'}`);
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new BadValue(`'${raw}' is not ${signed ? 'an int' : 'a count (an unsigned integer)'}`);
  }
  const big = BigInt(raw);
  if (big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(big);
  return big;
}

export function parseDouble(raw: string): number {
  const c = raw.charCodeAt(0);
  // Digits, sign or dot: let V8 parse (correctly rounded). Anything else must be Zeek's inf/nan words.
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    const v = +raw;
    if (v === v) return v;
  }
  switch (raw) {
    case 'inf':
    case '+inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case 'nan':
    case '-nan':
      return NaN;
  }
  throw new BadValue(`'${raw}' is not a number`);
}

function parseBool(raw: string): boolean {
  if (raw === 'T') return true;
  if (raw === 'F') return false;
  throw new BadValue(`'${raw}' is not a bool (T or F)`);
}

/** Converter for a scalar Zeek type name as written in `#types`. Unknown types read as strings. */
export function scalarConverter(type: string): Converter {
  switch (type) {
    case 'count':
    case 'port':
      return parseCount;
    case 'int':
      return parseInt64;
    case 'double':
    case 'time':
    case 'interval':
      return parseDouble;
    case 'bool':
      return parseBool;
    default:
      // string, addr, subnet, enum, pattern, func, file, ...: text, unescaped.
      return unescapeZeekAscii;
  }
}

function containerElementType(type: string): string | undefined {
  const m = /^(?:set|vector|table)\[(.*)\]$/.exec(type);
  return m ? m[1] : undefined;
}

/**
 * A column reader for a `#types` entry. Containers are split on the set separator before unescaping
 * (a separator inside an element is written `\x2c`); an element that is exactly the unset marker is
 * an unset element (vectors may have holes), one equal to `(empty)` an empty string. A whole field
 * equal to `(empty)` is an empty container: Zeek writes a set holding only the empty string the
 * same way, so that case reads as [] too.
 */
export function columnReader(type: string, setSeparator: string, unsetField: string, emptyField = '(empty)'): ColumnReader {
  const elementType = containerElementType(type);
  if (elementType === undefined) {
    const convert = scalarConverter(type);
    return { convert, empty: convert === unescapeZeekAscii ? 'string' : 'invalid' };
  }
  const element = scalarConverter(elementType);
  const convert = (raw: string): ZeekValue => {
    const parts = raw.split(setSeparator);
    const out: ZeekValue[] = new Array<ZeekValue>(parts.length);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as string;
      // An empty string element is written as the empty marker, like an empty string field.
      out[i] =
        p === unsetField
          ? null
          : element === unescapeZeekAscii
            ? p === emptyField
              ? ''
              : element(p)
            : p.length > 0
              ? element(p)
              : badEmptyElement(elementType);
    }
    return out;
  };
  return { convert, empty: 'container' };
}

function badEmptyElement(type: string): never {
  throw new BadValue(`empty element in a container of ${type}`);
}
