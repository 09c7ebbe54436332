import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { percentile } from '../../src/core/stats.js';
import { validateManifest } from '../../src/report/manifest.js';
import { measureStep } from '../../src/report/measure.js';
import { measurePipeline } from '../../src/report/pipeline.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { fp32Dense } from '../model/fixtures.js';
import { asPackage } from '../model/helpers.js';
import { analysis, fakeReader, latencies, node, profile, series } from './fake-trace.js';

const dir = mkdtempSync(join(tmpdir(), 'report-measure-'));
for (const f of ['a.xml', 'b.xml', 'tp.xml']) writeFileSync(join(dir, f), '<?xml version="1.0"?>\n<trace-query-result/>\n');

const LOGS = join(REPO_ROOT, 'fixtures/demo/logs');

function manifest(steps: unknown[], extra: Record<string, unknown> = {}) {
  return validateManifest({ steps, ...extra }, 'pipeline.json', dir);
}

describe('measuring a step', () => {
  const prediction = latencies(240, 38, 1.2, 3, 61);
  const ane = latencies(240, 31, 1);
  const tree = node('PoseWatch', null, 0, [
    node('main', 'PoseWatch', 40e6, [node('-[MLModel predictionFromFeatures:error:]', 'CoreML', 60e6, [node('-[_ANEClient evaluateWithModel:options:request:qos:error:]', 'AppleNeuralEngine', 180e6)])]),
  ]);
  const traces = new Map([
    [
      'a.xml',
      analysis('a.xml', [
        series('coreml-os-signpost', 'Load / PoseNet', [352]),
        series('coreml-os-signpost', 'Prediction / PoseNet', prediction),
        series('coreml-os-signpost', 'GPU Request / PoseNet', latencies(240, 30, 1)),
        series('ane-hw-intervals', 'Neural Engine Prediction', ane),
      ]),
    ],
    ['tp.xml', analysis('tp.xml', [], [profile({ neuralEngine: 180e6, coremlOverhead: 60e6, app: 40e6 }, tree)], ['2 rows had no weight'])],
  ]);

  it('takes the Core ML Prediction intervals by default, with their samples, and the profile by engine', async () => {
    const m = manifest([{ name: 'int8', sizeBytes: 3107560, trace: ['a.xml', 'tp.xml'], accuracy: { top1: 72.1 } }]);
    const s = await measureStep(m.steps[0]!, m, { readTrace: fakeReader(traces), frameBudgetMs: 41.67 });
    expect(s.latency).toMatchObject({ source: 'trace', label: 'Prediction / PoseNet', table: 'coreml-os-signpost', file: 'a.xml', count: 240 });
    expect(s.latency?.p99Ms).toBeCloseTo(percentile(prediction, 99), 12);
    expect(s.latency?.samplesMs).toEqual(prediction);
    expect(s.latency?.overBudgetShare).toBeCloseTo(3 / 240, 12);
    expect(s.engines).toMatchObject({ unit: 'ns', total: 280e6, table: 'time-profile', file: 'tp.xml' });
    expect(s.engines?.byEngine.neuralEngine).toBe(180e6);
    expect(s.engines?.callTree).toBe(tree);
    expect(s.warnings).toEqual(['tp.xml: 2 rows had no weight']);
    expect(s.sizeSource).toBe('given');
  });

  it('takes the intervals the manifest names', async () => {
    const m = manifest([{ name: 'int8', trace: 'a.xml', interval: 'Neural Engine Prediction' }]);
    const s = await measureStep(m.steps[0]!, m, { readTrace: fakeReader(traces) });
    expect(s.latency?.label).toBe('Neural Engine Prediction');
    expect(s.latency?.p50Ms).toBeCloseTo(percentile(ane, 50), 12);
    expect(s.latency?.overBudgetShare).toBeNull();
  });

  it('takes the event part of a label, case-insensitively, as a user reading the Core ML track writes it', async () => {
    for (const interval of ['Prediction', 'prediction', 'PREDICTION / posenet']) {
      const m = manifest([{ name: 'int8', trace: 'a.xml', interval }]);
      const s = await measureStep(m.steps[0]!, m, { readTrace: fakeReader(traces) });
      expect(s.latency?.label, interval).toBe('Prediction / PoseNet');
    }
    // A model name matches the series of several events: not one answer.
    const m = manifest([{ name: 'int8', trace: 'a.xml', interval: 'PoseNet' }]);
    await expect(measureStep(m.steps[0]!, m, { readTrace: fakeReader(traces) })).rejects.toThrow(/"PoseNet" matches intervals of different events \("Load \/ PoseNet", "Prediction \/ PoseNet", "GPU Request \/ PoseNet"\); name one of them/);
  });

  it('fails on an interval label the trace does not have, listing the labels it has', async () => {
    const m = manifest([{ name: 'int8', trace: 'a.xml', interval: 'Inference' }]);
    await expect(measureStep(m.steps[0]!, m, { readTrace: fakeReader(traces) })).rejects.toThrow(
      'pipeline.json:$.steps[0].interval: no intervals labelled "Inference" in a.xml; labels in the trace: "Load / PoseNet", "Prediction / PoseNet", "GPU Request / PoseNet", "Neural Engine Prediction"; expected the label of the intervals that are the inferences',
    );
  });

  it('falls back to Neural Engine intervals, and says when nothing looks like an inference', async () => {
    const ane2 = new Map([
      ['a.xml', analysis('a.xml', [series('ane-hw-intervals', 'PoseNet_1a2b Prediction', ane), series('ane-hw-intervals', 'Compile', [900])])],
      ['b.xml', analysis('b.xml', [series('OSSignpostIntervals', 'decode', [3, 4, 5])])],
    ]);
    const m = manifest([
      { name: 'a', trace: 'a.xml' },
      { name: 'b', trace: 'b.xml' },
    ]);
    const a = await measureStep(m.steps[0]!, m, { readTrace: fakeReader(ane2) });
    expect(a.latency?.label).toBe('PoseNet_1a2b Prediction');
    const b = await measureStep(m.steps[1]!, m, { readTrace: fakeReader(ane2) });
    expect(b.latency).toBeNull();
    expect(b.warnings).toEqual(['no latency from b.xml: no Core ML Prediction intervals (name the label of the inference intervals with "interval"); labels in the trace: "decode"']);
  });

  it('uses the series with the most intervals when several match, and names the others', async () => {
    const two = new Map([['a.xml', analysis('a.xml', [series('coreml-os-signpost', 'Prediction / Tiny', [1, 2, 3], 1), series('coreml-os-signpost', 'Prediction / PoseNet', prediction, 2)])]]);
    const m = manifest([{ name: 'a', trace: 'a.xml' }]);
    const s = await measureStep(m.steps[0]!, m, { readTrace: fakeReader(two) });
    expect(s.latency?.label).toBe('Prediction / PoseNet');
    expect(s.warnings?.[0]).toMatch(/^several series match \(Core ML Prediction signposts\); the report uses "Prediction \/ PoseNet" \(coreml-os-signpost, run 2, 240 intervals, a.xml\), not "Prediction \/ Tiny"/);
  });

  it('prefers latencyMs from the manifest over the trace, and keeps the trace for the profile', async () => {
    const m = manifest([{ name: 'a', trace: ['a.xml', 'tp.xml'], latencyMs: [40, 41, 39, 60] }]);
    const s = await measureStep(m.steps[0]!, m, { readTrace: fakeReader(traces), frameBudgetMs: 50 });
    expect(s.latency).toMatchObject({ source: 'samples', count: 4, p50Ms: 40.5, maxMs: 60, overBudgetShare: 0.25 });
    expect(s.engines?.total).toBe(280e6);
  });

  it('keeps a latency summary as given; its share over budget is known only when the max fits', async () => {
    const m = manifest([
      { name: 'a', latencyMs: { p50: 30, p99: 35, max: 38 } },
      { name: 'b', latencyMs: { p50: 30, p99: 35, max: 48 } },
    ]);
    const a = await measureStep(m.steps[0]!, m, { frameBudgetMs: 40 });
    const b = await measureStep(m.steps[1]!, m, { frameBudgetMs: 40 });
    expect(a.latency).toMatchObject({ source: 'given', p50Ms: 30, p90Ms: null, p99Ms: 35, maxMs: 38, overBudgetShare: 0 });
    expect(b.latency?.overBudgetShare).toBeNull();
    expect(a.latency?.samplesMs).toBeUndefined();
  });

  it('summarises the conversion log: outcome, unsupported ops, warnings', async () => {
    const m = validateManifest(
      {
        steps: [
          { name: 'first', log: '00-first-attempt.log' },
          { name: 'pal', log: '04-palettize6-prune50.log' },
        ],
      },
      'pipeline.json',
      LOGS,
    );
    const first = await measureStep(m.steps[0]!, m);
    expect(first.log).toMatchObject({ outcome: 'failed', unsupportedOps: ['upsample_bicubic2d'], source: '00-first-attempt.log' });
    expect(first.log?.errors).toBeGreaterThan(0);
    const pal = await measureStep(m.steps[1]!, m);
    expect(pal.log?.outcome).toBe('converted');
    expect(pal.log?.diagnostics?.map((d) => d.message)).toContain('Cannot perform palettization on head_final_layer_weight_to_fp16_sparsified. Skipped this op.');
  });

  it('names the manifest place of a missing input file', async () => {
    const m = manifest([{ name: 'a', trace: ['a.xml', 'missing.xml'] }]);
    await expect(measureStep(m.steps[0]!, m, { readTrace: fakeReader(traces) })).rejects.toThrow('pipeline.json:$.steps[0].trace[1]: no such file: missing.xml');
    const l = manifest([{ name: 'a', log: 'convert.log' }]);
    await expect(measureStep(l.steps[0]!, l)).rejects.toThrow('pipeline.json:$.steps[0].log: no such file: convert.log; expected a coremltools conversion log (text), at a path relative to the manifest');
  });

  it('says so when this build cannot read traces', async () => {
    const m = manifest([{ name: 'a', trace: 'a.xml' }]);
    await expect(measureStep(m.steps[0]!, m)).rejects.toThrow('pipeline.json:$.steps[0].trace: this build of coreml-doctor cannot read traces');
  });
});

