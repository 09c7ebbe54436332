/**
 * Property-based tests of the log parser: arbitrary bytes and strings yield a result or a clean
 * InputError, never an uncaught exception; and invariants hold on generated logs.
 */
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { decodeText } from '../../src/core/input.js';
import { parseConversionLog, parseConversionLogText } from '../../src/convlog/parser.js';

const RUNS = { numRuns: 300, seed: 20261125 };

/** Pieces real logs are made of, to build plausible hostile logs from. */
const PIECES = [
  'Converting PyTorch Frontend ==> MIL Ops:  50%|█████     | 62/124 [00:00<00:00, 1546.59 ops/s]',
  'Running MIL default pipeline: 100%|██████████| 95/95 [00:00<00:00, 277.59 passes/s]',
  'Running MIL backend_mlprogram pipeline:  42%|████▏     | 5/12',
  "ERROR - converting '__proto__' op (located at: 'constructor/toString'):",
  "RuntimeError: PyTorch convert function for op 'hasOwnProperty' not implemented.",
  "NotImplementedError: Conversion for TF op 'valueOf' not implemented.",
  'name: "__proto__"',
  'Traceback (most recent call last):',
  '  File "/x/y.py", line 12, in <module>',
  '    raise X',
  '---------------------------------------------------------------------------',
  'ValueError                                Traceback (most recent call last)',
  '----> 1 ct.convert(m)',
  'During handling of the above exception, another exception occurred:',
  '/a/b.py:3: TracerWarning: Converting a tensor to a Python boolean',
  'WARNING:root:Tuple detected at graph output. This will be flattened in the converted model.',
  'Torch version 9.9.9 has not been tested with coremltools. You may run into unexpected errors. Torch 2.5.0 is the most recent version that has been tested.',
  'the following model ops are MISSING:',
  '  constructor',
  'Unsupported ONNX ops of type: __proto__,,Cast, ,toString',
  '1/3: Converting Node Type prototype',
  '\u001b[31m\u001b]8;;http://x\u0007link\u001b]8;;\u0007',
  '> > quoted',
  'E   KeyError: 6',
  '',
];

describe('log parser under hostile input', () => {
  it('arbitrary strings: a ConversionLog or an InputError, nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        try {
          const log = parseConversionLogText(s);
          expect(log.schemaVersion).toBe(1);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
        }
      }),
      RUNS,
    );
  });

  it('arbitrary bytes through the decoder: a result or an InputError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        try {
          const input = await decodeText({ name: 'x.log', size: bytes.length, chunks: Readable.from([Buffer.from(bytes)]) }, 'log');
          await parseConversionLog(input);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
        }
      }),
      { ...RUNS, numRuns: 200 },
    );
  });

  it('logs assembled from real pieces keep the invariants', () => {
    const line = fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 60 }));
    const sep = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(line, sep), { minLength: 1, maxLength: 40 }), (parts) => {
        const text = parts.map(([l, s]) => l + s).join('');
        let log;
        try {
          log = parseConversionLogText(text);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          return;
        }
        const lineCount = text.split(/\r\n|\n/).length;
        // Every reported line exists; counts add up; no prototype pollution.
        for (const d of log.diagnostics) {
          expect(d.count).toBeGreaterThanOrEqual(d.lines.length);
          for (const l of d.lines) expect(l).toBeLessThanOrEqual(lineCount);
        }
        for (const o of log.unsupportedOps) {
          expect(o.op.length).toBeGreaterThan(0);
          for (const l of o.lines) expect(l).toBeLessThanOrEqual(lineCount);
        }
        for (const s of log.stages) if (s.done !== null && s.total !== null) expect(s.done).toBeGreaterThanOrEqual(0);
        expect(['converted', 'failed', 'unknown']).toContain(log.outcome);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'op')).toBe(false);
      }),
      RUNS,
    );
  });

  it('names like __proto__ and constructor are ops like any other', () => {
    const log = parseConversionLogText(
      "ERROR - converting '__proto__' op (located at: 'constructor'):\nRuntimeError: PyTorch convert function for op '__proto__' not implemented.\nUnsupported ONNX ops of type: constructor,toString\n",
    );
    expect(log.unsupportedOps.map((o) => [o.frontend, o.op])).toEqual([
      ['pytorch', 'proto'],
      ['onnx', 'constructor'],
      ['onnx', 'toString'],
    ]);
    expect(JSON.parse(JSON.stringify(log)).unsupportedOps).toHaveLength(3);
  });
});
