import { grown } from '../../harness/util/grown.js';

test('grown keeps the elements and the array type, and fills the new room', () => {
  const ints = grown(Int32Array.from([1, -2, 3]), 6, -1);
  expect(ints).toBeInstanceOf(Int32Array);
  expect([...ints]).toEqual([1, -2, 3, -1, -1, -1]);
  const doubles = grown(Float64Array.from([0.5, 2 ** 40]), 4);
  expect(doubles).toBeInstanceOf(Float64Array);
  expect([...doubles]).toEqual([0.5, 2 ** 40, 0, 0]);
});
