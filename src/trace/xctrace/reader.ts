/**
 * Row assembly for `xctrace export --xpath` documents (`trace-query-result` > `node` > `schema` +
 * `row`*) and recognition of `--toc` documents, on top of the streaming scanner.
 *
 * Semantics (research/TRACES.md §1.3-1.5): the k-th child element of a `<row>` is column k (cells
 * map to columns by position, never by tag: several columns share an element name); `id`/`ref`
 * resolve through one table that lives for the whole document, at every nesting level, refs
 * inside new definitions included; `<sentinel/>` is null; a ref to an id never defined is counted
 * (and resolves to null), never a crash. Rows are handed to the sink one by one in a reused array
 * and then dropped: only the id table and the sink's aggregates stay in memory.
 */
import { getHeapStatistics } from 'node:v8';
import { InputError } from '../../core/errors.js';
import { DomBuilder, type DomElement } from './dom.js';
import { FrameRecords, RAW64, hexAddress, hexWords } from './frames.js';
import { IdTable } from './idtable.js';
import { XmlScanner, XmlSyntaxError, type ScanHandler } from './scanner.js';
import { RecentPaths, StackRecords, StackTable } from './stacks.js';
import { symbolHash } from './symbols.js';
import { Binary, Frame, Stack, XNode, type Cell, type SourceLocation, type StackFrames, type XChild, type XValue } from './values.js';
import { grown } from '../../core/typed.js';

export interface Column {
  mnemonic: string;
  name: string;
  engineeringType: string;
}

export interface XctraceTable {
  /** 0-based position of the `<node>` in the document. */
  node: number;
  xpath: string | null;
  /** `run[N]` of the node's xpath. */
  run: number | null;
  /** `table[K]` of the node's xpath: the table's position in the run's TOC. */
  position: number | null;
  schema: string;
  documentation: string | null;
  columns: Column[];
  /** A `<node>` without a `<schema>` of its own, whose rows continue the previous node's table. */
  continued: boolean;
}

export interface RowConsumer {
  /** One row; `cells` is reused for the next row (copy what you keep). */
  row(cells: readonly Cell[]): void;
}

export interface XctraceSink {
  /** A table's schema was read. Return a row consumer, or null to only count its rows. */
  beginTable(table: XctraceTable): RowConsumer | null;
  endTable(table: XctraceTable, rows: number): void;
}

export interface XctraceDocument {
  kind: 'export' | 'toc';
  /** The `--toc` document, for kind `toc`. */
  toc: DomElement | null;
  tables: { table: XctraceTable; rows: number }[];
  danglingRefs: number;
  /** The first such ref: its line (0 when lines were not counted) and byte offset. */
  firstDanglingRef: { ref: string; line: number; offset: number } | null;
  /** Rows with more or fewer cells than their schema has columns. */
  cellCountMismatches: number;
  firstMismatch: { line: number; offset: number; cells: number; columns: number } | null;
  /** Set when the export is truncated and `keepTruncated` kept what its complete rows say. */
  truncated: Truncation | null;
  /** Rows in a `<node>` with no schema and no table before it to continue. */
  rowsWithoutSchema: number;
  unknownEntities: number;
  trailingBytes: number;
  redefinedIds: number;
  frames: number;
  stacks: number;
  binaries: number;
}

const EMPTY_SYMBOLS = new Int32Array(0);
/** Shared by the builders that have no children yet (never pushed to: addChild makes an array). */
const NO_CHILDREN: XChild[] = [];


export const EXPORT_ROOT = 'trace-query-result';
export const TOC_ROOT = 'trace-toc';

/** Where the assembler is (plain constants: with isolatedModules a const enum is a property load). */
const CTX_DOC = 0;
const CTX_ROOT = 1;
const CTX_NODE = 2;
const CTX_SCHEMA = 3;
const CTX_COL = 4;
const CTX_ROW = 5;
const CTX_BUILD = 6;
const CTX_SKIP = 7;
const CTX_TOC = 8;
type Ctx = number;

/** What an element under construction becomes. */
const KIND_GENERIC = 0;
const KIND_BACKTRACE = 1;
const KIND_TAGGED = 2;
const KIND_FRAME = 3;
const KIND_REF = 4;
type Kind = number;

class Builder {
  /** Makes the builder ready for a new element (builders are reused per depth). */
  reset(tag: number): void {
    this.tag = tag;
    this.id = -1;
    this.idName = null;
    this.fmt = undefined;
    this.text = '';
    this.attrs = null;
    this.children = NO_CHILDREN;
    this.nsyms = 0;
    this.leaf = -1;
    this.stack = null;
    this.binary = null;
    this.source = null;
    this.name = null;
    this.nameLen = -1;
    this.addr = -1;
    this.addrText = null;
    this.inlined = false;
    this.addresses = null;
  }

  tag = 0;
  kind = KIND_GENERIC;
  id = -1;
  idName: string | null = null;
  fmt: string | undefined = undefined;
  text = '';
  attrs: [string, string][] | null = null;
  /** A generic element's children (NO_CHILDREN until the first: most elements built have none). */
  children: XChild[] = NO_CHILDREN;
  /** A backtrace's frames as symbols (stacks.ts), leaf first: `nsyms` of them, and its leaf frame's index (-1: none). */
  syms = new Int32Array(256);
  nsyms = 0;
  leaf = -1;
  stack: Stack | null = null;
  binary: Binary | null = null;
  source: SourceLocation | null = null;
  name: string | null = null;
  /** A frame's name as key bytes (symbols.ts) in `nameBytes` (-1: no name attribute). */
  nameLen = -1;
  nameBytes: Buffer = Buffer.allocUnsafe(256);
  /** FNV-1a of the name's key bytes (symbols.ts), and their KEY_ flags. */
  nameHash = 0;
  nameFlags = 0;
  /** A frame's address as a number (frames.ts' hexAddress; -1: none), or as text when it is not canonical hex. */
  addr = -1;
  /** Its two words when `addr` is RAW64 (frames.ts). */
  readonly addrWords = new Uint32Array(2);
  addrText: string | null = null;
  inlined = false;
  /** A backtrace's `<text-addresses>` fragments (unsymbolicated), in document order. */
  addresses: XValue[] | null = null;
  refValue: XValue = null;

