/**
 * The `id` → value table of one `xctrace export` document. It lives for the whole document: a
 * `ref` may point to a definition any number of rows (or `<node>`s) back. Memory grows with the
 * number of distinct values, not rows: numbers (a new `sample-time` per row, in a time profile)
 * cost 8 bytes each in paged Float64Arrays; other values sit in a Map.
 *
 * Real exports number ids 1, 2, 3, ... once per document. When a `<node>` starts again at 1 (not
 * observed, but not excluded either), a definition simply replaces the old value: refs after it
 * see the new one, which is right for both numbering schemes. Ids that are not decimal integers
 * (seen in hand-written files) are kept in a string-keyed Map.
 */
import type { XValue } from './values.js';

const PAGE_BITS = 16;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;
/** Ids above this use the Map (a hostile id="999999999999" must not allocate pages up to it). */
const MAX_PAGED_ID = 1 << 30;

export class IdTable {
  private readonly pages: (Float64Array | undefined)[] = [];
  private readonly objects = new Map<number, XValue>();
  private readonly named = new Map<string, XValue>();
  private maxId = -1;
  /** Definitions that replaced an earlier one with the same id. */
  redefinitions = 0;

  /** Bytes held by the numeric pages (for the benchmark's memory notes). */
  get pageBytes(): number {
    let n = 0;
    for (const p of this.pages) if (p) n += p.byteLength;
    return n;
  }

  get size(): number {
    let n = this.objects.size + this.named.size;
    for (const p of this.pages) if (p) for (let i = 0; i < p.length; i++) if (p[i] === p[i]) n++;
    return n;
  }

  define(id: number, v: XValue): void {
    if (id > MAX_PAGED_ID) {
      this.objects.set(id, v);
      return;
    }
    if (id <= this.maxId) this.clear(id);
    else this.maxId = id;
    if (typeof v === 'number') {
      const pi = id >>> PAGE_BITS;
      let page = this.pages[pi];
      if (page === undefined) {
        page = new Float64Array(PAGE_SIZE).fill(Number.NaN);
        this.pages[pi] = page;
      }
      page[id & PAGE_MASK] = v;
    } else {
      this.objects.set(id, v);
    }
  }

  defineNamed(id: string, v: XValue): void {
    if (this.named.has(id)) this.redefinitions++;
    this.named.set(id, v);
  }

  /** The value, or undefined when the id was never defined. */
  get(id: number): XValue | undefined {
    const page = this.pages[id >>> PAGE_BITS];
    if (page !== undefined) {
      const v = page[id & PAGE_MASK] as number;
      if (v === v) return v;
    }
    return this.objects.get(id);
  }

  getNamed(id: string): XValue | undefined {
    return this.named.get(id);
  }

  private clear(id: number): void {
    const page = this.pages[id >>> PAGE_BITS];
    let had = false;
    if (page !== undefined) {
      const i = id & PAGE_MASK;
      if (page[i] === page[i]) {
        page[i] = Number.NaN;
        had = true;
      }
    }
    if (this.objects.delete(id)) had = true;
    if (had) this.redefinitions++;
  }
}
