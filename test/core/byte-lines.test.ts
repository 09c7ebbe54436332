/**
 * The byte line splitter gives what the text line splitter gives on the decoded text: the same
 * lines, numbers, \r flags and truncation, whatever the chunking of the bytes (a multi-byte
 * character cut between chunks, a \r\n cut between chunks, lines longer than the limit).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteLineSplitter } from '../../src/core/byte-lines.js';
import { LineSplitter } from '../../src/core/lines.js';

type Out = [string, number, boolean, boolean][];

function textSplit(text: string, maxLineLength: number, splitCarriageReturn = true): Out {
  const out: Out = [];
  const s = new LineSplitter((t, i) => out.push([t, i.line, i.endedByCR, i.truncated]), { splitCarriageReturn, maxLineLength });
  s.push(text);
  s.end();
  return out;
}

function byteSplit(chunks: Buffer[], maxLineLength: number, splitCarriageReturn = true): Out {
  const out: Out = [];
  const s = new ByteLineSplitter((t, i) => out.push([t, i.line, i.endedByCR, i.truncated]), { splitCarriageReturn, maxLineLength });
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}

function cut(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let prev = 0;
  for (const c of at) {
    chunks.push(bytes.subarray(prev, c));
    prev = c;
  }
  chunks.push(bytes.subarray(prev));
  return chunks;
}

describe('ByteLineSplitter', () => {
  it('splits \\n, \\r\\n and a lone \\r, keeping editor line numbers', () => {
    expect(byteSplit([Buffer.from('a\r\nbar █ 1\rbar 2\nc\n\nd')], 100)).toEqual([
      ['a', 1, false, false],
      ['bar █ 1', 2, true, false],
      ['bar 2', 2, false, false],
      ['c', 3, false, false],
      ['', 4, false, false],
      ['d', 5, false, false],
    ]);
  });

  it('cuts a line at the limit in characters, not bytes, in one chunk or across chunks', () => {
    const text = `${'█'.repeat(10)}\n${'ab'.repeat(8)}\n${'é'.repeat(7)}\n`;
    const whole = byteSplit([Buffer.from(text)], 7);
    expect(whole).toEqual([
      ['█'.repeat(7), 1, false, true],
      ['abababa', 2, false, true],
      ['é'.repeat(7), 3, false, false],
    ]);
    const bytes = Buffer.from(text);
    expect(byteSplit([...bytes].map((b) => Buffer.from([b])), 7)).toEqual(whole);
  });

  it('gives the lines of the text splitter on the decoded text, for any chunking and limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', ' %|██| 3/4', 'é', '😀', '\u001b[0m'), { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        (parts, cuts, max, splitCR) => {
          const text = parts.join('');
          expect(byteSplit(cut(Buffer.from(text), cuts), max, splitCR)).toEqual(textSplit(text, max, splitCR));
        },
      ),
    );
  });
});
