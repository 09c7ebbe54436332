/** Typed arrays do not grow: growing one is allocate, copy, swap. This is that, in one place. */
type Typed = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float32Array | Float64Array;

/**
 * A copy of `a` at least `min` long: its length doubled (at least once) until it holds `min`, the
 * rest zero. The caller swaps it in (`this.a = grown(this.a, i + 1)`).
 */
export function grown<T extends Typed>(a: T, min: number): T {
  let n = Math.max(1, a.length * 2);
  while (n < min) n *= 2;
  const b = new (a.constructor as new (length: number) => T)(n);
  (b as Float64Array).set(a as Float64Array);
  return b;
}
