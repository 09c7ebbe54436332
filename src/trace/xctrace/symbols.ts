/**
 * The index of a document's symbols (issue 15): a symbol is a label (a frame's name, else its
 * address) and its binary's name, and it is found by the label's UTF-8 bytes and a small integer
 * per binary name, in one open-addressing table over typed arrays and one byte pool. A frame
 * definition's name is hashed and compared as the bytes the scanner decoded in place: no string is
 * made to look it up, and the label's string is made once per symbol, when the symbol is new.
 * A string key (addresses of unsymbolicated stacks, the tests) is looked up by its UTF-8 bytes,
 * so both ways meet in the same symbols.
 *
 * A label is keyed by its KEY BYTES: the UTF-8 of the label with `&`, `<`, `>` and `"` written as
 * `&amp;`, `&lt;`, `&gt;` and `&quot;` (keyOf; nothing else escaped, `'` included). That is the
 * markup xctrace writes for a name (`-&gt; Swift.Array&lt;Frame&gt;`, `'lambda'`), so a frame
 * definition's name is looked up by its bytes in the document as they are, hashed while the
 * scanner finds its end, with no decoded copy (scanner.ts frameDefinition); any other markup of a
 * name (character references, `&apos;`, a literal `>`, line breaks, non-ASCII) is decoded and
 * written as key bytes. Equal labels have equal key bytes and unequal labels unequal ones (the
 * escaping is one to one), so keying by them is keying by the string; a label is decoded from them.
 */
import { grown } from '../../core/typed.js';

const EMPTY_SLOT = 0;

/** Key-byte flags (SymbolIndex.add): all bytes below 0x80; an entity among them (label decodes it). */
export const KEY_ASCII = 1;
export const KEY_ESCAPED = 2;