  /** Room for `more` symbols. */
  reserve(more: number): void {
    if (this.nsyms + more <= this.syms.length) return;
    this.syms = grown(this.syms, this.nsyms + more);
  }

  pushSymbol(sym: number): void {
    this.reserve(1);
    this.syms[this.nsyms++] = sym;
  }
}

/** Element names whose text is a plain number (their `fmt` is a formatting of it). */
const PLAIN_NUMBERS = [
  'sample-time',
  'start-time',
  'event-time',
  'duration',
  'weight',
  'cycle-weight',
  'tid',
  'pid',
  'core',
  'uint64',
  'uint32',
  'int64',
  'size-in-bytes',
];

export interface ReadOptions {
  /** Count lines for error messages (costs ~5 % of the speed). Default true. */
  countLines?: boolean;
  /**
   * Finds the line of a byte offset after the fact (by reading the file again). When given, lines
   * are not counted while reading (the fast path) and errors and warnings get their line from it.
   */
  lineOf?: (offset: number) => Promise<number | null>;
  /** Progress in bytes read so far. */
  onBytes?: (bytes: number) => void;
  /**
   * A truncated export (it ends inside an element): keep what its complete rows say and return
   * the document with `truncated` set, instead of throwing. Kept only when some row was complete.
   */
  keepTruncated?: boolean;
  /** Where backtraces are interned (default: a table of the reader's own). */
  stacks?: StackTable;
}

/** Where a truncated export ends, and what was read before. */
export interface Truncation {
  /** Byte offset where the file ends. */
  byte: number;
  /** Its line, when known. */
  line: number | null;
  /** Complete rows read, in all tables. */
  rows: number;
  /** The table being read when the file ended, and its complete rows. */
  table: string | null;
  tableRows: number;
  /** The one-line error `--strict` gives: "the file is truncated after …: it ends inside …". */
  message: string;
  /** Where in the markup it ends: "it ends inside the markup `<pr` inside <trace-query-result> > …". */
  ends: string;
}

class Assembler implements ScanHandler, StackFrames {
  readonly sc: XmlScanner;
  private readonly ids = new IdTable(
    (index) => this.stackAt(index),
    (index) => this.frameAt(index),
  );
  /** The backtraces and the frames as integers (a Stack or Frame object is made per read, not kept). */
  private readonly stackRecords: StackRecords;
  private readonly frameRecords: FrameRecords;
  /** Per symbol, the index + 1 of the first frame seen of it (0: none yet): what a stack's callers show. */
  private firstFrameOfSymbol: Int32Array;
  private addrBytes = Buffer.allocUnsafe(64);
  private readonly ctx: Ctx[] = [CTX_DOC];
  private readonly builders: Builder[] = [];
  private readonly scratch = new Builder();
  private depth = 0;
  private dom: DomBuilder | null = null;
  readonly stackTable: StackTable;
  /** Unsymbolicated stacks: frames per `<text-addresses>` fragment, and per address. */
  private readonly fragments = new Map<XValue, number[]>();
  private readonly addressFrames = new Map<string, number>();
  /** The current row's thread (the table's `thread` column), and the last path of each thread. */
  private threadColumn = -1;
  private rowThread: XValue = null;
  private readonly recentPaths = new Map<XValue, RecentPaths>();
  private lastThread: XValue = null;
  private lastRecent: RecentPaths | null = null;
  kind: 'export' | 'toc' | null = null;

  // Vocabulary.
  private readonly T_ROW: number;
  private readonly T_NODE: number;
  private readonly T_SCHEMA: number;
  private readonly T_COL: number;
  private readonly T_MNEMONIC: number;
  private readonly T_NAME: number;
  private readonly T_ENGTYPE: number;
  private readonly T_SENTINEL: number;
  private readonly T_BACKTRACE: number;
  private readonly T_TAGGED: number;
  private readonly T_FRAME: number;
  private readonly T_BINARY: number;
  private readonly T_SOURCE: number;
  private readonly T_TEXT_ADDRESSES: number;
  private readonly A_ID: number;
  private readonly A_REF: number;
  private readonly A_FMT: number;
  private readonly A_NAME: number;
  private readonly A_ADDR: number;
  private readonly A_INLINED: number;
  private readonly A_PATH: number;
  private readonly A_UUID: number;
  private readonly A_ARCH: number;
  private readonly A_LOADADDR: number;
  private readonly A_XPATH: number;
  private readonly A_DOC: number;
  private readonly plainNumber: Uint8Array = new Uint8Array(1 << 16);

  // Tables.
  private nodeIndex = -1;
  private nodeXpath: string | null = null;
  private table: XctraceTable | null = null;
  private previousTable: XctraceTable | null = null;
  private consumer: RowConsumer | null = null;
  private rows = 0;
  private schemaName = '';
  private schemaDoc: string | null = null;
  private columns: Column[] = [];
  private col: Column | null = null;
  private cells: Cell[] = [];
  private cellIndex = 0;

  // Counters.
  readonly tables: { table: XctraceTable; rows: number }[] = [];
  danglingRefs = 0;
  firstDanglingRef: { ref: string; line: number; offset: number } | null = null;
  cellCountMismatches = 0;
  firstMismatch: { line: number; offset: number; cells: number; columns: number } | null = null;
  rowsWithoutSchema = 0;
  frames = 0;
  stacks = 0;
  binaries = 0;

