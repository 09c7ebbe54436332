/**
 * Instruments "Deep Copy" of a call tree (Edit → Deep Copy, ⌘⇧C): tab-separated text, a header
 * line, then one line per call-tree node in pre-order, depth given by the leading spaces of the
 * symbol cell (research/TRACES.md §4). Header variants, read by column name:
 *
 *   Instruments 7      Running Time \t Self (ms) \t \t Symbol Name     "4273.0ms   99.9%", self "693" (ms)
 *   Instruments 7      Bytes Used \t Count \t \t Symbol Name          " 429.93 MB     100.0%" (allocations)
 *   Instruments 13     Weight \t Self Weight \t \t Symbol Name        "96.08 Gc  100.0%", self "404.75 Mc" or "-"
 *   Instruments 16     Weight \t Self Weight \t Symbol Names          "4.93 s  100.0%", depth offset by the first row
 *
 * Weights are display strings: the precision is the display's ("1.00 ms"), good for ranking, not for
 * exact latency. Units as Instruments writes them: KB, MB, GB are 2^10, 2^20, 2^30 bytes (the root
 * "429.93 MB" is 429.93 · 2^20 bytes). The percentage column is ignored (Instruments 16 prints 0.0 %
 * for most rows); shares are computed from the weights. There is no per-sample data: no times, no
 * threads, no binaries.
 *
 * Streaming, in one pass and in memory that grows with the distinct symbols, not the lines: each line
 * is parsed in place (no split, no per-line objects), frames are interned to integers, and the
 * summaries (self and total per frame, weight per engine) are made as each node closes. The call tree
 * is kept only when asked (`callTree`), compactly (typed arrays), and made into objects at the end.
 *
 * A node without a self column (allocations' "Count") has self = total − Σ children, which is zero
 * unless it exceeds what the display's rounding can explain (half the last digit): no float residue.
 */
import { byCodeUnit } from '../core/strings.js';
import { InputError } from '../core/errors.js';
import { emptyEngines, ROOT_NAME, withTree } from './calltree.js';
import { deepCopyTree } from './deepcopy-tree.js';
import { deepCopyClassOf, mlEngineOf } from './engines.js';
import { ENGINE_NAMES, type EngineName, type ProfileSummary, type TopFrame, type WeightUnit } from './model.js';

export const DEEP_COPY_HEADER = /^[^\n]*\t[^\n]*\bSymbol Names?\s*$/;

const WEIGHT_HEADERS = ['Weight', 'Running Time', 'Bytes Used', 'Total Weight', 'Total'];
const SELF_HEADERS = ['Self Weight', 'Self (ms)', 'Self', 'Self Weight (ms)'];
const SYMBOL_HEADERS = ['Symbol Name', 'Symbol Names', 'Symbol'];
const COUNT_HEADERS = ['Count', '# Allocations'];

/** Unit factors to the profile unit: time in ms, cycles, bytes (Instruments' KB/MB/GB are binary). */
const UNITS = new Map<string, { unit: WeightUnit; factor: number }>([
  ['ns', { unit: 'ms', factor: 1e-6 }],
  ['µs', { unit: 'ms', factor: 1e-3 }],
  ['us', { unit: 'ms', factor: 1e-3 }],
  ['ms', { unit: 'ms', factor: 1 }],
  ['s', { unit: 'ms', factor: 1000 }],
  ['min', { unit: 'ms', factor: 60_000 }],
  ['cycles', { unit: 'cycles', factor: 1 }],
  ['Kc', { unit: 'cycles', factor: 1e3 }],
  ['Mc', { unit: 'cycles', factor: 1e6 }],
  ['Gc', { unit: 'cycles', factor: 1e9 }],
  ['Tc', { unit: 'cycles', factor: 1e12 }],
  ['Bytes', { unit: 'bytes', factor: 1 }],
  ['B', { unit: 'bytes', factor: 1 }],
  ['KB', { unit: 'bytes', factor: 1024 }],
  ['MB', { unit: 'bytes', factor: 1024 ** 2 }],
  ['GB', { unit: 'bytes', factor: 1024 ** 3 }],
  ['TB', { unit: 'bytes', factor: 1024 ** 4 }],
]);