const KEY_SPECIAL = /[&<>"]/;
const KEY_SPECIALS = /[&<>"]/g;
const KEY_ENTITIES = /&(?:amp|lt|gt|quot);/g;
const ESCAPE: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const UNESCAPE: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

/** The key text of a label (see above): its key bytes are this string's UTF-8. */
export function keyOf(label: string): string {
  return KEY_SPECIAL.test(label) ? label.replace(KEY_SPECIALS, (c) => ESCAPE[c] as string) : label;
}

/** The label of a key text (keyOf's inverse). */
export function labelOfKey(key: string): string {
  return key.includes('&') ? key.replace(KEY_ENTITIES, (e) => UNESCAPE[e] as string) : key;
}
const POOL_BITS = 20;
const POOL_PAGE = 1 << POOL_BITS;
const POOL_MASK = POOL_PAGE - 1;

/** FNV-1a's start and multiplier (the scanner's attributeUtf8 hashes with them as it decodes). */
export const FNV_BASIS = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over a byte range (the scanner's attributeUtf8 makes the same as it decodes). */
export function fnv1a(buf: Uint8Array, a: number, b: number): number {
  let h = FNV_BASIS;
  for (let i = a; i < b; i++) h = Math.imul(h ^ (buf[i] as number), FNV_PRIME);
  return h;
}

/** The hash a symbol is looked up by: the label bytes' FNV-1a (`fnv1a`) mixed with its binary's key. */
export function symbolHash(labelHash: number, bin: number): number {
  let h = labelHash ^ Math.imul(bin + 1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/** symbolHash of a range of key bytes. */
export function hashUtf8(buf: Uint8Array, a: number, b: number, bin: number): number {
  return symbolHash(keyHash(buf, a, b), bin);
}

/**
 * The hash of key bytes `buf[a..b)`: FNV-1a's step over their 32-bit little-endian words (then a
 * shift to bring high bits down), the last 0–3 bytes one at a time (keyByte). A word a step, not a
 * byte: the scanner hashes a frame's name as it looks for its end, four bytes at a time (scanner.ts
 * frameDefinition); its result is this function's.
 */
export function keyHash(buf: Uint8Array, a: number, b: number): number {
  let h = FNV_BASIS;
  let k = a;
  for (; k + 4 <= b; k += 4) h = keyWord(h, (buf[k] as number) | ((buf[k + 1] as number) << 8) | ((buf[k + 2] as number) << 16) | ((buf[k + 3] as number) << 24));
  for (; k < b; k++) h = keyByte(h, buf[k] as number);
  return h;
}

/** keyHash's step for a word of four key bytes. */
export function keyWord(h: number, w: number): number {
  const x = Math.imul(h ^ w, FNV_PRIME);
  return x ^ (x >>> 15);
}

/** keyHash's step for one of the last bytes. */
export function keyByte(h: number, c: number): number {
  return Math.imul(h ^ c, FNV_PRIME);
}

export class SymbolIndex {
  /**
   * Per slot, two Int32: symbol + 1 (0: free) and its hash, at most half the slots full. The hash
   * beside the symbol: a probe that meets another symbol costs no load of that symbol's record
   * (a cache miss each, with 200k symbols).
   */
  private slots = new Int32Array(2 << 12);
  private mask = (1 << 12) - 1;
  private bins = new Int32Array(1 << 11);
  private starts = new Int32Array(1 << 11);
  private lens = new Int32Array(1 << 11);
  /** Per symbol, its key bytes' flags (KEY_ASCII: read back as latin1; KEY_ESCAPED: entities to decode). */
  private flags = new Uint8Array(1 << 11);
  /**
   * The labels' bytes, in pages of POOL_PAGE filled one after the other (a label never straddles
   * two; a longer one gets a page of its own): no copy when it grows, no old pool freed late.
   * A symbol's start is its page << POOL_BITS | its offset.
   */
  private readonly pages: Buffer[] = [Buffer.allocUnsafe(1 << 16)];
  private used = 0;
  private readonly binaryKeys = new Map<string | null, number>();
  private scratch = Buffer.allocUnsafe(256);
  /** Symbols indexed (their numbers are 0..size-1, in the order added). */
  size = 0;

  /**
   * Room for `symbols` without a rehash, and for `records` symbols' records and a full first page
   * of label bytes without growing them (an empty index only; size hints, never limits).
   */
  presize(symbols: number, records = 0): void {
    if (this.size > 0) return;
    let size = this.mask + 1;
    while (size < 2 * symbols + 2) size *= 2;
    if (size !== this.mask + 1) {
      this.slots = new Int32Array(2 * size);
      this.mask = size - 1;
    }
    if (records > this.lens.length) {
      this.bins = grown(this.bins, records);
      this.starts = grown(this.starts, records);
      this.lens = grown(this.lens, records);
      this.flags = grown(this.flags, records);
    }
    if (records > 0 && this.used === 0) this.pages[0] = Buffer.allocUnsafe(POOL_PAGE);
  }

  /** The small integer of a binary name (null: a frame without a binary). */
  binaryKey(name: string | null): number {
    let k = this.binaryKeys.get(name);
    if (k === undefined) {
      k = this.binaryKeys.size;
      this.binaryKeys.set(name, k);
    }
    return k;
  }

  /** The symbol of the label bytes `buf[a..b)` of binary key `bin` (`h` from hashUtf8), or -1. */
  find(buf: Uint8Array, a: number, b: number, bin: number, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const len = b - a;
    // One slot before the first, stepped at the top of the loop: the step runs at every lookup, so
    // the optimized code has its type feedback (a step reached first at the first collision threw
    // the frame-definition code it is inlined into away, to be compiled again).
    let slot = (h - 1) & mask;
    for (;;) {
      slot = (slot + 1) & mask;
      const e = slots[2 * slot] as number;
      if (e === EMPTY_SLOT) return -1;
      const s = e - 1;
      if (slots[2 * slot + 1] === h && this.lens[s] === len && this.bins[s] === bin) {
        const at = this.starts[s] as number;
        const p = this.pages[at >>> POOL_BITS] as Buffer;
        let k = at & POOL_MASK;
        let i = a;
        while (i < b && p[k] === buf[i]) {
          i++;
          k++;
        }
        if (i === b) return s;
      }
    }
  }

  /**
   * Indexes the key bytes as symbol `size` (known absent: `find` said -1); returns it. `flags`:
   * KEY_ASCII when the bytes are all below 0x80 (else label() decodes them as UTF-8), KEY_ESCAPED
   * when they may hold an entity (else label() has none to decode).
   */
  add(buf: Uint8Array, a: number, b: number, bin: number, h: number, flags = KEY_ESCAPED): number {
    const s = this.size++;
    if (s >= this.lens.length) this.growRecords();
    const len = b - a;
    let pool = this.pages[this.pages.length - 1] as Buffer;
    if (this.used + len > pool.length) {
      // The first page grows to a full one, then new pages are added.
      const size = pool.length < POOL_PAGE && this.pages.length === 1 ? Math.min(POOL_PAGE, pool.length * 4) : POOL_PAGE;
      if (size > pool.length && this.used + len <= size) {
        const bigger = Buffer.allocUnsafe(size);
        pool.copy(bigger, 0, 0, this.used);
        this.pages[0] = pool = bigger;
      } else {
        pool = Buffer.allocUnsafe(Math.max(POOL_PAGE, len));
        this.pages.push(pool);
        this.used = 0;
      }
    }
    // Copied by hand, four bytes at a time through views kept per buffer (a subarray to set()
    // from was a Buffer object per symbol, 200k of them; a byte at a time, the largest line of
    // this function's time in a CPU profile).
    let o = this.used;
    let i = a;
    if (len >= 8) {
      const src = this.viewOf(buf);
      const dst = this.viewOf(pool, true);
      for (; i + 4 <= b; i += 4, o += 4) dst.setInt32(o, src.getInt32(i, true), true);
    }
    for (; i < b; i++) pool[o++] = buf[i] as number;
    this.starts[s] = ((this.pages.length - 1) << POOL_BITS) | this.used;
    this.used += len;
    this.lens[s] = len;
    this.bins[s] = bin;
    this.flags[s] = flags;
    this.place(this.slots, s, h);
    if (this.size * 2 > this.mask) this.rehash();
    return s;
  }

  /** A DataView of `buf` (the last one made for a source, or for a pool page: `pool`). */
  private viewOf(buf: Uint8Array, pool = false): DataView<ArrayBufferLike> {
    if (pool) {
      if (buf !== this.poolBuf) {
        this.poolBuf = buf;
        this.poolView = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      }
      return this.poolView;
    }
    if (buf !== this.srcBuf) {
      this.srcBuf = buf;
      this.srcView = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    return this.srcView;
  }

  private srcBuf: Uint8Array | null = null;
  private srcView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private poolBuf: Uint8Array | null = null;
  private poolView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  /** The label of symbol s, decoded from its key bytes (a new string at each call). */
  label(s: number): string {
    const at = this.starts[s] as number;
    const p = this.pages[at >>> POOL_BITS] as Buffer;
    const o = at & POOL_MASK;
    const e = o + (this.lens[s] as number);
    const f = this.flags[s] as number;
    if ((f & KEY_ESCAPED) === 0) return (f & KEY_ASCII) !== 0 ? latin1(p, o, e) : p.toString('utf8', o, e);
    // Entities decoded byte by byte (a `&` in key bytes always starts amp; lt; gt; or quot;): a
    // regular expression replace per label was 8 % of `--format folded` at 100 MB, which names
    // every symbol.
    if (this.scratch.length < e - o) this.scratch = Buffer.allocUnsafe(Math.max(e - o, this.scratch.length * 2));
    const out = this.scratch;
    let n = 0;
    for (let k = o; k < e; k++) {
      const c = p[k] as number;
      if (c === 38) {
        const d = p[k + 1];
        if (d === 108 /* lt; */) {
          out[n++] = 60;
          k += 3;
          continue;
        }
        if (d === 103 /* gt; */) {
          out[n++] = 62;
          k += 3;
          continue;
        }
        if (d === 113 /* quot; */) {
          out[n++] = 34;
          k += 5;
          continue;
        }
        k += 4; // amp;
      }
      out[n++] = c;
    }
    return (f & KEY_ASCII) !== 0 ? latin1(out, 0, n) : out.toString('utf8', 0, n);
  }

  /** The key bytes of a string label in a scratch buffer: [buffer, length]. */
  utf8(label: string): [Buffer, number] {
    const key = keyOf(label);
    const max = key.length * 3;
    if (this.scratch.length < max) this.scratch = Buffer.allocUnsafe(Math.max(max, this.scratch.length * 2));
    return [this.scratch, this.scratch.write(key, 0, 'utf8')];
  }

  private place(slots: Int32Array, s: number, h: number): void {
    const mask = this.mask;
    let slot = (h - 1) & mask;
    do slot = (slot + 1) & mask;
    while (slots[2 * slot] !== EMPTY_SLOT);
    slots[2 * slot] = s + 1;
    slots[2 * slot + 1] = h;
  }

  private growRecords(): void {
    const n = this.lens.length * 2;
    this.bins = grown(this.bins, n);
    this.starts = grown(this.starts, n);
    this.lens = grown(this.lens, n);
    this.flags = grown(this.flags, n);
  }

  private rehash(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(2 * size);
    this.mask = size - 1;
    for (let k = 0; k < old.length; k += 2) {
      const e = old[k] as number;
      if (e !== EMPTY_SLOT) this.place(slots, e - 1, old[k + 1] as number);
    }
    this.slots = slots;
  }
}

interface Latin1 {
  latin1Slice(start: number, end: number): string;
}

/**
 * `buf[a..b)` as latin1: Buffer's own latin1Slice (what toString('latin1') ends in, without the
 * encoding's lookup and the argument checks: a tenth of the cost of reading a short value).
 */
export function latin1(buf: Buffer, a: number, b: number): string {
  return (buf as unknown as Latin1).latin1Slice(a, b);
}
