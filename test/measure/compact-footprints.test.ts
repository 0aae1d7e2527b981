import fc from 'fast-check';
import { FootprintLayout } from '../../harness/measure/compact-footprints.js';
import { propertyParams } from '../helpers/property-params.js';

const NAMES = ['Conn::x', 'DNS::pending', 'HTTP::seen', 'Log::filters', 'SSL::certs'];
const nameOf = (id: number) => NAMES[id] as string;

/** What the collector built before: one Map, rows set in logged order (a repeated variable keeps its last value). */
function asMap(ids: number[], sizes: number[]): Map<string, number> {
  const m = new Map<string, number>();
  ids.forEach((id, i) => m.set(nameOf(id), sizes[i] as number));
  return m;
}

// Counts that fit 32 bits are stored in 4 bytes: around that edge, and beyond it, values must read back exactly.
const size = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 + 5 }),
  fc.integer({ min: 2 ** 32 - 3, max: 2 ** 32 + 3 }),
  fc.integer({ min: 0, max: 2 ** 40 }),
  fc.double({ noNaN: true }),
  fc.constant(-0),
);
const rows = fc.array(fc.tuple(fc.integer({ min: 0, max: NAMES.length - 1 }), size), { maxLength: 12 });

test('a dump through a shared layout reads exactly as the Map of its rows: get, has, size, order, iteration, JSON', () => {
  fc.assert(
    fc.property(rows, (r) => {
      const ids = r.map(([id]) => id);
      const sizes = r.map(([, s]) => s);
      const layout = new FootprintLayout(Int32Array.from(ids), nameOf);
      const fp = layout.footprints(Float64Array.from(sizes));
      const map = asMap(ids, sizes);
      expect([...fp]).toEqual([...map]);
      expect([...fp.keys()]).toEqual([...map.keys()]);
      expect([...fp.values()]).toEqual([...map.values()]);
      expect(fp.size).toBe(map.size);
      for (const n of NAMES) {
        expect(fp.get(n)).toBe(map.get(n));
        expect(fp.has(n)).toBe(map.has(n));
      }
      expect(JSON.stringify(fp)).toBe(JSON.stringify(Object.fromEntries(map)));
    }),
    propertyParams(300),
  );
});

test('dumps share a layout only when they repeat its rows; equality sees the values, not the storage', () => {
  const layout = new FootprintLayout(Int32Array.from([0, 1, 2]), nameOf);
  expect(layout.fits(Int32Array.from([0, 1, 2, 9]), 3)).toBe(true);
  expect(layout.fits(Int32Array.from([0, 2, 1]), 3)).toBe(false);
  expect(layout.fits(Int32Array.from([0, 1]), 2)).toBe(false);
  const a = layout.footprints(Float64Array.from([1, 2, 3]));
  const other = new FootprintLayout(Int32Array.from([0, 1, 2]), nameOf).footprints(Float64Array.from([1, 2, 3]));
  expect(a).toEqual(other);
  expect(a).not.toEqual(layout.footprints(Float64Array.from([1, 2, 4])));
  // Each dump has its own values: a later dump of the layout leaves an earlier one alone.
  expect(a.get('HTTP::seen')).toBe(3);
});
