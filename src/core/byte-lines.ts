/**
 * The line splitter of lines.ts, on UTF-8 bytes: chunks of bytes in, one decoded line per callback
 * out, with the same lines, line numbers, \r flags and truncation as LineSplitter on the decoded
 * text. \n and \r are single bytes that never occur inside a multi-byte character, so the line ends
 * are found on the bytes and each line is decoded on its own. That is cheaper than decoding 1 MB
 * chunks and slicing them: one non-ASCII character (a tqdm bar's █) makes a whole decoded chunk a
 * two-byte string, and every line sliced from it with it; decoded alone, each ASCII line is a
 * one-byte string (half the memory, faster to match and hash).
 *
 * A line longer than `maxLineLength` characters keeps its first `maxLineLength` characters and is
 * flagged as truncated; a line split across chunks keeps at most the bytes that can hold them.
 *
 * With `stripAnsi`, a line whose bytes hold no ESC (0x1b) and no 0x9b byte (U+009B, the 8-bit CSI,
 * is C2 9B) has no escape sequence, and the others mostly have their sequences taken out on the
 * bytes before they are decoded (see `stripped`): either way the line is flagged `ansiStripped`, and
 * its text is what stripAnsi (convlog/normalize.ts) makes of the decoded line, without the regex
 * and its copy (a notebook's coloured traceback has two sequences on most lines). Any other line
 * (begun in an earlier chunk, longer than maxLineLength, see `stripped`) is passed as it is, not flagged.
 *
 * Logs repeat their lines (the same bar state, listing line, coloured traceback for each op, model,
 * retry): a line of CACHE_MIN to CACHE_MAX bytes that is dear to decode (see CLASS_BITS) and met at
 * least twice is kept, bytes and text, in a four-way cache of recent lines, and when it comes again
 * its text is the kept string, after its bytes are hashed and compared: no decoding (a tqdm bar of
 * 206 bytes with its █ run: 711 ns a line decoded, 250 from the cache) and no new string (nothing
 * to collect, and the parser's Map lookups find the string's hash made).
 */
import type { LineCallback, LineInfo, LineSplitterOptions } from './lines.js';

/** Copies src[from, to) to dst at `at`, returns the end: a loop for short runs (Buffer.copy's checks cost more). */
function copyBytes(src: Buffer, from: number, to: number, dst: Buffer, at: number): number {
  if (to - from > 64) return at + src.copy(dst, at, from, to);
  for (let k = from; k < to; k++) dst[at++] = src[k] as number;
  return at;
}

/**
 * Buffer's own decoder, without toString's argument checks and dispatch on the encoding name: a
 * line is decoded per call, and those checks were a third of the decoding's time (50 MB of
 * Jupyter lines, one toString or utf8Slice per line: 89-188 ms vs 72-124 ms).
 */
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice?: (this: Buffer, start: number, end: number) => string }).utf8Slice;
const utf8: (b: Buffer, from: number, to: number) => string = utf8Slice ? (b, from, to) => utf8Slice.call(b, from, to) : (b, from, to) => b.toString('utf8', from, to);

/** Lines shorter than this decode about as fast as they are looked up; longer ones are rarely repeated. */
const CACHE_MIN = 24;
const CACHE_MAX = 512;
const CACHE_BITS = 14;
const CACHE_SLOTS = 1 << CACHE_BITS;
const CACHE_WAYS = 4;
/** Hashes of lines met and not kept, by more bits than the sets (a line is kept when met again). */
const MET_BITS = 16;
/**
 * Lines are told apart into classes by their first 8 bytes (a warning's path, a bar's description).
 * Only a class some line of which was dear to decode (its text is shorter than its bytes: characters
 * beyond ASCII, a tqdm bar's █, or escape sequences taken out) is looked up: an ASCII line of 130
 * bytes decoded in 103 ns, and cost 185 ns to hash and compare (250 ns for a bar that took 711 to decode).
 */
const CLASS_BITS = 12;
/**
 * A dear class is looked up LOOK lines at a time; when fewer than one in 8 of them hit (tqdm's
 * redraws: every state a new line, each hashed in full for nothing), its next SKIP lines are decoded
 * without being hashed.
 */
const LOOK = 32;
const SKIP = 992;