  constructor(
    private readonly sink: XctraceSink,
    opts: ReadOptions,
  ) {
    this.sc = new XmlScanner(this, { countLines: opts.lineOf ? false : (opts.countLines ?? true) });
    this.stackTable = opts.stacks ?? new StackTable();
    // Made at the sizes the document is expected to need (StackTable.presizeMB).
    const t = this.stackTable;
    this.stackRecords = new StackRecords(t.expectedStacks);
    this.frameRecords = new FrameRecords(t.expectedFrames);
    this.firstFrameOfSymbol = new Int32Array(Math.max(1 << 12, t.expectedSymbols));
    const c = (n: string) => this.sc.code(n);
    this.T_ROW = c('row');
    this.T_NODE = c('node');
    this.T_SCHEMA = c('schema');
    this.T_COL = c('col');
    this.T_MNEMONIC = c('mnemonic');
    this.T_NAME = c('name');
    this.T_ENGTYPE = c('engineering-type');
    this.T_SENTINEL = c('sentinel');
    this.T_BACKTRACE = c('backtrace');
    this.T_TAGGED = c('tagged-backtrace');
    this.T_FRAME = c('frame');
    this.T_BINARY = c('binary');
    this.T_SOURCE = c('source');
    this.T_TEXT_ADDRESSES = c('text-addresses');
    this.A_ID = c('id');
    this.A_REF = c('ref');
    this.A_FMT = c('fmt');
    this.A_NAME = this.T_NAME;
    this.A_ADDR = c('addr');
    this.A_INLINED = c('inlined');
    this.A_PATH = c('path');
    this.A_UUID = c('UUID');
    this.A_ARCH = c('arch');
    this.A_LOADADDR = c('load-addr');
    this.A_XPATH = c('xpath');
    this.A_DOC = c('documentation');
    for (const n of PLAIN_NUMBERS) this.plainNumber[c(n)] = 1;
  }

  /** The table being read (null between tables) and its complete rows so far. */
  get current(): { table: string | null; rows: number } {
    return { table: this.table?.schema ?? null, rows: this.table ? this.rows : 0 };
  }

  /** Complete rows of every table so far (the open one included). */
  get completeRows(): number {
    return this.tables.reduce((n, t) => n + t.rows, 0) + (this.table ? this.rows : 0);
  }

  /** Ends the table being read (a truncated document: its complete rows count). */
  endOpenTable(): void {
    this.endNode();
  }

  /** Where reading is, for messages: "after 12 complete rows of time-profile". */
  where(): string {
    return this.table ? `after ${this.rows} complete row${this.rows === 1 ? '' : 's'} of ${this.table.schema}` : '';
  }

  get toc(): DomElement | null {
    return this.dom?.root[0] ?? null;
  }

  get redefinedIds(): number {
    return this.ids.redefinitions;
  }

  // ---- scanner events ----

  open(tag: number): void {
    const ctx = this.ctx[this.ctx.length - 1] as Ctx;
    let next: Ctx;
    switch (ctx) {
      case CTX_BUILD:
      case CTX_ROW:
        this.startBuilder(tag);
        next = CTX_BUILD;
        break;
      case CTX_NODE:
        if (tag === this.T_ROW) {
          this.beginRow();
          next = CTX_ROW;
        } else if (tag === this.T_SCHEMA) {
          this.beginSchema();
          next = CTX_SCHEMA;
        } else next = CTX_SKIP;
        break;
      case CTX_ROOT:
        if (tag === this.T_NODE) {
          this.beginNode();
          next = CTX_NODE;
        } else next = CTX_SKIP;
        break;
      case CTX_SCHEMA:
        if (tag === this.T_COL) {
          this.col = { mnemonic: '', name: '', engineeringType: '' };
          next = CTX_COL;
        } else next = CTX_SKIP;
        break;
      case CTX_DOC:
        next = this.root(tag);
        if (next === CTX_TOC) (this.dom as DomBuilder).open(tag);
        break;
      case CTX_TOC:
        (this.dom as DomBuilder).open(tag);
        next = CTX_TOC;
        break;
      default:
        next = CTX_SKIP;
    }
    this.ctx.push(next);
  }

  leaf(tag: number): void {
    const ctx = this.ctx[this.ctx.length - 1] as Ctx;
    switch (ctx) {
      case CTX_ROW:
        this.setCell(this.resolveLeaf(tag));
        return;
      case CTX_BUILD: {
        const b = this.builders[this.depth - 1] as Builder;
        if (tag === this.T_FRAME && (b.kind === KIND_BACKTRACE || b.kind === KIND_TAGGED)) {
          const f = this.frameLeaf();
          if (f >= 0) {
            this.addFrame(b, f);
            return;
          }
        }
        this.addChild(b, tag, this.resolveLeaf(tag));
        return;
      }
      case CTX_COL: {
        const col = this.col as Column;
        if (tag === this.T_MNEMONIC) col.mnemonic = this.sc.textValue().trim();
        else if (tag === this.T_NAME) col.name = this.sc.textValue().trim();
        else if (tag === this.T_ENGTYPE) col.engineeringType = this.sc.textValue().trim();
        return;
      }
      case CTX_SCHEMA:
        if (tag === this.T_COL) this.columns.push({ mnemonic: '', name: '', engineeringType: '' });
        return;
      case CTX_NODE:
        if (tag === this.T_ROW) {
          this.beginRow();
          this.endRow();
        } else if (tag === this.T_SCHEMA) {
          this.beginSchema();
          this.endSchema();
        }
        return;
      case CTX_ROOT:
        if (tag === this.T_NODE) {
          this.beginNode();
          this.endNode();
        }
        return;
      case CTX_DOC:
        if (this.root(tag) === CTX_TOC) (this.dom as DomBuilder).leaf(tag);
        return;
      case CTX_TOC:
        (this.dom as DomBuilder).leaf(tag);
        return;
      default:
        return;
    }
  }

  close(): void {
    const ctx = this.ctx.pop() as Ctx;
    switch (ctx) {
      case CTX_BUILD: {
        const b = this.builders[--this.depth] as Builder;
        const parent = this.ctx[this.ctx.length - 1];
        this.sc.frameDefs = parent === CTX_BUILD && isBacktrace((this.builders[this.depth - 1] as Builder).kind);
        if (b.kind === KIND_FRAME && parent === CTX_BUILD) {
          const into = this.builders[this.depth - 1] as Builder;
          if (into.kind === KIND_BACKTRACE || into.kind === KIND_TAGGED) {
            // A frame definition inside a backtrace (most of them): no Frame object.
            this.addFrame(into, this.defineFrame(b));
            return;
          }
        }
        const v = this.finish(b);
        if (parent === CTX_ROW) this.setCell(v);
        else this.addChild(this.builders[this.depth - 1] as Builder, b.tag, v);
        return;
      }
      case CTX_ROW:
        this.endRow();
        return;
      case CTX_COL:
        this.columns.push(this.col as Column);
        this.col = null;
        return;
      case CTX_SCHEMA:
        this.endSchema();
        return;
      case CTX_NODE:
        this.endNode();
        return;
      case CTX_TOC:
        (this.dom as DomBuilder).close();
        return;
      default:
        return;
    }
  }

