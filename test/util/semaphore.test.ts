import { Semaphore } from '../../harness/util/semaphore.js';

test('the semaphore admits `limit` holders, in order, and a double release frees one place', async () => {
  const s = new Semaphore(2);
  const order: number[] = [];
  const a = await s.acquire();
  const b = await s.acquire();
  const waiting = [3, 4].map((n) =>
    s.acquire().then((release) => {
      order.push(n);
      return release;
    }),
  );
  await new Promise((resolve) => setImmediate(resolve));
  expect(order).toEqual([]);
  a();
  a();
  const third = await waiting[0];
  await new Promise((resolve) => setImmediate(resolve));
  // The second release of `a` freed nothing: 4 still waits for a place.
  expect(order).toEqual([3]);
  b();
  const fourth = await waiting[1];
  expect(order).toEqual([3, 4]);
  third?.();
  fourth?.();
  // Both places are free again.
  await s.acquire();
  await s.acquire();
});