describe('measuring a pipeline', () => {
  // A real package (fp32, 1,000 parameters): its weight.bin is a 64-byte header, a 64-byte blob record and 4,000 bytes.
  const pkg = asPackage(dir, fp32Dense(), 'Base.mlpackage');
  const total = [join(pkg, 'Manifest.json'), join(pkg, 'Data/com.apple.CoreML/model.mlmodel'), join(pkg, 'Data/com.apple.CoreML/weights/weight.bin')].reduce((n, f) => n + statSync(f).size, 0);

  it('measures the top-level model for a first step without a size, and only then', async () => {
    const m = manifest([{ name: 'fp32', accuracy: { top1: 1 } }, { name: 'int8', sizeBytes: 1100 }], { model: 'Base.mlpackage' });
    const r = await measurePipeline(m);
    expect(r.steps[0]).toMatchObject({ sizeBytes: total, sizeSource: 'model', weightBytes: 4128, weightBits: 32, weightBitsSource: 'model' });
    expect(r.steps[0]?.model).toMatchObject({ path: 'Base.mlpackage', parameters: 1000, bitsPerWeight: 32, computePrecision: 'fp32' });
    expect(r.model).toBe('Base.mlpackage');
    // The plan starts from the package's weights and the model's own parameter count.
    expect(r.memoryPlanBasis).toMatchObject({ step: 'fp32', weightBytes: 4128, overheadBytes: total - 4128, parameters: 1000, weightSource: 'package', bitsSource: 'model', parametersFrom: { step: 'fp32', model: 'Base.mlpackage' } });
    expect(r.memoryPlan.find((p) => p.scheme === 'int8')?.projectedBytes).toBe(total - 4128 + 1000);
    const n = manifest([{ name: 'fp32', sizeBytes: 10 }], { model: 'Missing.mlpackage' });
    expect((await measurePipeline(n)).steps[0]?.sizeSource).toBe('given');
  });

  it('warns when a step\'s sizeBytes disagrees with its model on disk', async () => {
    const m = manifest([{ name: 'fp32', model: 'Base.mlpackage', sizeBytes: 12_400_000 }]);
    const r = await measurePipeline(m);
    expect(r.steps[0]?.warnings).toEqual([`sizeBytes (12400000) differs from the size of Base.mlpackage on disk (${total}); the report uses the measured size`]);
  });
});
