/**
 * The (time, weight) of every CPU sample of a profile, kept so that CPU time can be attributed to
 * intervals (inferences) that may come later in the document. Exact, no reallocation as it grows,
 * about 5 bytes per sample: times as paged offsets (paged.ts), weights as one byte into a palette
 * while a profile has at most 255 distinct weights (a time profile has one or a few), as paged
 * numbers beyond (cycle weights).
 */
import { PagedNumbers } from './paged.js';

const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;

/** Weights: palette indexes while the palette is small, exact numbers after. */
class Weights {
  private palette: number[] = [];
  private readonly index = new Map<number, number>();
  private pages: Uint8Array[] = [];
  private numbers: PagedNumbers | null = null;

  get bytes(): number {
    return this.numbers ? this.numbers.bytes : this.pages.length * PAGE;
  }

  set(i: number, w: number): void {
    if (this.numbers) {
      this.numbers.set(i, w);
      return;
    }
    let k = this.index.get(w);
    if (k === undefined) {
      if (this.palette.length === 255) {
        this.spill(i).set(i, w);
        return;
      }
      k = this.palette.length;
      this.palette.push(w);
      this.index.set(w, k);
    }
    const p = i >>> PAGE_BITS;
    while (this.pages.length <= p) this.pages.push(new Uint8Array(PAGE));
    (this.pages[p] as Uint8Array)[i & (PAGE - 1)] = k;
  }

  get(i: number): number {
    if (this.numbers) return this.numbers.get(i);
    const page = this.pages[i >>> PAGE_BITS];
    return page ? (this.palette[page[i & (PAGE - 1)] as number] as number) : Number.NaN;
  }

  /** Moves the first `n` weights to exact storage, which takes every weight from now on. */
  private spill(n: number): PagedNumbers {
    const numbers = new PagedNumbers(12);
    for (let i = 0; i < n; i++) numbers.set(i, this.get(i));
    this.numbers = numbers;
    this.pages = [];
    this.palette = [];
    this.index.clear();
    return numbers;
  }
}

export class SampleStore {
  private times = new PagedNumbers(12);
  private weights = new Weights();
  private n = 0;
  private sorted = true;
  private last = Number.NEGATIVE_INFINITY;

  get count(): number {
    return this.n;
  }

  get bytes(): number {
    return this.times.bytes + this.weights.bytes;
  }

  add(time: number, weight: number): void {
    const i = this.n++;
    this.times.set(i, time);
    this.weights.set(i, weight);
    if (time < this.last) this.sorted = false;
    this.last = time;
  }

  time(i: number): number {
    return this.times.get(i);
  }

  weight(i: number): number {
    return this.weights.get(i);
  }

  /** Sorts by time (rows are nearly always in time order already). */
  sort(): void {
    if (this.sorted) return;
    const n = this.n;
    const t = new Float64Array(n);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      t[i] = this.time(i);
      w[i] = this.weight(i);
    }
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    idx.sort((a, b) => (t[a] as number) - (t[b] as number));
    this.times = new PagedNumbers(12);
    this.weights = new Weights();
    for (let k = 0; k < n; k++) {
      const i = idx[k] as number;
      this.times.set(k, t[i] as number);
      this.weights.set(k, w[i] as number);
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
