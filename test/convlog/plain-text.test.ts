/**
 * isPlainText skips the traceback forms' regex for a line that starts with `/` and holds neither
 * `.py in ` nor `.py", line `, and for a line starting with a letter that none of the forms' needs
 * (see letterLineMayHaveForm): it must say what the regex says on every corpus line and on lines
 * built to take each form (IPython frames, cut frames, warnings, rules, exception lines, headers,
 * chains), and on every cut of them.
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

/** Lines starting with a letter: each form that can start with one, and lines that look like them but have none. */
const LETTER_BUILT = [
  "ERROR - converting 'custom_op_0' op (located at: 'encoder/layers.0/custom_op_0'):",
  "RuntimeError: PyTorch convert function for op 'custom_op_0' not implemented.",
  'torch.jit.Error: something',
  'coremltools.converters.mil.SomethingError',
  'KeyboardInterrupt',
  'Exception',
  'KeyError: 12',
  'ValueError:x',
  'ValueError x: y',
  'Value.Error: y',
  'a.b.c.ValueError: y',
  'Traceback (most recent call last):',
  'ValueError                                Traceback (most recent call last)',
  'ValueError Traceback (most recent call last)',
  'During handling of the above exception, another exception occurred:',
  'The above exception was the direct cause of the following exception:',
  'File ~/x/ops.py:574, in convert(self)',
  'File C:\\x\\ops.py:574, in convert(self)',
  'C:\\x\\ops.py in f',
  'Cell In[13], line 1',
  'Input In [4], in <cell line: 1>()',
  '  File "x.py", line 3, in f',
  'File "x.py", line 3, in f',
  'lib/python3.7/site-packages/x/operation.py", line 318, in f',
  'ops.py", line 318',
  'Converting PyTorch Frontend ==> MIL Ops',
  'WARNING:coremltools:Tuple detected at graph output.',
  'Saving value type of int64 into a builtin type of int32, might lose precision!',
  'x',
  'x:',
  'E',
];

describe('isPlainText', () => {
  it('says what the forms regex says on lines that start with a letter and on every cut of them', () => {
    let forms = 0;
    let plain = 0;
    for (const cut of everyCut(LETTER_BUILT)) {
      if (hasTracebackForm(cut)) forms++;
      else plain++;
      expect(isPlainText(cut), JSON.stringify(cut)).toBe(!hasTracebackForm(cut));
    }
    expect(forms).toBeGreaterThan(50);
    expect(plain).toBeGreaterThan(500);
  });

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
