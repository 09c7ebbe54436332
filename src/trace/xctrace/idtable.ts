/**
 * The `id` → value table of one `xctrace export` document. It lives for the whole document: a
 * `ref` may point to a definition any number of rows (or `<node>`s) back. Memory grows with the
 * number of distinct values, not rows: numbers (a new `sample-time` per row, in a time profile)
 * take about 4 bytes each (paged.ts); other values sit in a dense array indexed by id (ids grow one
 * by one in real exports: a ref is one array load, not a Map lookup), or in a Map for ids far
 * beyond the ones seen (a hostile id="999999999").
 *
 * Real exports number ids 1, 2, 3, ... once per document. When a `<node>` starts again at 1 (not
 * observed, but not excluded either), a definition simply replaces the old value: refs after it
 * see the new one, which is right for both numbering schemes. Ids that are not decimal integers
 * (seen in hand-written files) are kept in a string-keyed Map.
 */
import { PagedNumbers } from '../paged.js';
import type { XValue } from './values.js';

/** Ids above this use the Map (a hostile id="999999999999" must not allocate pages up to it). */
const MAX_PAGED_ID = 1 << 30;
/** A definition this far past the dense array's end goes to the Map (no giant holes). */
const DENSE_GAP = 1 << 16;
const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;

export class IdTable {
  private readonly numbers = new PagedNumbers(12);
  /**
   * Pages of 4,096 values (undefined: no object value): one JS array of every id, grown by copying
   * as it filled, left old copies of millions of slots in the old generation (a time profile
   * defines a backtrace and a sample time per row).
   */
  private readonly pages: (XValue | undefined)[][] = [];
  private readonly objects = new Map<number, XValue>();
  private readonly named = new Map<string, XValue>();
  private maxId = -1;
  /** Definitions that replaced an earlier one with the same id. */
  redefinitions = 0;

  /** Bytes held by the numbers (for the benchmark's notes). */
  get numberBytes(): number {
    return this.numbers.bytes;
  }

  define(id: number, v: XValue): void {
    if (id > MAX_PAGED_ID) {
      this.objects.set(id, v);
      return;
    }
    if (id <= this.maxId) this.clear(id);
    else this.maxId = id;
    if (typeof v === 'number') this.numbers.set(id, v);
    else if (id <= this.pages.length * PAGE + DENSE_GAP) {
      const p = id >>> PAGE_BITS;
      while (this.pages.length <= p) this.pages.push(new Array<XValue | undefined>(PAGE).fill(undefined));
      (this.pages[p] as (XValue | undefined)[])[id & PAGE_MASK] = v;
    } else this.objects.set(id, v);
  }

  defineNamed(id: string, v: XValue): void {
    if (this.named.has(id)) this.redefinitions++;
    this.named.set(id, v);
  }

  /** The value, or undefined when the id was never defined. */
  get(id: number): XValue | undefined {
    const page = this.pages[id >>> PAGE_BITS];
    if (page !== undefined) {
      const d = page[id & PAGE_MASK];
      if (d !== undefined) return d;
    }
    if (id <= MAX_PAGED_ID) {
      const v = this.numbers.get(id);
      if (v === v) return v;
    }
    return this.objects.get(id);
  }

  getNamed(id: string): XValue | undefined {
    return this.named.get(id);
  }

  private clear(id: number): void {
    let had = false;
    if (this.numbers.get(id) === this.numbers.get(id)) {
      this.numbers.set(id, Number.NaN);
      had = true;
    }
    if (this.objects.delete(id)) had = true;
    const page = this.pages[id >>> PAGE_BITS];
    if (page !== undefined && page[id & PAGE_MASK] !== undefined) {
      page[id & PAGE_MASK] = undefined;
      had = true;
    }
    if (had) this.redefinitions++;
  }
}