  text(): void {
    const ctx = this.ctx[this.ctx.length - 1];
    if (ctx === CTX_BUILD) {
      const b = this.builders[this.depth - 1] as Builder;
      if (b.kind === KIND_GENERIC && !this.sc.textBlank()) b.text += this.sc.textValue();
    } else if (ctx === CTX_TOC) (this.dom as DomBuilder).text();
  }

  /**
   * A run of `<frame ref="N"/>` read by the scanner's fast path: inside a backtrace, each frame's
   * symbol is added to it directly (from the per-id cache when known); anywhere else (or a ref to
   * something other than a frame) each is the leaf it is.
   */
  frameRefs(ids: Int32Array, count: number): void {
    const b = this.ctx[this.ctx.length - 1] === CTX_BUILD ? (this.builders[this.depth - 1] as Builder) : null;
    if (b === null || (b.kind !== KIND_BACKTRACE && b.kind !== KIND_TAGGED)) {
      for (let j = 0; j < count; j++) {
        this.sc.selectFrameRef(j);
        this.leaf(this.T_FRAME);
      }
      return;
    }
    b.reserve(count);
    const ids_ = this.ids;
    const fr = this.frameRecords;
    for (let j = 0; j < count; j++) {
      const f = ids_.frameIndex(ids[j] as number);
      if (f >= 0) {
        const sym = fr.symbol(f);
        if (sym >= 0 && b.nsyms > 0) b.syms[b.nsyms++] = sym;
        else this.addFrame(b, f);
        continue;
      }
      this.sc.selectFrameRef(j);
      this.leaf(this.T_FRAME);
    }
  }

  /**
   * A frame definition read whole by the scanner's fast path (only inside a backtrace: the scanner's
   * `frameDefs`): what open, the `<binary ref>` leaf and close do for it, in that order.
   */
  frameDef(id: number, binaryRef: number): void {
    const into = this.builders[this.depth - 1] as Builder;
    const sc = this.sc;
    const b = this.scratchFrame(this.T_FRAME);
    // Attributes 1 and 2 are the name and the address (the fast path's shape): as frameAttrs reads
    // them, the address in place when it is canonical hex.
    b.addr = sc.attributeHex(2);
    if (b.addr === RAW64) b.addrWords.set(hexWords);
    let v = this.ids.get(binaryRef);
    if (b.addr !== -1 && sc.defNameIsKey && sc.defNameEnd > sc.defNameStart && v instanceof Binary) {
      // The common case: the name's bytes in the document are its key bytes, looked up in place.
      const f = this.namedFrame(sc.bytes, sc.defNameStart, sc.defNameEnd - sc.defNameStart, sc.utf8Hash, sc.keyFlags, v, b.addr, b.addrWords, null, false, null);
      this.ids.defineFrame(id, f);
      this.addFrame(into, f);
      return;
    }
    if (b.addr === -1) this.frameAttrs(b);
    else this.frameName(b, 1);
    b.id = id;
    if (v === undefined) {
      // Not defined: counted at the binary's place, as its leaf would be.
      this.sc.selectBinaryRef();
      v = this.deref(0);
    }
    if (v instanceof Binary) b.binary = v;
    this.addFrame(into, this.defineFrame(b));
  }

  private defineId(id: number, v: XValue): void {
    this.ids.define(id, v);
  }

  /** Adds frame index `f` to a backtrace under construction (its leaf when it is the first). */
  private addFrame(b: Builder, f: number): void {
    if (b.nsyms === 0) b.leaf = f;
    const sym = this.frameRecords.symbol(f);
    b.pushSymbol(sym >= 0 ? sym : this.symbolOfFrame(f));
  }

  /** The symbol of an unnamed frame (its address, else `???`, and its binary), made when first used. */
  private symbolOfFrame(f: number): number {
    const fr = this.frameRecords;
    const binary = fr.binary(f);
    const sym = this.stackTable.symbolOf(fr.addr(f) ?? '???', binary?.name ?? null, binary?.path ?? null);
    fr.setSymbol(f, sym);
    this.firstOfSymbol(sym, f);
    return sym;
  }

  /** Keeps `f` as the frame of symbol `sym` unless one was seen before. */
  private firstOfSymbol(sym: number, f: number): void {
    if (sym >= this.firstFrameOfSymbol.length) this.firstFrameOfSymbol = grown(this.firstFrameOfSymbol, sym + 1);
    if (this.firstFrameOfSymbol[sym] === 0) this.firstFrameOfSymbol[sym] = f + 1;
  }

  // ---- StackFrames: what a Stack object reads ----

  path(node: number): number[] {
    return this.stackTable.path(node);
  }

  frameOfSymbol(symbol: number): Frame {
    const f = symbol < this.firstFrameOfSymbol.length ? (this.firstFrameOfSymbol[symbol] as number) - 1 : -1;
    return (f >= 0 ? this.frameAt(f) : undefined) as Frame;
  }

  frameAt(index: number): Frame {
    return this.frameRecords.frame(index, this.stackTable);
  }

  // ---- document structure ----

  private root(tag: number): Ctx {
    const name = this.sc.name(tag);
    if (name === EXPORT_ROOT) {
      this.kind = 'export';
      return CTX_ROOT;
    }
    if (name === TOC_ROOT) {
      this.kind = 'toc';
      this.dom = new DomBuilder(this.sc);
      return CTX_TOC;
    }
    throw new NotXctraceError(name);
  }

