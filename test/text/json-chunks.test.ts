import fc from 'fast-check';
import { jsonChunks } from '../../harness/text/json-chunks.js';
import { propertyParams } from '../helpers/property-params.js';

const join = (v: unknown, size?: number) => [...jsonChunks(v, size)].join('');

test('the chunks are JSON.stringify(value, null, 2), whatever the value and the chunk size', () => {
  // Large containers too, so both the walk and the small-container shortcut are taken at every depth.
  const leaf = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(-0));
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 60 }),
    object: fc.dictionary(fc.string(), tie('value'), { maxKeys: 60 }),
  }));
  fc.assert(
    fc.property(value, fc.integer({ min: 1, max: 4096 }), (v, size) => {
      const expected = JSON.stringify(v, null, 2);
      expect(join(v, size)).toBe(expected ?? '');
    }),
    propertyParams(300),
  );
});

test('Maps are written as objects, toJSON is honoured, and chunks stay near the size asked for', () => {
  class Compact {
    toJSON() {
      return { a: 1, b: 2 };
    }
  }
  const big = { dumps: Array.from({ length: 2000 }, (_, i) => ({ ts: i, footprints: new Map([[`V::${i}`, i]]), compact: new Compact() })) };
  const chunks = [...jsonChunks(big, 4096)];
  const plain = { dumps: big.dumps.map((d) => ({ ts: d.ts, footprints: Object.fromEntries(d.footprints), compact: { a: 1, b: 2 } })) };
  expect(chunks.join('')).toBe(JSON.stringify(plain, null, 2));
  expect(chunks.length).toBeGreaterThan(10);
  // A chunk is handed over once it reaches the size: at most one container of leaves beyond it.
  expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(4096 + 200);
});

test('a value JSON leaves out entirely gives no text, as JSON.stringify gives undefined', () => {
  expect(join(undefined)).toBe('');
  expect(join(() => 1)).toBe('');
  expect(join([undefined, () => 1])).toBe(JSON.stringify([undefined, () => 1], null, 2));
});
