/**
 * core/input.ts reading a file: its chunks in order, each in a buffer of its own, or (after
 * reuseBuffers) in three buffers used in turn, which a reader that copies what it keeps can take.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInput } from '../../src/core/input.js';

const MB = 1 << 20;

function bytesFile(n: number): { path: string; data: Buffer } {
  const data = Buffer.alloc(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  const path = join(mkdtempSync(join(tmpdir(), 'cmd-input-')), 'bytes.bin');
  writeFileSync(path, data);
  return { path, data };
}

describe('openInput on a file', () => {
  it('gives its bytes in order, each chunk in a buffer of its own, the last one short', async () => {
    const { path, data } = bytesFile(3 * MB + 777);
    const input = await openInput(path, { what: 'bytes', reusable: true });
    const chunks: Buffer[] = [];
    for await (const c of input.chunks) chunks.push(c);
    expect(chunks.map((c) => c.length)).toEqual([MB, MB, MB, 777]);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(4);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(input.size).toBe(data.length);
  });

  it('after reuseBuffers, reads into three buffers in turn (one read ahead): each chunk holds its bytes while it and the next are read', async () => {
    const { path, data } = bytesFile(5 * MB + 3);
    const input = await openInput(path, { what: 'bytes', reusable: true });
    const copies: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    let previous: { chunk: Buffer; copy: Buffer } | null = null;
    let k = 0;
    for await (const c of input.chunks) {
      // The second chunk was read ahead, into a new buffer, before the reader asked for reuse.
      if (k === 0) input.reuseBuffers?.();
      else if (k >= 2) buffers.add(c.buffer);
      k++;
      // The chunk before is still intact while this one is read.
      if (previous) expect(previous.chunk.equals(previous.copy)).toBe(true);
      const copy = Buffer.from(c);
      copies.push(copy);
      previous = { chunk: c, copy };
    }
    expect(Buffer.concat(copies).equals(data)).toBe(true);
    expect(copies.length).toBe(6);
    expect(buffers.size).toBe(3);
  });
});