/** A line longer than this is not a Deep Copy line (memory stays bounded whatever the input). */
const MAX_LINE = 1 << 20;

export interface DeepCopyOptions {
  /** Keep the call tree (for --tree, folded output, flame graphs). Default true. */
  callTree?: boolean;
}

export interface DeepCopyResult {
  profile: ProfileSummary;
  /** Which header variant it was. */
  variant: string;
  /** What the reader should know about the numbers (the note `trace` prints). */
  notes: string[];
  warnings: string[];
}

interface Columns {
  weight: number;
  self: number;
  symbol: number;
  count: number;
  /** The self column is a bare number in ms (Instruments 7's "Self (ms)"). */
  selfMs: boolean;
  header: string[];
  /** Cells to find on each line: up to the last column read. */
  last: number;
}

const ENGINE_INDEX = new Map<EngineName, number>(ENGINE_NAMES.map((e, i) => [e, i]));
const APP = ENGINE_INDEX.get('app') as number;
const NO_ENGINE = -1;

type Typed = Float64Array | Int32Array | Int8Array;

/** A typed array that grows (doubling): one per column of the frame, path and tree tables. */
class Grow<T extends Typed> {
  a: T;
  constructor(
    private readonly make: (n: number) => T,
    n = 1024,
  ) {
    this.a = make(n);
  }
  grow(n: number): void {
    if (n <= this.a.length) return;
    const b = this.make(Math.max(n, this.a.length * 2));
    b.set(this.a);
    this.a = b;
  }
}

const F64 = (n?: number) => new Grow((k) => new Float64Array(k), n);
const I32 = (n?: number) => new Grow((k) => new Int32Array(k), n);
const I8 = (n?: number) => new Grow((k) => new Int8Array(k), n);

export class DeepCopyParser {
  private cols: Columns | null = null;
  private carry: Buffer | null = null;
  private lineNo = 0;
  private unit: WeightUnit | null = null;
  private readonly unitByKey = new Map<number, { unit: WeightUnit; factor: number }>();
  private baseIndent = -1;
  rows = 0;
  private depthJumps = 0;
  private badLines = 0;
  private firstBad = 0;
  private rootTotal = 0;
  private allocations = 0;
  /** The Count cell of the current line (allocations), or -1. */
  private countCell = -1;
  private readonly cellStart = new Int32Array(64);
  private readonly cellEnd = new Int32Array(64);
  /** The last parsed value and its display resolution (the unit of its last digit). */
  private num = 0;
  private res = 0;

  // Frames, interned: an open-addressing table of frame id + 1 by the FNV-1a hash of the symbol's
  // bytes, which are kept in one arena (fAt: where each starts).
  private slots = new Int32Array(1 << 12);
  private arena = Buffer.alloc(1 << 16);
  private readonly fHash = I32();
  private readonly fAt = I32();
  private readonly names: string[] = [];
  private readonly fSelf = F64();
  private readonly fTotal = F64();
  private readonly fOnPath = I32();
  private readonly fMl = I8();
  private readonly fBase = I8();

  // The open path, by depth.
  private depth = 0;
  private readonly sFrame = I32(256);
  private readonly sNode = I32(256);
  private readonly sTotal = F64(256);
  private readonly sKids = F64(256);
  private readonly sSelf = F64(256);
  private readonly sRes = F64(256);
  private readonly sMl = I8(256);
  private readonly sApp = I8(256);

  // The compact tree (when kept).
  private nodes = 0;
  private readonly tParent = I32();
  private readonly tFrame = I32();
  private readonly tTotal = F64();
  private readonly tSelf = F64();
  private readonly tEngine = I8();

  private readonly engines = emptyEngines();
  private readonly processes: { name: string; pid: string; weight: number }[] = [];

