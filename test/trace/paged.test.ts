import { describe, expect, it } from 'vitest';
import { PagedNumbers } from '../../src/trace/paged.js';
import { SampleStore } from '../../src/trace/samples.js';

describe('PagedNumbers', () => {
  it('keeps every double exactly, absent as NaN, in small pages of offsets', () => {
    const p = new PagedNumbers(4);
    const values = [70_294_787, 70_295_000, 2 ** 50 - 1, 3, -7, 0.5, 947_990, Number.MAX_SAFE_INTEGER, 1e300, 70_294_788];
    values.forEach((v, i) => p.set(i * 3, v));
    values.forEach((v, i) => expect(p.get(i * 3)).toBe(v));
    expect(p.get(1)).toBeNaN();
    expect(p.get(1_000_000)).toBeNaN();
    p.set(3, Number.NaN);
    expect(p.get(3)).toBeNaN();
  });

  it('switches a page with many outliers to doubles and stays exact', () => {
    const p = new PagedNumbers(8);
    for (let i = 0; i < 256; i++) p.set(i, i % 2 ? i * 1e12 + 0.25 : i);
    for (let i = 0; i < 256; i++) expect(p.get(i)).toBe(i % 2 ? i * 1e12 + 0.25 : i);
    expect(p.bytes).toBe(256 * 8);
  });
});

describe('SampleStore', () => {
  it('keeps weights exact past 255 distinct values (cycle weights)', () => {
    const s = new SampleStore();
    for (let i = 0; i < 1000; i++) s.add(i, 414_498 + i * 7);
    for (const i of [0, 254, 255, 999]) expect(s.weight(i)).toBe(414_498 + i * 7);
    expect(s.sumBetween(0, 1000)).toBe(1000 * 414_498 + 7 * ((999 * 1000) / 2));
  });

  it('sums the weights of the samples inside [start, end), sorting them first when needed', () => {
    const s = new SampleStore();
    for (const [t, w] of [
      [30, 3],
      [10, 1],
      [20, 2],
      [40, 4_000_000_000_000],
    ] as const)
      s.add(t, w);
    s.sort();
    expect([s.time(0), s.time(3)]).toEqual([10, 40]);
    expect(s.sumBetween(10, 30)).toBe(3);
    expect(s.sumBetween(15, 41)).toBe(2 + 3 + 4_000_000_000_000);
    expect(s.sumBetween(41, 50)).toBe(0);
  });
});
