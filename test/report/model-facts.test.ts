/**
 * report and gate measure a step's model: what `coreml-doctor model` reads off our fixtures (written
 * like coremltools writes them) reaches the step, the budget rows, the memory planner, the flags and
 * the report's JSON; weightBits in the manifest is an override; missing weights, compiled models and
 * files that are not models are said so.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGate } from '../../src/budget/engine.js';
import { budgetFromValue } from '../../src/budget/load.js';
import { InputError } from '../../src/core/errors.js';
import { buildReport } from '../../src/report/build.js';
import { readReportJson, writeReportJson } from '../../src/report/json-codec.js';
import { validateManifest } from '../../src/report/manifest.js';
import { measurePipeline } from '../../src/report/pipeline.js';
import { measureSteps } from '../../src/report/measure.js';
import { fp32Dense, sparse, statefulFlexible } from '../model/fixtures.js';
import { asPackage } from '../model/helpers.js';
import { writePackage } from '../model/writer.js';

const dir = mkdtempSync(join(tmpdir(), 'report-model-facts-'));
asPackage(dir, fp32Dense(), 'Dense.mlpackage');
asPackage(dir, sparse(), 'Sparse.mlpackage');
asPackage(dir, statefulFlexible(), 'Flexible.mlpackage');
writePackage(dir, 'NoWeights.mlpackage', { model: sparse().model });
mkdirSync(join(dir, 'Compiled.mlmodelc'), { recursive: true });
writeFileSync(join(dir, 'Compiled.mlmodelc', 'coremldata.bin'), Buffer.alloc(300));
writeFileSync(join(dir, 'Pointer.mlmodel'), 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n');

const manifest = (steps: unknown[]) => validateManifest({ steps }, 'pipeline.json', dir);

describe('a step with a model gets its facts measured', () => {
  it('parameters, bits per weight, compression, op counts, minimum OS, precision', async () => {
    const [s] = await measureSteps(manifest([{ name: 'sparse', model: 'Sparse.mlpackage' }]));
    // sparse(): two [64, 64] weights (8,192 parameters), one iOS 16 sparse fp16, one iOS 18 joint sparse + 6-bit palettized.
    expect(s?.model).toMatchObject({ path: 'Sparse.mlpackage', kind: 'mlpackage', weightsPresent: true, parameters: 8192, computePrecision: 'fp16', minimumOS: { iOS: '18.0', watchOS: '11.0' } });
    expect(s?.model?.opCounts.get('constexpr_sparse_to_dense')).toBe(2);
    expect(s?.model?.compression.length).toBeGreaterThan(0);
    expect(s?.weightBitsSource).toBe('model');
    expect(s?.weightBits).toBe(s?.model?.bitsPerWeight);
    expect(s?.warnings).toEqual([]);
  });

  it("the manifest's weightBits overrides, is said when it disagrees, and the budget still reads the model", async () => {
    const [s] = await measureSteps(manifest([{ name: 'fp32', model: 'Dense.mlpackage', weightBits: 16 }]));
    expect(s).toMatchObject({ weightBits: 16, weightBitsSource: 'given' });
    expect(s?.model?.bitsPerWeight).toBe(32);
    expect(s?.warnings).toEqual(['weightBits (16) overrides the 32.00 bits per weight measured in Dense.mlpackage; the budget\'s weightBits still reads the model']);
    const budget = budgetFromValue({ weightBits: 16 }, 'budget.json');
    const v = runGate(budget, { source: { kind: 'pipeline', file: 'pipeline.json' }, model: null, device: null, steps: [s!] }).targets[0]?.verdicts[0];
    expect(v).toMatchObject({ assertion: 'weightBits', status: 'fail', actual: 32, limit: 16 });
  });

  it('missing weights: the structure is read, the weight metrics are not measured, loudly', async () => {
    const [s] = await measureSteps(manifest([{ name: 'clone', model: 'NoWeights.mlpackage' }]));
    expect(s?.model).toMatchObject({ weightsPresent: false, parameters: 8192 });
    expect(s?.model?.bitsPerWeight).toBeUndefined();
    expect(s?.weightBits).toBeNull();
    expect(s?.warnings?.[0]).toMatch(/^WEIGHTS MISSING in NoWeights\.mlpackage: .*bits per weight and weight bytes are not measured \(budgets on them fail closed\)$/);
    const budget = budgetFromValue({ weightBits: 8, minimumOS: { iOS: '18.0' } }, 'budget.json');
    const verdicts = runGate(budget, { source: { kind: 'pipeline', file: 'pipeline.json' }, model: null, device: null, steps: [s!] }).targets[0]?.verdicts ?? [];
    expect(verdicts.map((v) => [v.assertion, v.status])).toEqual([
      ['weightBits', 'not-measured'],
      ['minimumOS.iOS', 'pass'],
    ]);
    expect(verdicts[0]?.message).toMatch(/the weights of NoWeights\.mlpackage are missing/);
  });

  it('an .mlmodelc keeps its size only, and the model rows fail closed naming it', async () => {
    const [s] = await measureSteps(manifest([{ name: 'compiled', model: 'Compiled.mlmodelc' }]));
    expect(s).toMatchObject({ sizeBytes: 300, sizeSource: 'model' });
    expect(s?.model).toBeUndefined();
    expect(s?.warnings?.[0]).toMatch(/^Compiled\.mlmodelc is compiled \(\.mlmodelc\): only its size is measured/);
    const budget = budgetFromValue({ forbidOps: ['lstm'] }, 'budget.json');
    const [v] = runGate(budget, { source: { kind: 'pipeline', file: 'pipeline.json' }, model: null, device: null, steps: [s!] }).targets[0]?.verdicts ?? [];
    expect(v).toMatchObject({ status: 'not-measured' });
    expect(v?.message).toContain('the model of step "compiled" (Compiled.mlmodelc) was not read');
  });

  it('a file that is not a model is bad input (exit 2), as `model` says', async () => {
    const err = await measureSteps(manifest([{ name: 'lfs', model: 'Pointer.mlmodel' }])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^Pointer\.mlmodel: .*Git LFS pointer/);
  });
});

describe('the memory planner projects from the real parameter count', () => {
  it("counts the parameters in a later step's model when the baseline has none, bits as given", async () => {
    const r = await measurePipeline(manifest([
      { name: 'fp32', sizeBytes: 40_000, weightBits: 32 },
      { name: 'flexible', model: 'Flexible.mlpackage' },
      { name: 'sparse', model: 'Sparse.mlpackage' },
    ]));
    // Flexible.mlpackage holds no weights (no parameters): the count is the sparse model's 8,192.
    expect(r.memoryPlanBasis).toMatchObject({ step: 'fp32', parameters: 8192, weightBits: 32, bitsSource: 'manifest', weightSource: 'assumed', parametersFrom: { step: 'sparse', model: 'Sparse.mlpackage' } });
    // 40,000 bytes counted as weights, no overhead: int8 = 8,192 bytes.
    expect(r.memoryPlan.find((p) => p.scheme === 'int8')?.projectedBytes).toBe(8192);
  });

  it('without any model, as before: parameters from the size and weightBits (assumed 32)', async () => {
    const r = await measurePipeline(manifest([{ name: 'fp32', sizeBytes: 40_000 }]));
    expect(r.memoryPlanBasis).toMatchObject({ parameters: 10_000, weightBits: 32, bitsSource: 'assumed' });
    expect(r.memoryPlanBasis?.parametersFrom).toBeUndefined();
  });
});

describe("'smaller, not faster' reads the real compression", () => {
  it('names what the model holds and the precision it computes in', async () => {
    const steps = await measureSteps(manifest([
      { name: 'fp16', sizeBytes: 200_000, latencyMs: { p50: 40, p99: 45 } },
      { name: 'sparse', model: 'Sparse.mlpackage', latencyMs: { p50: 39.5, p99: 44 } },
    ]));
    const r = buildReport({ source: 'pipeline.json', model: null, device: null, budget: null, steps, warnings: [] });
    const flag = r.flags.find((f) => f.kind === 'smaller-not-faster');
    const m = steps[1]?.model;
    expect(m?.compression).toEqual(["palettized 6-bit + sparse", "sparse"]);
    expect(flag?.message).toContain(`the weights are stored palettized 6-bit + sparse; some tensors sparse only (${m?.bitsPerWeight?.toFixed(1)} bits per weight in Sparse.mlpackage), the compute is still fp16`);
  });
});

describe("the report's JSON keeps the facts for gate --report", () => {
  it('writes and reads them back unchanged; op names are Map keys, __proto__ included', async () => {
    const steps = await measureSteps(manifest([{ name: 'sparse', model: 'Sparse.mlpackage' }, { name: 'clone', model: 'NoWeights.mlpackage' }]));
    (steps[0]?.model?.opCounts as Map<string, number>).set('__proto__', 1);
    const r = buildReport({ source: 'pipeline.json', model: null, device: null, budget: null, steps, warnings: [] });
    const back = readReportJson(writeReportJson(r), 'report.json');
    expect(back.steps.map((s) => s.model)).toEqual(steps.map((s) => s.model));
    expect(back.steps[0]?.model?.opCounts.get('__proto__')).toBe(1);
    expect(back.steps[0]?.weightBitsSource).toBe('model');
  });

  it('refuses facts it cannot judge, naming the JSON path', () => {
    const json = JSON.parse(writeReportJson(buildReport({ source: 'p.json', model: null, device: null, budget: null, steps: [], warnings: [] })));
    json.steps = [{ name: 'x', model: { path: 'm.mlpackage', kind: 'mlpackage', weightsPresent: true, compression: [], opCounts: {}, minimumOS: {}, computePrecision: 'fp8', flexibleInputs: [], aneFindings: [] } }];
    expect(() => readReportJson(JSON.stringify(json), 'report.json')).toThrow('report.json:$.steps[0].model.computePrecision: expected "fp16", "fp32", "mixed", "unknown", got "fp8"');
  });
});