  constructor(
    private readonly source: string,
    private readonly keepTree: boolean,
  ) {}

  /** A chunk of the input: UTF-8 bytes (a decoded input's text is encoded back). */
  push(input: Uint8Array | string): void {
    const chunk = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    let a = 0;
    if (this.carry !== null) {
      // The line cut by the last chunk ends in this one: it alone is joined.
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        if (this.carry.length + chunk.length > MAX_LINE) this.tooLong(this.lineNo + 1);
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const s = Buffer.concat([this.carry, chunk.subarray(0, nl)]);
      this.carry = null;
      this.lineNo++;
      this.line(s, 0, s.length > 0 && s[s.length - 1] === 13 ? s.length - 1 : s.length);
      a = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(10, a);
      if (nl < 0) break;
      this.lineNo++;
      this.line(chunk, a, nl > a && chunk[nl - 1] === 13 ? nl - 1 : nl);
      a = nl + 1;
    }
    if (chunk.length - a > MAX_LINE) this.tooLong(this.lineNo + 1);
    // A copy: the chunk's buffer may be reused by the stream.
    if (a < chunk.length) this.carry = Buffer.from(chunk.subarray(a));
  }

  end(): void {
    if (this.carry !== null) {
      const s = this.carry;
      this.carry = null;
      this.lineNo++;
      this.line(s, 0, s.length > 0 && s[s.length - 1] === 13 ? s.length - 1 : s.length);
    }
    while (this.depth > 0) this.close();
  }

  // ---- one line ----

  private line(s: Buffer, a: number, b: number): void {
    if (b - a > MAX_LINE) this.tooLong(this.lineNo);
    let k = a;
    while (k < b && (s[k] === 32 || s[k] === 9)) k++;
    if (k === b) return; // blank
    if (this.cols === null) {
      this.cols = headerColumns(s.toString('utf8', a, b).replace(/^\uFEFF/, ''), this.source, this.lineNo);
      return;
    }
    const c = this.cols;
    // Cell boundaries, up to the last column read.
    let p = a;
    let n = 0;
    for (; n <= c.last; n++) {
      this.cellStart[n] = p;
      let t = s.indexOf(9, p);
      if (t < 0 || t > b) t = b;
      this.cellEnd[n] = t;
      if (t === b) {
        n++;
        break;
      }
      p = t + 1;
    }
    // The symbol runs to the next tab, or to the end of the line when it is the last column.
    if (c.symbol >= n || c.weight >= n) return this.bad();
    if (!this.value(s, this.cellStart[c.weight] as number, this.cellEnd[c.weight] as number, false)) return this.bad();
    const total = this.num;
    const res = this.res;
    let self = Number.NaN;
    if (c.self >= 0 && c.self < n) {
      if (!this.value(s, this.cellStart[c.self] as number, this.cellEnd[c.self] as number, c.selfMs)) return this.bad();
      self = this.num;
    }
    if (c.count >= 0 && c.count < n) {
      const v = integerAt(s, this.cellStart[c.count] as number, this.cellEnd[c.count] as number);
      if (v >= 0) this.countCell = v;
    }
    const symA = this.cellStart[c.symbol] as number;
    const symB = this.cellEnd[c.symbol] as number;
    let i = symA;
    while (i < symB && s[i] === 32) i++;
    let j = symB;
    while (j > i && (s[j - 1] === 32 || s[j - 1] === 9)) j--;
    const indent = i - symA;
    if (this.baseIndent < 0) this.baseIndent = indent;
    let depth = indent - this.baseIndent;
    if (depth < 0) depth = 0;
    if (depth > this.depth) {
      this.depthJumps++;
      depth = this.depth;
    }
    while (this.depth > depth) this.close();
    this.open(i < j ? this.intern(s, i, j) : this.frameOf('(blank symbol)'), total, self, res);
    if (depth === 0) {
      this.rootTotal += total;
      if (this.countCell >= 0) this.allocations += this.countCell;
    }
    this.countCell = -1;
    this.rows++;
  }

