/**
 * Interned stacks of one `xctrace export` document, in typed arrays (issue 15): every backtrace is
 * a node of one prefix tree keyed root → leaf by symbol, so that stacks sharing their callers share
 * their nodes, and a stack is one integer (its leaf's node). Memory grows with the distinct call
 * paths' prefixes (8 bytes per node and 5–11 of hash slots), not with frames × stacks.
 *
 * A symbol is what the call tree merges by: the frame's label (its name, else its address) and its
 * binary's name. The first frame seen of a symbol stands for it (its binary's path, for engines);
 * a stack keeps its own leaf frame exactly (address, source line).
 */
import { hashUtf8, KEY_ESCAPED, SymbolIndex } from './symbols.js';
import { grown } from '../../core/typed.js';

export const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
export const PAGE_MASK = PAGE - 1;
/** The hash's segments: 2^20 slots (4 MB), a multiple of PAGE. */
const SEG_BITS = 20;
const SEG = 1 << SEG_BITS;
const SEG_MASK = SEG - 1;

/** One path, root first: its symbols and their nodes in the prefix tree. */
class Path {
  symbols = new Int32Array(128);
  nodes = new Int32Array(128);
  length = 0;

  reserve(n: number): void {
    if (this.symbols.length >= n) return;
    this.symbols = grown(this.symbols, n);
    this.nodes = grown(this.nodes, n);
  }
}

/** How many recent paths of a thread a new backtrace is matched against. */
export const RECENT_PATHS = 8;

/**
 * The last paths interned for one thread (a ring of RECENT_PATHS): a new backtrace of a thread
 * usually drifts from one of its recent ones (the same callers, new leaves).
 */
export class RecentPaths {
  readonly paths: Path[] = [];
  /** The slot the next path replaces. */
  next = 0;
}

/**
 * Most prefix-tree nodes a document keeps (issue 15: memory bounded whatever the cardinality).
 * A node costs 8 bytes here and 4–6 of hash; the call tree made from it (compact-tree.ts) takes
 * its child lists from those and adds 4–8 bytes of total weight: 6 M nodes are about 110 MB; a
 * 2 GB export of a real app's shape has 5.6 M. Past it, a new
 * stack's frames that would need a new node are merged into their caller (the deepest frame that
 * has one), counted in `mergedStacks` and reported.
 */
export const MAX_NODES = 6_000_000;

/** Expected nodes, symbols, frames and backtraces a MB of a real app's profile (StackTable's expectedBytes). */
const NODES_PER_MB = 2_500;
const SYMBOLS_PER_MB = 2_000;
const FRAMES_PER_MB = 2_300;
const STACKS_PER_MB = 400;
/**
 * The document size (MB) up to which the tables that grow in steps (node pages, symbol records,
 * frame records, stack records) are made at their expected size up front; a bigger document grows
 * them as it goes, from there.
 */
const PRESIZE_MB = 128;
/** The largest node hash (one segment: 4 MB) and symbol count (SymbolIndex.presize) made up front. */
const NODE_HINT_SLOTS = 1 << 20;
const SYMBOL_HINT_SLOTS = 1 << 18;

const RECORD_BITS = 12;
const RECORD_PAGE = 1 << RECORD_BITS;
const RECORD_MASK = RECORD_PAGE - 1;

/**
 * The backtraces of one document by stack index, as integers: the leaf's node, the leaf frame's
 * index, the depth and whether it is symbolicated (13 bytes a stack), in pages of 4,096 stacks.
 */
export class StackRecords {
  private readonly nodes: Int32Array[] = [];
  private readonly leaves: Int32Array[] = [];
  private readonly depths: Int32Array[] = [];
  private readonly flags: Uint8Array[] = [];

  /** `expected`: the backtraces the document is expected to hold (their pages made up front). */
  constructor(expected = 0) {
    while (this.nodes.length * RECORD_PAGE < expected) this.addPage();
  }

  private addPage(): void {
    this.nodes.push(new Int32Array(RECORD_PAGE));
    this.leaves.push(new Int32Array(RECORD_PAGE));
    this.depths.push(new Int32Array(RECORD_PAGE));
    this.flags.push(new Uint8Array(RECORD_PAGE));
  }

