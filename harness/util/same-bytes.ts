/**
 * Whether a[ia, ia+len) and b[ib, ib+len) hold the same bytes. Eight bytes at a time, read as
 * doubles: V8 compares a double in one instruction, where two 32-bit words took two loads and
 * two compares each (a tenth of the parse of a row measured, which compares about 70 bytes).
 * Equal doubles have equal bits except for +0 and -0; NaNs are never equal. Both cases are
 * compared again as words, so the answer is exact for any bytes.
 */
export function sameBytes(a: DataView, ia: number, b: DataView, ib: number, len: number): boolean {
  let i = 0;
  for (; i + 8 <= len; i += 8) {
    const x = a.getFloat64(ia + i, true);
    if (x === b.getFloat64(ib + i, true) && x !== 0) continue;
    if (a.getUint32(ia + i, true) !== b.getUint32(ib + i, true) || a.getUint32(ia + i + 4, true) !== b.getUint32(ib + i + 4, true)) return false;
  }
  for (; i + 4 <= len; i += 4) if (a.getUint32(ia + i, true) !== b.getUint32(ib + i, true)) return false;
  for (; i < len; i++) if (a.getUint8(ia + i) !== b.getUint8(ib + i)) return false;
  return true;
}
