/**
 * Interned stacks of one `xctrace export` document, in typed arrays (issue 15): every backtrace is
 * a node of one prefix tree keyed root → leaf by symbol, so that stacks sharing their callers share
 * their nodes, and a stack is one integer (its leaf's node). Memory grows with the distinct call
 * paths' prefixes (about 12 bytes per node), not with frames × stacks.
 *
 * A symbol is what the call tree merges by: the frame's label (its name, else its address) and its
 * binary's name. The first frame seen of a symbol stands for it (its binary's path, for engines);
 * a stack keeps its own leaf frame exactly (address, source line).
 */
import type { Frame } from './values.js';

export class StackTable {
  /** Per symbol: the label, the binary's name and path (null when the frame has none), a frame of it. */
  readonly names: string[] = [];
  readonly binaries: (string | null)[] = [];
  readonly binaryPaths: (string | null)[] = [];
  readonly frames: Frame[] = [];
  /** Symbols by binary name (null: none), then by label. */
  private readonly ids = new Map<string | null, Map<string, number>>();

  /** Per node: its parent and its symbol; node 0 is the root (the empty stack). */
  parent = new Int32Array(1 << 16);
  symbol = new Int32Array(1 << 16);
  size = 1;
  private slots = new Int32Array(1 << 17);
  private mask = (1 << 17) - 1;

  constructor() {
    this.parent[0] = -1;
    this.symbol[0] = -1;
  }

  /** The symbol of a frame (kept on the frame). */
  symbolOfFrame(f: Frame): number {
    if (f.symbol >= 0) return f.symbol;
    return (f.symbol = this.symbolOf(f.label, f.binary?.name ?? null, f.binary?.path ?? null, f));
  }

  /** The symbol of a label and binary (interned). */
  symbolOf(name: string, binary: string | null, binaryPath: string | null, frame: Frame | null): number {
    let byName = this.ids.get(binary);
    if (byName === undefined) {
      byName = new Map();
      this.ids.set(binary, byName);
    }
    let s = byName.get(name);
    if (s === undefined) {
      s = this.names.length;
      byName.set(name, s);
      this.names.push(name);
      this.binaries.push(binary);
      this.binaryPaths.push(binaryPath);
      if (frame) this.frames[s] = frame;
    }
    return s;
  }

  /** The node of `parent`'s callee `symbol` (made when new). */
  child(parent: number, symbol: number): number {
    let h = (Math.imul(parent, 0x9e3779b1) ^ Math.imul(symbol, 0x85ebca6b)) >>> 0;
    h = (h ^ (h >>> 15)) & this.mask;
    const slots = this.slots;
    for (;;) {
      const n = slots[h] as number;
      if (n === 0) break;
      if (this.parent[n] === parent && this.symbol[n] === symbol) return n;
      h = (h + 1) & this.mask;
    }
    const n = this.size++;
    if (n >= this.parent.length) this.growNodes();
    this.parent[n] = parent;
    this.symbol[n] = symbol;
    slots[h] = n;
    if (this.size * 2 > this.mask) this.rehash();
    return n;
  }

  /** The node of a stack given leaf first (frames' symbols). */
  intern(leafFirst: readonly number[]): number {
    let n = 0;
    for (let k = leafFirst.length - 1; k >= 0; k--) n = this.child(n, leafFirst[k] as number);
    return n;
  }

  /** The symbols of a node's path, leaf first. */
  path(node: number): number[] {
    const out: number[] = [];
    for (let n = node; n > 0; n = this.parent[n] as number) out.push(this.symbol[n] as number);
    return out;
  }

  private growNodes(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.parent = grow(this.parent);
    this.symbol = grow(this.symbol);
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    const slots = new Int32Array(size);
    for (let n = 1; n < this.size; n++) {
      let h = (Math.imul(this.parent[n] as number, 0x9e3779b1) ^ Math.imul(this.symbol[n] as number, 0x85ebca6b)) >>> 0;
      h = (h ^ (h >>> 15)) & this.mask;
      while (slots[h] !== 0) h = (h + 1) & this.mask;
      slots[h] = n;
    }
    this.slots = slots;
  }
}
