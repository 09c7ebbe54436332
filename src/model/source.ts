/**
 * Opening a model spec (`.mlmodel` bytes) as a ByteSource: a file is read with positional reads; a
 * gzipped file or stdin is decompressed/collected in memory up to SPOOL_BYTES and spooled to a
 * temporary file beyond, so memory stays bounded whatever the size. The content is sniffed first.
 */
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../core/errors.js';
import { FileSource, MemorySource, type ByteSource } from './proto/wire.js';
import { sniffBytes } from './sniff.js';

/** Streams (stdin, gunzip) are held in memory up to this size, then spooled to a temporary file. */
export const SPOOL_BYTES = 64 << 20;
/** A stream larger than this is refused. */
export const MAX_STREAM_BYTES = 4 * 1024 ** 3;

const SNIFF_BYTES = 4096;

export interface OpenedSpec {
  src: ByteSource;
  gzip: boolean;
  /** Closes the source and removes a spool file. */
  close(): void;
}

function refuse(name: string, head: Uint8Array): never {
  const s = sniffBytes(head);
  if (s.kind !== 'refuse') throw new Error('refuse() called on a model');
  throw new InputError(name, undefined, s.problem, s.expected);
}

/** Opens an .mlmodel file (plain or gzipped). */
export async function openSpecFile(path: string, name: string): Promise<OpenedSpec> {
  let src: FileSource;
  try {
    src = new FileSource(name, path);
  } catch (e) {
    const code = typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : String(e);
    throw new InputError(name, undefined, code === 'EACCES' || code === 'EPERM' ? 'permission denied' : `cannot open (${code})`, 'a readable model file');
  }
  const head = src.read(0, Math.min(SNIFF_BYTES, src.size));
  const sniff = sniffBytes(head);
  if (sniff.kind === 'protobuf') return { src, gzip: false, close: () => src.close() };
  src.close();
  if (sniff.kind === 'refuse') refuse(name, head);
  const inner = await collect(gunzip(createReadStream(path), name), name);
  return checkInner(inner, name, true);
}

/** Reads an .mlmodel (plain or gzipped) from a stream: stdin. */
export async function openSpecStream(stream: NodeJS.ReadableStream, name: string): Promise<OpenedSpec> {
  const raw = await collect(stream as AsyncIterable<Buffer>, name);
  const head = raw.src.read(0, Math.min(SNIFF_BYTES, raw.src.size));
  const sniff = sniffBytes(head);
  if (sniff.kind === 'protobuf') return { src: raw.src, gzip: false, close: raw.close };
  if (sniff.kind === 'refuse') {
    raw.close();
    refuse(name, head);
  }
  const chunks = readAll(raw.src);
  const inner = await collect(gunzip(Readable.from(chunks), name), name).finally(() => raw.close());
  return checkInner(inner, name, true);
}

function checkInner(inner: { src: ByteSource; close(): void }, name: string, gzip: boolean): OpenedSpec {
  const head = inner.src.read(0, Math.min(SNIFF_BYTES, inner.src.size));
  const sniff = sniffBytes(head);
  if (sniff.kind === 'protobuf') return { src: inner.src, gzip, close: inner.close };
  inner.close();
  if (sniff.kind === 'gzip') throw new InputError(name, undefined, 'gzip inside gzip', 'an .mlmodel compressed once');
  const s = sniffBytes(head);
  throw new InputError(name, undefined, `gzip holding ${s.kind === 'refuse' ? s.problem : 'something else'}`, 'a gzipped .mlmodel');
}

function* readAll(src: ByteSource): Generator<Uint8Array> {
  for (let pos = 0; pos < src.size; pos += 1 << 20) yield src.read(pos, Math.min(1 << 20, src.size - pos));
}

function gunzip(stream: NodeJS.ReadableStream, name: string): AsyncIterable<Buffer> {
  const z = createGunzip();
  stream.on('error', (e) => z.destroy(e));
  stream.pipe(z);
  return (async function* () {
    try {
      for await (const c of z as AsyncIterable<Buffer>) yield c;
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(name, undefined, `gzip data is corrupt or truncated (${e instanceof Error ? e.message : String(e)})`, 'a complete gzipped .mlmodel');
    }
  })();
}

/** Collects a stream: in memory up to SPOOL_BYTES, then in a temporary file. */
async function collect(chunks: AsyncIterable<Buffer | string>, name: string): Promise<{ src: ByteSource; close(): void }> {
  const held: Buffer[] = [];
  let total = 0;
  let spool: { dir: string; path: string; fd: number } | null = null;
  try {
    for await (const raw of chunks) {
      const c = typeof raw === 'string' ? Buffer.from(raw) : raw;
      total += c.length;
      if (total > MAX_STREAM_BYTES) throw new InputError(name, undefined, `more than ${MAX_STREAM_BYTES / 1024 ** 3} GB of data`, 'a model file path for models this large (not a stream)');
      if (!spool && total > SPOOL_BYTES) {
        const dir = mkdtempSync(join(tmpdir(), 'coreml-doctor-'));
        const path = join(dir, 'model.mlmodel');
        spool = { dir, path, fd: openSync(path, 'w') };
        for (const h of held) writeAll(spool.fd, h);
        held.length = 0;
      }
      if (spool) writeAll(spool.fd, c);
      else held.push(c);
    }
  } catch (e) {
    if (spool) {
      closeSync(spool.fd);
      rmSync(spool.dir, { recursive: true, force: true });
    }
    if (e instanceof InputError) throw e;
    throw new InputError(name, undefined, `read failed (${e instanceof Error ? e.message : String(e)})`, 'a readable model');
  }
  if (!spool) {
    if (total === 0) throw new InputError(name, undefined, name === '<stdin>' ? 'no input on stdin (it is empty or closed)' : 'no data', 'an .mlmodel');
    return { src: new MemorySource(name, Buffer.concat(held)), close: () => {} };
  }
  closeSync(spool.fd);
  const src = new FileSource(name, spool.path);
  const dir = spool.dir;
  return {
    src,
    close: () => {
      src.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function writeAll(fd: number, b: Buffer): void {
  for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off);
}