  set(index: number, node: number, leaf: number, depth: number, symbolicated: boolean): void {
    const p = index >>> RECORD_BITS;
    while (this.nodes.length <= p) this.addPage();
    const k = index & RECORD_MASK;
    (this.nodes[p] as Int32Array)[k] = node;
    (this.leaves[p] as Int32Array)[k] = leaf;
    (this.depths[p] as Int32Array)[k] = depth;
    (this.flags[p] as Uint8Array)[k] = symbolicated ? 1 : 0;
  }

  node(index: number): number {
    return (this.nodes[index >>> RECORD_BITS] as Int32Array)[index & RECORD_MASK] as number;
  }

  /** The leaf frame's index (-1: no frames). */
  leaf(index: number): number {
    return (this.leaves[index >>> RECORD_BITS] as Int32Array)[index & RECORD_MASK] as number;
  }

  depth(index: number): number {
    return (this.depths[index >>> RECORD_BITS] as Int32Array)[index & RECORD_MASK] as number;
  }

  symbolicated(index: number): boolean {
    return (this.flags[index >>> RECORD_BITS] as Uint8Array)[index & RECORD_MASK] === 1;
  }
}

export class StackTable {
  /**
   * Per symbol: its label, made when first read (`name`): a frame definition's symbol is found and
   * added by its bytes (symbols.ts), and of a real app's 200,000 symbols an output reads the names
   * of a few (top frames, the tree it shows; engines and binaries need none): a string each was
   * 8 % of the time at 100 MB and 25–30 MB of the heap. Labels given as strings are kept as given.
   */
  private readonly labels: (string | undefined)[] = [];
  /** Symbols by binary name (null: none) and label's bytes (symbols.ts). */
  private readonly index = new SymbolIndex();
  /**
   * Per symbol, its binary (name and path of its first frame: null when the frame has none) as an
   * index into `binaryList`: 4 bytes a symbol, not two arrays of strings (at 500,000 distinct
   * frames those were 8–11 MB of the heap, with their growth).
   */
  private symbolBinary = new Int32Array(1 << 12);
  private readonly binaryList: { name: string | null; path: string | null }[] = [];
  private readonly binaryIndex = new Map<string | null, Map<string | null, number>>();

  /**
   * Per node: its parent and its symbol, in pages of 2^16 (node 0 is the root, the empty stack).
   * Pages, not one array doubled as it fills: no copy, no half-empty tail, no old array freed late
   * (at 2 GB of a real app's profile, 5.4 M nodes, the doubling cost 60–90 MB of peak RSS).
   * While the table is `linked()` for the call tree, the parent pages hold the next sibling of
   * each node instead (see linked); every reader of parents below goes through `parents()`.
   */
  private readonly nodePages: Int32Array[] = [new Int32Array(PAGE)];
  readonly symbolPages: Int32Array[] = [new Int32Array(PAGE)];
  size = 1;
  /**
   * Open addressing (linear probing) over the nodes, at most 3/4 full, in segments of 2^20 slots
   * once it is that big (null once released): growing adds segments and reuses the old ones,
   * instead of leaving the old array (16 MB at 2^22 slots) as garbage that is freed late.
   */
  private segs: Int32Array[] | null = [new Int32Array(1 << 17)];
  private mask = (1 << 17) - 1;
  /** The child lists while linked: first callee per node, in pages of 2^16 (see linked). */
  private firstPages: Int32Array[] | null = null;
  /** Bumped each time the child lists are given up (a tree made from older ones must not walk them). */
  epoch = 0;

  /** Stacks interned with their deepest frames merged into their caller (the table was full). */
  mergedStacks = 0;