  private tooLong(line: number): never {
    throw new InputError(this.source, `line ${line}`, `a line longer than ${MAX_LINE} bytes`, 'a Deep Copy of an Instruments call tree (one node per line)');
  }

  private bad(): void {
    this.badLines++;
    this.firstBad ||= this.lineNo;
  }

  /**
   * Parses a weight cell ("4.93 s  100.0%", " 429.93 MB", "4273.0ms", "-", "693" in ms when
   * `bareMs`) into `num` (in the profile unit) and `res` (the value of its last digit). False when
   * the cell holds no number. Padding may be U+2007 FIGURE SPACE (E2 80 87) or U+00A0 (C2 A0).
   */
  private value(s: Buffer, a: number, b: number, bareMs: boolean): boolean {
    let i = skipSpaces(s, a, b);
    if (i === b || (s[i] === 45 /* - */ && (i + 1 === b || s[i + 1] === 32))) {
      this.num = 0;
      this.res = 0;
      return true;
    }
    let mant = 0;
    let digits = 0;
    let dec = -1;
    for (; i < b; i++) {
      const ch = s[i] as number;
      if (ch >= 48 && ch <= 57) {
        mant = mant * 10 + (ch - 48);
        digits++;
        if (dec >= 0) dec++;
      } else if (ch === 46 /* . */ && dec < 0) dec = 0;
      else if (ch !== 44 /* , */) break;
    }
    if (digits === 0) return false;
    i = skipSpaces(s, i, b);
    const u0 = i;
    while (i < b && isUnitByte(s, i)) i += s[i] === 0xc2 ? 2 : 1;
    let spec: { unit: WeightUnit; factor: number } | undefined;
    if (i === u0) {
      if (!bareMs) return false;
      spec = UNITS.get('ms');
    } else {
      // Units are short: up to four bytes make an integer key (a longer one is looked up by name).
      const len = i - u0;
      let key = len;
      if (len <= 4) for (let q = u0; q < i; q++) key = key * 256 + (s[q] as number);
      spec = len <= 4 ? this.unitByKey.get(key) : undefined;
      if (spec === undefined) {
        const u = s.toString('utf8', u0, i);
        spec = UNITS.get(u);
        if (!spec) throw new InputError(this.source, `line ${this.lineNo}`, `unknown weight unit "${u}"`, 'ms, s, min, cycles, Kc, Mc, Gc, Bytes, KB, MB or GB');
        if (len <= 4) this.unitByKey.set(key, spec);
      }
    }
    const sp = spec as { unit: WeightUnit; factor: number };
    if (this.unit === null) this.unit = sp.unit;
    else if (this.unit !== sp.unit) throw new InputError(this.source, `line ${this.lineNo}`, `weights mix ${this.unit} and ${sp.unit}`, 'one kind of weight per Deep Copy');
    const scale = dec > 0 ? POW10[dec] ?? 10 ** dec : 1;
    this.num = (mant * sp.factor) / scale;
    this.res = sp.factor / scale;
    return true;
  }

  // ---- frames: interned by their UTF-8 bytes ----

