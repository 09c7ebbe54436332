/**
 * The line splitter: the same lines, numbers and \r flags whatever the chunking, on text mixing \n,
 * \r\n and tqdm's lone \r (the positions of \n and \r are found once per chunk, not once per line).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/core/lines.js';

function split(chunks: string[]): [string, number, boolean][] {
  const out: [string, number, boolean][] = [];
  const s = new LineSplitter((t, i) => out.push([t, i.line, i.endedByCR]), { splitCarriageReturn: true });
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}

describe('LineSplitter', () => {
  it('splits \\n, \\r\\n and a lone \\r, keeping editor line numbers', () => {
    expect(split(['a\r\nbar 1\rbar 2\nc\n\nd'])).toEqual([
      ['a', 1, false],
      ['bar 1', 2, true],
      ['bar 2', 2, false],
      ['c', 3, false],
      ['', 4, false],
      ['d', 5, false],
    ]);
  });

  it('gives the same lines for any chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', ' %|██| 3/4'), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 6 }), (parts, cuts) => {
        const text = parts.join('');
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const c of at) {
          chunks.push(text.slice(prev, c));
          prev = c;
        }
        chunks.push(text.slice(prev));
        expect(split(chunks)).toEqual(split([text]));
      }),
    );
  });
});