/**
 * A hash of every byte of a line, read four at a time (`view`: the chunk as a DataView), whatever
 * the line's place in the chunk. A hash of some bytes only made lines of one shape share a set (500
 * bar states with a message glued on: one hash); one of words at the chunk's word boundaries made a
 * line's hash depend on where it stands. Two lines with one hash cost a compare, never a wrong text.
 */
export function lineHash(b: Buffer, view: DataView, from: number, to: number): number {
  let h = Math.imul(to - from, 0x9e3779b1);
  let i = from;
  for (; i + 4 <= to; i += 4) h = Math.imul(h ^ view.getInt32(i, true), 0x01000193);
  for (; i < to; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  // Murmur3's finaliser: a product's low bits hold only its factors' low bits, and the set is chosen by low bits.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The machine's byte order (an Int32Array reads words in it). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Whether chunk[from, to) holds the bytes kept at `at` of the cache (words: the cache as 32-bit
 * words, `at` a multiple of 4): compared four bytes at a time (Buffer's compare cost more in its
 * argument checks than in comparing).
 */
function sameBytes(chunk: Buffer, view: DataView, from: number, to: number, bytes: Buffer, words: Int32Array, at: number): boolean {
  let i = from;
  let w = at >> 2;
  for (; i + 4 <= to; i += 4, w++) if (view.getInt32(i, LITTLE_ENDIAN) !== words[w]) return false;
  for (let k = w << 2; i < to; i++, k++) if (chunk[i] !== bytes[k]) return false;
  return true;
}

export class ByteLineSplitter {
  /** The bytes of a line begun in an earlier chunk (at most `maxBytes` of them). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The pending line has more bytes than it keeps: its text is longer than maxLen characters. */
  private pendingOver = false;
  private pendingCR = false; // the previous chunk ended with \r: a following \n makes it CRLF
  private lineNo = 1;
  private readonly splitCR: boolean;
  private readonly maxLen: number;
  /** Bytes that surely hold maxLen characters (a character of UTF-16 unit length 1 is at most 3 bytes), plus a cut one. */
  private readonly maxBytes: number;
  private readonly info: LineInfo = { line: 1, endedByCR: false, truncated: false, ansiStripped: false };
  private readonly stripAnsi: boolean;
  /** The next ESC and 0x9b byte in the chunk being split (-1: none after the last one found). */
  private nextEsc = -1;
  private next9b = -1;
  /** Where the bytes of a line are copied without its escape sequences. */
  private scratch = Buffer.allocUnsafe(0);
  /** The chunk being split, as a DataView for lineHash. */
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  /** What decode() made of the last line: its text, and whether it is flagged ansiStripped. */
  private decoded = '';
  private decodedStripped = false;
  /**
   * The cache of recent lines, in sets of CACHE_WAYS slots (a hash's low bits say the set): the hash,
   * the byte length (0: empty), the bytes (at slot * CACHE_MAX in one buffer of 8 MB, allocated when first
   * needed, its pages touched as slots fill), the text and its flag; `met`, by MET_BITS of the hash:
   * the hash of the last line that missed there, so that a line is kept only when met again (a log
   * of distinct lines does not churn it).
   */
  private readonly cacheHash = new Int32Array(CACHE_SLOTS);
  private readonly cacheLen = new Int32Array(CACHE_SLOTS);
  private readonly cacheMet = new Int32Array(1 << MET_BITS);
  private readonly cacheText: string[] = new Array<string>(CACHE_SLOTS).fill('');
  private readonly cacheStripped = new Uint8Array(CACHE_SLOTS);
  /** A way was hit since a line was last kept in its set. */
  private readonly cacheUsed = new Uint8Array(CACHE_SLOTS);
  private cacheBytes: Buffer | null = null;
  /** cacheBytes as 32-bit words (each slot starts on a word). */
  private cacheWords: Int32Array | null = null;
  /** By class: a line of it was dear to decode (then its lines are looked up in the cache). */
  private readonly classDear = new Uint8Array(1 << CLASS_BITS);
  /** By class: lines left in its current turn (looked up, or skipped), hits in the turn, and whether it skips. */
  private readonly classLeft = new Uint16Array(1 << CLASS_BITS);
  private readonly classHits = new Uint8Array(1 << CLASS_BITS);
  private readonly classSkips = new Uint8Array(1 << CLASS_BITS);

  constructor(
    private readonly onLine: LineCallback,
    opts: LineSplitterOptions = {},
  ) {
    this.splitCR = opts.splitCarriageReturn ?? true;
    this.maxLen = opts.maxLineLength ?? 1 << 20;
    this.maxBytes = 3 * this.maxLen + 4;
    this.stripAnsi = opts.stripAnsi ?? false;
  }

  push(chunk: Buffer): void {
    const n = chunk.length;
    if (n === 0) return;
    this.view = new DataView(chunk.buffer, chunk.byteOffset, n);
    if (this.stripAnsi) {
      this.nextEsc = chunk.indexOf(0x1b);
      this.next9b = chunk.indexOf(0x9b);
    }
    let start = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (chunk[0] === 10) {
        this.emitPending(false);
        start = 1;
      } else if (this.splitCR) {
        this.emitPending(true);
      }
    }
    let i = start;
    // The next \n and \r at or after i, each found once per chunk and reused until passed.
    let nextLF = -2;
    let nextCR = -2;
    while (i < n) {
      if (nextLF !== -1 && nextLF < i) nextLF = chunk.indexOf(10, i);
      if (nextCR !== -1 && nextCR < i) nextCR = chunk.indexOf(13, i);
      let j = nextLF;
      let isCR = false;
      if (nextCR !== -1 && (j === -1 || nextCR < j)) {
        j = nextCR;
        isCR = true;
      }
      if (j === -1) {
        this.append(chunk, i, n);
        return;
      }
      if (isCR) {
        if (j + 1 === n) {
          this.append(chunk, i, j);
          this.pendingCR = true;
          return;
        }
        if (chunk[j + 1] === 10) {
          this.line(chunk, i, j, false);
          i = j + 2;
          continue;
        }
        if (this.splitCR) this.line(chunk, i, j, true);
        // Without splitCR a lone \r is dropped from the text but does not end the line.
        else this.append(chunk, i, j);
        i = j + 1;
        continue;
      }
      this.line(chunk, i, j, false);
      i = j + 1;
    }
  }

  /** Flushes the last line (a file without a trailing newline). */
  end(): void {
    if (this.pendingCR) {
      this.pendingCR = false;
      this.emitPending(false);
      return;
    }
    if (this.pendingBytes > 0 || this.pendingOver) this.emitPending(false, true);
  }

  /** A line ends at chunk[to]: decoded straight from the chunk unless it began in an earlier one. */
  private line(chunk: Buffer, from: number, to: number, byCR: boolean): void {
    if (this.pendingBytes > 0 || this.pendingOver) {
      this.append(chunk, from, to);
      this.emitPending(byCR);
      return;
    }
    if (to - from > this.maxLen) {
      const text = chunk.toString('utf8', from, Math.min(to, from + this.maxBytes));
      const over = to - from > this.maxBytes || text.length > this.maxLen;
      this.emit(over ? text.slice(0, this.maxLen) : text, byCR, over, false);
      return;
    }
    const n = to - from;
    if (n < CACHE_MIN || n > CACHE_MAX) {
      this.decode(chunk, from, to);
      this.emit(this.decoded, byCR, false, false, this.decodedStripped);
      return;
    }
    const view = this.view;
    const c = Math.imul(view.getInt32(from, true) ^ Math.imul(view.getInt32(from + 4, true), 0x85ebca6b), 0xc2b2ae35) >>> (32 - CLASS_BITS);
    if (this.classDear[c] === 0 || this.classTurn(c)) {
      this.decode(chunk, from, to);
      if (this.classDear[c] === 0 && this.decoded.length !== n) {
        // Dear from now on: its first turn looks its lines up.
        this.classDear[c] = 1;
        this.classLeft[c] = LOOK;
      }
      this.emit(this.decoded, byCR, false, false, this.decodedStripped);
      return;
    }
    const h = lineHash(chunk, view, from, to);
    // CACHE_WAYS slots per set: the line is looked for in each.
    const set = h & (CACHE_SLOTS - CACHE_WAYS);
    const bytes = this.cacheBytes;
    if (bytes !== null) {
      for (let slot = set; slot < set + CACHE_WAYS; slot++) {
        if (this.cacheHash[slot] === h && this.cacheLen[slot] === n && sameBytes(chunk, view, from, to, bytes, this.cacheWords as Int32Array, slot * CACHE_MAX)) {
          this.cacheUsed[slot] = 1;
          this.classHits[c] = (this.classHits[c] as number) + 1;
          this.emit(this.cacheText[slot] as string, byCR, false, false, this.cacheStripped[slot] === 1);
          return;
        }
      }
    }
    this.decode(chunk, from, to);
    const met = (h >>> (32 - MET_BITS)) ^ (h & ((1 << MET_BITS) - 1));
    if (this.cacheMet[met] === h) {
      // Met again: kept, in an empty slot of its set, else in the first not hit since a line was
      // last kept in the set (then every slot of the set starts again unhit).
      const into = bytes ?? this.allocCache();
      let slot = set;
      let unhit = -1;
      for (; slot < set + CACHE_WAYS && this.cacheLen[slot] !== 0; slot++) if (unhit === -1 && this.cacheUsed[slot] === 0) unhit = slot;
      if (slot === set + CACHE_WAYS) slot = unhit === -1 ? set : unhit;
      this.cacheUsed.fill(0, set, set + CACHE_WAYS);
      chunk.copy(into, slot * CACHE_MAX, from, to);
      this.cacheHash[slot] = h;
      this.cacheLen[slot] = n;
      this.cacheText[slot] = this.decoded;
      this.cacheStripped[slot] = this.decodedStripped ? 1 : 0;
      this.cacheMet[met] = 0;
    } else this.cacheMet[met] = h;
    this.emit(this.decoded, byCR, false, false, this.decodedStripped);
  }

  private allocCache(): Buffer {
    const b = (this.cacheBytes = Buffer.allocUnsafeSlow(CACHE_SLOTS * CACHE_MAX));
    this.cacheWords = new Int32Array(b.buffer, b.byteOffset, b.length >> 2);
    return b;
  }

  /** Counts a line of class c in its turn; true when it is skipped (not looked up). */
  private classTurn(c: number): boolean {
    const left = this.classLeft[c] as number;
    if (left > 0) {
      this.classLeft[c] = left - 1;
      return this.classSkips[c] === 1;
    }
    // A turn ended: a looking turn that hit less than one line in 8 is followed by a skipping one.
    const skip = this.classSkips[c] === 0 && (this.classHits[c] as number) * 8 < LOOK;
    this.classSkips[c] = skip ? 1 : 0;
    this.classHits[c] = 0;
    this.classLeft[c] = (skip ? SKIP : LOOK) - 1;
    return skip;
  }

  /** Decodes chunk[from, to) (a whole line, in this chunk) into `decoded`, its escapes taken out when it can (then `decodedStripped`). */
  private decode(chunk: Buffer, from: number, to: number): void {
    if (this.stripAnsi) {
      if (this.nextEsc !== -1 && this.nextEsc < from) this.nextEsc = chunk.indexOf(0x1b, from);
      if (this.next9b !== -1 && this.next9b < from) this.next9b = chunk.indexOf(0x9b, from);
      const esc = this.nextEsc !== -1 && this.nextEsc < to;
      if (!esc && (this.next9b === -1 || this.next9b >= to)) {
        this.decoded = to > from ? utf8(chunk, from, to) : '';
        this.decodedStripped = true;
        return;
      }
      if (esc && this.stripped(chunk, from, to, this.nextEsc)) {
        this.decodedStripped = true;
        return;
      }
    }
    this.decoded = to > from ? utf8(chunk, from, to) : '';
    this.decodedStripped = false;
  }

  /**
   * Decodes chunk[from, to) without its escape sequences into `decoded` (false when it cannot).
   * The sequences are ANSI_RE's of normalize.ts, matched the way its global replace does (leftmost,
   * first alternative that matches): `ESC [ [0-?]* [ -/]* [@-~]`, `ESC ] [^BEL ESC]* (BEL | ESC \\)`,
   * `ESC [@-Z\\\\-_]`; their classes are disjoint, so matching greedily is what the regex finds.
   * Decoding the bytes left gives the text the regex leaves when the decoder stands between two
   * characters at every sequence taken out: the byte before it is ASCII (or none). A line with a
   * 0x9b byte (U+009B starts the regex's fourth form) or a non-ASCII byte before an ESC is not done.
   * A line whose kept bytes are one run (a colour on, the text, the colour off) is decoded from the
   * chunk; the others are copied into a scratch buffer first.
   */
  private stripped(chunk: Buffer, from: number, to: number, firstEsc: number): boolean {
    if (this.next9b !== -1 && this.next9b < to) return false;
    /** The bytes kept so far, while they are one run of the chunk: [runFrom, runTo) (most lines: a colour on, the text, the colour off). */
    let runFrom = -1;
    let runTo = -1;
    /** Bytes copied into scratch once a second run is kept. */
    let o = -1;
    /** The start of the bytes not kept yet. */
    let keep = from;
    let i = firstEsc;
    const take = (a: number, b: number): void => {
      if (b <= a) return;
      if (o === -1 && runFrom === -1) {
        runFrom = a;
        runTo = b;
        return;
      }
      if (o === -1) {
        if (this.scratch.length < to - from) this.scratch = Buffer.allocUnsafe(Math.max(to - from, 2 * this.scratch.length, 256));
        o = copyBytes(chunk, runFrom, runTo, this.scratch, 0);
      }
      o = copyBytes(chunk, a, b, this.scratch, o);
    };
    while (i !== -1 && i < to) {
      if (i > from && (chunk[i - 1] as number) >= 0x80) return false;
      const c1 = i + 1 < to ? (chunk[i + 1] as number) : -1;
      let end = -1;
      if (c1 === 0x5b) {
        // CSI: parameters, intermediates, the final byte.
        let j = i + 2;
        while (j < to && (chunk[j] as number) >= 0x30 && (chunk[j] as number) <= 0x3f) j++;
        while (j < to && (chunk[j] as number) >= 0x20 && (chunk[j] as number) <= 0x2f) j++;
        if (j < to && (chunk[j] as number) >= 0x40 && (chunk[j] as number) <= 0x7e) end = j + 1;
      } else if (c1 === 0x5d) {
        // OSC: up to BEL or ESC \\ (else, below, ESC ] is a two-byte escape).
        let j = i + 2;
        while (j < to && chunk[j] !== 0x07 && chunk[j] !== 0x1b) j++;
        if (j < to && chunk[j] === 0x07) end = j + 1;
        else if (j + 1 < to && chunk[j] === 0x1b && chunk[j + 1] === 0x5c) end = j + 2;
      }
      if (end === -1 && ((c1 >= 0x40 && c1 <= 0x5a) || (c1 >= 0x5c && c1 <= 0x5f))) end = i + 2;
      if (end === -1) {
        // No sequence starts here: the ESC stays.
        i = chunk.indexOf(0x1b, i + 1);
        continue;
      }
      take(keep, i);
      keep = end;
      i = end < to ? chunk.indexOf(0x1b, end) : -1;
    }
    take(keep, to);
    this.decoded = o !== -1 ? utf8(this.scratch, 0, o) : runFrom !== -1 ? utf8(chunk, runFrom, runTo) : '';
    return true;
  }

  private append(chunk: Buffer, from: number, to: number): void {
    if (from >= to) return;
    const room = this.maxBytes - this.pendingBytes;
    if (room <= 0) {
      this.pendingOver = true;
      return;
    }
    if (to - from > room) {
      to = from + room;
      this.pendingOver = true;
    }
    // A copy: the chunk is not kept alive by a line that waits for its end.
    this.pending.push(Buffer.from(chunk.subarray(from, to)));
    this.pendingBytes += to - from;
  }

  private emitPending(byCR: boolean, last = false): void {
    const buf = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    let text = this.pendingBytes > 0 ? buf.toString('utf8') : '';
    const over = this.pendingOver || text.length > this.maxLen;
    if (over) text = text.slice(0, this.maxLen);
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingOver = false;
    this.emit(text, byCR, over, last);
  }

  private emit(text: string, byCR: boolean, truncated: boolean, last: boolean, ansiStripped = false): void {
    const info = this.info;
    info.line = this.lineNo;
    info.endedByCR = byCR;
    info.truncated = truncated;
    info.ansiStripped = ansiStripped;
    if (!byCR && !last) this.lineNo++;
    this.onLine(text, info);
  }
}
