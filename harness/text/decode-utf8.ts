/**
 * Suites and baselines are UTF-8 (YAML allows a UTF-8 byte-order mark, which is dropped). Text in
 * another encoding would otherwise reach the YAML parser as mojibake or NUL-riddled keys and fail
 * with a confusing message far from the cause, so it is named here instead.
 */
export type DecodedText = { ok: true; text: string } | { ok: false; problem: string; line: number; column: number };

const BOMS: Array<[number[], string]> = [
  [[0xff, 0xfe, 0x00, 0x00], 'UTF-32 (little-endian)'],
  [[0x00, 0x00, 0xfe, 0xff], 'UTF-32 (big-endian)'],
  [[0xff, 0xfe], 'UTF-16 (little-endian)'],
  [[0xfe, 0xff], 'UTF-16 (big-endian)'],
];

export function decodeUtf8(bytes: Buffer): DecodedText {
  for (const [bom, name] of BOMS) {
    if (bom.every((b, i) => bytes[i] === b)) return encodingProblem(`is ${name} encoded (it starts with that byte-order mark)`);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const guess = nul % 2 === 1 ? 'UTF-16 (little-endian)' : 'UTF-16 (big-endian)';
    const near = bytes.length > 1 && (bytes[0] === 0) !== (bytes[1] === 0);
    return near ? encodingProblem(`looks ${guess} encoded (every other byte is NUL)`) : at(bytes, nul, 'holds a NUL byte');
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0)
    return at(
      bytes,
      bad,
      `is not UTF-8: byte 0x${(bytes[bad] as number).toString(16).toUpperCase().padStart(2, '0')} here does not start or continue a UTF-8 character (Latin-1 or Windows-1252?)`,
    );
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { ok: true, text: bytes.toString('utf8', start) };
}

function encodingProblem(what: string): DecodedText {
  return { ok: false, problem: `${what}; zeek-budget reads UTF-8: save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)`, line: 1, column: 1 };
}

function at(bytes: Buffer, index: number, what: string): DecodedText {
  const before = bytes.subarray(0, index);
  let line = 1;
  for (const b of before) if (b === 0x0a) line++;
  const lineStart = before.lastIndexOf(0x0a) + 1;
  return { ok: false, problem: `${what}: save the file as UTF-8`, line, column: index - lineStart + 1 };
}

/** Index of the first byte that breaks UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF), or -1. */
export function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}