  private beginNode(): void {
    this.nodeIndex++;
    this.nodeXpath = this.sc.attribute(this.A_XPATH) ?? null;
    this.table = null;
    this.consumer = null;
    this.rows = 0;
  }

  private endNode(): void {
    if (this.table) {
      this.sink.endTable(this.table, this.rows);
      this.tables.push({ table: this.table, rows: this.rows });
      this.previousTable = this.table;
    }
    this.table = null;
    this.consumer = null;
  }

  private beginSchema(): void {
    this.schemaName = this.sc.attribute(this.A_NAME) ?? '';
    this.schemaDoc = this.sc.attribute(this.A_DOC) ?? null;
    this.columns = [];
  }

  private endSchema(): void {
    const xpath = this.nodeXpath;
    const run = xpath ? /run\[(\d+)\]/.exec(xpath) : null;
    const pos = xpath ? /table\[(\d+)\]/.exec(xpath) : null;
    this.startTable({
      node: this.nodeIndex,
      xpath,
      run: run ? Number(run[1]) : null,
      position: pos ? Number(pos[1]) : null,
      schema: this.schemaName,
      documentation: this.schemaDoc,
      columns: this.columns,
      continued: false,
    });
  }

  private startTable(t: XctraceTable): void {
    if (this.table) this.endNode(); // a second <schema> in one node: close the first table
    this.table = t;
    this.rows = 0;
    this.cells = new Array<Cell>(t.columns.length).fill(undefined);
    this.threadColumn = t.columns.findIndex((c) => c.engineeringType === 'thread');
    this.consumer = this.sink.beginTable(t);
  }

  private beginRow(): void {
    if (!this.table && this.previousTable) {
      // A <node> without a schema continues the previous node's table (seen with os-signpost).
      const prev = this.previousTable;
      this.startTable({ ...prev, node: this.nodeIndex, xpath: this.nodeXpath, continued: true });
    }
    this.cellIndex = 0;
    this.rowThread = null;
    this.sc.frameRefs = false;
    this.sc.frameDefs = false;
  }

  private endRow(): void {
    const t = this.table;
    if (!t) {
      this.rowsWithoutSchema++;
      return;
    }
    const n = this.cellIndex;
    const cols = t.columns.length;
    if (n !== cols) {
      this.cellCountMismatches++;
      this.firstMismatch ??= { line: this.sc.line(), offset: this.sc.offset(), cells: n, columns: cols };
      for (let k = n; k < cols; k++) this.cells[k] = undefined;
    }
    this.rows++;
    this.consumer?.row(this.cells);
  }

  private setCell(v: XValue): void {
    const k = this.cellIndex++;
    if (k < this.cells.length) this.cells[k] = v;
    if (k === this.threadColumn) this.rowThread = v;
  }

  // ---- values ----

  private resolveLeaf(tag: number): XValue {
    const sc = this.sc;
    const n = sc.attributeCount;
    let idIdx = -1;
    for (let i = 0; i < n; i++) {
      const a = sc.attributeCode(i);
      if (a === this.A_REF) return this.deref(i);
      if (a === this.A_ID) idIdx = i;
    }
    let v: XValue;
    if (tag === this.T_SENTINEL) v = null;
    else if (tag === this.T_FRAME) v = this.frameAt(this.makeFrame(this.frameAttrs(this.scratchFrame(tag))));
    else if (tag === this.T_BINARY) v = this.makeBinary();
    else if (tag === this.T_BACKTRACE || tag === this.T_TAGGED) v = this.makeStack(EMPTY_SYMBOLS, 0, -1, true);
    else v = this.scalar(tag);
    if (idIdx >= 0) this.define(idIdx, v);
    return v;
  }

  private scalar(tag: number): XValue {
    const sc = this.sc;
    const num = sc.textNumber();
    if (num === num) {
      if (this.plainNumber[tag] === 1) return num;
      const fi = sc.attributeIndex(this.A_FMT);
      if (fi < 0) return num;
      const fmt = sc.attributeValue(fi);
      if (fmt === String(num)) return num;
      return new XNode(sc.name(tag), fmt, String(num), [], this.otherAttrs());
    }
    const text = sc.textEmpty ? '' : sc.textValue().trim();
    const fmt = sc.attribute(this.A_FMT);
    const attrs = this.otherAttrs();
    if (attrs === null) {
      if (text === '') return fmt ?? '';
      if (fmt === undefined || fmt === text) return text;
    }
    return new XNode(sc.name(tag), fmt, text, [], attrs);
  }

  /** Attributes other than id, ref and fmt (null when there are none). */
  private otherAttrs(): [string, string][] | null {
    const sc = this.sc;
    let out: [string, string][] | null = null;
    for (let i = 0; i < sc.attributeCount; i++) {
      const a = sc.attributeCode(i);
      if (a === this.A_ID || a === this.A_REF || a === this.A_FMT) continue;
      (out ??= []).push([sc.name(a), sc.attributeValue(i)]);
    }
    return out;
  }

  private deref(i: number): XValue {
    const sc = this.sc;
    const id = sc.attributeInteger(i);
    const v = id >= 0 ? this.ids.get(id) : this.ids.getNamed(sc.attributeValue(i));
    if (v === undefined) {
      this.danglingRefs++;
      this.firstDanglingRef ??= { ref: sc.attributeValue(i), line: sc.line(), offset: sc.offset() };
      return null;
    }
    return v;
  }

  private define(i: number, v: XValue): void {
    const id = this.sc.attributeInteger(i);
    if (id >= 0) this.defineId(id, v);
    else this.ids.defineNamed(this.sc.attributeValue(i), v);
  }

