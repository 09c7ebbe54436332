import { describe, expect, it } from 'vitest';
import { parseConversionLogText as parse } from '../../src/convlog/parser.js';
import { normalizeTorchOp } from '../../src/convlog/ops.js';

const BAR = (n: number, total: number, desc = 'Converting PyTorch Frontend ==> MIL Ops') =>
  `${desc}: ${String(Math.floor((100 * n) / total)).padStart(3)}%|${'█'.repeat(Math.floor((20 * n) / total)).padEnd(20)}| ${n}/${total} [00:00<00:00, 1546.59 ops/s]`;

describe('op names', () => {
  it.each([
    ['aten::upsample_bicubic2d', 'upsample_bicubic2d'],
    ['upsample_bicubic2d_', 'upsample_bicubic2d'],
    ["'upsample_bicubic2d'", 'upsample_bicubic2d'],
    ['aten::upsample_bicubic2d.vec', 'upsample_bicubic2d'],
    ['aten::__and__', 'and'],
    ['torchvision::roi_align', 'torchvision::roi_align'],
    ['quantized::linear_dynamic', 'quantized::linear_dynamic'],
    ['PythonOp', 'pythonop'],
  ])('%s is %s', (raw, want) => {
    expect(normalizeTorchOp(raw)).toBe(want);
  });
});

describe('conversion log parser', () => {
  it('names the unsupported op, its module path and how far conversion got (coremltools >= 7.2 layout)', () => {
    const log = parse(
      [
        'Torch version 2.2.1 has not been tested with coremltools. You may run into unexpected errors. Torch 2.2.0 is the most recent version that has been tested.',
        [BAR(0, 124), BAR(60, 124), BAR(123, 124)].join('\r'),
        '',
        "ERROR - converting 'aten::upsample_bicubic2d' op (located at: 'decoder/up.2'):",
        '',
        BAR(123, 124),
        'Traceback (most recent call last):',
        '  File "convert.py", line 12, in <module>',
        "    raise RuntimeError(f\"PyTorch convert function for op '{op_lookup}' not implemented.\")",
        "NotImplementedError: PyTorch convert function for op 'upsample_bicubic2d_' not implemented.",
      ].join('\n'),
    );
    expect(log.outcome).toBe('failed');
    expect(log.frontend).toBe('pytorch');
    expect(log.unsupportedOps).toHaveLength(1);
    expect(log.unsupportedOps[0]).toMatchObject({ op: 'upsample_bicubic2d', status: 'unsupported', nodes: ['decoder/up.2'], lines: [4, 10] });
    expect(log.failure).toMatchObject({ op: 'upsample_bicubic2d', node: 'decoder/up.2', opIndex: 124, opTotal: 124, exceptionType: 'NotImplementedError' });
    // The quoted source line in the traceback is code, not a message: it names no op.
    expect(log.diagnostics.filter((d) => d.id === 'torch.op-not-implemented')).toHaveLength(1);
    // 2.2.0 tested ⇒ 7.2; a NotImplementedError for this message ⇒ 9.0+: contradictory, the narrow one wins.
    expect(log.coremltoolsVersion).toBe('7.2');
    expect(log.stages).toEqual([{ name: 'Converting PyTorch Frontend ==> MIL Ops', kind: 'frontend', done: 123, total: 124, percent: 99, line: 6 }]);
  });

  it('keeps the last state of a tqdm bar redrawn with \\r and reads text glued to it', () => {
    const log = parse(`${BAR(0, 458)}\r${BAR(458, 458)}Saving value type of int64 into a builtin type of int32, might lose precision!\nSaving value type of int64 into a builtin type of int32, might lose precision!\n`);
    expect(log.stages[0]).toMatchObject({ done: 458, total: 458 });
    const d = log.diagnostics.find((x) => x.id === 'mil.value-downcast');
    expect(d).toMatchObject({ count: 2, lines: [1, 2], category: 'precision', severity: 'warning' });
  });

  it('reads every tqdm state of a pasted line that lost its \\r (hundreds glued together)', () => {
    const states = Array.from({ length: 300 }, (_, i) => BAR(i + 1, 300)).join('');
    const log = parse(states + "\nRuntimeError: PyTorch convert function for op 'pythonop' not implemented.\n");
    expect(log.stages).toHaveLength(1);
    expect(log.stages[0]).toMatchObject({ done: 300, total: 300 });
    expect(log.failure?.opIndex).toBeNull();
  });

  it('reads logs quoted with "> ", CRLF line ends, ANSI colour and a BOM', () => {
    const text = '\ufeff> \u001b[33mWARNING:coremltools:\u001b[0mTuple detected at graph output. This will be flattened in the converted model.\r\n> RuntimeError: PyTorch convert function for op \'pythonop\' not implemented.\r\n';
    const log = parse(text);
    expect(log.diagnostics.map((d) => d.id)).toEqual(['torch.tuple-output', 'torch.op-not-implemented']);
    expect(log.unsupportedOps[0]?.op).toBe('pythonop');
    expect(log.unsupportedOps[0]?.lines).toEqual([2]);
  });

  it('says when a log is cut before its error line and invents no op', () => {
    const log = parse([BAR(67, 744), 'Traceback (most recent call last):', '  File "/x/hubert_to_coreml.py", line 58, in <module>', '    main()'].join('\n'));
    expect(log.outcome).toBe('failed');
    expect(log.unsupportedOps).toEqual([]);
    expect(log.failure).toMatchObject({ cutBeforeError: true, opIndex: 68, opTotal: 744, exceptionType: null });
    expect(log.cut.end).toBe(true);
    expect(log.outcomeReason).toMatch(/cut before the error line/);
  });

  it('takes the TF node from the NodeDef dump', () => {
    const log = parse("NotImplementedError: Conversion for TF op 'Switch' not implemented.\n \nname: \"bn/cond/Switch\"\nop: \"Switch\"\n");
    expect(log.unsupportedOps[0]).toMatchObject({ op: 'Switch', frontend: 'tensorflow', nodes: ['bn/cond/Switch'] });
  });

  it('reads every op of debug=True\'s MISSING list', () => {
    const log = parse('the following model ops are IMPLEMENTED:\n  add\n  conv2d\nthe following model ops are MISSING:\n  upsample_bicubic2d\n  aten::grid_sampler_3d\nConverting PyTorch Frontend ==> MIL Ops:   5%|▌         | 3/60 [00:00<00:00, 1.00 ops/s]\n');
    expect(log.unsupportedOps.map((o) => o.op)).toEqual(['upsample_bicubic2d', 'grid_sampler_3d']);
  });

  it('is converted when the backend stage completes', () => {
    const log = parse([BAR(12, 12), BAR(5, 5, 'Running MIL frontend_pytorch pipeline'), BAR(95, 95, 'Running MIL default pipeline'), BAR(12, 12, 'Running MIL backend_mlprogram pipeline')].join('\n'));
    expect(log.outcome).toBe('converted');
    expect(log.coremltoolsVersion).toBe('6.3+');
  });

  it('refuses a log of blank lines', () => {
    expect(() => parse('\n\n  \n', 'blank.log')).toThrow(/blank\.log: contains no text/);
  });
});