  /**
   * `expectedBytes`: the size of the document, when known, to size the hashes of nodes and symbols
   * for what a real app's profile of that size holds (about 2,300 nodes and 1,900 symbols a MB at
   * 100 MB), up to NODE_HINT_SLOTS and SYMBOL_HINT_SLOTS: a hash doubled as it fills rehashes every
   * entry each time (15 ms for the nodes and 17 for the symbols at 100 MB). Only sizes: the same
   * table either way.
   */
  constructor(
    readonly maxNodes = MAX_NODES,
    expectedBytes = 0,
  ) {
    (this.nodePages[0] as Int32Array)[0] = -1;
    const mb = expectedBytes / 2 ** 20;
    this.presizeMB = mb >= 1 ? Math.min(mb, PRESIZE_MB) : 0;
    if (mb >= 1) {
      let slots = 1 << 17;
      while (slots < NODE_HINT_SLOTS && slots * 3 < mb * NODES_PER_MB * 4) slots *= 2;
      if (slots > this.mask + 1) {
        this.segs = [new Int32Array(slots)];
        this.mask = slots - 1;
      }
      this.index.presize(Math.min(SYMBOL_HINT_SLOTS, mb * SYMBOLS_PER_MB), this.expectedSymbols);
      if (this.expectedSymbols > this.symbolBinary.length) this.symbolBinary = new Int32Array(this.expectedSymbols);
      // The node pages the document is expected to fill (below 3/4 of the hash: no rehash either).
      const nodes = Math.min(this.presizeMB * NODES_PER_MB, ((this.mask + 1) * 3) / 4, this.maxNodes);
      while (this.nodePages.length * PAGE < nodes) {
        this.nodePages.push(new Int32Array(PAGE));
        this.symbolPages.push(new Int32Array(PAGE));
      }
    }
    (this.symbolPages[0] as Int32Array)[0] = -1;
  }

  /**
   * The document's size in MB as far as the tables are made at their expected size up front (0:
   * unknown): the growth steps of a table (a new page, a bigger array) first taken while the hot
   * code runs optimized threw that code away (V8 had no type feedback for them), and compiling it
   * again cost more than the step (the stack interning, 20–37 ms of compiler time each).
   */
  readonly presizeMB: number;

  /** Symbols, frames and backtraces expected in the document, for the readers' tables (0: unknown). */
  get expectedSymbols(): number {
    return Math.ceil(this.presizeMB * SYMBOLS_PER_MB);
  }

  get expectedFrames(): number {
    return Math.ceil(this.presizeMB * FRAMES_PER_MB);
  }

  get expectedStacks(): number {
    return Math.ceil(this.presizeMB * STACKS_PER_MB);
  }

  /** The parent pages (restored from the child lists when the table is linked). */
  get parentPages(): Int32Array[] {
    if (this.firstPages !== null) this.unlink();
    return this.nodePages;
  }

  /** A node's parent (-1 for the root). */
  parentAt(n: number): number {
    return (this.parentPages[n >>> PAGE_BITS] as Int32Array)[n & PAGE_MASK] as number;
  }

  /** A node's symbol (-1 for the root). */
  symbolAt(n: number): number {
    return (this.symbolPages[n >>> PAGE_BITS] as Int32Array)[n & PAGE_MASK] as number;
  }

  /** Parents and symbols as flat arrays of `size` (for the call tree, which indexes them often). */
  flat(): { parent: Int32Array; symbol: Int32Array } {
    const parentPages = this.parentPages;
    const parent = new Int32Array(this.size);
    const symbol = new Int32Array(this.size);
    for (let p = 0; p * PAGE < this.size; p++) {
      const n = Math.min(PAGE, this.size - p * PAGE);
      parent.set((parentPages[p] as Int32Array).subarray(0, n), p * PAGE);
      symbol.set((this.symbolPages[p] as Int32Array).subarray(0, n), p * PAGE);
    }
    return { parent, symbol };
  }

  /**
   * The prefix tree as child lists, for the call tree (compact-tree.ts), in the memory the table
   * already holds: `first[q]` is q's first callee and `next[c]` the callee of c's caller after c
   * (0: none; node order, every node, weighed or not). `next` is written over the parent pages
   * (a node's parent is read, then its slot takes its next sibling: one pass from the last node
   * back, as a node's parent is always an earlier node) and `first` into the released hash, so
   * the tree needs no per-node index of its own (22 MB at 5.4 M nodes). Made once; the profiles of
   * a document share it. Reading parents or interning again restores them (and bumps `epoch`).
   */
  linked(): { first: Int32Array[]; next: Int32Array[]; epoch: number } {
    if (this.firstPages === null) {
      const pages = Math.ceil(this.size / PAGE);
      const first: Int32Array[] = [];
      const spare = this.releaseSegments();
      // The hash's segments become pages of `first` (2^20 slots: 16 pages each); it holds more
      // slots than nodes (at most 3/4 full).
      for (const seg of spare ?? []) for (let o = 0; o < seg.length && first.length < pages; o += PAGE) first.push(seg.subarray(o, o + PAGE).fill(0));
      while (first.length < pages) first.push(new Int32Array(PAGE));
      const np = this.nodePages;
      for (let i = this.size - 1; i > 0; i--) {
        const pi = np[i >>> PAGE_BITS] as Int32Array;
        const q = pi[i & PAGE_MASK] as number;
        const fq = first[q >>> PAGE_BITS] as Int32Array;
        pi[i & PAGE_MASK] = fq[q & PAGE_MASK] as number;
        fq[q & PAGE_MASK] = i;
      }
      this.firstPages = first;
    }
    return { first: this.firstPages, next: this.nodePages, epoch: this.epoch };
  }