  /** The frame of the symbol in s[i, j): found by its bytes' hash, made a string only when new. */
  private intern(s: Buffer, i: number, j: number): number {
    let h = 0x811c9dc5;
    for (let q = i; q < j; q++) h = Math.imul(h ^ (s[q] as number), 16777619);
    const mask = this.slots.length - 1;
    const len = j - i;
    const arena = this.arena;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const id = (this.slots[k] as number) - 1;
      if (id < 0) return this.add(s.toString('utf8', i, j), s, i, j, h, k);
      if (this.fHash.a[id] === h) {
        const o = this.fAt.a[id] as number;
        // A native comparison of the bytes (no view made).
        if ((this.fAt.a[id + 1] as number) - o === len && s.compare(arena, o, o + len, i, j) === 0) return id;
      }
    }
  }

  private frameOf(name: string): number {
    const bytes = Buffer.from(name, 'utf8');
    return this.intern(bytes, 0, bytes.length);
  }

  private add(name: string, s: Buffer, i: number, j: number, h: number, slot: number): number {
    const id = this.names.length;
    this.names.push(name);
    const n = id + 1;
    if (n + 1 > this.fAt.a.length) for (const g of [this.fHash, this.fAt, this.fSelf, this.fTotal, this.fOnPath, this.fMl, this.fBase]) g.grow(n + 1);
    // The name's bytes go to the arena; fAt[id] … fAt[id + 1] are its bounds.
    const o = this.fAt.a[id] as number;
    if (o + (j - i) > this.arena.length) {
      const a = Buffer.alloc(Math.max(this.arena.length * 2, o + (j - i)));
      this.arena.copy(a);
      this.arena = a;
    }
    s.copy(this.arena, o, i, j);
    this.fAt.a[id + 1] = o + (j - i);
    this.fHash.a[id] = h;
    const ml = mlEngineOf({ name, binaryName: null, binaryPath: null });
    this.fMl.a[id] = ml === null ? NO_ENGINE : (ENGINE_INDEX.get(ml) as number);
    this.fBase.a[id] = ENGINE_INDEX.get(deepCopyClassOf(name)) as number;
    this.slots[slot] = n;
    if (n * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** Twice the slots, every frame placed again (the table stays at most half full). */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.names.length; id++) {
      let k = (this.fHash.a[id] as number) & mask;
      while (slots[k] !== 0) k = (k + 1) & mask;
      slots[k] = id + 1;
    }
    this.slots = slots;
  }

  // ---- the open path ----

  private open(f: number, total: number, self: number, res: number): void {
    const d = this.depth;
    const n = d + 1;
    if (n > this.sFrame.a.length) {
      for (const g of [this.sFrame, this.sNode, this.sTotal, this.sKids, this.sSelf, this.sRes, this.sMl, this.sApp]) g.grow(n);
    }
    const ml = this.fMl.a[f] as number;
    const inherited = d > 0 ? (this.sMl.a[d - 1] as number) : NO_ENGINE;
    this.sFrame.a[d] = f;
    this.sTotal.a[d] = total;
    this.sKids.a[d] = 0;
    this.sSelf.a[d] = self;
    this.sRes.a[d] = res;
    this.sMl.a[d] = ml !== NO_ENGINE ? ml : inherited;
    this.sApp.a[d] = (d > 0 && this.sApp.a[d - 1] === 1) || this.fBase.a[f] === APP ? 1 : 0;
    if (d > 0) this.sKids.a[d - 1] = (this.sKids.a[d - 1] as number) + total;
    if (this.fOnPath.a[f] === 0) this.fTotal.a[f] = (this.fTotal.a[f] as number) + total;
    this.fOnPath.a[f] = (this.fOnPath.a[f] as number) + 1;
    if (this.keepTree) {
      const t = this.nodes++;
      const m = t + 1;
      if (m > this.tParent.a.length) for (const g of [this.tParent, this.tFrame, this.tTotal, this.tSelf, this.tEngine]) g.grow(m);
      this.tParent.a[t] = d > 0 ? (this.sNode.a[d - 1] as number) : -1;
      this.tFrame.a[t] = f;
      this.tTotal.a[t] = total;
      this.sNode.a[d] = t;
    }
    this.depth = n;
  }

  /** Closes the deepest open node: its self weight is known now. */
  private close(): void {
    const d = --this.depth;
    const f = this.sFrame.a[d] as number;
    let self = this.sSelf.a[d] as number;
    if (self !== self) {
      // No self column: what the children do not account for, beyond the display's rounding.
      self = (this.sTotal.a[d] as number) - (this.sKids.a[d] as number);
      if (self <= (this.sRes.a[d] as number) / 2) self = 0;
    }
    this.fOnPath.a[f] = (this.fOnPath.a[f] as number) - 1;
    this.fSelf.a[f] = (this.fSelf.a[f] as number) + self;
    // The engine: the deepest ML frame on the path; else, for time, the frame's own class; for
    // bytes, the app when its code is on the path (the allocator's frames never own the bytes).
    let e = this.sMl.a[d] as number;
    if (e === NO_ENGINE) e = this.unit === 'bytes' && this.sApp.a[d] === 1 ? APP : (this.fBase.a[f] as number);
    if (self > 0) this.engines[ENGINE_NAMES[e] as EngineName] += self;
    if (this.keepTree) {
      const t = this.sNode.a[d] as number;
      this.tSelf.a[t] = self;
      this.tEngine.a[t] = e;
    }
    if (d === 0) {
      const m = /^(.*) \((\d+)\)$/.exec(this.names[f] as string);
      if (m) this.processes.push({ name: m[1] as string, pid: m[2] as string, weight: this.sTotal.a[d] as number });
    }
  }

  // ---- the result ----

  result(top: number): DeepCopyResult {
    const c = this.cols;
    if (c === null) throw new InputError(this.source, undefined, 'no header line', 'a Deep Copy of an Instruments call tree');
    if (this.rows === 0) throw new InputError(this.source, undefined, 'the Deep Copy has a header but no rows', 'call-tree lines after the header');
    const warnings: string[] = [];
    if (this.depthJumps) warnings.push(`${this.depthJumps} line(s) are indented more than one level below their parent; they were attached to the line above`);
    if (this.badLines) warnings.push(`${this.badLines} line(s) have no readable weight or symbol (first: line ${this.firstBad}); they were left out`);
    const unit = this.unit ?? 'ms';
    const variant = c.header.filter((h) => h.trim() !== '').join(' | ');
    const notes = [`Deep Copy of a call tree (columns: ${variant}): weights are Instruments' display values, rounded; no times, threads or binaries`];
    if (unit === 'bytes') {
      notes.push(
        `bytes allocated${this.allocations > 0 ? ` in ${this.allocations.toLocaleString('en')} allocations (the Count column)` : ''}, as Instruments counts them (KB, MB, GB = 2^10, 2^20, 2^30 bytes); each allocation belongs to the app when its code is on the allocating stack`,
      );
    }
    const profile: ProfileSummary = {
      run: null,
      table: 'deep-copy',
      position: null,
      xpath: null,
      unit,
      samples: 0,
      samplesKnown: false,
      totalWeight: this.rootTotal,
      noStackWeight: 0,
      topFrames: this.topFrames(top),
      binaries: [],
      threads: [],
      processes: this.processes,
      states: [],
      engines: this.engines,
      spanNs: null,
      cpuUsage: null,
      cpuTimeNs: null,
      coresObserved: 0,
      cpuUsagePerCore: null,
      unsymbolicated: false,
      invalidWeightRows: 0,
      stacks: 0,
    };
    if (this.keepTree) {
      const n = this.nodes;
      const view = deepCopyTree({ count: n, parent: this.tParent.a, frame: this.tFrame.a, self: this.tSelf.a, total: this.tTotal.a, engine: this.tEngine.a, names: this.names, rootTotal: this.rootTotal });
      withTree(profile, () => view);
    }
    return { profile, variant, notes, warnings };
  }

  /** The frames kept: the `top` by self weight and the `top` by total weight, sorted by self weight. */
  private topFrames(top: number): TopFrame[] {
    const n = this.names.length;
    const self = this.fSelf.a;
    const total = this.fTotal.a;
    const names = this.names;
    const bySelf = (x: number, y: number) => (self[y] as number) - (self[x] as number) || (total[y] as number) - (total[x] as number) || byCodeUnit(names[x] as string, names[y] as string);
    const byTotal = (x: number, y: number) => (total[y] as number) - (total[x] as number) || (self[y] as number) - (self[x] as number) || byCodeUnit(names[x] as string, names[y] as string);
    const keep = new Set([...best(n, top, bySelf), ...best(n, top, byTotal)]);
    return [...keep].sort(bySelf).map((i) => ({ name: names[i] as string, binary: null, self: self[i] as number, total: total[i] as number }));
  }
}