  private startBuilder(tag: number): void {
    const sc = this.sc;
    let b = this.builders[this.depth];
    if (!b) {
      b = new Builder();
      this.builders[this.depth] = b;
    }
    this.depth++;
    b.reset(tag);
    sc.frameDefs = false;
    for (let i = 0; i < sc.attributeCount; i++) {
      const a = sc.attributeCode(i);
      if (a === this.A_REF) {
        // A ref with content (not seen in real files): the ref wins, the content is ignored.
        b.kind = KIND_REF;
        b.refValue = this.deref(i);
        return;
      }
      if (a === this.A_ID) {
        const n = sc.attributeInteger(i);
        if (n >= 0) b.id = n;
        else b.idName = sc.attributeValue(i);
      }
    }
    if (tag === this.T_BACKTRACE) {
      b.kind = KIND_BACKTRACE;
      b.fmt = sc.attribute(this.A_FMT);
      sc.frameRefs = true;
      sc.frameDefs = true;
    } else if (tag === this.T_TAGGED) {
      b.kind = KIND_TAGGED;
      sc.frameRefs = true;
      sc.frameDefs = true;
    }
    else if (tag === this.T_FRAME) {
      b.kind = KIND_FRAME;
      this.frameAttrs(b);
    } else {
      b.kind = KIND_GENERIC;
      b.fmt = sc.attribute(this.A_FMT);
      b.attrs = this.otherAttrs();
    }
  }

  private addChild(b: Builder, tag: number, v: XValue): void {
    switch (b.kind) {
      case KIND_BACKTRACE:
      case KIND_TAGGED:
        if (v instanceof Frame) this.addFrame(b, v.index);
        else if (v instanceof Stack) b.stack = v;
        else if (tag === this.T_TEXT_ADDRESSES && v !== null) (b.addresses ??= []).push(v);
        return;
      case KIND_FRAME:
        if (v instanceof Binary) b.binary = v;
        else if (tag === this.T_SOURCE && v instanceof XNode) b.source = sourceOf(v);
        return;
      case KIND_GENERIC:
        if (b.children === NO_CHILDREN) b.children = [];
        b.children.push({ tag: this.sc.name(tag), value: v });
        return;
      default:
        return;
    }
  }

  private finish(b: Builder): XValue {
    let v: XValue;
    switch (b.kind) {
      case KIND_REF:
        return b.refValue;
      case KIND_BACKTRACE:
        v = b.nsyms === 0 && b.addresses !== null ? this.addressStack(b) : this.makeStack(b.syms, b.nsyms, b.leaf, true);
        break;
      case KIND_TAGGED:
        v = b.stack && b.nsyms === 0 ? b.stack : this.makeStack(b.syms, b.nsyms, b.leaf, true);
        break;
      case KIND_FRAME:
        return this.frameAt(this.defineFrame(b));
      default:
        v = new XNode(this.sc.name(b.tag), b.fmt, b.text.trim(), b.children, b.attrs);
    }
    if (b.id >= 0) this.defineId(b.id, v);
    else if (b.idName !== null) this.ids.defineNamed(b.idName, v);
    return v;
  }

  /**
   * An unsymbolicated backtrace (research/TRACES.md §1.7; the real CPU Profiler export in the
   * corpus): its `<text-addresses>` fragments, decimal and leaf first, joined in document order
   * make the stack (fragments are shared between backtraces by ref). The display string names the
   * leaf ("objc_msgSend ← (15 other frames)") when Instruments knew its symbol, else shows its
   * address ("0x12227303d ← …"). Frames are interned by address: the same address is one frame.
   */
  private addressStack(b: Builder): Stack {
    const frames: number[] = [];
    for (const part of b.addresses as XValue[]) {
      let list = this.fragments.get(part);
      if (list === undefined) {
        list = [];
        const text = typeof part === 'number' ? String(part) : typeof part === 'string' ? part : part instanceof XNode ? part.text : '';
        for (const a of text.split(/\s+/)) if (/^\d+$/.test(a)) list.push(this.addressFrame(hexOfDecimal(a), null));
        if (typeof part === 'object') this.fragments.set(part, list);
      }
      for (const f of list) frames.push(f);
    }
    const leaf = frames[0];
    if (leaf !== undefined && b.fmt !== undefined) {
      const addr = this.frameRecords.addr(leaf) as string;
      const cut = b.fmt.indexOf(' ← ');
      const name = (cut >= 0 ? b.fmt.slice(0, cut) : b.fmt).trim();
      if (name !== '' && name !== addr && !/^0x[0-9a-f]+$/i.test(name)) frames[0] = this.addressFrame(addr, name);
    }
    const syms = new Int32Array(frames.length);
    for (let k = 0; k < frames.length; k++) syms[k] = this.frameRecords.symbol(frames[k] as number);
    return this.makeStack(syms, syms.length, frames[0] ?? -1, false);
  }

  /** A new stack of `n` symbols (leaf first) whose leaf frame is index `leaf` (-1: none), interned. */
  private makeStack(syms: Int32Array, n: number, leaf: number, symbolicated: boolean): Stack {
    const index = this.stacks++;
    const node = this.stackTable.internSymbols(syms, n, this.recentPath());
    this.stackRecords.set(index, node, leaf, n, symbolicated);
    return new Stack(index, node, leaf, n, this, symbolicated);
  }

  /** The backtrace of a stack index, as an object (the same index, node and frames at every ref). */
  private stackAt(index: number): Stack {
    const r = this.stackRecords;
    return new Stack(index, r.node(index), r.leaf(index), r.depth(index), this, r.symbolicated(index));
  }

  /** The last path of the current row's thread (of the rows without a thread, together). */
  private recentPath(): RecentPaths {
    const th = this.rowThread;
    if (th === this.lastThread && this.lastRecent !== null) return this.lastRecent;
    let r = this.recentPaths.get(th);
    if (r === undefined) {
      // Bounded: a table of a million threads keeps the recent paths of the first 512.
      if (this.recentPaths.size >= 512) return new RecentPaths();
      r = new RecentPaths();
      this.recentPaths.set(th, r);
    }
    this.lastThread = th;
    this.lastRecent = r;
    return r;
  }