  /** The parents again from the child lists (in place), which are then gone. */
  private unlink(): void {
    const first = this.firstPages as Int32Array[];
    const np = this.nodePages;
    for (let q = 0; q < this.size; q++) {
      for (let c = (first[q >>> PAGE_BITS] as Int32Array)[q & PAGE_MASK] as number; c !== 0; ) {
        const pc = np[c >>> PAGE_BITS] as Int32Array;
        const next = pc[c & PAGE_MASK] as number;
        pc[c & PAGE_MASK] = q;
        c = next;
      }
    }
    (np[0] as Int32Array)[0] = -1;
    this.firstPages = null;
    this.epoch++;
  }

  /** The symbol of a label and binary (interned). */
  symbolOf(name: string, binary: string | null, binaryPath: string | null): number {
    const index = this.index;
    const bin = index.binaryKey(binary);
    const [buf, len] = index.utf8(name);
    const h = hashUtf8(buf, 0, len, bin);
    const s = index.find(buf, 0, len, bin, h);
    return s >= 0 ? s : this.addSymbol(buf, 0, len, bin, h, name, binary, binaryPath);
  }

  /** The key of a binary name for symbolOfBytes (null: a frame without a binary). */
  binaryKey(binary: string | null): number {
    return this.index.binaryKey(binary);
  }

  /**
   * The symbol of a label given as its key bytes `buf[a..b)` (symbols.ts: its UTF-8 with `&<>"`
   * as entities) and its binary (`bin` from binaryKey, `h` from symbols.ts' hashUtf8): no string
   * is made unless the symbol is new (`flags`: symbols.ts' KEY_ASCII and KEY_ESCAPED of the bytes;
   * `binaryIndex`: binaryIndexFor(binary, binaryPath) when the caller keeps it, so that a new
   * symbol costs no lookup of its binary).
   */
  symbolOfBytes(buf: Buffer, a: number, b: number, bin: number, h: number, binary: string | null, binaryPath: string | null, flags = KEY_ESCAPED, binaryIndex = -1): number {
    const s = this.index.find(buf, a, b, bin, h);
    return s >= 0 ? s : this.addSymbol(buf, a, b, bin, h, undefined, binary, binaryPath, flags, binaryIndex);
  }

  /** The label of symbol s (made from its bytes when first read; '' for a number that is no symbol). */
  name(s: number): string {
    let v = this.labels[s];
    if (v === undefined) {
      if (!(s >= 0 && s < this.labels.length)) return '';
      v = this.index.label(s);
      this.labels[s] = v;
    }
    return v;
  }

  /** Symbols interned (numbered 0..symbolCount-1). */
  get symbolCount(): number {
    return this.labels.length;
  }

  private addSymbol(buf: Buffer, a: number, b: number, bin: number, h: number, name: string | undefined, binary: string | null, binaryPath: string | null, flags = KEY_ESCAPED, binaryIndex = -1): number {
    const s = this.index.add(buf, a, b, bin, h, flags);
    this.labels.push(name);
    if (s >= this.symbolBinary.length) {
      const bigger = new Int32Array(s + (s >>> 1) + 1);
      bigger.set(this.symbolBinary);
      this.symbolBinary = bigger;
    }
    this.symbolBinary[s] = binaryIndex >= 0 ? binaryIndex : this.binaryIndexFor(binary, binaryPath);
    return s;
  }

  /** A symbol's binary (name and path) as a small integer, the same for every symbol of that binary. */
  binaryIndexOf(s: number): number {
    return this.symbolBinary[s] as number;
  }

  /** Distinct binaries (binaryIndexOf gives 0..binaryCount-1). */
  get binaryCount(): number {
    return this.binaryList.length;
  }