/**
 * The `k` first of 0 … n−1 in the order `order` (negative: x first), without sorting all n: a heap of
 * the k best so far, its worst at the root (hundreds of thousands of frames, a top list of 50).
 */
function best(n: number, k: number, order: (x: number, y: number) => number): number[] {
  const heap: number[] = [];
  const worse = (x: number, y: number) => order(x, y) > 0;
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(heap[i] as number, heap[p] as number)) break;
      [heap[i], heap[p]] = [heap[p] as number, heap[i] as number];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < heap.length && worse(heap[l] as number, heap[w] as number)) w = l;
      if (r < heap.length && worse(heap[r] as number, heap[w] as number)) w = r;
      if (w === i) return;
      [heap[i], heap[w]] = [heap[w] as number, heap[i] as number];
      i = w;
    }
  };
  for (let i = 0; i < n; i++) {
    if (heap.length < k) {
      heap.push(i);
      up(heap.length - 1);
    } else if (k > 0 && order(i, heap[0] as number) < 0) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort(order);
}

/** Past spaces, U+2007 FIGURE SPACE (E2 80 87) and U+00A0 (C2 A0) in s[i, b). */
function skipSpaces(s: Buffer, i: number, b: number): number {
  for (;;) {
    if (i >= b) return b;
    const ch = s[i];
    if (ch === 32) i++;
    else if (ch === 0xe2 && s[i + 1] === 0x80 && s[i + 2] === 0x87) i += 3;
    else if (ch === 0xc2 && s[i + 1] === 0xa0) i += 2;
    else return i;
  }
}

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** A unit's letters: ASCII, or µ (C2 B5). */
function isUnitByte(s: Buffer, i: number): boolean {
  const ch = s[i] as number;
  return (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || (ch === 0xc2 && s[i + 1] === 0xb5);
}

/** A whole number cell ("84671", "1,024"), or -1. */
function integerAt(s: Buffer, a: number, b: number): number {
  let v = 0;
  let digits = 0;
  for (let i = a; i < b; i++) {
    const ch = s[i] as number;
    if (ch >= 48 && ch <= 57) {
      v = v * 10 + (ch - 48);
      digits++;
    } else if (ch !== 44 && ch !== 32) return -1;
  }
  return digits ? v : -1;
}
export async function parseDeepCopy(source: string, chunks: AsyncIterable<Uint8Array | string>, top: number, opts: DeepCopyOptions = {}): Promise<DeepCopyResult> {
  const p = new DeepCopyParser(source, opts.callTree !== false);
  for await (const chunk of chunks) p.push(chunk);
  p.end();
  return p.result(top);
}

function headerColumns(line: string, source: string, lineNo: number): Columns {
  const header = line.split('\t');
  const find = (names: string[]) => {
    for (const n of names) {
      const i = header.findIndex((h) => h.trim() === n);
      if (i >= 0) return i;
    }
    return -1;
  };
  const weight = find(WEIGHT_HEADERS);
  const symbol = find(SYMBOL_HEADERS);
  if (weight < 0 || symbol < 0) {
    throw new InputError(source, `line ${lineNo}`, `the header has no ${weight < 0 ? 'weight' : 'symbol'} column (${header.map((h) => JSON.stringify(h)).join(', ')})`, 'a Deep Copy header such as "Weight\\tSelf Weight\\tSymbol Names"');
  }
  const self = find(SELF_HEADERS);
  const count = find(COUNT_HEADERS);
  if (header.length > 64) throw new InputError(source, `line ${lineNo}`, `the header has ${header.length} columns`, 'a Deep Copy header (a few columns)');
  return { weight, self, symbol, count, selfMs: self >= 0 && (header[self] as string).trim() === 'Self (ms)', header, last: Math.max(weight, self, symbol, count) };
}
