/**
 * isPlainText skips the traceback forms' regex for a line that starts with `/` and holds neither
 * `.py in ` nor `.py", line `: it must say what the regex says on every corpus line and on lines
 * starting with `/` built to take each form (IPython frames, cut frames, warnings, rules), and on
 * every cut of them.
 */
import { describe, expect, it } from 'vitest';
import { hasTracebackForm, isPlainText } from '../../src/convlog/traceback.js';
import { corpusTexts, everyCut } from './corpus-lines.js';

const BUILT = [
  '/Users/dev/models/block_0.py:100: TracerWarning: Converting a tensor to a Python boolean might cause the trace to be incorrect.',
  '/opt/conda/lib/python3.10/site-packages/torch/nn/modules/module.py in _call_impl(self, *input, **kwargs)',
  '/usr/lib/python3/x.py in \u00a0f',
  '/usr/lib/python3/x.py in ',
  '/a b/x.py in f',
  '/x.py", line 12, in forward',
  '/x.py", line 12',
  '/x y.py", line 12',
  '/x.py", line ',
  '/home/u/train.py:5: UserWarning: a "quoted", line of text .py in it',
  '/-------------------------------------------------',
  '/',
  '//x.py in f',
];

describe('isPlainText', () => {
  it('says what the forms regex says on lines that start with / and on every cut of them', () => {
    let forms = 0;
    for (const cut of everyCut(BUILT)) {
      if (hasTracebackForm(cut)) forms++;
      expect(isPlainText(cut), JSON.stringify(cut)).toBe(!hasTracebackForm(cut));
    }
    expect(forms).toBeGreaterThan(20);
  });

  it('says what the forms regex says on every corpus line', () => {
    for (const s of corpusTexts()) expect(isPlainText(s), JSON.stringify(s)).toBe(!hasTracebackForm(s));
  });
});
