/**
 * The `id` → value table of one `xctrace export` document. It lives for the whole document: a
 * `ref` may point to a definition any number of rows (or `<node>`s) back. Memory grows with the
 * number of distinct values, not rows: numbers (a new `sample-time` per row, in a time profile)
 * take about 4 bytes each (paged.ts); other values are kept once in a list, and an id holds 4 bytes
 * in pages of 4,096 ids: the value's place in that list, or a backtrace's stack index (ids grow
 * one by one in real exports: a ref is two array loads, not a Map lookup), or sits in a Map for
 * ids far beyond the ones seen (a hostile id="999999999").
 *
 * Backtraces are kept as integers (their stack index; the document keeps the stack's node and
 * leaf, reader.ts) and a Stack object is made by `stackAt` when a ref reads one, dropped with its
 * row: a Stack kept per backtrace was 72 bytes and a slot each (700,000 at 2 GB of a real app's
 * profile), and objects that live long fill the young generation and are copied before they stay.
 *
 * Frames likewise (frames.ts): an id holds the frame's index and `frameIndex` gives it to a
 * backtrace's `<frame ref>` with two loads; `get` makes a Frame object by `frameAt`.
 *
 * Real exports number ids 1, 2, 3, ... once per document. When a `<node>` starts again at 1 (not
 * observed, but not excluded either), a definition simply replaces the old value: refs after it
 * see the new one, which is right for both numbering schemes. Ids that are not decimal integers
 * (seen in hand-written files) are kept in a string-keyed Map.
 */
import { PagedNumbers } from '../paged.js';
import { Frame, Stack, type XValue } from './values.js';

/** Ids above this use the Map (a hostile id="999999999999" must not allocate pages up to it). */
const MAX_PAGED_ID = 1 << 30;
/** A definition this far past the pages' end goes to the Map (no giant holes). */
const DENSE_GAP = 1 << 16;
const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;
/** Page entries below 0: -(k + 1), a stack index k below FRAME_BASE, else frame k - FRAME_BASE. */
const FRAME_BASE = 1 << 30;

export class IdTable {
  private readonly numbers = new PagedNumbers(12);
  /**
   * Per id, in pages of 4,096 (Int32): 0 none, v > 0 the value `values[v - 1]`, v < 0 the
   * backtrace of stack index -v - 1 or the frame of index -v - 1 - FRAME_BASE. Pages, not one array grown by copying (a time profile
   * defines a backtrace and a sample time per row).
   */
  private readonly pages: (Int32Array | undefined)[] = [];
  /** The object values, once each, in the order defined. */
  private readonly values: XValue[] = [];
  private readonly objects = new Map<number, XValue>();
  private readonly named = new Map<string, XValue>();
  private maxId = -1;
  /** Definitions that replaced an earlier one with the same id. */
  redefinitions = 0;

  constructor(
    private readonly stackAt: ((index: number) => Stack) | null = null,
    private readonly frameAt: ((index: number) => Frame) | null = null,
  ) {}

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
      while (this.pages.length <= p) this.pages.push(undefined);
      let entry: number;
      if (v instanceof Stack && this.stackAt !== null && v.index < FRAME_BASE) entry = -v.index - 1;
      else if (v instanceof Frame && this.frameAt !== null && v.index < FRAME_BASE - 1) entry = -(FRAME_BASE + v.index) - 1;
      else {
        this.values.push(v);
        entry = this.values.length;
      }
      (this.pages[p] ??= new Int32Array(PAGE))[id & PAGE_MASK] = entry;
    } else this.objects.set(id, v);
  }

  /** Defines a frame by its index (frames.ts), without an object when the id is paged. */
  defineFrame(id: number, index: number): void {
    if (id > MAX_PAGED_ID || this.frameAt === null || index >= FRAME_BASE - 1 || id > this.pages.length * PAGE + DENSE_GAP) {
      this.define(id, (this.frameAt as (index: number) => Frame)(index));
      return;
    }
    if (id <= this.maxId) this.clear(id);
    else this.maxId = id;
    const p = id >>> PAGE_BITS;
    while (this.pages.length <= p) this.pages.push(undefined);
    (this.pages[p] ??= new Int32Array(PAGE))[id & PAGE_MASK] = -(FRAME_BASE + index) - 1;
  }

  /** The frame index defined at this id, or -1 when it is not a paged frame. */
  frameIndex(id: number): number {
    const page = this.pages[id >>> PAGE_BITS];
    if (page === undefined) return -1;
    const e = page[id & PAGE_MASK] as number;
    return e < -FRAME_BASE ? -e - 1 - FRAME_BASE : -1;
  }

  defineNamed(id: string, v: XValue): void {
    if (this.named.has(id)) this.redefinitions++;
    this.named.set(id, v);
  }

  /** The value, or undefined when the id was never defined. */
  get(id: number): XValue | undefined {
    const page = this.pages[id >>> PAGE_BITS];
    if (page !== undefined) {
      const e = page[id & PAGE_MASK] as number;
      if (e > 0) return this.values[e - 1];
      if (e < 0) {
        const k = -e - 1;
        return k < FRAME_BASE ? (this.stackAt as (index: number) => Stack)(k) : (this.frameAt as (index: number) => Frame)(k - FRAME_BASE);
      }
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
    if (page !== undefined && page[id & PAGE_MASK] !== 0) {
      page[id & PAGE_MASK] = 0;
      had = true;
    }
    if (had) this.redefinitions++;
  }
}
