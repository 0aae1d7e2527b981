/**
 * Zeek's ASCII writer escapes non-printable bytes, the separators and leading `-`/`(`/`#` as `\xHH`
 * and a backslash as `\\`. The escapes stand for bytes, not characters, so a multi-byte UTF-8
 * character may be split across several `\xHH`: the value is rebuilt as bytes and decoded as UTF-8
 * once at the end (bytes that are not valid UTF-8, such as a lone `\xff`, become U+FFFD).
 */
export function unescapeZeekAscii(raw: string): string {
  if (raw.indexOf('\\') < 0) return raw;
  return decodeEscapes(raw, true);
}

/**
 * Zeek's JSON writer turns bytes it cannot put in a JSON string (NUL, invalid UTF-8, ...) into the
 * four characters `\xHH` and does not escape backslashes itself, so after JSON decoding a string
 * may hold `\xHH` text. Decoding it gives the same value as the ASCII log; a string that really
 * contained a backslash followed by `x` and two hex digits cannot be told apart (Zeek's ambiguity).
 */
export function unescapeZeekJsonString(s: string): string {
  if (s.indexOf('\\x') < 0) return s;
  return decodeEscapes(s, false);
}

function decodeEscapes(raw: string, doubledBackslash: boolean): string {
  const src = Buffer.from(raw, 'utf8');
  const out = Buffer.allocUnsafe(src.length);
  let o = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as number;
    if (c === 0x5c) {
      const next = src[i + 1];
      if (next === 0x78) {
        const hi = hexValue(src[i + 2]);
        const lo = hexValue(src[i + 3]);
        if (hi >= 0 && lo >= 0) {
          out[o++] = hi * 16 + lo;
          i += 3;
          continue;
        }
      } else if (doubledBackslash && next === 0x5c) {
        out[o++] = 0x5c;
        i += 1;
        continue;
      }
    }
    out[o++] = c;
  }
  return out.toString('utf8', 0, o);
}

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}
