/**
 * Reading protobuf messages field by field with `@bufbuild/protobuf`'s wire reader, without generated
 * code and without holding more of the file than a message needs.
 *
 * A `Msg` is a byte range of a `ByteSource`. A message up to `IN_MEMORY_LIMIT` bytes is read whole and
 * decoded in memory; a larger one (a neural network whose weights are inline, a pipeline holding it) is
 * walked field by field with positional reads of each field's header only, so that a LEN field we do not
 * decode (weights) costs a few bytes of reading, whatever its size. Every failure is an InputError naming
 * the file, the byte offset and the message path (`Model.description.input`).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { InputError } from '../../core/errors.js';

export { WireType };

/** What a model file is expected to be, for error messages. */
export const EXPECT_MODEL = 'a Core ML model (a CoreML.Specification.Model protobuf)';

/** Nesting deeper than this is refused (protobuf's own default recursion limit is 100). */
export const MAX_DEPTH = 100;

/** Messages up to this many bytes are decoded in memory; larger ones field by field. */
export const IN_MEMORY_LIMIT = 8 << 20;

/** Field headers of a large message are read through a window this big. */
const WINDOW_BYTES = 64 << 10;

/** Strings longer than this are refused: no name, type or metadata value in a real model comes close. */
export const MAX_STRING_BYTES = 1 << 20;

export interface ByteSource {
  /** The file's name in messages (as the user typed it). */
  readonly name: string;
  readonly size: number;
  /** Bytes [offset, offset + length); an InputError when the source is shorter. */
  read(offset: number, length: number): Uint8Array;
  close(): void;
}

export class MemorySource implements ByteSource {
  readonly size: number;
  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
  ) {
    this.size = bytes.length;
  }
  read(offset: number, length: number): Uint8Array {
    if (offset < 0 || offset + length > this.size) throw truncated(this.name, offset, length, this.size);
    return this.bytes.subarray(offset, offset + length);
  }
  close(): void {}
}

/** A file read with positional reads (pread); nothing is read until asked for. */
export class FileSource implements ByteSource {
  readonly size: number;
  private fd: number | null;
  constructor(
    readonly name: string,
    path: string,
  ) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
  }
  read(offset: number, length: number): Uint8Array {
    if (this.fd === null) throw new Error(`${this.name} is closed`);
    if (offset < 0 || offset + length > this.size) throw truncated(this.name, offset, length, this.size);
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buf, done, length - done, offset + done);
      if (n === 0) throw truncated(this.name, offset, length, offset + done);
      done += n;
    }
    return buf;
  }
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function truncated(name: string, offset: number, length: number, size: number): InputError {
  return new InputError(name, `byte ${Math.min(offset, size)}`, `the file ends at byte ${size}, inside a field that claims ${length} bytes from byte ${offset} (truncated?)`, 'a complete file');
}

const WIRE_NAMES = ['varint', '64-bit', 'length-delimited', 'group start', 'group end', '32-bit'];

/**
 * Bytes held in memory with one BinaryReader over them, shared by every message inside: a message
 * is a range, not a copy, and reading it moves the shared reader's position (restored after each field).
 */
interface Held {
  bytes: Uint8Array;
  reader: BinaryReader;
  /** Absolute offset of bytes[0] in the source. */
  base: number;
}

function hold(bytes: Uint8Array, base: number): Held {
  return { bytes, reader: new BinaryReader(bytes), base };
}

/**
 * One field of a message: its number, wire type, where its tag starts, and its value on demand.
 * A cursor: `forEach` moves one Field object from field to field, so it is valid inside the callback
 * only (keep what you read, or the Msg that `message()` returns, not the Field).
 */
export class Field {
  no = 0;
  wire: WireType = WireType.Varint;
  /** Absolute offset of the field's tag in the source. */
  offset = 0;
  /** Where the value starts (absolute): the varint, the fixed bytes, or (LEN) the payload. */
  payloadStart = 0;
  /** Payload length (LEN; 4 or 8 for fixed; 0 for varints). */
  length = 0;
  /** The held bytes the value can be read from again, or null (then `varint` holds it). */
  private held: Held | null = null;
  private varint: bigint | null = null;

