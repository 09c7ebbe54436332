/**
 * `weight.bin`, MIL blob storage (MILBlob/Blob/StorageFormat.hpp and StorageReader.cpp, apple/coremltools
 * e0e2f42b), read by positional reads of its headers only, never its data:
 *   - a 64-byte file header: count u32, version u32 (2), reserved;
 *   - per blob a 64-byte metadata record: sentinel u32 0xDEADBEEF, mil_dtype u32, sizeInBytes u64,
 *     offset u64 (absolute offset of the data), padding_size_in_bits u64, four reserved u64;
 *   - the data, 64-byte aligned; the next record starts at the next 64-byte boundary after it.
 * A program's `blobFileValue.offset` points at the metadata record, not at the data.
 * Files written before iOS 18 may hold garbage in the reserved words and in `padding_size_in_bits`:
 * neither is trusted (padding only for sub-byte dtypes, where it must be below 8).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { blobDtype } from './tables/dtypes.js';

export const BLOB_SENTINEL = 0xdeadbeef;
export const BLOB_ALIGNMENT = 64;
export const HEADER_BYTES = 64;
export const METADATA_BYTES = 64;
export const STORAGE_VERSION = 2;
const EXPECT = 'MIL blob storage (a weight.bin written by coremltools or Xcode)';
/** Metadata records are read through windows this big (several records of small blobs in one read). */
const WINDOW = 4096;

export interface BlobInfo {
  /** Offset of the metadata record (what the program references). */
  offset: number;
  dtype: number;
  dtypeName: string;
  sizeInBytes: number;
  dataOffset: number;
}

export interface BlobFile {
  name: string;
  size: number;
  version: number;
  count: number;
  /** Every blob, by the offset of its metadata record. */
  blobs: Map<number, BlobInfo>;
}

function align(n: number): number {
  return n % BLOB_ALIGNMENT === 0 ? n : n + BLOB_ALIGNMENT - (n % BLOB_ALIGNMENT);
}

/** Reads the header and walks every metadata record; throws InputError naming the byte offset of what is wrong. */
export function readBlobFile(path: string, name: string): BlobFile {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const reader = new WindowReader(fd, size);
    if (size < HEADER_BYTES) throw new InputError(name, 'byte 0', `the file is ${size} bytes, shorter than the 64-byte blob storage header`, EXPECT);
    const header = reader.view(0, HEADER_BYTES);
    const count = header.getUint32(0, true);
    const version = header.getUint32(4, true);
    if (version !== STORAGE_VERSION) {
      throw new InputError(name, 'byte 4', `blob storage version ${version}${version === 1 ? ' (the older Espresso format)' : ''}`, `version ${STORAGE_VERSION}, ${EXPECT}`);
    }
    const blobs = new Map<number, BlobInfo>();
    let pos = HEADER_BYTES;
    // Records of small blobs lie close together: read ahead a window; after a large blob read the record alone.
    let ahead = WINDOW;
    for (let i = 0; i < count; i++) {
      if (pos + METADATA_BYTES > size) {
        throw new InputError(name, `byte ${pos}`, `the header says ${count} blobs, but the file ends after ${i} (it is ${size} bytes)`, 'a complete weight.bin');
      }
      const info = readMetadataAt(reader, pos, name, size, ahead);
      blobs.set(pos, info);
      pos = align(info.dataOffset + info.sizeInBytes);
      ahead = info.sizeInBytes < WINDOW ? WINDOW : METADATA_BYTES;
    }
    return { name, size, version, count, blobs };
  } finally {
    closeSync(fd);
  }
}

/** One metadata record, checked: sentinel, known dtype, data after the record and inside the file. */
function readMetadataAt(reader: WindowReader, pos: number, name: string, size: number, ahead = METADATA_BYTES): BlobInfo {
  const v = reader.view(pos, METADATA_BYTES, ahead);
  const sentinel = v.getUint32(0, true);
  if (sentinel !== BLOB_SENTINEL) {
    throw new InputError(name, `byte ${pos}`, `no blob metadata here (sentinel 0x${sentinel.toString(16).padStart(8, '0')})`, `the sentinel 0xdeadbeef of ${EXPECT}`);
  }
  const dtype = v.getUint32(4, true);
  const sizeInBytes = v.getBigUint64(8, true);
  const dataOffset = v.getBigUint64(16, true);
  const info = blobDtype(dtype);
  if (info.bits === null) throw new InputError(name, `byte ${pos + 4}`, `blob dtype code ${dtype} is unknown`, 'a MILBlob dtype code 1-17');
  const end = dataOffset + sizeInBytes;
  if (dataOffset < BigInt(pos + METADATA_BYTES) || end > BigInt(size)) {
    throw new InputError(name, `byte ${pos + 16}`, `the blob's data (${sizeInBytes} bytes at byte ${dataOffset}) lies outside the file (${size} bytes) or before its own metadata`, 'data after its metadata record and inside the file');
  }
  return { offset: pos, dtype, dtypeName: info.name, sizeInBytes: Number(sizeInBytes), dataOffset: Number(dataOffset) };
}

/** Positional reads through one small window that moves (one buffer, reused). */
class WindowReader {
  private readonly buf = Buffer.allocUnsafe(WINDOW);
  private readonly dv = new DataView(this.buf.buffer, this.buf.byteOffset, WINDOW);
  private start = 0;
  private filled = 0;
  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {}
  /** A view of `length` (at most the window) bytes at `offset`; read again only when outside the window. */
  view(offset: number, length: number, ahead = length): { getUint32(at: number, le: boolean): number; getBigUint64(at: number, le: boolean): bigint } {
    if (offset < this.start || offset + length > this.start + this.filled) {
      const len = Math.min(Math.max(length, Math.min(ahead, WINDOW)), this.size - offset);
      let done = 0;
      while (done < len) {
        const n = readSync(this.fd, this.buf, done, len - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      this.start = offset;
      this.filled = done;
    }
    const base = offset - this.start;
    const dv = this.dv;
    return { getUint32: (at, le) => dv.getUint32(base + at, le), getBigUint64: (at, le) => dv.getBigUint64(base + at, le) };
  }
}

/**
 * The blob a program references at `offset`: one the walk found, else (a writer that miscounted) a valid
 * metadata record read at that offset; null when the offset is past the file. Throws InputError when the
 * bytes there are not blob metadata.
 */
export function blobAt(file: BlobFile, path: string, offset: bigint): BlobInfo | null {
  const at = Number(offset);
  if (at > file.size - METADATA_BYTES || file.size < METADATA_BYTES) return null;
  const known = file.blobs.get(at);
  if (known) return known;
  const fd = openSync(path, 'r');
  try {
    return readMetadataAt(new WindowReader(fd, file.size), at, file.name, file.size);
  } finally {
    closeSync(fd);
  }
}
