/**
 * The byte line splitter gives what the text line splitter gives on the decoded text: the same
 * lines, numbers, \r flags and truncation, whatever the chunking of the bytes (a multi-byte
 * character cut between chunks, a \r\n cut between chunks, lines longer than the limit).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteLineSplitter, lineHash } from '../../src/core/byte-lines.js';
import { LineSplitter } from '../../src/core/lines.js';
import { stripAnsi } from '../../src/convlog/normalize.js';

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

  it('with stripAnsi, flags a line only when its text is what stripAnsi makes of the line, and changes nothing else', () => {
    // Every form of ANSI_RE, cut and broken ones, an ESC before an escape, U+009B, invalid UTF-8.
    const parts = ['a', ' ', '\n', '\r', '\r\n', 'é', '█', '\u001b', '\u001b[', '\u001b[0m', '\u001b[0;31m', '\u001b[?25l', '\u001b[1 q', '\u001b]0;title\u0007', '\u001b]8;;x\u001b\\', '\u001b]', '\u001bM', '\u001b_', '\u001b\u001b[0m', '\u009b31m', '\u009b', '[', ']', 'm', '0', '\u0007', '\\'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...parts), { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        (ps, cuts, max, bad) => {
          let bytes = Buffer.from(ps.join(''));
          if (bad && bytes.length > 0) bytes = Buffer.concat([bytes.subarray(0, bytes.length >> 1), Buffer.from([0xe2]), bytes.subarray(bytes.length >> 1)]);
          const chunks = cut(bytes, cuts);
          const plain: [string, number, boolean, boolean][] = [];
          const s0 = new ByteLineSplitter((t, i) => plain.push([t, i.line, i.endedByCR, i.truncated]), { maxLineLength: max });
          const got: [string, number, boolean, boolean][] = [];
          const s1 = new ByteLineSplitter((t, i) => got.push([i.ansiStripped ? t : stripAnsi(t), i.line, i.endedByCR, i.truncated]), { maxLineLength: max, stripAnsi: true });
          for (const c of chunks) {
            s0.push(c);
            s1.push(c);
          }
          s0.end();
          s1.end();
          expect(got).toEqual(plain.map(([t, ...rest]) => [stripAnsi(t), ...rest]));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('gives a repeated line the same text from the cache of recent lines, whatever the chunking', () => {
    // Lines of 24 to 512 bytes dear to decode and met twice are kept: the same bar, a listing line in
    // colour, lines of one length and one start that differ in one byte, met again and again; an ASCII
    // line is not looked up.
    const long = ['Converting PyTorch Frontend ==> MIL Ops:  50%|' + '█'.repeat(20) + '| 1/2', '\u001b[0;32m    516 self.convert_const()\u001b[0m', 'éaaaXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'éaaaYaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'é'.repeat(30), 'plain ASCII line of more than 24 bytes'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...long, 'a', '\u001b[0m'), fc.constantFrom('\n', '\n', '\r', '\r\n', '')), { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (parts, cuts, ansi) => {
          const text = parts.map(([line, end]) => line + end).join('');
          const got: Out = [];
          const s = new ByteLineSplitter((t, i) => got.push([ansi && !i.ansiStripped ? stripAnsi(t) : t, i.line, i.endedByCR, i.truncated]), { maxLineLength: 100, stripAnsi: ansi });
          for (const c of cut(Buffer.from(text), cuts)) s.push(c);
          s.end();
          expect(got).toEqual(textSplit(text, 100).map(([t, ...rest]) => [ansi ? stripAnsi(t) : t, ...rest]));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives a line its own text when a kept line of the same length has the same hash', () => {
    // Two bar-like lines of one length and one hash, found by trying (about 2^16 tries for 32 bits).
    const seen = new Map<number, string>();
    let a = '';
    let b = '';
    for (let i = 0; !b; i++) {
      const line = `█ bar ${String(i).padStart(8, '0')} of the same length`;
      const bytes = Buffer.from(line);
      const h = lineHash(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.length), 0, bytes.length);
      const other = seen.get(h);
      if (other !== undefined) [a, b] = [other, line];
      else seen.set(h, line);
    }
    const out: string[] = [];
    const s = new ByteLineSplitter((t) => out.push(t));
    s.push(Buffer.from(`${a}\n${a}\n${a}\n${b}\n${b}\n${a}\n`));
    s.end();
    expect(out).toEqual([a, a, a, b, b, a]);
  });

  it('with stripAnsi, takes the sequences of an ASCII line out on the bytes', () => {
    const out: [string, boolean][] = [];
    const s = new ByteLineSplitter((t, i) => out.push([t, i.ansiStripped === true]), { stripAnsi: true });
    s.push(Buffer.from('\u001b[0;31mValueError\u001b[0m: x\nplain\n\u001b[0;32m█\u001b[0m\n\u001b\u001b[0mA\n'));
    s.end();
    expect(out).toEqual([
      ['ValueError: x', true],
      ['plain', true],
      // A non-ASCII byte before an ESC: passed as it is (the parser strips it).
      ['\u001b[0;32m█\u001b[0m', false],
      // The first ESC starts no sequence and stays; stripping again would take `ESC A` out.
      ['\u001bA', true],
    ]);
  });
});