  /** The binary's name of a symbol (null: none). */
  binaryNameOf(s: number): string | null {
    return s < this.labels.length ? (this.binaryList[this.symbolBinary[s] as number] as { name: string | null }).name : null;
  }

  /** The binary's path of a symbol (of its first frame; null: none). */
  binaryPathOf(s: number): string | null {
    return s < this.labels.length ? (this.binaryList[this.symbolBinary[s] as number] as { path: string | null }).path : null;
  }

  /** The index of a binary (name, path) in binaryList (what binaryIndexOf gives its symbols). */
  binaryIndexFor(name: string | null, path: string | null): number {
    let byPath = this.binaryIndex.get(name);
    if (byPath === undefined) {
      byPath = new Map();
      this.binaryIndex.set(name, byPath);
    }
    let bi = byPath.get(path);
    if (bi === undefined) {
      bi = this.binaryList.length;
      this.binaryList.push({ name, path });
      byPath.set(path, bi);
    }
    return bi;
  }

  /**
   * Gives up the hash of the nodes (4–6 bytes a node, 32 MB at 5.4 M nodes) when no more stacks
   * come: the call tree is made from parents and symbols only (compact-tree.ts). Interning again
   * rebuilds the hash.
   */
  releaseHash(): void {
    this.releaseSegments();
  }

  private releaseSegments(): Int32Array[] | null {
    const segs = this.segs;
    this.segs = null;
    return segs;
  }

  /** The hash's segments, made again if released, with the parent pages restored if linked. */
  private hash(): Int32Array[] {
    if (this.firstPages !== null) this.unlink();
    return this.segs ?? this.rehash(false);
  }

  /** The node of `parent`'s callee `symbol` (made when new; -1 when new and the table is full). */
  child(parent: number, symbol: number): number {
    const segs = this.hash();
    const mask = this.mask;
    // The probe starts one slot before the first and steps at the top of the loop: the step then
    // runs at every lookup, so that the optimized code has its type feedback (a step reached only
    // at the first collision deoptimized the stack interning around it, then compiled it again).
    let h = this.slotBefore(parent, symbol);
    const pp = this.nodePages;
    const sp = this.symbolPages;
    for (;;) {
      h = (h + 1) & mask;
      const n = (segs[h >>> SEG_BITS] as Int32Array)[h & SEG_MASK] as number;
      if (n === 0) break;
      const p = n >>> PAGE_BITS;
      const o = n & PAGE_MASK;
      if ((sp[p] as Int32Array)[o] === symbol && (pp[p] as Int32Array)[o] === parent) return n;
    }
    return this.append(parent, symbol, h);
  }

  /** A new node for `parent`'s callee `symbol`, known not to exist yet (its parent is new); -1 when the table is full. */
  private add(parent: number, symbol: number): number {
    const segs = this.hash();
    const mask = this.mask;
    let h = this.slotBefore(parent, symbol);
    do h = (h + 1) & mask;
    while ((segs[h >>> SEG_BITS] as Int32Array)[h & SEG_MASK] !== 0);
    return this.append(parent, symbol, h);
  }

  /** The hash slot before the first one probed for `parent`'s callee `symbol` (child, add). */
  private slotBefore(parent: number, symbol: number): number {
    const h = (Math.imul(parent, 0x9e3779b1) ^ Math.imul(symbol, 0x85ebca6b)) >>> 0;
    return ((h ^ (h >>> 15)) - 1) & this.mask;
  }

  /** The one place a node is made (the cap is checked here); `h` is its free hash slot. */
  private append(parent: number, symbol: number, h: number): number {
    if (this.size >= this.maxNodes) return -1;
    const pp = this.nodePages;
    const n = this.size++;
    const p = n >>> PAGE_BITS;
    if (p >= pp.length) {
      pp.push(new Int32Array(PAGE));
      this.symbolPages.push(new Int32Array(PAGE));
    }
    (pp[p] as Int32Array)[n & PAGE_MASK] = parent;
    (this.symbolPages[p] as Int32Array)[n & PAGE_MASK] = symbol;
    ((this.segs as Int32Array[])[h >>> SEG_BITS] as Int32Array)[h & SEG_MASK] = n;
    if (this.size * 4 > this.mask * 3) this.rehash();
    return n;
  }

  /** The node of a stack given leaf first (frames' symbols); a full table merges the rest into the caller. */
  intern(leafFirst: readonly number[]): number {
    return this.internSymbols(Int32Array.from(leafFirst), leafFirst.length);
  }

