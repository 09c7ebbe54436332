/**
 * The index of a document's symbols (issue 15): a symbol is a label (a frame's name, else its
 * address) and its binary's name, and it is found by the label's UTF-8 bytes and a small integer
 * per binary name, in one open-addressing table over typed arrays and one byte pool. A frame
 * definition's name is hashed and compared as the bytes the scanner decoded in place: no string is
 * made to look it up, and the label's string is made once per symbol, when the symbol is new.
 * A string key (addresses of unsymbolicated stacks, the tests) is looked up by its UTF-8 bytes,
 * so both ways meet in the same symbols.
 *
 * Equal decoded labels have equal UTF-8 bytes and unequal labels unequal bytes: keying by the
 * bytes is keying by the string (the scanner gives the bytes of the decoded value, never raw
 * markup with entities).
 */

const EMPTY_SLOT = 0;

/** FNV-1a over a byte range (the scanner's attributeUtf8 makes the same as it decodes). */
export function fnv1a(buf: Uint8Array, a: number, b: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = a; i < b; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  return h;
}

/** The hash a symbol is looked up by: the label bytes' FNV-1a (`fnv1a`) mixed with its binary's key. */
export function symbolHash(labelHash: number, bin: number): number {
  let h = labelHash ^ Math.imul(bin + 1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/** symbolHash of a byte range. */
export function hashUtf8(buf: Uint8Array, a: number, b: number, bin: number): number {
  return symbolHash(fnv1a(buf, a, b), bin);
}

export class SymbolIndex {
  /** Symbol + 1 per slot (0: free); at most half full. */
  private slots = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private hashes = new Int32Array(1 << 11);
  private bins = new Int32Array(1 << 11);
  private starts = new Int32Array(1 << 11);
  private lens = new Int32Array(1 << 11);
  private pool = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private readonly binaryKeys = new Map<string | null, number>();
  private scratch = Buffer.allocUnsafe(256);
  /** Symbols indexed (their numbers are 0..size-1, in the order added). */
  size = 0;

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
    let slot = h & mask;
    for (;;) {
      const e = slots[slot] as number;
      if (e === EMPTY_SLOT) return -1;
      const s = e - 1;
      if (this.hashes[s] === h && this.lens[s] === len && this.bins[s] === bin) {
        const p = this.pool;
        let k = this.starts[s] as number;
        let i = a;
        while (i < b && p[k] === buf[i]) {
          i++;
          k++;
        }
        if (i === b) return s;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Indexes the label bytes as symbol `size` (known absent: `find` said -1); returns it. */
  add(buf: Uint8Array, a: number, b: number, bin: number, h: number): number {
    const s = this.size++;
    if (s >= this.hashes.length) this.growRecords();
    const len = b - a;
    if (this.used + len > this.pool.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.pool.length * 2, this.used + len));
      this.pool.copy(bigger, 0, 0, this.used);
      this.pool = bigger;
    }
    this.pool.set(buf.subarray(a, b), this.used);
    this.starts[s] = this.used;
    this.used += len;
    this.hashes[s] = h;
    this.lens[s] = len;
    this.bins[s] = bin;
    this.place(s, h);
    if (this.size * 2 > this.mask) this.rehash();
    return s;
  }

  /** The bytes of a string label in a scratch buffer: [buffer, length]. */
  utf8(label: string): [Buffer, number] {
    const max = label.length * 3;
    if (this.scratch.length < max) this.scratch = Buffer.allocUnsafe(Math.max(max, this.scratch.length * 2));
    return [this.scratch, this.scratch.write(label, 0, 'utf8')];
  }

  private place(s: number, h: number): void {
    let slot = h & this.mask;
    while (this.slots[slot] !== EMPTY_SLOT) slot = (slot + 1) & this.mask;
    this.slots[slot] = s + 1;
  }

  private growRecords(): void {
    const n = this.hashes.length * 2;
    const grow = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.hashes = grow(this.hashes);
    this.bins = grow(this.bins);
    this.starts = grow(this.starts);
    this.lens = grow(this.lens);
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let s = 0; s < this.size; s++) this.place(s, this.hashes[s] as number);
  }
}
