import { describe, expect, it } from 'vitest';
import { grown } from '../../src/core/typed.js';

describe('grown', () => {
  it('copies into an array of the same kind, doubled until it holds the asked length, the rest zero', () => {
    const a = Int32Array.from([5, -6, 7]);
    const b = grown(a, 4);
    expect(b).toBeInstanceOf(Int32Array);
    expect([...b]).toEqual([5, -6, 7, 0, 0, 0]);
    expect(grown(a, 13).length).toBe(24);
    const f = grown(Float64Array.from([0.5, NaN]), 3);
    expect(f).toBeInstanceOf(Float64Array);
    expect([...f]).toEqual([0.5, NaN, 0, 0]);
    expect(grown(Uint8Array.from([255]), 1)).toEqual(Uint8Array.from([255, 0]));
  });

  it('grows an empty array too, and leaves the original as it was', () => {
    const e = new Uint32Array(0);
    expect(grown(e, 5).length).toBe(8);
    expect(e.length).toBe(0);
  });
});
