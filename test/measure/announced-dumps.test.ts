import fc from 'fast-check';
import { AnnouncedDumps, type Announced } from '../../harness/measure/announced-dumps.js';
import { propertyParams } from '../helpers/property-params.js';

// A model: the Map keyed by `${run} ${key}` the tracker used before, in insertion order.
type Op = { kind: 'add' | 'get' | 'delete'; run: number; key: number };

test('AnnouncedDumps finds, adds and deletes as a map keyed by (run, key) does, and lists in announcement order', () => {
  // Few keys and runs, so that one key often has dumps of several runs (chained).
  const op = fc.record({ kind: fc.constantFrom<Op['kind']>('add', 'get', 'delete'), run: fc.integer({ min: 1, max: 3 }), key: fc.integer({ min: 0, max: 4 }) });
  fc.assert(
    fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const dumps = new AnnouncedDumps();
      const model = new Map<string, Announced>();
      for (const o of ops) {
        const id = `${o.run} ${o.key}`;
        if (o.kind === 'add') {
          const a = dumps.getOrAdd(o.run, o.key / 1e6, o.key);
          if (model.has(id)) expect(a).toBe(model.get(id));
          else model.set(id, a);
          expect([a.run, a.key]).toEqual([o.run, o.key]);
        } else if (o.kind === 'get') {
          expect(dumps.get(o.run, o.key)).toBe(model.get(id));
        } else {
          const a = model.get(id);
          if (a !== undefined) {
            dumps.delete(a);
            model.delete(id);
          }
        }
        expect(dumps.size).toBe(model.size);
      }
      expect(dumps.values()).toEqual([...model.values()]);
      for (const a of dumps.values()) expect(model.get(`${a.run} ${a.key}`)).toBe(a);
    }),
    propertyParams(500),
  );
});

test('a dump deleted from the middle of a key’s chain leaves the others of that key', () => {
  const dumps = new AnnouncedDumps();
  const [a, b, c] = [1, 2, 3].map((run) => dumps.getOrAdd(run, 5, 5_000_000)) as [Announced, Announced, Announced];
  dumps.delete(b);
  expect(dumps.get(1, 5_000_000)).toBe(a);
  expect(dumps.get(2, 5_000_000)).toBeUndefined();
  expect(dumps.get(3, 5_000_000)).toBe(c);
  expect(dumps.values()).toEqual([a, c]);
  dumps.delete(b);
  expect(dumps.size).toBe(2);
});
