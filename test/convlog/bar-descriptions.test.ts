/**
 * parseBar takes a description it met lately without scanning the line for where the description
 * starts, when the description ends at the bar's colon and starts the line or follows a `%`, `|` or
 * line break (where the scan stops). The answer must be the scan's on every cut of bars with text
 * glued before them, met first with other descriptions in the recent ones (the scan) and then right
 * after (the recent one).
 */
import { describe, expect, it, vi } from 'vitest';
import { parseBar } from '../../src/convlog/progress.js';
import { everyCut } from './corpus-lines.js';

const bar = (desc: string, n = 3, total = 10) => `${desc}: ${String(Math.floor((100 * n) / total)).padStart(3)}%|███       | ${n}/${total} [00:01<00:02, 3.00 ops/s]`;

const DESCS = ['Converting PyTorch Frontend ==> MIL Ops', 'Running MIL default pipeline', 'Running MIL backend_mlprogram pipeline', 'Some user bar'];
const LINES = [
  ...DESCS.map((d) => bar(d)),
  ...DESCS.map((d) => `Saving value type of int64 into a builtin type of int32, might lose precision!${bar(d)}`),
  ...DESCS.map((d) => `100%|██████████| 5/5 [00:00<00:00]${bar(d)}`),
  ...DESCS.map((d) => `  12 ${bar(d)}`),
  ...DESCS.map((d) => `x|${bar(d)}`),
  bar(`${'a'.repeat(199)}`),
  bar(`${'a'.repeat(210)}`),
  bar('\u0000'),
  `\u0000: 30%|███       | 3/10`,
];

/** Six descriptions none of the lines has: parsing them pushes every other one out of the recent ones. */
const OTHERS = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot'].map((d) => bar(`${d} other pass`));

describe('parseBar with the descriptions met lately', () => {
  it('reads every cut of bars (some with text glued before) as the scan does', () => {
    let bars = 0;
    for (const cut of everyCut(LINES)) {
      for (const o of OTHERS) parseBar(o);
      const scanned = parseBar(cut);
      const recent = parseBar(cut);
      expect(recent, JSON.stringify(cut)).toEqual(scanned);
      if (scanned) bars++;
    }
    expect(bars).toBeGreaterThan(500);
  });

  it('reads no description where none starts with a letter, before any was met (the recent ones are placeholders)', async () => {
    vi.resetModules();
    const fresh = await import('../../src/convlog/progress.js');
    expect(fresh.parseBar('\u0000: 30%|███       | 3/10')).toBeNull();
  });

  it('finds the description where the scan does when a recent one also ends at the colon', () => {
    parseBar(bar('Running MIL default pipeline'));
    parseBar(bar('default pipeline'));
    expect(parseBar(bar('Running MIL default pipeline'))?.desc).toBe('Running MIL default pipeline');
    expect(parseBar(`x${bar('default pipeline')}`)).toMatchObject({ desc: 'xdefault pipeline' });
    expect(parseBar(`|${bar('default pipeline')}`)).toMatchObject({ desc: 'default pipeline', before: '|' });
  });
});
