import fc from 'fast-check';
import { sameBytes } from '../../harness/util/same-bytes.js';
import { propertyParams } from '../helpers/property-params.js';

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Eight bytes whose double is +0, -0, a NaN (quiet, signalling, with payload) or an ordinary number. */
function word(bits: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, bits, true);
  return b;
}
const SPECIAL = [0n, 0x8000000000000000n, 0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff0000000000001n, 0x7ff8dead0000beefn, 0x3ff0000000000000n];

test('sameBytes agrees with a byte-wise comparison on any bytes, +0, -0 and NaNs included', () => {
  const chunk = fc.oneof(fc.uint8Array({ minLength: 0, maxLength: 12 }), fc.constantFrom(...SPECIAL).map(word));
  fc.assert(
    fc.property(
      fc.array(chunk, { maxLength: 6 }),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(...SPECIAL)), { maxLength: 3 }),
      fc.nat({ max: 7 }),
      fc.nat({ max: 7 }),
      (chunks, swaps, ia, ib) => {
        const a = Uint8Array.from([...new Uint8Array(ia), ...chunks.flatMap((c) => [...c])]);
        const bytes = a.slice(ia);
        // The same bytes, some 8-byte words replaced by another special word (often a different one of equal double value).
        for (const [at, bits] of swaps) if (bytes.length >= 8) bytes.set(word(bits), at % (bytes.length - 7));
        const b = Uint8Array.from([...new Uint8Array(ib), ...bytes]);
        const len = bytes.length;
        const expected = Buffer.from(a.subarray(ia, ia + len)).equals(Buffer.from(b.subarray(ib, ib + len)));
        expect(sameBytes(view(a), ia, view(b), ib, len)).toBe(expected);
      },
    ),
    propertyParams(2000),
  );
});

test('sameBytes tells +0 from -0 and a NaN from itself only by its bytes', () => {
  const plus = word(0n);
  const minus = word(0x8000000000000000n);
  const nan = word(0x7ff8000000000000n);
  expect(sameBytes(view(plus), 0, view(minus), 0, 8)).toBe(false);
  expect(sameBytes(view(minus), 0, view(plus), 0, 8)).toBe(false);
  expect(sameBytes(view(plus), 0, view(word(0n)), 0, 8)).toBe(true);
  expect(sameBytes(view(nan), 0, view(word(0x7ff8000000000000n)), 0, 8)).toBe(true);
  expect(sameBytes(view(nan), 0, view(word(0x7ff8000000000001n)), 0, 8)).toBe(false);
});