  /**
   * The node of a stack of `n` symbols given leaf first. `recent` (optional): the thread's recent
   * paths. The root-side frames the new stack shares with the one of them it shares most with are
   * matched by comparing symbols (sequential reads; a path that has the same node at depth d has
   * the same d frames, so each further path costs one comparison) rather than by a hash probe per
   * frame (a cache miss each); the rest is looked up, or added without a lookup once a node is new.
   * The path then replaces the oldest of `recent`.
   */
  internSymbols(leafFirst: Int32Array, n: number, recent: RecentPaths | null = null): number {
    if (recent === null) {
      let node = 0;
      for (let k = n - 1; k >= 0; k--) {
        const c = this.child(node, leafFirst[k] as number);
        if (c < 0) {
          this.mergedStacks++;
          break;
        }
        node = c;
      }
      return node;
    }
    const paths = recent.paths;
    // Depth d (0: the root's callee) of the new path is leafFirst[n - 1 - d].
    let best: Path | null = null;
    let d = 0;
    for (let c = 0; c < paths.length; c++) {
      const p = paths[c] as Path;
      const len = Math.min(n, p.length);
      if (d >= len) continue;
      if (d > 0 && p.nodes[d - 1] !== (best as Path).nodes[d - 1]) continue;
      const syms = p.symbols;
      if (syms[d] !== leafFirst[n - 1 - d]) continue;
      let e = d + 1;
      while (e < len && syms[e] === leafFirst[n - 1 - e]) e++;
      d = e;
      best = p;
    }
    let out: Path;
    if (paths.length < RECENT_PATHS) {
      out = new Path();
      paths.push(out);
    } else {
      out = paths[recent.next] as Path;
      recent.next = (recent.next + 1) % RECENT_PATHS;
    }
    out.reserve(n);
    const syms = out.symbols;
    const nodes = out.nodes;
    if (best !== null && best !== out) {
      syms.set(best.symbols.subarray(0, d));
      nodes.set(best.nodes.subarray(0, d));
    }
    let node = d > 0 ? (nodes[d - 1] as number) : 0;
    // Once a node is new, its callees are new too: they are added without a lookup.
    const fresh = this.size;
    for (; d < n; d++) {
      const sym = leafFirst[n - 1 - d] as number;
      const c = node >= fresh ? this.add(node, sym) : this.child(node, sym);
      if (c < 0) {
        // The table is full: the rest of the stack merges into `node` (its deepest kept caller).
        this.mergedStacks++;
        break;
      }
      node = c;
      syms[d] = sym;
      nodes[d] = node;
    }
    out.length = d;
    return node;
  }

  /** The symbols of a node's path, leaf first. */
  path(node: number): number[] {
    const out: number[] = [];
    for (let n = node; n > 0; n = this.parentAt(n)) out.push(this.symbolAt(n));
    return out;
  }

  /**
   * The hash at twice its size (`grow`) or again at its size, from the nodes (the old slots are not
   * read). Up to 2^20 slots it is one array; beyond, segments of 2^20: the ones held are cleared and
   * reused and only the new half is allocated.
   */
  private rehash(grow = true): Int32Array[] {
    const size = (this.mask + 1) * (grow ? 2 : 1);
    this.mask = size - 1;
    let segs: Int32Array[];
    if (size <= SEG) segs = [new Int32Array(size)];
    else {
      segs = (this.segs ?? []).filter((x) => x.length === SEG);
      for (const x of segs) x.fill(0);
      while (segs.length * SEG < size) segs.push(new Int32Array(SEG));
    }
    const pp = this.nodePages;
    for (let n = 1; n < this.size; n++) {
      let h = (Math.imul((pp[n >>> PAGE_BITS] as Int32Array)[n & PAGE_MASK] as number, 0x9e3779b1) ^ Math.imul(this.symbolAt(n), 0x85ebca6b)) >>> 0;
      h = (h ^ (h >>> 15)) & this.mask;
      while ((segs[h >>> SEG_BITS] as Int32Array)[h & SEG_MASK] !== 0) h = (h + 1) & this.mask;
      (segs[h >>> SEG_BITS] as Int32Array)[h & SEG_MASK] = n;
    }
    this.segs = segs;
    return segs;
  }
}
