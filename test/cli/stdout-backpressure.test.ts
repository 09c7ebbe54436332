/**
 * A result of gigabytes goes to a pipe as fast as its reader takes it: writeResult waits for the
 * stream to drain instead of queueing every piece in memory (a 1 GB profile's folded output into
 * `sha256sum` once queued 3 GB and failed with ENOBUFS), and it ends, not hangs, when the reader goes.
 */
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { writeResult } from '../../src/cli/output.js';

function ioWith(stdout: Writable): CliIO {
  return { stdout, stderr: { write: () => true }, stdin: Readable.from([]), env: {}, cwd: process.cwd() };
}

function* lines(n: number): Generator<string> {
  for (let i = 0; i < n; i++) yield `main;frame_${i};leaf ${i}\n`.padEnd(1024, ' ');
}

/** A reader slower than the writer: one piece a macrotask, through a 16 KB buffer. */
function slowSink(onChunk: (s: string) => void, highWaterMark = 16 * 1024): Writable & { maxQueued: number } {
  const sink = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _enc, cb) {
      onChunk(chunk);
      setImmediate(cb);
    },
  }) as Writable & { maxQueued: number };
  sink.maxQueued = 0;
  const write = sink.write.bind(sink);
  sink.write = ((chunk: string, ...rest: never[]) => {
    const r = write(chunk, ...rest);
    sink.maxQueued = Math.max(sink.maxQueued, sink.writableLength);
    return r;
  }) as typeof sink.write;
  return sink;
}

describe('writeResult on a slow pipe', () => {
  it('keeps at most about one buffer of output queued, and delivers every piece in order', async () => {
    const got: string[] = [];
    const sink = slowSink((s) => got.push(s));
    await writeResult(ioWith(sink), {}, lines(4000));
    await new Promise<void>((r) => sink.end(r));
    expect(got.length).toBe(4000);
    expect(got[0]).toMatch(/^main;frame_0;leaf 0\n/);
    expect(got[3999]).toMatch(/^main;frame_3999;leaf 3999\n/);
    expect(got.every((s, i) => s.startsWith(`main;frame_${i};`))).toBe(true);
    // 4 MB of output went through; never more than the buffer plus one piece waited in memory.
    expect(sink.maxQueued).toBeLessThanOrEqual(16 * 1024 + 1024);
  });

  it('ends when the reader goes away mid-way (the rest has nowhere to go)', async () => {
    let n = 0;
    const sink: Writable & { maxQueued: number } = slowSink(() => {
      if (++n === 50) sink.destroy();
    });
    sink.on('error', () => {});
    await writeResult(ioWith(sink), {}, lines(100_000));
    expect(n).toBeGreaterThanOrEqual(50);
    expect(n).toBeLessThan(100);
  });
});
