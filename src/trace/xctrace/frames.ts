/**
 * The frames of one `xctrace export` document as integers (issue 15): per frame index its symbol
 * (stacks.ts; -1 until an unnamed frame is first used), its binary's index, its address and two
 * flags, in typed arrays: 17 bytes a frame, where a Frame object with its address string was about
 * 90 bytes of heap that lived for the whole document (200,000 to 500,000 of them in a real app's
 * profile, copied by the GC before they stayed). A Frame object is made by `frame` when an output
 * or a ref outside a backtrace reads one, and dropped with it.
 *
 * An address is kept as a number when its text is canonical hex (`0x` and 1–16 lowercase
 * digits, no leading zero: what Instruments writes), so that its hex gives the text back: a double
 * when a double holds it exactly (up to 13 digits: user-space addresses), else its two 32-bit
 * words in the same 8 bytes (kernel addresses, 0xfffffe…); any other text (uppercase, leading
 * zeros, not hex at all) is kept as written, in a Map by frame index.
 */
import { grown } from '../../core/typed.js';
import { Binary, Frame, type SourceLocation } from './values.js';

const NAMED = 1;
const INLINED = 2;
/** The address is two 32-bit words (`hexAddress` said RAW64), not a double. */
const WORDS = 4;
/** `addr` values: no address, and an address kept as text in `addrTexts`. */
const NO_ADDR = -1;
const TEXT_ADDR = -2;

/** What hexAddress returns for an address of 14–16 digits: its words are in `hexWords`. */
export const RAW64 = -3;
/** The high and low 32-bit words of the last RAW64 address. */
export const hexWords = new Uint32Array(2);

/**
 * The canonical hex address in `buf[0..n)` as a number (up to 13 digits), RAW64 (14–16 digits:
 * its words in hexWords), or -1 (not canonical hex; see above).
 */
export function hexAddress(buf: Uint8Array, n: number): number {
  return hexAddressAt(buf, 0, n);
}

/** hexAddress of `buf[a..b)`. */
export function hexAddressAt(buf: Uint8Array, a: number, b: number): number {
  const n = b - a;
  if (n < 3 || n > 18 || buf[a] !== 48 /* 0 */ || buf[a + 1] !== 120 /* x */) return -1;
  if (n > 3 && buf[a + 2] === 48) return -1;
  let v = 0;
  let hi = 0;
  let lo = 0;
  for (let i = a + 2; i < b; i++) {
    const c = buf[i] as number;
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else return -1;
    v = v * 16 + d;
    hi = ((hi << 4) | (lo >>> 28)) >>> 0;
    lo = ((lo << 4) | d) >>> 0;
  }
  if (n <= 15) return v;
  hexWords[0] = hi;
  hexWords[1] = lo;
  return RAW64;
}

export class FrameRecords {
  private symbols: Int32Array;
  private binaryOf: Int32Array;
  private addrs: Float64Array;
  /** The same bytes as 32-bit words (an address of WORDS: high word, then low). */
  private words: Uint32Array;
  private flags: Uint8Array;

  /** `expected`: the frames the document is expected to define (room for them made up front). */
  constructor(expected = 0) {
    const n = Math.max(1 << 12, expected);
    this.symbols = new Int32Array(n);
    this.binaryOf = new Int32Array(n);
    this.addrs = new Float64Array(n);
    this.words = new Uint32Array(this.addrs.buffer);
    this.flags = new Uint8Array(n);
  }
  private readonly addrTexts = new Map<number, string>();
  private readonly sources = new Map<number, SourceLocation>();
  /** The document's binaries by index (few: one object each). */
  readonly binaries: Binary[] = [];
  /** Frames recorded (their indexes are 0..size-1). */
  size = 0;

  /**
   * A new frame: its symbol (-1: not yet, an unnamed frame), whether it is named (its name is the
   * symbol's label), its address as a number (`hexAddress`: RAW64 with its words in `addrWords`;
   * -1 with `addrText` null: none) or as text, its binary, inlined, its source line. Returns its index.
   */
  add(symbol: number, named: boolean, addr: number, addrWords: Uint32Array, addrText: string | null, binary: Binary | null, inlined: boolean, source: SourceLocation | null): number {
    const i = this.size++;
    if (i >= this.flags.length) this.grow();
    this.symbols[i] = symbol;
    if (binary === null) this.binaryOf[i] = -1;
    else {
      this.binaryOf[i] = binary.index;
      this.binaries[binary.index] ??= binary;
    }
    if (addrText !== null) {
      this.addrs[i] = TEXT_ADDR;
      this.addrTexts.set(i, addrText);
    } else if (addr === RAW64) {
      this.words[2 * i] = addrWords[0] as number;
      this.words[2 * i + 1] = addrWords[1] as number;
    } else this.addrs[i] = addr >= 0 ? addr : NO_ADDR;
    this.flags[i] = (named ? NAMED : 0) | (inlined ? INLINED : 0) | (addr === RAW64 && addrText === null ? WORDS : 0);
    if (source !== null) this.sources.set(i, source);
    return i;
  }

  symbol(i: number): number {
    return this.symbols[i] as number;
  }

  setSymbol(i: number, symbol: number): void {
    this.symbols[i] = symbol;
  }

  named(i: number): boolean {
    return ((this.flags[i] as number) & NAMED) !== 0;
  }

  binary(i: number): Binary | null {
    const b = this.binaryOf[i] as number;
    return b < 0 ? null : (this.binaries[b] ?? null);
  }

  /** The address as written (null: none). */
  addr(i: number): string | null {
    if (((this.flags[i] as number) & WORDS) !== 0) return '0x' + (this.words[2 * i] as number).toString(16) + (this.words[2 * i + 1] as number).toString(16).padStart(8, '0');
    const a = this.addrs[i] as number;
    if (a === NO_ADDR) return null;
    if (a === TEXT_ADDR) return this.addrTexts.get(i) ?? null;
    return '0x' + a.toString(16);
  }

  /** The frame as an object (`names`: the symbols' labels), made anew at each call. */
  frame(i: number, names: { name(s: number): string }): Frame {
    const s = this.symbols[i] as number;
    const fl = this.flags[i] as number;
    const f = new Frame(i, (fl & NAMED) !== 0 ? names.name(s) : null, this.addr(i), this.binary(i), (fl & INLINED) !== 0, this.sources.get(i) ?? null);
    f.symbol = s;
    return f;
  }

  private grow(): void {
    const n = this.flags.length * 2;
    this.symbols = grown(this.symbols, n);
    this.binaryOf = grown(this.binaryOf, n);
    const a = new Float64Array(n);
    const w = new Uint32Array(a.buffer);
    w.set(this.words); // the words, not the doubles: a WORDS address may be a NaN's bits
    this.addrs = a;
    this.words = w;
    this.flags = grown(this.flags, n);
  }
}
