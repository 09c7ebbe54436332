/**
 * Opening what `trace` reads: a file or stdin, as bytes (the XML scanner works on UTF-8 bytes
 * directly), with the first bytes kept for sniffing. Gzip and UTF-16 go through core's decoder
 * (then the chunks are text). A directory that is an Instruments `.trace` bundle gets the hint to
 * export it; zip archives and binary plists (the insides of a bundle) are named as such.
 */
import { createReadStream, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { shellQuote } from '../core/escape.js';
import { decodeText, openInput, peekChunks as peek, type ByteInput } from '../core/input.js';

export const TRACE_WHAT = 'an Instruments export: `xctrace export` XML (--xpath or --toc) or a Deep Copy of a call tree';

export interface TraceInputOptions {
  displayName?: string | undefined;
  stdin?: NodeJS.ReadableStream | undefined;
  onProgress?: ((bytesRead: number, size: number | undefined) => void) | undefined;
}

export interface TraceInput {
  name: string;
  size: number | undefined;
  /** The first bytes (or characters) as text, for sniffing. */
  head: string;
  /** Bytes, or text when the input had to be decoded (gzip, UTF-16). */
  chunks: AsyncIterable<Buffer | string>;
  /**
   * The line of a byte offset, found by reading the file again: for a plain file only (not stdin,
   * not decoded input, whose offsets are not the file's). Lets parsers skip counting lines.
   */
  lineOf?: (offset: number) => Promise<number | null>;
  /** Bytes only (not decoded input): from the next chunk on, three buffers used in turn (core/input.ts ByteInput.reuseBuffers). */
  reuseBuffers?: () => void;
}

/** Counts the newlines before `offset` in a file: its 1-based line. */
export async function lineOfOffset(path: string, offset: number): Promise<number | null> {
  if (offset <= 0) return 1;
  try {
    let line = 1;
    for await (const chunk of createReadStream(path, { end: offset - 1, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) line++;
    }
    return line;
  } catch {
    return null;
  }
}

const HEAD_BYTES = 8192;

/** True for a path that looks like an Instruments .trace bundle. */
export function isTraceBundle(path: string): boolean {
  if (/\.trace\/?$/i.test(path)) return true;
  return ['form.template', 'Trace1.run', 'instrument_data', 'corespace'].some((f) => existsSync(join(path, f)));
}

export function traceBundleHint(path: string): string | undefined {
  if (!isTraceBundle(path)) return undefined;
  const name = basename(path.replace(/\/+$/, ''));
  return (
    `an Instruments .trace bundle, which only Instruments reads: on a Mac run ` +
    `\`xcrun xctrace export --input ${shellQuote(name)} --toc > toc.xml\` and give toc.xml to \`coreml-doctor trace\`, ` +
    `which prints the export command for each table`
  );
}

export async function openTraceInput(path: string, opts: TraceInputOptions): Promise<TraceInput> {
  let size: number | undefined;
  const raw = await openInput(path, {
    what: TRACE_WHAT,
    stdin: opts.stdin,
    displayName: opts.displayName,
    directoryHint: traceBundleHint,
    reusable: true,
    onBytes: opts.onProgress ? (n) => opts.onProgress?.(n, size) : undefined,
  });
  size = raw.size;
  const { taken, all } = await peek(raw.chunks, HEAD_BYTES, (c) => c.length);
  const head = Buffer.concat(taken);
  const input: ByteInput = { name: raw.name, size: raw.size, chunks: all };
  if (head.length === 0) {
    throw new InputError(raw.name, undefined, raw.name === '<stdin>' ? 'no input on stdin (it is empty or closed)' : 'the file is empty', TRACE_WHAT);
  }
  refuseContainers(raw.name, head);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || head.subarray(0, 512).includes(0);
  if (gzip || utf16) {
    const text = await decodeText(input, TRACE_WHAT);
    const peeked = await peek(text.chunks, HEAD_BYTES, (c) => c.length);
    const headText = peeked.taken.join('');
    if (gzip) refuseContainers(raw.name, Buffer.from(headText.slice(0, 16), 'latin1'));
    return { name: raw.name, size: raw.size, head: headText.slice(0, HEAD_BYTES), chunks: peeked.all };
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const lineOf = path === '-' ? undefined : (offset: number) => lineOfOffset(path, offset + bom);
  return { name: raw.name, size: raw.size, head: head.toString('utf8', bom, Math.min(head.length, HEAD_BYTES)), chunks: skipBytes(all, bom), ...(lineOf ? { lineOf } : {}), ...(raw.reuseBuffers ? { reuseBuffers: raw.reuseBuffers } : {}) };
}

function refuseContainers(name: string, head: Buffer): void {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw new InputError(
      name,
      undefined,
      'a zip archive (a zipped .trace bundle?): unzip it, then on a Mac export the trace with `xcrun xctrace export --input X.trace --toc`',
      TRACE_WHAT,
    );
  }
  if (head.subarray(0, 6).toString('latin1') === 'bplist') {
    throw new InputError(name, undefined, 'a binary property list (a file from inside a .trace bundle?): export the whole trace with `xcrun xctrace export` on a Mac', TRACE_WHAT);
  }
}

async function* skipBytes(chunks: AsyncIterable<Buffer>, n: number): AsyncGenerator<Buffer> {
  let skip = n;
  for await (const c of chunks) {
    if (skip > 0) {
      const s = Math.min(skip, c.length);
      skip -= s;
      if (s === c.length) continue;
      yield c.subarray(s);
      continue;
    }
    yield c;
  }
}

/** Text chunks from byte chunks (UTF-8, streaming: a character split between chunks stays whole). */
export async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const dec = new TextDecoder('utf-8');
  for await (const c of chunks) yield typeof c === 'string' ? c : dec.decode(c, { stream: true });
  const tail = dec.decode();
  if (tail) yield tail;
}
