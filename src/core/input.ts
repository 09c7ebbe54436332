/**
 * Opening inputs: a file path or `-` for stdin, read as a stream of chunks (never a whole-file
 * string). Every failure to open or decode is an InputError naming the file and what was expected.
 *
 * Decoding is sniffed from the content: a UTF-8 BOM is dropped; UTF-16 (with a BOM, or without one
 * when every other byte is NUL, as PowerShell's `>` writes) is decoded; gzip is decompressed; other
 * content with NUL bytes is binary and refused.
 */
import { stat, open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { InputError } from './errors.js';

export const STDIN_NAME = '<stdin>';

export interface OpenOptions {
  /** What the command expects, for error messages: "a coremltools conversion log". */
  what: string;
  /** The stream that `-` reads. */
  stdin?: NodeJS.ReadableStream | undefined;
  /** Extra advice when the path is a directory (an Instruments .trace bundle, say). */
  directoryHint?: ((path: string) => string | undefined) | undefined;
  /** Called with the count of raw bytes read so far (for progress bars). */
  onBytes?: ((bytesRead: number) => void) | undefined;
  /** The name used in messages when it differs from the path opened (the path as the user typed it). */
  displayName?: string | undefined;
  /** Chunk size for files. */
  highWaterMark?: number | undefined;
  /** A regular file's chunks may be read into three buffers used in turn (see ByteInput.reuseBuffers). */
  reusable?: boolean | undefined;
}

export interface ByteInput {
  /** The name used in messages: the path as given, or <stdin>. */
  name: string;
  /** Size in bytes when known (regular files). */
  size: number | undefined;
  chunks: AsyncIterable<Buffer>;
  /**
   * (`reusable` files only) From the next chunk on, read the file into three buffers used in turn
   * (one being read ahead): a chunk stays valid while the reader reads it and the chunk after it,
   * then holds other bytes. For a reader that copies what it keeps (the XML scanner, the Deep Copy
   * reader): a new megabyte per chunk, freed whenever the collector gets to it, set off full
   * collections and left the allocator's heap in holes (about 40 MB of peak RSS on a 2 GB export).
   */
  reuseBuffers?: () => void;
}

function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** Opens a file or stdin; throws InputError for a missing, unreadable or directory path. */
export async function openInput(path: string, opts: OpenOptions): Promise<ByteInput> {
  if (path === '-') {
    if (!opts.stdin) throw new InputError(STDIN_NAME, undefined, 'no standard input is available', opts.what);
    return { name: STDIN_NAME, size: undefined, chunks: countBytes(toBuffers(opts.stdin), opts.onBytes) };
  }
  const name = opts.displayName ?? path;
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'ENOENT') throw new InputError(name, undefined, 'no such file', opts.what);
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(name, undefined, 'permission denied', `a readable file with ${opts.what}`);
    if (code === 'ENOTDIR') throw new InputError(name, undefined, 'a part of the path is not a directory', opts.what);
    if (code === 'ENAMETOOLONG') throw new InputError(name.slice(0, 80) + '…', undefined, 'the path is too long', opts.what);
    throw new InputError(name, undefined, `cannot read (${code ?? String(e)})`, opts.what);
  }
  if (st.isDirectory()) {
    const hint = opts.directoryHint?.(path);
    throw new InputError(name, undefined, 'is a directory' + (hint ? ` (${hint})` : ''), `a file with ${opts.what}`);
  }
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(name, undefined, 'permission denied', `a readable file with ${opts.what}`);
    throw new InputError(name, undefined, `cannot open (${code ?? String(e)})`, opts.what);
  }
  const size = st.isFile() ? st.size : undefined;
  const chunkSize = opts.highWaterMark ?? 1 << 20;
  if (opts.reusable) {
    const file = fileChunks(handle, chunkSize);
    return { name, size, chunks: countBytes(toBuffers(file.chunks, name), opts.onBytes), reuseBuffers: file.reuse };
  }
  const stream = handle.createReadStream({ highWaterMark: chunkSize, autoClose: true });
  return { name, size, chunks: countBytes(toBuffers(stream, name), opts.onBytes) };
}

/**
 * A file's chunks in order, the next one read while the last is used: each in a new buffer, or
 * after `reuse()` in three buffers used in turn (see ByteInput.reuseBuffers).
 */
function fileChunks(handle: FileHandle, chunkSize: number): { chunks: AsyncIterable<Buffer>; reuse: () => void } {
  let ring: Buffer[] | null = null;
  let turn = 0;
  const next = async (): Promise<Buffer> => {
    const fresh = ring === null;
    let b: Buffer;
    if (ring === null) b = Buffer.allocUnsafeSlow(chunkSize);
    else {
      if (ring.length < 3) ring.push(Buffer.allocUnsafeSlow(chunkSize));
      b = ring[turn++ % ring.length] as Buffer;
    }
    const { bytesRead } = await handle.read(b, 0, chunkSize, null);
    // A short read (a pipe's 64 KB) into a new buffer is copied out, as fs streams do, so that the
    // rest of the megabyte is not held with it.
    return bytesRead === chunkSize ? b : !fresh || bytesRead * 4 >= chunkSize ? b.subarray(0, bytesRead) : Buffer.from(b.subarray(0, bytesRead));
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      let pending = next();
      for (;;) {
        const chunk = await pending;
        if (chunk.length === 0) return;
        pending = next();
        // A failed read ahead is reported when its chunk is asked for (not as an unhandled rejection).
        pending.catch(() => {});
        yield chunk;
      }
    } finally {
      await handle.close();
    }
  }
  return { chunks: chunks(), reuse: () => void (ring ??= []) };
}

