/**
 * The (time, weight) of every CPU sample of a profile, kept so that CPU time can be attributed to
 * intervals (inferences) that may come later in the document. Paged typed arrays: 12 bytes per
 * sample (time as an exact double, weight as a float32 when that is exact, else the sample is
 * kept in a small exact side table), no reallocation as it grows.
 */

const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
const MASK = PAGE - 1;

export class SampleStore {
  private readonly times: Float64Array[] = [];
  private readonly weights: Float32Array[] = [];
  private readonly exact = new Map<number, number>();
  private n = 0;
  private sorted = true;
  private last = Number.NEGATIVE_INFINITY;

  get count(): number {
    return this.n;
  }

  get bytes(): number {
    return this.times.length * PAGE * 12 + this.exact.size * 32;
  }

  add(time: number, weight: number): void {
    const i = this.n++;
    const p = i >>> PAGE_BITS;
    if (p === this.times.length) {
      this.times.push(new Float64Array(PAGE));
      this.weights.push(new Float32Array(PAGE));
    }
    (this.times[p] as Float64Array)[i & MASK] = time;
    const f = Math.fround(weight);
    (this.weights[p] as Float32Array)[i & MASK] = f;
    if (f !== weight) this.exact.set(i, weight);
    if (time < this.last) this.sorted = false;
    this.last = time;
  }

  time(i: number): number {
    return (this.times[i >>> PAGE_BITS] as Float64Array)[i & MASK] as number;
  }

  weight(i: number): number {
    const w = (this.weights[i >>> PAGE_BITS] as Float32Array)[i & MASK] as number;
    return this.exact.size === 0 ? w : (this.exact.get(i) ?? w);
  }

  /** Sorts by time (rows are nearly always in time order already). */
  sort(): void {
    if (this.sorted) return;
    const n = this.n;
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    const t = Float64Array.from({ length: n }, (_, i) => this.time(i));
    const w = Float64Array.from({ length: n }, (_, i) => this.weight(i));
    idx.sort((a, b) => (t[a] as number) - (t[b] as number));
    this.exact.clear();
    for (let k = 0; k < n; k++) {
      const i = idx[k] as number;
      (this.times[k >>> PAGE_BITS] as Float64Array)[k & MASK] = t[i] as number;
      const f = Math.fround(w[i] as number);
      (this.weights[k >>> PAGE_BITS] as Float32Array)[k & MASK] = f;
      if (f !== w[i]) this.exact.set(k, w[i] as number);
    }
    this.sorted = true;
  }

  /** Index of the first sample at or after `t` (samples sorted). */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.time(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Sum of the weights of the samples in [start, end). */
  sumBetween(start: number, end: number): number {
    let s = 0;
    for (let i = this.lowerBound(start); i < this.n; i++) {
      if (this.time(i) >= end) break;
      s += this.weight(i);
    }
    return s;
  }
}
