/** A copy of `a` with room for `size` elements (the new ones 0, or `fill`): how the readers' typed-array tables grow. */
export function grown<A extends Int32Array | Float64Array>(a: A, size: number, fill = 0): A {
  const b = (a instanceof Float64Array ? new Float64Array(size) : new Int32Array(size)) as A;
  if (fill !== 0) b.fill(fill, a.length);
  (b as Int32Array).set(a as Int32Array);
  return b;
}
