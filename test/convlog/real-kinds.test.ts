/**
 * Issue 13: the kinds of logs users really have, each from our own fixture in fixtures/logs shaped
 * like the real ones (notebook tracebacks with cell listings, several conversions in one log, cut
 * tracebacks, trace checks, Linux and fp16 warnings, runtime logs, TF loop bodies, onnx-coreml lists).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openText } from '../../src/core/input.js';
import { parseConversionLog, parseConversionLogText } from '../../src/convlog/parser.js';
import { normalizeTorchOp } from '../../src/convlog/ops.js';
import { attachRewrites } from '../../src/rewrites/advice.js';
import { renderLogText } from '../../src/render/convlog/text.js';
import { renderLogMarkdown } from '../../src/render/convlog/markdown.js';
import { MESSAGE_PATTERNS } from '../../src/convlog/patterns/index.js';
import { runCli } from '../helpers/cli.js';

const read = async (name: string) => parseConversionLog(await openText(`fixtures/logs/${name}`, { what: 'log' }));
// What the text says, not how it wraps: one line per entry (the 80-column layout is test/cli/log-fit80.test.ts).
const text = async (name: string) => {
  const log = await read(name);
  attachRewrites(log);
  return { log, out: renderLogText(log, { width: 1000 }), md: renderLogMarkdown(log) };
};
const PATTERN_IDS = MESSAGE_PATTERNS.map((p) => p.id);

describe('1. notebook listings are context, the exception line is the cause', () => {
  it('a cell listing whose comment quotes an op and an error invents neither', async () => {
    const log = await read('jupyter-listing-dtype.log');
    expect(log.unsupportedOps.map((o) => o.op)).toEqual(['gather']);
    expect(log.failure).toMatchObject({ exceptionType: 'ValueError', line: 24, op: 'gather', node: '1166' });
    expect(log.diagnostics.map((d) => d.line)).toEqual([24]);
  });

  it('a paste that starts inside a cell listing reads it as code', () => {
    const log = parseConversionLogText(
      [
        '      4 # op "1165" (op_type: cast) failed before: see "RuntimeError: PyTorch convert function for op \'floor_divide\' not implemented."',
        '      5 traced = torch.jit.trace(model.eval(), example)',
        '----> 6 mlmodel = ct.convert(traced, inputs=[ct.TensorType(shape=example.shape)])',
        '',
        "RuntimeError: PyTorch convert function for op 'pythonop' not implemented.",
      ].join('\n'),
    );
    expect(log.unsupportedOps.map((o) => o.op)).toEqual(['pythonop']);
    expect(log.failure?.line).toBe(5);
    expect(log.cut.start).toBe(true);
  });
});

describe('2. a dtype mismatch is explained in the direction the message gives', () => {
  it('got fp32, expected int32: make it an integer, as the fix line says', async () => {
    const { log, out } = await text('jupyter-listing-dtype.log');
    const d = log.diagnostics[0]!;
    expect(d.explanation).toMatch(/a float tensor reaches an input that needs integers/);
    expect(d.explanation).not.toMatch(/cast to float/i);
    expect(log.unsupportedOps[0]?.rewrite?.firstFix).toMatch(/integer tensor|\.long\(\)/);
    expect(out).toMatch(/float tensor reaches an input that needs integers/);
  });

  it('got int32, expected fp: cast to float; got bool: cast the mask', () => {
    const int = parseConversionLogText('ValueError: Op "1309" (op_type: inverse) Input x="1308" expects tensor or scalar of dtype from type domain [\'fp16\', \'fp32\'] but got tensor[1,int32]');
    expect(int.diagnostics[0]?.explanation).toMatch(/integer tensor reaches a float-only input\. Cast it to float/);
    const bool = parseConversionLogText('ValueError: Op "mask.3" (op_type: mul) Input y="mask.2" expects tensor or scalar of dtype from type domain [\'fp16\', \'fp32\'] but got tensor[1,77,bool]');
    expect(bool.diagnostics[0]?.explanation).toMatch(/a bool tensor/);
  });
});

describe('3. several conversions in one log', () => {
  it('an encoder that converts and a decoder that fails: runs, models, lines, outcome', async () => {
    const { log, out } = await text('encoder-decoder.log');
    expect(log.conversionCount).toBe(2);
    expect(log.conversions.map((c) => [c.index, c.model, c.outcome, c.lines.first, c.ops])).toEqual([
      [1, 'encoder', 'converted', 1, []],
      [2, 'decoder', 'failed', 11, ['log2']],
    ]);
    expect(log.conversions[0]?.stages.map((s) => s.kind)).toEqual(['frontend', 'mil-passes', 'mil-passes', 'backend']);
    expect(log.conversions[1]?.diagnostics.map((d) => d.id)).toEqual(['torch.error-converting-op', 'torch.op-not-implemented']);
    expect(log.outcome).toBe('failed');
    expect(log.outcomeReason).toMatch(/^2 conversions of 2 models: `encoder` converted .*; `decoder` failed/);
    expect(log.failure).toMatchObject({ op: 'log2', opIndex: 302, opTotal: 655 });
    expect(log.unsupportedOps[0]).toMatchObject({ op: 'log2', model: 'decoder' });
    expect(out).toMatch(/Conversions \(2\)\n +1 +encoder +CONVERTED +lines 1-9 /);
    expect(out).toMatch(/✖ log2 .*in decoder/);
  });

  it('a retry that succeeds is "converted after 1 failed attempt"', async () => {
    const log = await read('retry-after-failure.log');
    expect(log.outcome).toBe('converted');
    expect(log.outcomeReason).toMatch(/^converted after 1 failed attempt/);
    expect(log.conversions.map((c) => c.outcome)).toEqual(['failed', 'converted']);
    expect(log.stages.map((s) => s.name)[0]).toBe('Converting PyTorch Frontend ==> MIL Ops');
    expect(log.failure).toBeNull();
  });

  it('1,000 conversions keep every run and the outcome (no stage cap turns them UNKNOWN)', () => {
    const bar = (d: string, n: number, t: number) => `${d}: 100%|██████████| ${n}/${t} [00:00<00:00, 100.00 ops/s]`;
    const one = (i: number) => [bar('Converting PyTorch Frontend ==> MIL Ops', 300 + i, 300 + i), bar('Running MIL frontend_pytorch pipeline', 5, 5), bar('Running MIL default pipeline', 95, 95), bar('Running MIL backend_mlprogram pipeline', 12, 12)].join('\n');
    const log = parseConversionLogText(Array.from({ length: 1000 }, (_, i) => one(i)).join('\n'));
    expect(log.conversionCount).toBe(1000);
    expect(log.conversions).toHaveLength(1000);
    expect(log.outcome).toBe('converted');
    expect(log.outcomeReason).toMatch(/converted in each of 1000 runs/);
    expect(log.stages).toHaveLength(4);
  });

  it('Markdown lists the runs too', async () => {
    const { md } = await text('encoder-decoder.log');
    expect(md).toMatch(/#### Conversions \(2\)/);
    expect(md).toMatch(/\| 2 \| `decoder` \| failed \| 11-26 \| conversion failed at `log2`/);
  });
});

describe('4. the op named by a converter frame', () => {
  it('`ops.py:5283, in log2(context, node)` is the op, though the exception line is cut', async () => {
    const log = await read('cut-exception-converter-frame.log');
    expect(log.unsupportedOps.map((o) => [o.op, o.status])).toEqual([['log2', 'failed']]);
    expect(log.failure).toMatchObject({ op: 'log2', opIndex: 914, cutBeforeError: true });
  });
});

describe('5. a failed trace check', () => {
  it('is one diagnostic with advice, not silence', async () => {
    const log = await read('trace-check-failed.log');
    const d = log.diagnostics.filter((x) => x.id.startsWith('torch.trace-check'));
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ id: 'torch.trace-check-failed', count: 1, severity: 'warning' });
    expect(d[0]?.explanation).toMatch(/model\.eval\(\)/);
    expect(log.outcome).toBe('converted');
  });
});

describe('6. categories', () => {
  it('runpy is an import notice, overflow in a cast is fp16 overflow, a cut libcoremlpython notice is the Linux notice', async () => {
    const log = await read('linux-runpy-fp16-overflow.log');
    const by = (id: string) => log.diagnostics.find((d) => d.id === id);
    expect(by('python.runpy-sys-modules')).toMatchObject({ category: 'other', severity: 'info' });
    expect(log.diagnostics.find((d) => d.id === 'python.runtime-warning')).toBeUndefined();
    expect(by('numpy.fp16-overflow-cast')?.explanation).toMatch(/compute_precision.*op_selector/);
    expect(by('env.libcoremlpython-cut')).toMatchObject({ severity: 'info', message: 'Failed to load _MLModelAssetProxy: N' });
    expect(log.diagnostics.find((d) => d.id === 'env.mlmodel-proxy-load-failed')).toBeUndefined();
    expect(log.platform).toBe('Linux or Windows');
  });
});

describe('7. runtime is not conversion', () => {
  it('a model failing to load says so, and not that a conversion failed', async () => {
    const log = await read('runtime-load-failure.log');
    expect(log.shows).toBe('runtime');
    expect(log.outcome).toBe('unknown');
    expect(log.outcomeReason).toMatch(/^this log shows Core ML failing to load or run a model \(line 8: .*\), not a conversion/);
    expect(log.diagnostics.map((d) => d.id)).toEqual(['runtime.mil-parse-error']);
  });

  it('an NSError code and image generation are read as runtime too', () => {
    const log = parseConversionLogText('INFO:python_coreml_stable_diffusion.pipeline:Beginning image generation.\nError Domain=com.apple.CoreML Code=-5 "Failed to build the model execution plan" UserInfo={}');
    expect(log.shows).toBe('runtime');
    expect(log.outcome).toBe('unknown');
  });
});

describe('8. nested progress bars', () => {
  it('the main stage is the outer bar\'s last state, the loop bodies are nested', async () => {
    const log = await read('tf-while-loop-nested-bars.log');
    const main = log.stages.filter((s) => !s.nested);
    expect(main.map((s) => [s.name, s.done, s.total])).toEqual([
      ['Running TensorFlow Graph Passes', 6, 6],
      ['Converting Frontend ==> MIL Ops', 795, 1106],
    ]);
    expect(log.stages.filter((s) => s.nested)).toHaveLength(3);
    expect(log.outcomeReason).toMatch(/at 795\/1106/);
  });
});

describe('9. not a log at all', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-notalog-'));
  const cases: [string, string | Buffer, RegExp][] = [
    ['Manifest.json', '{"fileFormatVersion": "1.0.0", "itemInfoEntries": {"A": {"path": "model.mlmodel"}}}', /this is JSON, not a coremltools conversion log/],
    ['export.xml', '<?xml version="1.0"?>\n<trace-query-result>\n<node xpath="x"></node>\n</trace-query-result>\n', /this is an Instruments export .*not a coremltools conversion log/],
    ['weights.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]), /binary data .*not text; expected a coremltools conversion log/],
  ];
  for (const [name, body, msg] of cases) {
    it(`${name}: exit 2, saying what it looks like (log, and a report step's log)`, async () => {
      const path = join(dir, name);
      writeFileSync(path, body);
      const r = await runCli(['log', path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      const manifest = join(dir, `${name}.pipeline.json`);
      writeFileSync(manifest, JSON.stringify({ model: 'm.mlpackage', steps: [{ name: 'fp16', sizeBytes: 1000, log: name }] }));
      const rep = await runCli(['report', manifest, '--json']);
      expect(rep.code).toBe(2);
      expect(rep.stderr).toMatch(msg);
    });
  }
});

describe('10. words for people', () => {
  it('no internal pattern id in text or Markdown, on any fixture', async () => {
    for (const f of ['encoder-decoder.log', 'onnx-coreml-op-list.log', 'linux-runpy-fp16-overflow.log', 'runtime-load-failure.log']) {
      const { out, md } = await text(f);
      for (const id of PATTERN_IDS) {
        expect(out.includes(`"${id}"`), `${f}: ${id}`).toBe(false);
        expect(md.includes(`"${id}"`), `${f}: ${id}`).toBe(false);
      }
    }
  });

  it('a wide version range says it barely tells; evidence is cut at a word', () => {
    const log = parseConversionLogText("RuntimeError: PyTorch convert function for op 'pythonop' not implemented.");
    expect(log.coremltoolsVersion).toBe('4.0-8.3');
    expect(renderLogText(log, { width: 1000 })).toMatch(/4\.0-8\.3 \(inferred from .*a wide range: the log barely tells which release\)/);
    const demo = renderLogText(parseConversionLogText('Torch version 2.6.0 has not been tested with coremltools. You may run into unexpected errors. Torch 2.5.0 is the most recent version that has been tested.\n'), { width: 1000 });
    expect(demo).toMatch(/inferred from Torch version 2\.6\.0 has not been tested with coremltools\. You may run into unexpected…/);
  });

  it('lists read as English, and Markdown keeps code as code', async () => {
    const { log, md } = await text('onnx-coreml-op-list.log');
    expect(log.outcomeReason).toMatch(/at `Shape`, `Gather`, `Cast` and `Floor`/);
    expect(md).toMatch(/conversion failed at `Shape`, `Gather`, `Cast` and `Floor`/);
    expect(md).not.toMatch(/\\`/);
  });

  it('the rewrites hint promises a snippet only where the catalogue has an entry', async () => {
    const { log, out } = await text('onnx-coreml-op-list.log');
    for (const o of log.unsupportedOps) {
      const line = out.split('\n').find((l) => l.includes(`coreml-doctor rewrites ${o.rewrite?.id}`));
      if (!o.rewrite || !line) continue;
      expect(line.includes('the full rewrite and snippet')).toBe(o.rewrite.inCatalogue === true);
    }
  });

  it('`.vec` is an overload suffix (torch.export prints `upsample_bicubic2d.vec`), kept out of the op name', () => {
    expect(normalizeTorchOp('aten.upsample_bicubic2d.vec')).toBe('upsample_bicubic2d');
    expect(normalizeTorchOp('aten::cat.default')).toBe('cat');
  });
});
