/**
 * A large array of numbers in 4 bytes each where it can: pages of consecutive indexes store int32
 * offsets from the page's first value, which fits the values of a long export (consecutive sample
 * times, weights close to each other). A value that does not fit is kept exactly in a small side
 * map; a page with many of those switches to float64. Exact for every double; NaN means "absent".
 * No reallocation as it grows: memory is about 4 bytes per index, for ids and samples of gigabyte
 * exports.
 */

const ABSENT = -2147483648;
const MAX_OUTLIERS = 32;

/** Values of the kinds Page's fields take later, written in its constructor (see there). */
const NO_WIDE = new Float64Array(0);
const NO_OUTLIERS = new Map<number, number>();

class Page {
  base = Number.NaN;
  offs: Int32Array | null;
  wide: Float64Array | null = null;
  outliers: Map<number, number> | null = null;

  constructor(size: number) {
    // Each field that is written again after construction (the first value, the first outlier,
    // widening) is written here with a value of each kind it takes, the last one its start: V8
    // tracks a field as constant and of one kind until a write says otherwise, and that write
    // (the first sample time past 2^31 ns, near MB 7 of a real app's profile) threw away the
    // optimized code of everything that reads ids (the row's cells, frame definitions), to be
    // compiled again. Now the fields are general from the first page on: the same values.
    this.base = 0.5;
    this.base = Number.NaN;
    this.wide = NO_WIDE;
    this.wide = null;
    this.outliers = NO_OUTLIERS;
    this.outliers = null;
    this.offs = null;
    this.offs = new Int32Array(size).fill(ABSENT);
  }
}

export class PagedNumbers {
  private readonly pages: (Page | undefined)[] = [];
  private readonly size: number;
  private readonly mask: number;

  constructor(private readonly bits = 12) {
    this.size = 1 << bits;
    this.mask = this.size - 1;
  }

  /** Bytes held (for the benchmark's notes). */
  get bytes(): number {
    let n = 0;
    for (const p of this.pages) if (p) n += (p.wide ? p.wide.byteLength : (p.offs as Int32Array).byteLength) + (p.outliers?.size ?? 0) * 40;
    return n;
  }

  set(i: number, v: number): void {
    const pi = i >>> this.bits;
    let p = this.pages[pi];
    if (p === undefined) {
      p = new Page(this.size);
      this.pages[pi] = p;
    }
    const k = i & this.mask;
    if (p.wide !== null) {
      p.wide[k] = v;
      return;
    }
    const offs = p.offs as Int32Array;
    if (p.outliers !== null) p.outliers.delete(k);
    if (Number.isNaN(v)) {
      offs[k] = ABSENT;
      return;
    }
    if (p.base !== p.base) p.base = v;
    const d = v - p.base;
    if (d > ABSENT && d <= 2147483647 && (d | 0) === d) {
      offs[k] = d;
      return;
    }
    offs[k] = ABSENT;
    (p.outliers ??= new Map()).set(k, v);
    if (p.outliers.size > MAX_OUTLIERS) this.widen(p);
  }

  /** The value, or NaN when absent. */
  get(i: number): number {
    const p = this.pages[i >>> this.bits];
    if (p === undefined) return Number.NaN;
    const k = i & this.mask;
    if (p.wide !== null) return p.wide[k] as number;
    const o = (p.offs as Int32Array)[k] as number;
    if (o !== ABSENT) return p.base + o;
    if (p.outliers !== null) {
      const v = p.outliers.get(k);
      if (v !== undefined) return v;
    }
    return Number.NaN;
  }

  private widen(p: Page): void {
    const wide = new Float64Array(this.size);
    const offs = p.offs as Int32Array;
    for (let k = 0; k < this.size; k++) {
      const o = offs[k] as number;
      wide[k] = o !== ABSENT ? p.base + o : (p.outliers?.get(k) ?? Number.NaN);
    }
    p.wide = wide;
    p.offs = null;
    p.outliers = null;
  }
}
