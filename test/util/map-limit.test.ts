import fc from 'fast-check';
import { mapLimit } from '../../harness/util/map-limit.js';
import { propertyParams } from '../helpers/property-params.js';

test('mapLimit keeps the items order, calls fn once per item and never runs more than `limit` at once', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), async (delays, limit) => {
      let running = 0;
      let most = 0;
      const calls: number[] = [];
      const out = await mapLimit(delays, limit, async (d, i) => {
        calls.push(i);
        most = Math.max(most, ++running);
        // Ticks, not time: finishing out of order without depending on the clock.
        for (let k = 0; k <= d; k++) await Promise.resolve();
        running--;
        return i * 10 + d;
      });
      expect(out).toEqual(delays.map((d, i) => i * 10 + d));
      expect([...calls].sort((a, b) => a - b)).toEqual(delays.map((_, i) => i));
      expect(most).toBeLessThanOrEqual(limit);
      if (delays.length >= limit) expect(most).toBe(limit);
    }),
    propertyParams(200),
  );
});

test('mapLimit rejects with the first failure', async () => {
  await expect(mapLimit([1, 2, 3], 2, (x) => (x === 2 ? Promise.reject(new Error('two')) : x))).rejects.toThrow('two');
});
