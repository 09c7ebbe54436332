/**
 * A streaming XML scanner specialised for `xctrace export` documents: byte chunks in, one
 * synchronous callback per element out, nothing kept but the unfinished tail of the last chunk.
 *
 * It works on the UTF-8 bytes (no decoding of the document): every byte that matters to XML's
 * structure is ASCII, and names and values are decoded only when the handler asks for them.
 * xctrace writes regular XML: elements with attributes and short text leaves. The scanner has a
 * fast path for that shape: an element whose content is only text (or nothing) is one `leaf` event
 * carrying its attributes and text, so a row of `<x ref="9"/>` cells costs no string at all.
 * Element and attribute names are interned to small integer codes (compare with `===`).
 *
 * Everything else of XML 1.0 that a file may hold is tolerated: comments, processing
 * instructions, CDATA sections, a DOCTYPE (skipped: entities it declares are NOT expanded, which
 * also rules out entity-expansion bombs), attributes in any order with either quote, whitespace
 * around `=`. Character references and the five predefined entities are decoded on demand.
 */

import { hexAddressAt } from './frames.js';
import { FNV_BASIS, FNV_PRIME, KEY_ASCII, KEY_ESCAPED, keyByte, keyHash, keyOf, keyWord, latin1 } from './symbols.js';

export interface ScanHandler {
  /** `<name ...>` whose content has child elements (attributes readable now). */
  open(tag: number): void;
  /** `<name .../>` or `<name ...>text</name>`: attributes and text readable now. */
  leaf(tag: number): void;
  /** `</name>` of an element reported by `open`. */
  close(tag: number): void;
  /** Character data (or a CDATA section) directly inside an element reported by `open`. */
  text(): void;
  /**
   * A run of `count` back-to-back `<frame ref="N"/>` elements exactly, read by the fast path while
   * `frameRefs` is on (inside a backtrace): the refs are `ids[0..count)`. `selectFrameRef(j)` makes
   * the j-th the current event (attributes and place as `leaf` would see them), so that the
   * handler can treat it as `leaf(frame)` when it is not the frame it expects.
   */
  frameRefs?(ids: Int32Array, count: number): void;
  /**
   * `<frame id="N" name="…" addr="…"><binary ref="M"/></frame>` exactly (the shape of every frame
   * definition of a real export after its binary's first), read whole by the fast path while
   * `frameDefs` is on: the current event is the frame's start tag (attributes id, name, addr, in
   * that order), `id` its id, `binaryRef` the binary's ref. `selectBinaryRef()` makes the binary
   * the current event (as `leaf` would see it), for a ref that is not defined.
   */
  frameDef?(id: number, binaryRef: number): void;
}

/** A well-formedness error; the caller turns it into an InputError with the place. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based line, when known. */
    readonly line: number,
    /** Byte offset in the document. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** Byte values (plain constants: with isolatedModules a const enum would be a property load). */
const NL = 10;
const SPACE = 32;
const BANG = 33;
const QUOTE = 34;
const HASH = 35;
const AMP = 38;
const APOS = 39;
const MINUS = 45;
const SLASH = 47;
const ZERO = 48;
const LT = 60;
const EQ = 61;
const GT = 62;
const QUESTION = 63;
const L_BRACKET = 91;
const R_BRACKET = 93;

const INCOMPLETE = -1;
const MAX_ATTRS = 256;
const MAX_NAMES = 1 << 16;
const DEFAULT_MAX_PENDING = 64 << 20;

const PREDEFINED = new Map<string, string>([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

const ENTITY_RE = /&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][\w.:-]*);/g;
const EMPTY = Buffer.alloc(0);
/** The bytes of the fast path's element, `<frame ref="` (then digits, then `"/>`). */
const FRAME_REF_LEN = '<frame ref="'.length;
const NO_FAST = -2;
/** `<frame ref="` as three little-endian 32-bit words. */
const FR_W0 = Buffer.from('<fra', 'latin1').readInt32LE(0);
const FR_W1 = Buffer.from('me r', 'latin1').readInt32LE(0);
const FR_W2 = Buffer.from('ef="', 'latin1').readInt32LE(0);
/** The fixed bytes of a frame definition's fast path (see ScanHandler.frameDef). */
const FD_OPEN = Buffer.from('<frame id="', 'latin1');
const FD_NAME = Buffer.from(' name="', 'latin1');
const FD_ADDR = Buffer.from(' addr="', 'latin1');
const FD_BINARY = Buffer.from('><binary ref="', 'latin1');
const FD_CLOSE = Buffer.from('"/></frame>', 'latin1');
/** The chunk's first bytes stitched to the rest of the last one (more when an element is longer). */
const STITCH_BYTES = 16 << 10;
/** The longest run of frame refs handed over at once (then the next run starts). */
const MAX_RUN = 4096;

export interface ScannerOptions {
  /** The longest element (start tag + text) or comment kept across chunks, in bytes. */
  maxPending?: number;
}

/** Interned names: open addressing on a 32-bit hash, names kept as bytes for exact comparison. */
class NameTable {
  private slots = new Int32Array(1024).fill(-1);
  private hashes: number[] = [];
  private starts: number[] = [];
  private lens: number[] = [];
  private pool = Buffer.alloc(4096);
  private poolUsed = 0;
  readonly names: string[] = [];

