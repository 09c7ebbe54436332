/**
 * Resolved cell values of an `xctrace export` document. A value is made once, where its `id` is
 * defined, and every `ref` to it yields the same object: identity stands for equality (the same
 * thread, the same process), which keeps aggregation to pointer-keyed maps and typed arrays. A
 * backtrace and a frame are the exceptions: the document keeps them as integers (idtable.ts,
 * stacks.ts, frames.ts) and a ref yields a new Stack of the same `index` and `node`, or a new Frame
 * of the same `index` (their identity), so that 700,000 stacks and 500,000 frames do not stay on
 * the heap (objects that live long are copied by the GC before they stay).
 *
 * - `null`: a `<sentinel/>` (no value; never 0).
 * - `number`: a decimal integer text that fits a double exactly (times, durations, weights, ids).
 * - `string`: other text (or the `fmt` of an element whose only value is its display string);
 *   integers above 2^53 stay strings so that 64-bit values stay exact.
 * - `Frame`, `Binary`, `Stack`: the symbolicated backtrace parts, interned per document (a frame
 *   and a backtrace are kept as integers and their object made per read: frames.ts, idtable.ts).
 * - `XNode`: any other element: one with children (a thread with its tid and process), or a text
 *   whose display string (`fmt`) differs from it.
 */
/**
 * What a stack reads its frames from (the document's reader): its frames are kept as integers
 * there (frames.ts) and a Frame object is made when one is read.
 */
export interface StackFrames {
  /** The symbols of a node's path, leaf first. */
  path(node: number): number[];
  /** The first frame seen of a symbol. */
  frameOfSymbol(symbol: number): Frame;
  /** The frame of a frame index. */
  frameAt(index: number): Frame;
}

export class Binary {
  constructor(
    readonly index: number,
    readonly name: string | null,
    readonly path: string | null,
    readonly uuid: string | null,
    readonly arch: string | null,
    readonly loadAddr: string | null,
  ) {}

  /** Its name's key in the document's symbol table (-1 until the reader asks; symbols.ts). */
  symbolKey = -1;
  /** Its index among the symbol table's binaries (-1 until the reader asks; stacks.ts binaryIndexFor). */
  tableIndex = -1;
}

export interface SourceLocation {
  line: number | null;
  path: string | null;
}

export class Frame {
  constructor(
    readonly index: number,
    /** Symbol name, or null when the export has none (an unsymbolicated frame). */
    readonly name: string | null,
    /** Address as written (hex). For non-leaf frames it is a return address. */
    readonly addr: string | null,
    readonly binary: Binary | null,
    readonly inlined: boolean,
    readonly source: SourceLocation | null,
  ) {}

  /** Its symbol in the document's StackTable (-1 until interned). */
  symbol = -1;

  /** The name shown: the symbol, else the address, else `???`. */
  get label(): string {
    return this.name ?? this.addr ?? '???';
  }
}

/**
 * A backtrace, interned in the document's StackTable (stacks.ts): `node` is its leaf's node there
 * (0: no frames). Its frames, leaf first (frame 0 is where the sample was taken), as xctrace writes
 * them: the leaf exactly, the callers as the first frame seen of each symbol. The leaf is kept as
 * its frame index (`leafIndex`, -1: none) and made a Frame when read.
 */
export class Stack {
  constructor(
    readonly index: number,
    readonly node: number,
    /** The leaf frame's index (-1 for a stack without frames). */
    readonly leafIndex: number,
    readonly depth: number,
    private readonly table: StackFrames | null,
    /**
     * False for an unsymbolicated backtrace: `<text-addresses>` only, no `<frame>` (its frames are
     * addresses, the leaf named only when the backtrace's display string names it).
     */
    readonly symbolicated = true,
  ) {}

  /** The leaf frame (null for a stack without frames). */
  get leaf(): Frame | null {
    return this.leafIndex < 0 || this.table === null ? null : this.table.frameAt(this.leafIndex);
  }

  get frames(): readonly Frame[] {
    const t = this.table;
    const leaf = this.leaf;
    if (leaf === null || t === null) return [];
    return t.path(this.node).map((sym, k) => (k === 0 ? leaf : t.frameOfSymbol(sym)));
  }
}

export interface XChild {
  tag: string;
  value: XValue;
}

export class XNode {
  constructor(
    readonly tag: string,
    /** The display string Instruments shows (`fmt`). */
    readonly fmt: string | undefined,
    /** The element's own text, trimmed ('' when it has none). */
    readonly text: string,
    readonly children: readonly XChild[],
    /** Attributes other than id, ref and fmt, in document order. */
    readonly attrs: readonly (readonly [string, string])[] | null,
  ) {}

  child(tag: string): XValue | undefined {
    for (const c of this.children) if (c.tag === tag) return c.value;
    return undefined;
  }
}

export type XValue = number | string | null | XNode | Frame | Binary | Stack;

/** A cell as delivered: `undefined` when the row has fewer cells than the schema has columns. */
export type Cell = XValue | undefined;

/** The number in a value: a number, an integer text, or the text of a node. NaN otherwise. */
export function numberOf(v: Cell): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseIntegerText(v);
  if (v instanceof XNode) return parseIntegerText(v.text);
  return Number.NaN;
}

function parseIntegerText(s: string): number {
  const t = s.trim();
  if (!/^-?\d{1,16}$/.test(t)) return Number.NaN;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : Number.NaN;
}

/**
 * The text of a value as Instruments would show it in a label column: the display string (`fmt`)
 * when there is one, else the text, else the children's labels joined (a `formatted-label` made of
 * `<string>` parts).
 */
export function labelOf(v: Cell): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v instanceof XNode) {
    if (v.fmt !== undefined && v.fmt !== '') return v.fmt;
    if (v.text !== '') return v.text;
    const parts = v.children.map((c) => labelOf(c.value)).filter((p): p is string => p !== null && p !== '');
    return parts.length ? parts.join(' ') : null;
  }
  if (v instanceof Frame) return v.label;
  if (v instanceof Binary) return v.name;
  return null;
}

/** The raw text of a value (not its display string): what identifies it (an identifier, a state). */
export function textOf(v: Cell): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v instanceof XNode) return v.text !== '' ? v.text : (v.fmt ?? null);
  return labelOf(v);
}
