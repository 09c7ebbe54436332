/**
 * The first bytes of an input, for telling its kind by content (src/inputs/registry.ts), without
 * taking them from the reader: a file is read again from its start; stdin is read once and given
 * back as a stream that replays what was read, then the rest. Gzip is inflated and UTF-16 decoded
 * so that the sniffers see text. Inputs that cannot be opened give no head: their reader reports why.
 */
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { constants, gunzipSync } from 'node:zlib';
import { peekChunks } from '../core/input.js';

export const HEAD_BYTES = 8192;

export interface Head {
  /** The first bytes as stored (after gunzip). */
  bytes: Buffer;
  /** The same as text (UTF-8, or UTF-16 by its BOM or NULs), without a BOM. */
  text: string;
  /** A NUL byte in text that is not UTF-16: binary data. */
  binary: boolean;
}

function decode(raw: Buffer): Head {
  let bytes = raw;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, HEAD_BYTES);
    } catch {
      return { bytes, text: '', binary: true };
    }
  }
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  const sample = bytes.subarray(0, 512);
  let odd = 0;
  let even = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) even++;
    if (sample[i + 1] === 0) odd++;
  }
  const pairs = Math.floor(sample.length / 2);
  const utf16le = le || (pairs >= 2 && odd >= pairs * 0.9 && even === 0);
  const utf16be = be || (pairs >= 2 && even >= pairs * 0.9 && odd === 0);
  if (utf16le || utf16be) {
    const text = new TextDecoder(utf16le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(le || be ? 2 : 0));
    return { bytes, text, binary: false };
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { bytes, text: bytes.toString('utf8', bom), binary: bytes.subarray(0, 4096).includes(0) };
}

async function fileHead(path: string): Promise<Head | null> {
  let handle;
  try {
    handle = await open(path, 'r');
    const st = await handle.stat();
    if (!st.isFile()) return null;
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    return decode(buf.subarray(0, bytesRead));
  } catch {
    return null;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The head of `path` (`-`: stdin). For stdin, `stdin` is the stream to read instead from now on. */
export async function headOf(path: string, stdin?: NodeJS.ReadableStream): Promise<{ head: Head | null; stdin?: NodeJS.ReadableStream }> {
  if (path !== '-') return { head: await fileHead(path) };
  if (!stdin) return { head: null };
  const bytes = async function* (): AsyncGenerator<Buffer> {
    for await (const c of stdin as AsyncIterable<Buffer | string>) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
  };
  let taken: Buffer[] = [];
  let all: AsyncIterable<Buffer> = bytes();
  try {
    ({ taken, all } = await peekChunks(all, HEAD_BYTES, (c) => c.length));
  } catch {
    // The reader meets the same error and reports it.
    return { head: null, stdin };
  }
  const have = taken.reduce((n, b) => n + b.length, 0);
  const head = have > 0 ? decode(Buffer.concat(taken).subarray(0, HEAD_BYTES)) : null;
  return { head, stdin: Readable.from(all, { objectMode: false }) };
}