  lookup(buf: Uint8Array, a: number, b: number, h: number): number {
    const mask = this.slots.length - 1;
    const len = b - a;
    let slot = h & mask;
    for (;;) {
      const code = this.slots[slot] as number;
      if (code < 0) return this.add(buf, a, b, h, slot);
      if (this.hashes[code] === h && this.lens[code] === len) {
        const p = this.pool;
        let k = this.starts[code] as number;
        let i = a;
        while (i < b && p[k] === buf[i]) {
          i++;
          k++;
        }
        if (i === b) return code;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** True when `buf[a..b)` is the name of `code`. */
  is(code: number, buf: Uint8Array, a: number, b: number): boolean {
    if (this.lens[code] !== b - a) return false;
    const p = this.pool;
    let k = this.starts[code] as number;
    for (let i = a; i < b; i++, k++) if (p[k] !== buf[i]) return false;
    return true;
  }

  /** The code of a name given as a string (for handlers to pre-register their vocabulary). */
  code(name: string): number {
    const bytes = Buffer.from(name, 'utf8');
    return this.lookup(bytes, 0, bytes.length, hashBytes(bytes, 0, bytes.length));
  }

  private add(buf: Uint8Array, a: number, b: number, h: number, slot: number): number {
    const code = this.names.length;
    if (code >= MAX_NAMES) throw new RangeError('too many distinct names');
    const len = b - a;
    if (this.poolUsed + len > this.pool.length) {
      const bigger = Buffer.alloc(Math.max(this.pool.length * 2, this.poolUsed + len));
      this.pool.copy(bigger, 0, 0, this.poolUsed);
      this.pool = bigger;
    }
    this.pool.set(buf.subarray(a, b), this.poolUsed);
    this.starts.push(this.poolUsed);
    this.poolUsed += len;
    this.hashes.push(h);
    this.lens.push(len);
    this.names.push(Buffer.from(buf.buffer, buf.byteOffset + a, len).toString('utf8'));
    this.slots[slot] = code;
    if (this.names.length * 2 > this.slots.length) this.grow();
    return code;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let code = 0; code < this.names.length; code++) {
      let slot = (this.hashes[code] as number) & mask;
      while ((slots[slot] as number) >= 0) slot = (slot + 1) & mask;
      slots[slot] = code;
    }
    this.slots = slots;
  }
}

function hashBytes(buf: Uint8Array, a: number, b: number): number {
  let h = 0;
  for (let i = a; i < b; i++) h = (Math.imul(h, 31) + (buf[i] as number)) | 0;
  return h;
}

/**
 * Per byte of an attribute value, what it is in a symbol's key bytes (symbols.ts): 0 the byte
 * itself (ASCII from the space up, but `&<>"`), KEY_AMP an entity's start, KEY_OTHER a byte that
 * may not be its key byte (a line break or tab, normalised; `<` or `>`, escaped in the key; `"`;
 * non-ASCII, left to the decoder).
 */
const KEY_CLASS = new Uint8Array(256);
const KEY_AMP = 1;
const KEY_OTHER = 2;
for (let c = 0; c < 256; c++) KEY_CLASS[c] = c < SPACE || c >= 0x80 || c === LT || c === GT || c === QUOTE ? KEY_OTHER : c === AMP ? KEY_AMP : 0;

/** True for the bytes that end a name: whitespace, `/`, `>`, `=`. */
const NAME_END = new Uint8Array(256);
for (let c = 0; c <= SPACE; c++) NAME_END[c] = 1;
NAME_END[SLASH] = 1;
NAME_END[GT] = 1;
NAME_END[EQ] = 1;

export class XmlScanner {
  private buf: Buffer = EMPTY;
  /** The same bytes, read four at a time by the fast paths. */
  private view: DataView = new DataView(new ArrayBuffer(0));
  private pos = 0;
  /** Bytes of the document already dropped from `buf`. */
  private before = 0;
  /** Newlines counted in the dropped bytes (only while `countLines`). */
  private linesBefore = 0;
  private readonly countLines: boolean;
  private readonly stack: number[] = [];
  private readonly table = new NameTable();
  private readonly maxPending: number;
  private rootSeen = false;
  private rootClosed = false;
  private eventStart = 0;
  private ended = false;

  // The current event's attributes and text (indexes into `buf`).
  private readonly attrCodes = new Int32Array(MAX_ATTRS);
  private readonly attrStart = new Int32Array(MAX_ATTRS);
  private readonly attrEnd = new Int32Array(MAX_ATTRS);
  private nAttrs = 0;
  private textStart = 0;
  private textEnd = 0;
  private textIsCdata = false;

  /** Entity references other than the predefined and numeric ones, left as they are. */
  unknownEntities = 0;
  /**
   * When on, `<frame ref="N"/>` is read by a fast path (no name lookup, no attribute loop) and
   * reported by `frameRefs`: two thirds of a real app's time profile are such elements, inside
   * backtrace definitions. The handler turns it on inside a backtrace and off after it.
   */
  frameRefs = false;
  /**
   * When on, a frame definition of the common shape (ScanHandler.frameDef) is read by a fast path:
   * a third of a real app's profile at 100 MB. The handler keeps it on exactly while the innermost
   * open element is a backtrace.
   */
  frameDefs = false;
  private readonly refCode: number;
  private readonly idCode: number;
  private readonly nameCode: number;
  private readonly addrCode: number;
  /** The current frame definition's binary ref: its `<` and the end of its digits. */
  private binaryAt = 0;
  private binaryRefEnd = 0;
  /** The current run of frame refs: their ids and where each starts (its `<`). */
  private readonly runIds = new Int32Array(MAX_RUN);
  private readonly runAt = new Int32Array(MAX_RUN);
  /** Bytes of markup or text found after the root element ended (ignored). */
  trailingJunk = 0;

  constructor(
    private readonly handler: ScanHandler,
    opts: ScannerOptions & { countLines?: boolean } = {},
  ) {
    this.maxPending = opts.maxPending ?? DEFAULT_MAX_PENDING;
    this.countLines = opts.countLines ?? true;
    this.refCode = this.table.code('ref');
    this.idCode = this.table.code('id');
    this.nameCode = this.table.code('name');
    this.addrCode = this.table.code('addr');
  }

  /** The interned code of a name (element or attribute). */
  code(name: string): number {
    return this.table.code(name);
  }

  /** The name of an interned code. */
  name(code: number): string {
    return this.table.names[code] as string;
  }

  /** Feeds the next chunk of the document. */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('push after end');
    const rest = this.buf.length - this.pos;
    if (rest > this.maxPending) {
      throw new XmlSyntaxError(`an element or comment longer than ${Math.round(this.maxPending / 1048576)} MB`, this.lineAt(this.pos), this.before + this.pos);
    }
    this.drop(this.pos);
    const c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    if (rest === 0) {
      this.use(c, 0);
      this.scan();
      return;
    }
    // The unscanned rest (an element cut by the chunk's start) is stitched to the chunk's first
    // bytes and scanned there; once the scan is past the rest, it goes on in the chunk itself.
    // Copying the rest and the whole chunk into one buffer, as before, was a megabyte copied per
    // megabyte read (2-3 % of the time at 100 MB). The events are the same either way: a scan stops
    // at an element the buffer ends in and reads it again from its start in the next buffer.
    let left = rest;
    let take = Math.min(c.length, STITCH_BYTES);
    for (;;) {
      const stitch = this.carry(left, c.subarray(0, take));
      this.use(stitch, 0);
      const p = this.scanFrom(0);
      if (p >= left) {
        this.drop(left);
        this.use(c, p - left);
        this.scan();
        return;
      }
      if (take === c.length) {
        // All of the chunk is in the stitch, which stays the buffer (its end is inside an element).
        this.pos = p;
        return;
      }
      // An element longer than the stitch: again from where the scan stopped, with more of the chunk.
      this.drop(p);
      this.use(stitch.subarray(0, left), p);
      left -= p;
      take = Math.min(c.length, take * 8);
    }
  }

  /** Makes `b` the buffer scanned, from `pos`. */
  private use(b: Buffer, pos: number): void {
    this.buf = b;
    this.view = new DataView(b.buffer, b.byteOffset, b.length);
    this.pos = pos;
  }

  /**
   * The unscanned rest of the buffer followed by the chunk, in one reused buffer: a new one per
   * chunk (Buffer.concat) was a megabyte of garbage outside the heap per megabyte read, which the
   * collector frees late (tens of MB of peak RSS). No string or view keeps a part of it.
   */
  private carry(rest: number, c: Buffer): Buffer {
    const need = rest + c.length;
    let spare = this.spare;
    if (spare === null || spare.length < need) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(need, 2 * (spare?.length ?? 0), 1 << 16));
      this.buf.copy(bigger, 0, this.pos);
      spare = this.spare = bigger;
    } else if (this.buf.buffer === spare.buffer) spare.copyWithin(0, this.buf.byteOffset - spare.byteOffset + this.pos, this.buf.byteOffset - spare.byteOffset + this.buf.length);
    else this.buf.copy(spare, 0, this.pos);
    c.copy(spare, rest);
    return spare.subarray(0, need);
  }

  private spare: Buffer | null = null;

  /** Ends the document: throws XmlSyntaxError when it is cut inside an element or markup. */
  end(): void {
    this.ended = true;
    // A start tag complete at the very end was kept for the leaf lookahead: report it as open.
    this.scan();
    const s = this.buf;
    let i = this.pos;
    while (i < s.length && (s[i] as number) <= SPACE) i++;
    if (i < s.length) {
      if (this.rootClosed) this.trailingJunk += s.length - i;
      else {
        const what = s[i] === LT ? `inside the markup \`${clip(s.toString('utf8', i, Math.min(s.length, i + 40)))}\`` : 'inside text';
        throw new XmlSyntaxError(`the document ends ${what}${this.openPath()}`, this.lineAt(s.length), this.before + s.length);
      }
    }
    if (!this.rootSeen) throw new XmlSyntaxError('no XML element found', this.lineAt(s.length), this.before + s.length);
    if (this.stack.length) throw new XmlSyntaxError(`the document ends${this.openPath()}`, this.lineAt(s.length), this.before + s.length);
  }

  /** The open elements, outermost first. */
  openElements(): string[] {
    return this.stack.map((c) => this.name(c));
  }

  /** 1-based line of the current event's start (0 when lines are not counted). */
  line(): number {
    return this.lineAt(this.eventStart);
  }

  /** Byte offset of the current event's start in the document. */
  offset(): number {
    return this.before + this.eventStart;
  }

  // ---- the current event's attributes and text ----

  get attributeCount(): number {
    return this.nAttrs;
  }

  attributeCode(i: number): number {
    return this.attrCodes[i] as number;
  }

  /** Index of the attribute with this code, or -1. */
  attributeIndex(code: number): number {
    const n = this.nAttrs;
    const codes = this.attrCodes;
    for (let i = 0; i < n; i++) if (codes[i] === code) return i;
    return -1;
  }

  /**
   * Attribute i as frames.ts' canonical hex address read in place (its words in hexWords when
   * RAW64), or -1 when it is not one (then decode it: attributeUtf8). Canonical hex has no entity,
   * so its bytes are its value.
   */
  attributeHex(i: number): number {
    return hexAddressAt(this.buf, this.attrStart[i] as number, this.attrEnd[i] as number);
  }

  /** The decoded value of attribute i. */
  attributeValue(i: number): string {
    const s = this.buf;
    const a = this.attrStart[i] as number;
    const b = this.attrEnd[i] as number;
    let plain = true;
    for (let k = a; k < b; k++) {
      const c = s[k] as number;
      if (c >= 0x80 || c === AMP || c === 9 || c === 10 || c === 13) {
        plain = false;
        break;
      }
    }
    // ASCII without entities or line breaks (addresses, ids, most names): the bytes are the value.
    if (plain) return latin1(s, a, b);
    return this.decode(normalizeAttributeWhitespace(s.toString('utf8', a, b)));
  }

  /**
   * The decoded value of attribute i as UTF-8 bytes, written into `out` from 0: their length, or -1
   * when `out` is too short (then again with a longer one). Exactly the bytes of attributeValue(i),
   * made without a string when the value is ASCII with only the five named entities (a frame's
   * name, in real exports) and by way of attributeValue otherwise.
   */
  attributeUtf8(i: number, out: Buffer): number {
    const s = this.buf;
    const a = this.attrStart[i] as number;
    const b = this.attrEnd[i] as number;
    if (b - a > out.length) return -1;
    let o = 0;
    let h = FNV_BASIS;
    for (let k = a; k < b; k++) {
      let c = s[k] as number;
      if (c >= 0x80 || c === 9 || c === 10 || c === 13) return this.attributeUtf8Slow(i, out);
      if (c === AMP) {
        const d = predefinedAt(s, k + 1, b);
        if (d < 0) return this.attributeUtf8Slow(i, out);
        c = d & 0xff;
        k += d >>> 8;
      }
      out[o++] = c;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    this.utf8Hash = h;
    this.utf8Ascii = true;
    return o;
  }

  /**
   * Of the last attributeUtf8 that returned a length: FNV-1a of its bytes (symbols.ts), and whether
   * they are all ASCII.
   */
  utf8Hash = 0;
  utf8Ascii = false;

  private attributeUtf8Slow(i: number, out: Buffer): number {
    const v = this.attributeValue(i);
    if (Buffer.byteLength(v, 'utf8') > out.length) return -1;
    const n = out.write(v, 0, 'utf8');
    let h = FNV_BASIS;
    let ascii = true;
    for (let k = 0; k < n; k++) {
      const c = out[k] as number;
      if (c >= 0x80) ascii = false;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    this.utf8Hash = h;
    this.utf8Ascii = ascii;
    return n;
  }

  /**
   * The key bytes (symbols.ts: UTF-8 with `&<>"` as entities) of attribute i's decoded value,
   * written into `out` from 0: their length, or -1 when `out` is too short. The value's own bytes
   * when they are key bytes already (printable ASCII with only `&amp;` `&lt;` `&gt;` `&quot;`: a
   * name as xctrace writes it), else made from attributeValue. Sets utf8Hash (FNV-1a of the key
   * bytes) and keyFlags (symbols.ts' KEY_ASCII, KEY_ESCAPED).
   */
  attributeKey(i: number, out: Buffer): number {
    const s = this.buf;
    const a = this.attrStart[i] as number;
    const b = this.attrEnd[i] as number;
    if (b - a > out.length) return -1;
    let flags = KEY_ASCII;
    for (let k = a, o = 0; k < b; k++, o++) {
      const c = s[k] as number;
      const cls = KEY_CLASS[c] as number;
      if (cls !== 0) {
        if (cls === KEY_OTHER || keyEntityAt(s, k + 1, b) < 0) return this.attributeKeySlow(i, out);
        flags = KEY_ASCII | KEY_ESCAPED;
      }
      out[o] = c;
    }
    this.utf8Hash = keyHash(out, 0, b - a);
    this.keyFlags = flags;
    return b - a;
  }

  /** Of the last attributeKey that returned a length, or of the fast path's frame name (defName*). */
  keyFlags = 0;

  private attributeKeySlow(i: number, out: Buffer): number {
    const v = keyOf(this.attributeValue(i));
    if (Buffer.byteLength(v, 'utf8') > out.length) return -1;
    const n = out.write(v, 0, 'utf8');
    let flags = KEY_ASCII;
    for (let k = 0; k < n; k++) {
      const c = out[k] as number;
      if (c >= 0x80) flags &= ~KEY_ASCII;
      if (c === AMP) flags |= KEY_ESCAPED;
    }
    this.utf8Hash = keyHash(out, 0, n);
    this.keyFlags = flags;
    return n;
  }

  /**
   * The current frame definition's name (ScanHandler.frameDef) as key bytes in place: true when its
   * bytes in the document are its key bytes (then they are `bytes[defNameStart..defNameEnd)`, their
   * FNV-1a `utf8Hash` and flags `keyFlags`), false when the name must be read by attributeKey.
   */
  defNameIsKey = false;

  /** The bytes the current event's offsets index (valid until the next push). */
  get bytes(): Buffer {
    return this.buf;
  }

  /** The current frame definition's name: where its bytes start and end in `bytes`. */
  get defNameStart(): number {
    return this.attrStart[1] as number;
  }

  get defNameEnd(): number {
    return this.attrEnd[1] as number;
  }

  /** The decoded value of the attribute with this code, if present. */
  attribute(code: number): string | undefined {
    const i = this.attributeIndex(code);
    return i < 0 ? undefined : this.attributeValue(i);
  }

  /**
   * Attribute i as a non-negative decimal integer read in place (ids and refs), or -1 when it is not
   * one (then use attributeValue).
   */
  attributeInteger(i: number): number {
    const a = this.attrStart[i] as number;
    const b = this.attrEnd[i] as number;
    if (b <= a || b - a > 15) return -1;
    const s = this.buf;
    let v = 0;
    for (let k = a; k < b; k++) {
      const c = (s[k] as number) - ZERO;
      if (c < 0 || c > 9) return -1;
      v = v * 10 + c;
    }
    return v;
  }

  /** True when the current leaf or text event has no characters. */
  get textEmpty(): boolean {
    return this.textEnd <= this.textStart;
  }

  /** The decoded text of the current leaf or text event. */
  textValue(): string {
    const raw = this.buf.toString('utf8', this.textStart, this.textEnd);
    return this.textIsCdata ? raw : this.decode(raw);
  }

  /**
   * The text as a safe integer read in place (no string is made), or NaN when it is anything else
   * (a decimal, a value above 2^53 that must stay exact, blank, an entity): then use textValue.
   */
  textNumber(): number {
    const a = this.textStart;
    const b = this.textEnd;
    if (b <= a) return Number.NaN;
    const s = this.buf;
    let i = a;
    let neg = false;
    if (s[i] === MINUS) {
      neg = true;
      i++;
      if (i === b) return Number.NaN;
    }
    // From -0, not 0: a double from the first digit on (-0 * 10 + c is c), so that the optimized
    // code does not assume small integers and is not thrown away at the first value past 2^31
    // (sample times in ns, near MB 7 of a real app's profile).
    let v = -0;
    for (; i < b; i++) {
      const c = (s[i] as number) - ZERO;
      if (c < 0 || c > 9) return Number.NaN;
      v = v * 10 + c;
    }
    if (v > Number.MAX_SAFE_INTEGER) return Number.NaN;
    return neg ? -v : v;
  }

  /** True when the text is blank (whitespace only). */
  textBlank(): boolean {
    const s = this.buf;
    for (let i = this.textStart; i < this.textEnd; i++) if ((s[i] as number) > SPACE) return false;
    return true;
  }

  // ---- scanning ----

  private scan(): void {
    this.pos = this.scanFrom(this.pos);
  }

  /**
   * The events from `pos` on, up to the last one complete in the buffer: the position after it.
   * A method of its own that returns the position, so that the only code after the loop is a
   * return: the loop runs in on-stack-replaced code, which V8 compiles before the loop has ever
   * ended, and a property store after it (`this.pos = pos`) had no type feedback there, so that
   * code was thrown away (deoptimized) at the end of every chunk (once a megabyte at 100 MB).
   */
  private scanFrom(start: number): number {
    const s = this.buf;
    const n = s.length;
    let pos = start;
    while (pos < n) {
      let lt = pos;
      while (lt < n && s[lt] !== LT) lt++;
      if (lt >= n) break; // text up to the end of the chunk: it ends at a '<' in a later one
      if (lt > pos) this.textEvent(pos, lt);
      pos = lt;
      if (lt + 1 >= n) break;
      const c = s[lt + 1];
      this.eventStart = lt;
      let next: number;
      if (c === SLASH) next = this.closeTag(lt);
      else if (this.frameRefs && (next = this.frameRefRun(lt)) !== NO_FAST) {
        // read by the fast path
      } else if (this.frameDefs && (next = this.frameDefinition(lt)) !== NO_FAST) {
        // read by the fast path
      } else if (c === BANG) next = this.bang(lt);
      else if (c === QUESTION) next = this.pi(lt);
      else next = this.startTag(lt);
      if (next === INCOMPLETE) break;
      pos = next;
    }
    return pos;
  }

  private textEvent(a: number, b: number): void {
    this.eventStart = a;
    this.textStart = a;
    this.textEnd = b;
    this.textIsCdata = false;
    if (this.stack.length) {
      this.handler.text();
      return;
    }
    const s = this.buf;
    for (let i = a; i < b; i++) {
      if ((s[i] as number) > SPACE) {
        if (this.rootClosed) {
          this.trailingJunk += b - i;
          return;
        }
        this.eventStart = i;
        throw new XmlSyntaxError(`text outside the root element: \`${clip(s.toString('utf8', i, Math.min(b, i + 40)))}\``, this.lineAt(i), this.before + i);
      }
    }
  }

  /**
   * The `<frame ref="N"/>` elements that follow each other from lt, read in place and handed over
   * as one run: the position after the last, or NO_FAST when the first is anything else (another
   * element, other spacing, a ref that is not a decimal integer below 2^31, the chunk ending inside
   * it), which the generic start tag then reads.
   */
  private frameRefRun(lt: number): number {
    const s = this.buf;
    const n = s.length;
    const ids = this.runIds;
    const at = this.runAt;
    const dv = this.view;
    let count = 0;
    let p = lt;
    while (count < MAX_RUN) {
      const a = p + FRAME_REF_LEN;
      // `<frame ref="` compared as three little-endian words (a loop over its bytes was a third
      // of this function's time, and twelve byte compares written out more than three words).
      if (a + 3 >= n || dv.getInt32(p, true) !== FR_W0 || dv.getInt32(p + 4, true) !== FR_W1 || dv.getInt32(p + 8, true) !== FR_W2) break;
      let i = a;
      let v = 0;
      for (; i < n; i++) {
        const d = (s[i] as number) - ZERO;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (i === a || i - a > 10 || v > 0x7fffffff || i + 2 >= n || s[i] !== QUOTE || s[i + 1] !== SLASH || s[i + 2] !== GT) break;
      ids[count] = v;
      at[count] = p;
      count++;
      p = i + 3;
    }
    if (count === 0) return NO_FAST;
    (this.handler.frameRefs as (ids: Int32Array, count: number) => void).call(this.handler, ids, count);
    return p;
  }

  /**
   * A frame definition of the one common shape (ScanHandler.frameDef) at lt, read in place: the
   * position after its `</frame>`, or NO_FAST when it is anything else (other attributes or
   * order, other spacing, a binary defined here, a source line, an id or ref that is not a
   * decimal integer below 2^31, the chunk ending inside it), which the generic path then reads.
   */
  private frameDefinition(lt: number): number {
    const s = this.buf;
    const n = s.length;
    let p = matchAt(s, lt, FD_OPEN);
    if (p < 0) return NO_FAST;
    let id = 0;
    const ia = p;
    for (; p < n; p++) {
      const d = (s[p] as number) - ZERO;
      if (d < 0 || d > 9) break;
      id = id * 10 + d;
    }
    if (p === ia || p - ia > 10 || id > 0x7fffffff || p >= n || s[p] !== QUOTE) return NO_FAST;
    const idEnd = p;
    const na = matchAt(s, p + 1, FD_NAME);
    if (na < 0) return NO_FAST;
    // The name's end, and whether its bytes are its key bytes (symbols.ts), hashed on the way as
    // keyHash does: four bytes at a time while none of them is special (a quote, `&`, `<`, `>`, a
    // control or non-ASCII byte: tested on the word at once), a word with one byte by byte.
    let ne = na;
    let h = FNV_BASIS;
    let keyFlags = KEY_ASCII;
    const dv = this.view;
    for (;;) {
      if (ne + 4 <= n) {
        const w = dv.getInt32(ne, true);
        if (((w & 0x80808080) | ((w - 0x20202020) & ~w & 0x80808080) | zeroByte((w | 0x04040404) ^ 0x26262626) | zeroByte((w | 0x02020202) ^ 0x3e3e3e3e)) === 0) {
          h = keyWord(h, w);
          ne += 4;
          continue;
        }
      }
      const lim = ne + 4 <= n ? ne + 4 : n;
      let end = -1;
      for (let k = ne; k < lim; k++) {
        const c = s[k] as number;
        if (c === QUOTE) {
          end = k;
          break;
        }
        const cls = KEY_CLASS[c] as number;
        if (cls !== 0) keyFlags = cls === KEY_AMP && keyEntityAt(s, k + 1, n) >= 0 ? keyFlags | KEY_ESCAPED : 0;
      }
      if (end >= 0) {
        for (; ne < end; ne++) h = keyByte(h, s[ne] as number);
        break;
      }
      if (lim < ne + 4) return NO_FAST; // the chunk ends inside the name
      h = keyWord(h, dv.getInt32(ne, true));
      ne += 4;
    }
    const aa = matchAt(s, ne + 1, FD_ADDR);
    if (aa < 0) return NO_FAST;
    const ae = s.indexOf(QUOTE, aa);
    if (ae < 0) return NO_FAST;
    const ra = matchAt(s, ae + 1, FD_BINARY);
    if (ra < 0) return NO_FAST;
    let ref = 0;
    p = ra;
    for (; p < n; p++) {
      const d = (s[p] as number) - ZERO;
      if (d < 0 || d > 9) break;
      ref = ref * 10 + d;
    }
    if (p === ra || p - ra > 10 || ref > 0x7fffffff) return NO_FAST;
    const end = matchAt(s, p, FD_CLOSE);
    if (end < 0) return NO_FAST;
    this.eventStart = lt;
    this.nAttrs = 3;
    this.attrCodes[0] = this.idCode;
    this.attrStart[0] = ia;
    this.attrEnd[0] = idEnd;
    this.attrCodes[1] = this.nameCode;
    this.attrStart[1] = na;
    this.attrEnd[1] = ne;
    this.attrCodes[2] = this.addrCode;
    this.attrStart[2] = aa;
    this.attrEnd[2] = ae;
    this.textStart = this.textEnd = ae + 2;
    this.rootSeen = true;
    this.defNameIsKey = (keyFlags & KEY_ASCII) !== 0;
    this.utf8Hash = h;
    this.keyFlags = keyFlags;
    this.binaryAt = ae + 2;
    this.binaryRefEnd = p;
    (this.handler.frameDef as (id: number, binaryRef: number) => void).call(this.handler, id, ref);
    return end;
  }

  /** Makes the binary ref of the current frame definition (frameDef) the current event. */
  selectBinaryRef(): void {
    const lt = this.binaryAt;
    this.eventStart = lt;
    this.nAttrs = 1;
    this.attrCodes[0] = this.refCode;
    this.attrStart[0] = lt + FD_BINARY.length - 1;
    this.attrEnd[0] = this.binaryRefEnd;
    this.textStart = this.textEnd = this.binaryRefEnd + 3;
  }

  /** Makes the j-th frame ref of the current run the current event (a leaf `<frame ref="N"/>`). */
  selectFrameRef(j: number): void {
    const lt = this.runAt[j] as number;
    const a = lt + FRAME_REF_LEN;
    this.eventStart = lt;
    this.nAttrs = 1;
    this.attrCodes[0] = this.refCode;
    this.attrStart[0] = a;
    const end = this.buf.indexOf(QUOTE, a);
    this.attrEnd[0] = end;
    this.textStart = this.textEnd = end + 3;
  }

  // The name loops below (element, attribute, end tag) are written out in place on purpose: as a
  // shared method they cost about 5 % of the whole scan (measured with the benchmark's file).

  private startTag(lt: number): number {
    const s = this.buf;
    const n = s.length;
    let i = lt + 1;
    let h = 0;
    for (; i < n; i++) {
      const c = s[i] as number;
      if (NAME_END[c] === 1) break;
      h = (Math.imul(h, 31) + c) | 0;
    }
    if (i >= n) return INCOMPLETE;
    if (i === lt + 1) throw this.error(`a \`<\` that starts no element`, lt);
    const tag = this.table.lookup(s, lt + 1, i, h);
    let nAttrs = 0;
    let selfClosing = false;
    for (;;) {
      while (i < n && (s[i] as number) <= SPACE) i++;
      if (i >= n) return INCOMPLETE;
      let c = s[i] as number;
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        if (i + 1 >= n) return INCOMPLETE;
        if (s[i + 1] !== GT) throw this.error(`\`/\` not followed by \`>\` in <${this.name(tag)}>`, i);
        i += 2;
        selfClosing = true;
        break;
      }
      const an = i;
      h = 0;
      for (; i < n; i++) {
        c = s[i] as number;
        if (NAME_END[c] === 1) break;
        h = (Math.imul(h, 31) + c) | 0;
      }
      if (i >= n) return INCOMPLETE;
      if (i === an) throw this.error(`a stray \`${String.fromCharCode(c)}\` in <${this.name(tag)}>`, i);
      const acode = this.table.lookup(s, an, i, h);
      while (i < n && (s[i] as number) <= SPACE) i++;
      if (i >= n) return INCOMPLETE;
      if (s[i] !== EQ) throw this.error(`attribute ${this.name(acode)} of <${this.name(tag)}> has no value`, i);
      i++;
      while (i < n && (s[i] as number) <= SPACE) i++;
      if (i >= n) return INCOMPLETE;
      const q = s[i] as number;
      if (q !== QUOTE && q !== APOS) throw this.error(`attribute ${this.name(acode)} of <${this.name(tag)}> is not quoted`, i);
      // The closing quote by indexOf (memchr): names and paths are tens to hundreds of bytes.
      const v = s.indexOf(q, i + 1);
      if (v < 0) return INCOMPLETE;
      if (nAttrs >= MAX_ATTRS) throw this.error(`<${this.name(tag)}> has more than ${MAX_ATTRS} attributes`, lt);
      this.attrCodes[nAttrs] = acode;
      this.attrStart[nAttrs] = i + 1;
      this.attrEnd[nAttrs] = v;
      nAttrs++;
      i = v + 1;
    }
    this.nAttrs = nAttrs;
    if (this.rootClosed) {
      this.trailingJunk += i - lt;
      return i;
    }
    this.rootSeen = true;
    if (selfClosing) {
      this.textStart = this.textEnd = i;
      this.handler.leaf(tag);
      if (this.stack.length === 0) this.rootClosed = true;
      return i;
    }
    // A leaf: text (possibly empty) then this element's end tag. `ended` is read here, on every
    // such element, not only where the buffer ends: a load first run there (at a chunk's end, by
    // then in optimized code) had no type feedback and threw this function's code away.
    const ended = this.ended;
    let lt2 = i;
    while (lt2 < n && s[lt2] !== LT) lt2++;
    if (lt2 + 1 >= n && !ended) return INCOMPLETE;
    if (lt2 + 1 < n && s[lt2 + 1] === SLASH) {
      const nameLen = i - lt; // upper bound; the exact end is found below
      let j = lt2 + 2;
      let k = lt + 1;
      while (j < n && k < lt + nameLen && s[j] === s[k] && NAME_END[s[k] as number] !== 1) {
        j++;
        k++;
      }
      if (j >= n && !ended) return INCOMPLETE;
      if (j < n && NAME_END[s[k] as number] === 1) {
        while (j < n && (s[j] as number) <= SPACE) j++;
        if (j >= n && !ended) return INCOMPLETE;
        if (s[j] === GT) {
          this.textStart = i;
          this.textEnd = lt2;
          this.textIsCdata = false;
          this.handler.leaf(tag);
          if (this.stack.length === 0) this.rootClosed = true;
          return j + 1;
        }
      }
    }
    this.stack.push(tag);
    this.handler.open(tag);
    return i;
  }

  private closeTag(lt: number): number {
    const s = this.buf;
    const n = s.length;
    let i = lt + 2;
    let h = 0;
    for (; i < n; i++) {
      const c = s[i] as number;
      if (NAME_END[c] === 1) break;
      h = (Math.imul(h, 31) + c) | 0;
    }
    const nameEnd = i;
    while (i < n && (s[i] as number) <= SPACE) i++;
    if (i >= n) return INCOMPLETE;
    if (s[i] !== GT) throw this.error(`a malformed end tag`, lt);
    const top = this.stack[this.stack.length - 1];
    // The end tag of the open element (always, in a well-formed file): its bytes compared with that
    // name's, no hash lookup.
    const tag = top !== undefined && this.table.is(top, s, lt + 2, nameEnd) ? top : this.table.lookup(s, lt + 2, nameEnd, h);
    if (top === undefined) {
      if (this.rootClosed) {
        this.trailingJunk += i + 1 - lt;
        return i + 1;
      }
      throw this.error(`</${this.name(tag)}> closes an element that is not open`, lt);
    }
    if (tag !== top) throw this.error(`</${this.name(tag)}> where </${this.name(top)}> was expected`, lt);
    this.stack.pop();
    this.handler.close(tag);
    if (this.stack.length === 0) this.rootClosed = true;
    return i + 1;
  }

  /** `<!--`, `<![CDATA[`, `<!DOCTYPE`. */
  private bang(lt: number): number {
    const s = this.buf;
    const n = s.length;
    if (lt + 4 > n) return INCOMPLETE;
    if (s[lt + 2] === MINUS && s[lt + 3] === MINUS) {
      const end = s.indexOf('-->', lt + 4, 'latin1');
      return end < 0 ? INCOMPLETE : end + 3;
    }
    if (lt + 9 > n) return INCOMPLETE;
    const word = s.toString('latin1', lt, lt + 9);
    if (word === '<![CDATA[') {
      const end = s.indexOf(']]>', lt + 9, 'latin1');
      if (end < 0) return INCOMPLETE;
      if (!this.stack.length) throw this.error('a CDATA section outside the root element', lt);
      this.textStart = lt + 9;
      this.textEnd = end;
      this.textIsCdata = true;
      this.handler.text();
      this.textIsCdata = false;
      return end + 3;
    }
    if (word === '<!DOCTYPE') {
      // Skip the declaration and its internal subset; nothing declared in it is applied.
      let depth = 0;
      let quote = 0;
      for (let i = lt + 9; i < n; i++) {
        const c = s[i] as number;
        if (quote) {
          if (c === quote) quote = 0;
        } else if (c === QUOTE || c === APOS) quote = c;
        else if (c === L_BRACKET) depth++;
        else if (c === R_BRACKET) depth--;
        else if (c === GT && depth <= 0) return i + 1;
      }
      return INCOMPLETE;
    }
    throw this.error(`unexpected markup \`${clip(s.toString('utf8', lt, Math.min(n, lt + 20)))}\``, lt);
  }

  private pi(lt: number): number {
    const end = this.buf.indexOf('?>', lt + 2, 'latin1');
    return end < 0 ? INCOMPLETE : end + 2;
  }

  private decode(raw: string): string {
    if (raw.indexOf('&') < 0) return raw;
    // The common case, names with &lt; &gt; &amp; &quot; &apos; only: split and join, no regex callback.
    if (raw.indexOf('&#') < 0) {
      const fast = decodePredefined(raw);
      if (fast !== null) return fast;
    }
    return raw.replace(ENTITY_RE, (m, e: string) => {
      if (e.charCodeAt(0) === HASH) {
        const hex = e.charCodeAt(1) === 120 || e.charCodeAt(1) === 88;
        const cp = hex ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
        if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
        return String.fromCodePoint(cp);
      }
      const v = PREDEFINED.get(e);
      if (v !== undefined) return v;
      this.unknownEntities++;
      return m;
    });
  }

  private error(message: string, at: number): XmlSyntaxError {
    this.eventStart = at;
    return new XmlSyntaxError(message, this.lineAt(at), this.before + at);
  }

  private drop(upTo: number): void {
    if (upTo <= 0) return;
    if (this.countLines) {
      const s = this.buf;
      let i = s.indexOf(NL);
      while (i >= 0 && i < upTo) {
        this.linesBefore++;
        i = s.indexOf(NL, i + 1);
      }
    }
    this.before += upTo;
  }

  private lineAt(p: number): number {
    if (!this.countLines) return 0;
    const s = this.buf;
    let line = this.linesBefore + 1;
    let i = s.indexOf(NL);
    while (i >= 0 && i < p) {
      line++;
      i = s.indexOf(NL, i + 1);
    }
    return line;
  }

  private openPath(): string {
    if (!this.stack.length) return '';
    return ' inside ' + this.stack.map((c) => `<${this.name(c)}>`).join(' > ');
  }
}

/** The position after `bytes` when they are at `s[p..]`, else -1 (also when the buffer ends first). */
function matchAt(s: Uint8Array, p: number, bytes: Uint8Array): number {
  const m = bytes.length;
  if (p + m > s.length) return -1;
  for (let k = 0; k < m; k++) if (s[p + k] !== bytes[k]) return -1;
  return p + m;
}

/**
 * The named entity whose name starts at `s[k]` (after its `&`), ending before `end`: its character
 * in the low byte and the bytes of `name;` above it, or -1 when it is not one of the five.
 */
function predefinedAt(s: Uint8Array, k: number, end: number): number {
  const c0 = s[k];
  if (c0 === 108 /* l */ || c0 === 103 /* g */) {
    if (k + 2 < end && s[k + 1] === 116 /* t */ && s[k + 2] === 59) return (3 << 8) | (c0 === 108 ? LT : GT);
    return -1;
  }
  if (c0 === 97 /* a */) {
    if (k + 3 < end && s[k + 1] === 109 && s[k + 2] === 112 && s[k + 3] === 59) return (4 << 8) | AMP; // amp;
    if (k + 4 < end && s[k + 1] === 112 && s[k + 2] === 111 && s[k + 3] === 115 && s[k + 4] === 59) return (5 << 8) | APOS; // apos;
    return -1;
  }
  if (c0 === 113 /* q */ && k + 4 < end && s[k + 1] === 117 && s[k + 2] === 111 && s[k + 3] === 116 && s[k + 4] === 59) return (5 << 8) | QUOTE; // quot;
  return -1;
}

/** Non-zero when a byte of the 32-bit word `v` is zero (exact when none is). */
function zeroByte(v: number): number {
  return (v - 0x01010101) & ~v & 0x80808080;
}

/**
 * At `s[k]` (after a `&`, before `end`): the length of `amp;`, `lt;`, `gt;` or `quot;` (the
 * entities of key bytes, symbols.ts), or -1 for anything else (`&apos;`, a character reference).
 */
function keyEntityAt(s: Uint8Array, k: number, end: number): number {
  const d = predefinedAt(s, k, end);
  return d < 0 || (d & 0xff) === APOS ? -1 : d >>> 8;
}

function normalizeAttributeWhitespace(raw: string): string {
  // XML attribute-value normalisation: literal tab/CR/LF become spaces (&#10; stays a newline).
  return /[\t\n\r]/.test(raw) ? raw.replace(/\r\n|[\t\n\r]/g, ' ') : raw;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 36 ? one.slice(0, 35) + '…' : one;
}

/**
 * XML's five named entities decoded, or null when another entity is there (the slow path says so).
 * The pieces are joined once (a flat string): concatenating them kept every name as a tree of
 * string pieces, four objects per frame name (a quarter of the heap on a real app's profile).
 */
function decodePredefined(raw: string): string | null {
  const parts: string[] = [];
  let from = 0;
  for (let i = raw.indexOf('&'); i >= 0; i = raw.indexOf('&', from)) {
    parts.push(raw.slice(from, i));
    const semi = raw.indexOf(';', i);
    const v = semi < 0 || semi - i > 5 ? undefined : PREDEFINED.get(raw.slice(i + 1, semi));
    if (v === undefined) return null;
    parts.push(v);
    from = semi + 1;
  }
  parts.push(raw.slice(from));
  return parts.join('');
}
