// A dump's footprints kept as numbers in its node's table must read exactly as the Map they
// replace: the same entries, in the order they were set, through every reader a Map offers.
import fc from 'fast-check';
import { FootprintTable } from '../../harness/measure/footprint-table.js';

test('table rows read like Maps with the same sets', () => {
  const name = fc.constantFrom('Conn::state', 'udp_content_ports', 'SSL::x', 'Log::filters', 'a', 'b', 'c');
  fc.assert(
    fc.property(fc.array(fc.array(fc.tuple(name, fc.nat({ max: 1e6 })), { maxLength: 10 }), { maxLength: 6 }), (dumps) => {
      const table = new FootprintTable();
      const pairs = dumps.map((sets) => {
        const row = table.row();
        const map = new Map<string, number>();
        for (const [k, v] of sets) {
          row.set(k, v);
          map.set(k, v);
        }
        return { row, map };
      });
      for (const { row, map } of pairs) {
        expect([...row]).toEqual([...map]);
        expect([...row.keys()]).toEqual([...map.keys()]);
        expect([...row.values()]).toEqual([...map.values()]);
        expect(row.size).toBe(map.size);
        expect(Object.fromEntries(row)).toEqual(Object.fromEntries(map));
        expect(new Map(row)).toEqual(map);
        for (const k of ['Conn::state', 'a', 'nope']) {
          expect(row.get(k)).toBe(map.get(k));
          expect(row.has(k)).toBe(map.has(k));
        }
        const seen: Array<[string, number]> = [];
        row.forEach((v, k) => seen.push([k, v]));
        expect(seen).toEqual([...map]);
      }
    }),
    { seed: 20261206, numRuns: 300 },
  );
});