  /** The frame of a hex address (named: the leaf's symbol from the display string), with its symbol. */
  private addressFrame(hex: string, name: string | null): number {
    const key = name === null ? hex : hex + '\u0000' + name;
    let f = this.addressFrames.get(key);
    if (f === undefined) {
      const [buf, n] = this.utf8Addr(hex);
      const num = hexAddress(buf, n);
      f = this.frameRecords.add(-1, name !== null, num, hexWords, num >= 0 || num === RAW64 ? null : hex, null, false, null);
      this.frames++;
      const sym = this.stackTable.symbolOf(name ?? hex, null, null);
      this.frameRecords.setSymbol(f, sym);
      this.firstOfSymbol(sym, f);
      this.addressFrames.set(key, f);
    }
    return f;
  }

  /** The UTF-8 bytes of an address text in a scratch buffer. */
  private utf8Addr(text: string): [Buffer, number] {
    if (this.addrBytes.length < text.length * 3) this.addrBytes = Buffer.allocUnsafe(text.length * 3);
    return [this.addrBytes, this.addrBytes.write(text, 0, 'utf8')];
  }

  private scratchFrame(tag: number): Builder {
    this.scratch.reset(tag);
    return this.scratch;
  }

  private frameAttrs(b: Builder): Builder {
    const sc = this.sc;
    for (let i = 0; i < sc.attributeCount; i++) {
      const a = sc.attributeCode(i);
      if (a === this.A_NAME) this.frameName(b, i);
      else if (a === this.A_ADDR) {
        // Decoded into bytes and kept as a number when it is canonical hex (frames.ts): no string.
        let n = sc.attributeUtf8(i, this.addrBytes);
        while (n < 0) {
          this.addrBytes = Buffer.allocUnsafe(this.addrBytes.length * 4);
          n = sc.attributeUtf8(i, this.addrBytes);
        }
        b.addr = hexAddress(this.addrBytes, n);
        if (b.addr === RAW64) b.addrWords.set(hexWords);
        b.addrText = b.addr >= 0 || b.addr === RAW64 ? null : sc.attributeValue(i);
      }
      else if (a === this.A_INLINED) b.inlined = sc.attributeValue(i) === 'true';
    }
    return b;
  }

  /**
   * The name (attribute i) as key bytes (symbols.ts), not a string: the symbol is found by them
   * (most names are new symbols whose string is made when an output reads it, stacks.ts).
   */
  private frameName(b: Builder, i: number): void {
    const sc = this.sc;
    let n = sc.attributeKey(i, b.nameBytes);
    while (n < 0) {
      b.nameBytes = Buffer.allocUnsafe(b.nameBytes.length * 4);
      n = sc.attributeKey(i, b.nameBytes);
    }
    b.nameLen = n;
    b.nameHash = sc.utf8Hash;
    b.nameFlags = sc.keyFlags;
  }

  /** The frame of a `<frame>` definition, recorded (frames.ts): its index. */
  private makeFrame(b: Builder): number {
    if (b.nameLen <= 0) {
      // No name (or an empty one): the label is the address, its symbol made when first used.
      this.frames++;
      return this.frameRecords.add(-1, false, b.addr, b.addrWords, b.addrText, b.binary, b.inlined, b.source);
    }
    return this.namedFrame(b.nameBytes, 0, b.nameLen, b.nameHash, b.nameFlags, b.binary, b.addr, b.addrWords, b.addrText, b.inlined, b.source);
  }

  /**
   * A named frame, recorded: its name as key bytes `buf[a..a+len)` (FNV-1a `nameHash`, KEY_ flags
   * `flags`, symbols.ts) and the rest as FrameRecords.add takes them. Its index.
   */
  private namedFrame(buf: Buffer, a: number, len: number, nameHash: number, flags: number, binary: Binary | null, addr: number, addrWords: Uint32Array, addrText: string | null, inlined: boolean, source: SourceLocation | null): number {
    this.frames++;
    const t = this.stackTable;
    const bin = binary === null ? t.binaryKey(null) : binary.symbolKey >= 0 ? binary.symbolKey : (binary.symbolKey = t.binaryKey(binary.name));
    const h = symbolHash(nameHash, bin);
    const bi = binary === null ? -1 : binary.tableIndex >= 0 ? binary.tableIndex : (binary.tableIndex = t.binaryIndexFor(binary.name, binary.path));
    const sym = t.symbolOfBytes(buf, a, a + len, bin, h, binary?.name ?? null, binary?.path ?? null, flags, bi);
    const f = this.frameRecords.add(sym, true, addr, addrWords, addrText, binary, inlined, source);
    this.firstOfSymbol(sym, f);
    return f;
  }

  /** makeFrame, and its `id` defined (by index when it is an integer): its index. */
  private defineFrame(b: Builder): number {
    const f = this.makeFrame(b);
    if (b.id >= 0) this.ids.defineFrame(b.id, f);
    else if (b.idName !== null) this.ids.defineNamed(b.idName, this.frameAt(f));
    return f;
  }

  /**
   * A `<frame/>` leaf inside a backtrace, as a frame index: a ref to a frame, or a definition.
   * -1 when it is something else (a ref to another kind of value, a dangling or named ref): the
   * caller then resolves it as any leaf.
   */
  private frameLeaf(): number {
    const sc = this.sc;
    const n = sc.attributeCount;
    let idIdx = -1;
    for (let i = 0; i < n; i++) {
      const a = sc.attributeCode(i);
      if (a === this.A_REF) {
        const id = sc.attributeInteger(i);
        return id >= 0 ? this.ids.frameIndex(id) : -1;
      }
      if (a === this.A_ID) idIdx = i;
    }
    const b = this.frameAttrs(this.scratchFrame(this.T_FRAME));
    if (idIdx >= 0) {
      const id = sc.attributeInteger(idIdx);
      if (id >= 0) b.id = id;
      else b.idName = sc.attributeValue(idIdx);
    }
    return this.defineFrame(b);
  }

  private makeBinary(): Binary {
    const sc = this.sc;
    return new Binary(
      this.binaries++,
      sc.attribute(this.A_NAME) ?? null,
      sc.attribute(this.A_PATH) ?? null,
      sc.attribute(this.A_UUID) ?? null,
      sc.attribute(this.A_ARCH) ?? null,
      sc.attribute(this.A_LOADADDR) ?? null,
    );
  }
}