async function* toBuffers(stream: AsyncIterable<Buffer | string> | NodeJS.ReadableStream, name = STDIN_NAME): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    }
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'EISDIR') throw new InputError(name, undefined, 'is a directory', 'a file');
    throw new InputError(name, undefined, `read failed (${code ?? (e instanceof Error ? e.message : String(e))})`);
  }
}

async function* countBytes(chunks: AsyncIterable<Buffer>, onBytes: ((n: number) => void) | undefined): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const c of chunks) {
    n += c.length;
    onBytes?.(n);
    yield c;
  }
}

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface TextInput {
  name: string;
  size: number | undefined;
  encoding: TextEncodingName;
  gzip: boolean;
  /** Decoded text, chunk by chunk, without a BOM. */
  chunks: AsyncIterable<string>;
  /**
   * UTF-8 only: the same text as its bytes, without a BOM, for a reader that splits lines on bytes
   * and decodes each line alone (core/byte-lines.ts). Read either `chunks` or `bytes`, not both.
   */
  bytes?: AsyncIterable<Buffer>;
}

const SNIFF_BYTES = 4096;

/** Reads the first chunks (at least `want` units) without losing them: they come again from `all`. */
export async function peekChunks<T>(chunks: AsyncIterable<T>, want: number, size: (c: T) => number): Promise<{ taken: T[]; all: AsyncIterable<T> }> {
  const it = chunks[Symbol.asyncIterator]();
  const taken: T[] = [];
  let have = 0;
  let done = false;
  while (have < want) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    taken.push(r.value);
    have += size(r.value);
  }
  async function* all(): AsyncGenerator<T> {
    yield* taken;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { taken, all: all() };
}

async function peek(chunks: AsyncIterable<Buffer>, want: number): Promise<{ head: Buffer; all: AsyncIterable<Buffer> }> {
  const { taken, all } = await peekChunks(chunks, want, (c) => c.length);
  return { head: Buffer.concat(taken), all };
}

function gunzip(chunks: AsyncIterable<Buffer>, name: string): AsyncIterable<Buffer> {
  const z = createGunzip();
  const src = Readable.from(chunks);
  src.on('error', (e) => z.destroy(e));
  src.pipe(z);
  return (async function* () {
    try {
      for await (const c of z as AsyncIterable<Buffer>) yield c;
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(name, undefined, `gzip data is corrupt or truncated (${e instanceof Error ? e.message : String(e)})`, 'a complete gzip file');
    }
  })();
}

function sniffEncoding(head: Buffer): { encoding: TextEncodingName; bomLength: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // UTF-16 without a BOM: ASCII text has a NUL in every other byte.
  const n = Math.min(head.length, 512) & ~1;
  if (n >= 4) {
    let oddNul = 0;
    let evenNul = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul++;
      if (head[i + 1] === 0) oddNul++;
    }
    const pairs = n / 2;
    if (oddNul >= pairs * 0.9 && evenNul === 0) return { encoding: 'utf-16le', bomLength: 0 };
    if (evenNul >= pairs * 0.9 && oddNul === 0) return { encoding: 'utf-16be', bomLength: 0 };
  }
  return { encoding: 'utf-8', bomLength: 0 };
}

/**
 * Decodes a byte input to text chunks. Throws InputError for an empty input and for binary data
 * (a NUL byte in the first 4 KB of what is not UTF-16).
 */
export async function decodeText(input: ByteInput, what: string): Promise<TextInput> {
  let { head, all } = await peek(input.chunks, SNIFF_BYTES);
  let isGzip = false;
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    isGzip = true;
    ({ head, all } = await peek(gunzip(all, input.name), SNIFF_BYTES));
  }
  if (head.length === 0) {
    throw new InputError(input.name, undefined, input.name === STDIN_NAME ? 'no input on stdin (it is empty or closed)' : 'the file is empty', what);
  }
  const { encoding, bomLength } = sniffEncoding(head);
  if (encoding === 'utf-8') {
    const nul = head.indexOf(0, bomLength);
    if (nul !== -1) throw new InputError(input.name, `byte ${nul}`, 'binary data (a NUL byte), not text', what);
  }
  // StringDecoder (native) is faster than TextDecoder for UTF-8 and UTF-16LE; only BE needs TextDecoder.
  const decoder =
    encoding === 'utf-16be'
      ? (() => {
          const td = new TextDecoder('utf-16be', { fatal: false, ignoreBOM: true });
          return { write: (b: Buffer) => td.decode(b, { stream: true }), end: () => td.decode() };
        })()
      : new StringDecoder(encoding === 'utf-8' ? 'utf8' : 'utf16le');
  let skip = bomLength;
  async function* text(): AsyncGenerator<string> {
    for await (const buf of bytes()) {
      const t = decoder.write(buf);
      if (t) yield t;
    }
    const tail = decoder.end();
    if (tail) yield tail;
  }
  async function* bytes(): AsyncGenerator<Buffer> {
    for await (const raw of all) {
      let buf = raw;
      if (skip > 0) {
        const s = Math.min(skip, buf.length);
        buf = buf.subarray(s);
        skip -= s;
      }
      if (buf.length > 0) yield buf;
    }
  }
  const out: TextInput = { name: input.name, size: input.size, encoding, gzip: isGzip, chunks: text() };
  if (encoding === 'utf-8') out.bytes = bytes();
  return out;
}

/** openInput + decodeText. */
export async function openText(path: string, opts: OpenOptions): Promise<TextInput> {
  return decodeText(await openInput(path, opts), opts.what);
}