  /** @internal */
  constructor(private readonly msg: Msg) {}

  /** @internal */
  set(no: number, wire: WireType, offset: number, payloadStart: number, length: number, held: Held | null, varint: bigint | null): this {
    this.no = no;
    this.wire = wire;
    this.offset = offset;
    this.payloadStart = payloadStart;
    this.length = length;
    this.held = held;
    this.varint = varint;
    return this;
  }

  private expect(wire: WireType, what: string): void {
    if (this.wire !== wire) {
      throw this.msg.error(this.offset, `${what} (field ${this.no} of ${this.msg.path()}) has wire type ${WIRE_NAMES[this.wire] ?? this.wire}`, `${WIRE_NAMES[wire]} for ${what}`);
    }
  }

  /** Reads a varint value with the shared reader, putting its position back. */
  private read<T>(f: (r: BinaryReader) => T): T {
    const h = this.held as Held;
    const r = h.reader;
    const saved = r.pos;
    r.pos = this.payloadStart - h.base;
    try {
      return f(r);
    } catch (e) {
      throw this.msg.error(this.offset, `field ${this.no} of ${this.msg.path()} is not a valid number (${errorText(e)})`, EXPECT_MODEL);
    } finally {
      r.pos = saved;
    }
  }

  uint64(what = 'a number'): bigint {
    this.expect(WireType.Varint, what);
    return this.varint ?? (this.read((r) => r.uint64()) as bigint);
  }
  int64(what = 'a number'): bigint {
    return BigInt.asIntN(64, this.uint64(what));
  }
  /** An int64 as a JavaScript number (exact below 2^53). */
  int64n(what = 'a number'): number {
    return Number(this.int64(what));
  }
  uint64n(what = 'a number'): number {
    this.expect(WireType.Varint, what);
    if (this.varint !== null) return Number(this.varint);
    // Values under 2^28 (four varint bytes: sizes, dimensions) without a bigint.
    return this.varintLength() <= 4 ? this.read((r) => r.uint32()) : Number(this.read((r) => r.uint64()) as bigint);
  }
  private varintLength(): number {
    const h = this.held as Held;
    let i = this.payloadStart - h.base;
    let n = 1;
    while (((h.bytes[i++] as number) & 0x80) !== 0) n++;
    return n;
  }
  int32(what = 'a number'): number {
    this.expect(WireType.Varint, what);
    if (this.varint !== null) return Number(BigInt.asIntN(32, this.varint));
    return this.read((r) => r.int32());
  }
  bool(what = 'a flag'): boolean {
    this.expect(WireType.Varint, what);
    if (this.varint !== null) return this.varint !== 0n;
    return this.read((r) => r.bool());
  }
  double(what = 'a double'): number {
    this.expect(WireType.Bit64, what);
    const b = this.msg.bytesAt(this.payloadStart, 8);
    return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
  }
  float(what = 'a float'): number {
    this.expect(WireType.Bit32, what);
    const b = this.msg.bytesAt(this.payloadStart, 4);
    return new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true);
  }
  /** A string field (UTF-8, invalid bytes replaced). */
  string(what = 'a string', max = MAX_STRING_BYTES): string {
    return utf8.decode(this.bytes(what, max));
  }
  /** The payload of a LEN field (a view when the message is in memory). */
  bytes(what = 'bytes', max = MAX_STRING_BYTES): Uint8Array {
    this.expect(WireType.LengthDelimited, what);
    if (this.length > max) throw this.msg.error(this.offset, `${what} (field ${this.no} of ${this.msg.path()}) is ${this.length} bytes long`, `at most ${max} bytes`);
    return this.msg.bytesAt(this.payloadStart, this.length);
  }
  /** A sub-message. */
  message(name: string): Msg {
    this.expect(WireType.LengthDelimited, name);
    return this.msg.child(this.payloadStart, this.length, name, this.offset);
  }
  /**
   * The values of a repeated varint field (packed in one LEN field, or one value per field), at most
   * `max` of them.
   */
  varints(what: string, max: number): bigint[] {
    if (this.wire === WireType.Varint) return [this.uint64(what)];
    this.expect(WireType.LengthDelimited, what);
    if (this.length > max * 10) throw this.msg.error(this.offset, `${what} (field ${this.no} of ${this.msg.path()}) holds more than ${max} values`, `at most ${max}`);
    const bytes = this.msg.bytesAt(this.payloadStart, this.length);
    const r = new BinaryReader(bytes);
    const out: bigint[] = [];
    try {
      while (r.pos < r.len) {
        if (out.length >= max) throw this.msg.error(this.offset, `${what} (field ${this.no} of ${this.msg.path()}) holds more than ${max} values`, `at most ${max}`);
        out.push(r.uint64() as bigint);
      }
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw this.msg.error(this.payloadStart + r.pos, `a packed list of numbers in ${this.msg.path()} is corrupt (${errorText(e)})`, 'packed varints');
    }
    return out;
  }
  /** How many values of `width` bytes a repeated fixed-width field holds (packed or not), without reading them. */
  fixedCount(width: 4 | 8, what: string): number {
    if (this.wire === (width === 4 ? WireType.Bit32 : WireType.Bit64)) return 1;
    this.expect(WireType.LengthDelimited, what);
    if (this.length % width !== 0) throw this.msg.error(this.offset, `${what} (field ${this.no} of ${this.msg.path()}) is ${this.length} bytes, not a whole number of ${width}-byte values`, `a multiple of ${width} bytes`);
    return this.length / width;
  }
  /** The doubles of a repeated double field, at most `max` of them. */
  doubles(what: string, max: number): number[] {
    if (this.wire === WireType.Bit64) return [this.double(what)];
    const n = this.fixedCount(8, what);
    if (n > max) throw this.msg.error(this.offset, `${what} (field ${this.no} of ${this.msg.path()}) holds ${n} values`, `at most ${max}`);
    const b = this.msg.bytesAt(this.payloadStart, this.length);
    const view = new DataView(b.buffer, b.byteOffset, b.length);
    return Array.from({ length: n }, (_, i) => view.getFloat64(i * 8, true));
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A message: a byte range of a source, decoded on demand. */
export class Msg {
  private constructor(
    readonly src: ByteSource,
    readonly start: number,
    readonly end: number,
    private readonly parent: Msg | null,
    private readonly label: string,
    readonly depth: number,
    /** Bytes in memory that hold the whole message, or null when it is walked field by field from the source. */
    private readonly held: Held | null,
  ) {}

  /** The whole source as one message; read into memory whole when small (or when `whole` says so). */
  static root(src: ByteSource, label: string, whole = src.size <= IN_MEMORY_LIMIT): Msg {
    return new Msg(src, 0, src.size, null, label, 0, whole ? hold(src.read(0, src.size), 0) : null);
  }

  get length(): number {
    return this.end - this.start;
  }

  /** `Model.description.input`: where this message sits, for messages. */
  path(): string {
    const parts: string[] = [];
    for (let m: Msg | null = this; m; m = m.parent) parts.push(m.label);
    parts.reverse();
    // Deep paths keep their ends: where it started and where it went wrong.
    return (parts.length > 12 ? [...parts.slice(0, 5), `…(${parts.length - 11} more)…`, ...parts.slice(-6)] : parts).join('.');
  }

  error(offset: number, problem: string, expected: string): InputError {
    return new InputError(this.src.name, `byte ${offset}`, problem, expected);
  }

  /** @internal */
  child(start: number, length: number, label: string, tagOffset: number): Msg {
    if (this.depth + 1 > MAX_DEPTH) throw this.error(tagOffset, `messages are nested more than ${MAX_DEPTH} deep at ${this.path()}.${label}`, EXPECT_MODEL);
    const held = this.held ?? (length <= IN_MEMORY_LIMIT ? hold(this.src.read(start, length), start) : null);
    return new Msg(this.src, start, start + length, this, label, this.depth + 1, held);
  }

  /** @internal */
  bytesAt(offset: number, length: number): Uint8Array {
    const h = this.held;
    if (h) return h.bytes.subarray(offset - h.base, offset - h.base + length);
    return this.src.read(offset, length);
  }

  /** Calls `fn` for every field, in order. Unknown fields are the caller's to ignore. */
  forEach(fn: (f: Field) => void): void {
    if (this.held) this.forEachHeld(this.held, fn);
    else this.forEachWindowed(fn);
  }

  private forEachHeld(h: Held, fn: (f: Field) => void): void {
    const r = h.reader;
    const end = this.end - h.base;
    let pos = this.start - h.base;
    const cursor = new Field(this);
    while (pos < end) {
      r.pos = pos;
      const field = this.readField(r, h.base, this.end, h, cursor);
      // The next field starts after this one, whatever fn reads with the shared reader meanwhile.
      pos = field.wire === WireType.LengthDelimited ? field.payloadStart + field.length - h.base : r.pos;
      fn(field);
    }
  }

  /**
   * Large messages: read the fields' headers through a 64 KB window that moves forward; payloads that
   * lie beyond it stay on disk until a caller asks for them.
   */
  private forEachWindowed(fn: (f: Field) => void): void {
    let pos = this.start;
    let win: Uint8Array = new Uint8Array(0);
    let winStart = pos;
    let reader: BinaryReader | null = null;
    const cursor = new Field(this);
    while (pos < this.end) {
      // A header is at most 20 bytes (tag 5 + length or value 10, rounded up).
      if (!reader || pos < winStart || pos + 20 > winStart + win.length) {
        winStart = pos;
        win = this.src.read(pos, Math.min(WINDOW_BYTES, this.end - pos));
        reader = new BinaryReader(win);
      }
      reader.pos = pos - winStart;
      const field = this.readField(reader, winStart, this.end, null, cursor);
      fn(field);
      pos = field.wire === WireType.Varint ? winStart + reader.pos : field.payloadStart + field.length;
    }
  }

  /**
   * Reads one field's tag and skips its value at the reader's position; `base` is the absolute offset
   * of the reader's byte 0, `end` the absolute end of the message. With `held`, values are read again
   * from the held bytes when asked for; without (a window that moves), a varint is decoded now.
   */
  private readField(r: BinaryReader, base: number, end: number, held: Held | null, f: Field): Field {
    const at = base + r.pos;
    let no: number;
    let wire: WireType;
    try {
      [no, wire] = r.tag();
    } catch (e) {
      throw this.error(at, `not a valid protobuf field in ${this.path()} (${errorText(e)})`, EXPECT_MODEL);
    }
    try {
      switch (wire) {
        case WireType.Varint: {
          const p = base + r.pos;
          let v: bigint | null = null;
          if (held) r.skip(WireType.Varint);
          else v = r.uint64() as bigint;
          if (base + r.pos > end) throw new RangeError('premature EOF');
          return f.set(no, wire, at, p, 0, held, v);
        }
        case WireType.Bit64:
        case WireType.Bit32: {
          const width = wire === WireType.Bit64 ? 8 : 4;
          const p = base + r.pos;
          if (p + width > end) throw this.error(at, `field ${no} of ${this.path()} is cut off: ${width} bytes needed, ${end - p} left`, EXPECT_MODEL);
          r.pos += width;
          return f.set(no, wire, at, p, width, held, null);
        }
        case WireType.LengthDelimited: {
          const len = r.uint32();
          const p = base + r.pos;
          if (p > end || len > end - p) {
            throw this.error(at, `field ${no} of ${this.path()} claims ${len} bytes, but only ${Math.max(0, end - p)} are left in the message (truncated or not a model)`, EXPECT_MODEL);
          }
          return f.set(no, wire, at, p, len, held, null);
        }
        default:
          throw this.error(at, `field ${no} of ${this.path()} uses wire type ${WIRE_NAMES[wire] ?? wire}, which no Core ML message uses`, EXPECT_MODEL);
      }
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw this.error(at, `field ${no} of ${this.path()} is cut off or corrupt (${errorText(e)})`, EXPECT_MODEL);
    }
  }
}
