/**
 * parseWarningLine reads `path.py:N: SomeWarning: msg` without the regex; it must give WARNING_LINE's
 * answer (match or not, and the same path, place, class and message) on every corpus line and on
 * lines built to trip it: drives, `<string>`, colons in odd places, classes that only end in
 * `Warning`, non-ASCII digits and letters, line terminators in the message, cut lines.
 */
import { describe, expect, it } from 'vitest';
import { parseWarningLine, WARNING_LINE } from '../../src/convlog/python-warnings.js';
import { corpusTexts, everyCut } from './corpus-lines.js';

function byRegex(s: string): { path: string; where: string; cls: string; msg: string } | null {
  const m = WARNING_LINE.exec(s);
  if (!m || !m.groups) return null;
  const g = m.groups as Record<string, string>;
  return { path: g.path as string, where: `${g.path}:${g.lineno}`, cls: g.cls as string, msg: g.msg as string };
}

const BUILT = [
  '/Users/dev/models/block_0.py:100: TracerWarning: Converting a tensor to a Python boolean might cause the trace to be incorrect.',
  'C:\\Users\\me\\env\\lib\\site-packages\\torch\\nn\\functional.py:3631: UserWarning: Default upsampling behavior',
  'C:\\Users\\me:x.py:3: UserWarning: colon after the drive',
  'C:x.py:3: UserWarning: drive without backslash',
  'c:\\a.py:1: FutureWarning: lower-case drive',
  '<string>:1: DeprecationWarning: from exec',
  '>:1: UserWarning: a bare >',
  '.py:1: UserWarning: a bare .py',
  'py:1: UserWarning: no dot',
  'a.pyc:1: UserWarning: compiled',
  'x.py:: UserWarning: no digits',
  'x.py:12 UserWarning: no colon after digits',
  'x.py:12:UserWarning: no space',
  'x.py:12: Warning: the bare class',
  'x.py:12: XWarning: shortest class',
  'x.py:12: userWarning: lower-case first',
  'x.py:12: Some_Thing9Warning: word characters',
  'x.py:12: SomeWarningX: ends otherwise',
  'x.py:12: Some.Warning: a dot',
  'x.py:12: SomeWarning:no space',
  'x.py:12: SomeWarning: ',
  'x.py:12: SomeWarning:',
  'x.py:12: SomeWarning: two\rlines',
  'x.py:12: SomeWarning: two\nlines',
  'x.py:12: SomeWarning: sep\u2028arated',
  'x.py:12: SomeWarning: sep\u2029arated',
  'x.py:12: SomeWarning: tab\tand émoji 😀',
  'x.py:１２: SomeWarning: full-width digits',
  'x.py:12: ÉWarning: non-ASCII class',
  'x.py:12: SomeWarning: msg: with: colons Warning: again',
  'x.py:12: Some Warning: a space in the class',
  '/a b/c d.py:7: RuntimeWarning: spaces in the path',
  '~/x.py:7: RuntimeWarning: home',
  '../x.py:7: RuntimeWarning: relative',
  ':7: UserWarning: empty path',
  '',
  'x',
  'x.py',
  'x.py:',
  'x.py:1',
  'x.py:1:',
  'x.py:1: ',
  'x.py:1: UserWarning',
  'x.py:1: UserWarning:',
];

describe('parseWarningLine', () => {
  it('answers as WARNING_LINE on lines built to trip it, and on every cut of them', () => {
    let matched = 0;
    for (const cut of everyCut(BUILT)) {
      const want = byRegex(cut);
      if (want) matched++;
      expect(parseWarningLine(cut), JSON.stringify(cut)).toEqual(want);
    }
    expect(matched).toBeGreaterThan(50);
  });

  it('answers as WARNING_LINE on every corpus line', () => {
    const lines = corpusTexts();
    let matched = 0;
    for (const s of lines) {
      const want = byRegex(s);
      if (want) matched++;
      expect(parseWarningLine(s), JSON.stringify(s)).toEqual(want);
    }
    if (lines.length) expect(matched).toBeGreaterThan(0);
  });
});