function isBacktrace(kind: Kind): boolean {
  return kind === KIND_BACKTRACE || kind === KIND_TAGGED;
}

/** The hex address text of a decimal one (`<text-addresses>`). */
function hexOfDecimal(decimal: string): string {
  return decimal.startsWith('0x') ? decimal : '0x' + (decimal.length <= 15 ? Number(decimal).toString(16) : BigInt(decimal).toString(16));
}

async function placeOf(sc: XmlScanner, lineOf: ReadOptions['lineOf']): Promise<string> {
  const line = sc.line() || ((await lineOf?.(sc.offset())) ?? 0);
  return line > 0 ? `line ${line}` : `byte ${sc.offset()}`;
}

function sourceOf(v: XNode): SourceLocation {
  let line: number | null = null;
  for (const [k, val] of v.attrs ?? []) if (k === 'line' && /^\d+$/.test(val)) line = Number(val);
  const p = v.child('path');
  return { line, path: typeof p === 'string' ? p : p instanceof XNode ? p.text || (p.fmt ?? null) : null };
}

/** The root element is not an xctrace one. */
export class NotXctraceError extends Error {
  constructor(readonly root: string) {
    super(`the root element is <${root}>, not <${EXPORT_ROOT}> or <${TOC_ROOT}>`);
    this.name = 'NotXctraceError';
  }
}

export interface ByteSource {
  name: string;
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
}

export const XCTRACE_WHAT = 'an `xcrun xctrace export` document (XML)';

/**
 * Reads a whole document, streaming: tables and rows go to the sink. Throws InputError for
 * malformed or truncated XML (with the line and what was open) and for a root that is not xctrace's.
 */
export async function readXctrace(input: ByteSource, sink: XctraceSink, opts: ReadOptions = {}): Promise<XctraceDocument> {
  const asm = new Assembler(sink, opts);
  const sc = asm.sc;
  let bytes = 0;
  let nextMemoryCheck = MEMORY_CHECK_BYTES;
  let truncated: Truncation | null = null;
  try {
    for await (const chunk of input.chunks) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      bytes += buf.length;
      sc.push(buf);
      opts.onBytes?.(bytes);
      if (bytes >= nextMemoryCheck) {
        nextMemoryCheck = bytes + MEMORY_CHECK_BYTES;
        checkMemory(input.name, bytes, asm.stackTable.size);
      }
    }
    sc.end();
  } catch (e) {
    const err = await toInputError(e, input.name, sc, asm.where(), opts.lineOf);
    if (!(opts.keepTruncated && isTruncation(e) && asm.kind === 'export' && asm.completeRows > 0 && err instanceof InputError)) throw err;
    const { table, rows } = asm.current;
    const x = e as XmlSyntaxError;
    const line = x.line > 0 ? x.line : ((await opts.lineOf?.(x.offset)) ?? 0);
    truncated = { byte: x.offset, line: line > 0 ? line : null, rows: asm.completeRows, table, tableRows: rows, message: err.problem, ends: x.message.replace(/^the document /, 'it ') };
    asm.endOpenTable();
  }
  if (opts.lineOf) {
    for (const f of [asm.firstDanglingRef, asm.firstMismatch]) if (f && f.line === 0) f.line = (await opts.lineOf(f.offset)) ?? 0;
  }
  return {
    kind: asm.kind ?? 'export',
    toc: asm.toc,
    tables: asm.tables,
    danglingRefs: asm.danglingRefs,
    firstDanglingRef: asm.firstDanglingRef,
    cellCountMismatches: asm.cellCountMismatches,
    firstMismatch: asm.firstMismatch,
    truncated,
    rowsWithoutSchema: asm.rowsWithoutSchema,
    unknownEntities: sc.unknownEntities,
    trailingBytes: sc.trailingJunk,
    redefinedIds: asm.redefinedIds,
    frames: asm.frames,
    stacks: asm.stacks,
    binaries: asm.binaries,
  };
}

const MEMORY_CHECK_BYTES = 32 << 20;

/**
 * Memory grows with the distinct values and call paths, not the rows; an export with more of them
 * than the heap holds stops here with one line (exit 3) rather than V8's out-of-memory abort.
 */
function checkMemory(name: string, bytes: number, nodes: number): void {
  const limit = getHeapStatistics().heap_size_limit;
  const used = process.memoryUsage().heapUsed;
  if (used < 0.85 * limit) return;
  throw new Error(
    `out of memory reading ${name} at byte ${bytes}: its values and ${nodes.toLocaleString('en-US')} call-path nodes need more than the ${Math.round(limit / 2 ** 20)} MB heap; give Node more (NODE_OPTIONS=--max-old-space-size=8192) or export fewer rows (a shorter --time-limit, one run)`,
  );
}

/** The document ends inside an element: truncated, not malformed. */
function isTruncation(e: unknown): boolean {
  return e instanceof XmlSyntaxError && /^the document ends/.test(e.message);
}

async function toInputError(e: unknown, name: string, sc: XmlScanner, where: string, lineOf: ReadOptions['lineOf']): Promise<unknown> {
  if (e instanceof XmlSyntaxError) {
    const line = e.line > 0 ? e.line : ((await lineOf?.(e.offset)) ?? 0);
    const place = line > 0 ? `line ${line} (byte ${e.offset})` : `byte ${e.offset}`;
    if (isTruncation(e)) {
      const after = where ? ` ${where}` : '';
      return new InputError(name, place, `the file is truncated${after}: ${e.message.replace(/^the document /, 'it ')}`, 'a complete `xctrace export` document');
    }
    return new InputError(name, place, `malformed XML: ${e.message}`, XCTRACE_WHAT);
  }
  if (e instanceof NotXctraceError) {
    return new InputError(name, await placeOf(sc, lineOf), e.message, XCTRACE_WHAT);
  }
  if (e instanceof RangeError && /too many distinct names|more than \d+ elements/.test(e.message)) {
    return new InputError(name, await placeOf(sc, lineOf), `not an xctrace document (${e.message})`, XCTRACE_WHAT);
  }
  return e;
}
