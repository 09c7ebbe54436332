/**
 * The message matcher's gram index only skips patterns that cannot match: on every line of the
 * corpus (cleaned and with the logging prefix split off, as the parser hands it over) and on lines
 * built to trip it (two messages in one line, non-ASCII around a needle, needles cut at the end),
 * it picks the same pattern as trying every pattern in table order. Both ways of matching are
 * checked: with the index (built from the first line) and without it (a small log's first lines).
 */
import { describe, expect, it } from 'vitest';
import { MessageMatcher, requiredLiteral } from '../../src/convlog/matcher.js';
import { MESSAGE_PATTERNS } from '../../src/convlog/patterns/index.js';
import { corpusTexts } from './corpus-lines.js';

function naive(text: string): string | null {
  for (const p of MESSAGE_PATTERNS) if (p.re.test(text)) return p.id;
  return null;
}

/** A matcher that uses its index from the first line, and one that never builds it. */
const matchers = (): [string, MessageMatcher][] => [
  ['indexed', new MessageMatcher(MESSAGE_PATTERNS, 0)],
  ['needle by needle', new MessageMatcher(MESSAGE_PATTERNS, Infinity)],
];

describe('message matcher', () => {
  it('answers as trying every pattern in order, on every corpus line', () => {
    const texts = corpusTexts();
    for (const [way, m] of matchers()) {
      const wrong = texts.filter((t) => (m.match(t)?.pattern.id ?? null) !== naive(t)).slice(0, 5);
      expect({ way, wrong }).toEqual({ way, wrong: [] });
    }
    // The corpus holds real messages: the comparison is not only over misses.
    if (texts.length) expect(texts.filter((t) => naive(t) !== null).length).toBeGreaterThan(20);
  });

  it('keeps table order when a line holds two messages, and finds needles next to non-ASCII text', () => {
    const lines: string[] = [];
    // Each pattern's needle, alone, glued between multi-byte characters, and with another needle before it.
    const needles = MESSAGE_PATTERNS.map((p) => requiredLiteral(p.re)).filter((n) => n.length >= 4);
    needles.forEach((n, i) => {
      lines.push(n, `█▌ü${n}├€`, `${needles[(i + 7) % needles.length]} then ${n}`, n.slice(0, -1));
      // At every offset from the line's start modulo the step the index reads grams at (8 at most).
      for (let k = 1; k <= 9; k++) lines.push(`${'x'.repeat(k)}${n}`, `${'é'.repeat(k)}${n}${'y'.repeat(k)}`);
    });
    lines.push(
      "RuntimeError: PyTorch convert function for op 'upsample_bicubic2d' not implemented. Saving value type of int64 into a builtin type of int32, might lose precision!",
      'Saving value type of int64 into a builtin type of int32, might lose precision! Tuple detected at graph output. This will be flattened in the converted model.',
      'Converting PyTorch Frontend ==> MIL Ops:  12%|█▎        | 12/100 [00:00<00:00, ...]Saving value type of int64 into a builtin type of int32, might lose precision!',
      // The shortest needles (11 and 12 characters: the index reads a gram every 8).
      'Successfully installed coremltools-7.1 numpy-1.26.4',
      'coremltools==8.0b1',
      "ValueError: Op \"1309\" (op_type: inverse) Input x=\"1308\" expects tensor or scalar of dtype from type domain ['fp16', 'fp32'] but got tensor[1,int32]",
    );
    // Every line that matches a pattern, its message at each offset modulo the step of the index's reads.
    const matching = [...lines, ...corpusTexts()].filter((t) => naive(t) !== null);
    for (const t of matching) for (let k = 1; k <= 9; k++) lines.push(`${'x'.repeat(k)} ${t}`);
    for (const [way, m] of matchers()) {
      const wrong = lines.filter((t) => (m.match(t)?.pattern.id ?? null) !== naive(t)).slice(0, 5);
      expect({ way, wrong }).toEqual({ way, wrong: [] });
    }
    expect(lines.filter((t) => naive(t) !== null).length).toBeGreaterThan(100);
  });
});
