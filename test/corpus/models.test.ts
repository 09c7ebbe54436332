/**
 * The real Core ML models in ../shared/corpus/models (never copied here). What each must yield was read
 * off the files independently of our reader: INDEX.md's descriptions, and a throwaway raw protobuf walk
 * (Python, field numbers from apple/coremltools' .proto files) of the specs and weight.bin headers:
 * spec versions, model types, inputs, op and layer counts, blob counts and dtypes, parameters, bytes,
 * LUT palettization, class labels, trees, NMS thresholds.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stepModelFacts } from '../../src/model/facts.js';
import { readModel } from '../../src/model/read.js';
import type { ModelPart, ModelSummary } from '../../src/model/summary.js';
import { runCli } from '../helpers/cli.js';
import { corpusAvailable, corpusPath } from '../helpers/corpus.js';

interface Expect {
  file: string;
  kind: 'mlpackage' | 'mlmodel';
  modelType: string;
  spec: number;
  effectiveSpec?: number;
  iOS: string;
  /** name: type word (multiArray, image, double, dictionary, string). */
  inputs: [string, string][];
  outputs?: string[];
  /** [modelType, spec] per sub-model, in order. */
  subModels?: [string, number][];
  /** ML program function (the first, in the first part that has one). */
  fn?: { name: string; opset: string; opCount: number; precision: string; ops: Record<string, number> };
  /** Neural-network layers over nested networks, and some of them by type. */
  layers?: { total: number; some: Record<string, number> };
  weights?: { parameters: number | null; bytes?: number | null; bits?: number; missing?: boolean; storage?: string[] };
  blobs?: { count: number; referenced: number; unreferenced: number; byDtype: Record<string, number> } | { missingReferences: number };
  details?: Record<string, unknown>;
  flexible?: string[];
  findings?: string[];
  notFindings?: string[];
  author?: string | null;
}

const ALL_TYPES = ['multiArray', 'image', 'double', 'int64', 'string', 'dictionary', 'sequence', 'state'];

const EXPECTED = new Map<string, Expect>([
  ['01-pipeline-glm-marshabitatpricer', { file: 'MarsHabitatPricer.mlmodel', kind: 'mlmodel', modelType: 'pipelineRegressor', spec: 1, effectiveSpec: 3, iOS: '12.0', inputs: [['solarPanels', 'double'], ['greenhouses', 'double'], ['size', 'double']], outputs: ['price'], subModels: [['featureVectorizer', 3], ['glmRegressor', 3]], weights: { parameters: null }, findings: ['deploy.effective-above-declared'], author: 'John Appleseed' }],
  ['02-nn-updatable-spec1-mnist8x8', { file: 'newcoreml.mlmodel', kind: 'mlmodel', modelType: 'neuralNetworkClassifier', spec: 1, iOS: '11.0', inputs: [['image', 'image']], outputs: ['output', 'classLabel'], layers: { total: 8, some: { convolution: 1, innerProduct: 2, activation: 2, pooling: 1, flatten: 1, softmax: 1 } }, weights: { parameters: 38_602, bytes: 154_408, bits: 32, storage: ['fp32'] }, details: { classLabels: 10, updatable: { layers: 3, optimizer: 'adam', losses: [] } }, findings: ['deploy.updatable-before-spec4'] }],
  ['03-nn-keras-mnist-fp32', { file: 'MNISTClassifier.mlmodel', kind: 'mlmodel', modelType: 'neuralNetworkClassifier', spec: 1, iOS: '11.0', inputs: [['imageInput', 'image']], layers: { total: 8, some: { convolution: 1, innerProduct: 2, pooling: 1 } }, weights: { parameters: 592_074, bytes: 2_368_296, bits: 32, storage: ['fp32'] }, details: { classLabels: 10 }, author: 'Apple' }],
  ['04-nn-updatable-s4tf-spec4', { file: 's4tf_model_personalization.mlmodel', kind: 'mlmodel', modelType: 'neuralNetwork', spec: 4, iOS: '13.0', inputs: [['dense_input', 'multiArray']], layers: { total: 1, some: { innerProduct: 1 } }, weights: { parameters: 2, bytes: 8, bits: 32 }, details: { updatable: { layers: 1, optimizer: 'sgd', losses: ['meanSquaredError'] } }, notFindings: ['deploy.updatable-before-spec4'], author: 'Jacopo Mangiavacchi' }],
  ['05-createml-image-visionfeatureprint', { file: 'ImageClassifier.mlmodel', kind: 'mlmodel', modelType: 'pipelineClassifier', spec: 1, effectiveSpec: 3, iOS: '12.0', inputs: [['image', 'image']], subModels: [['visionFeaturePrint', 3], ['glmClassifier', 3]], flexible: ['image'], weights: { parameters: null }, findings: ['deploy.effective-above-declared'], notFindings: ['ane.flexible-range-input'] }],
  ['06-createml-sound-audiofeatureprint', { file: 'SoundClassifier.mlmodel', kind: 'mlmodel', modelType: 'pipelineClassifier', spec: 6, iOS: '15.0', inputs: [['audioSamples', 'multiArray']], subModels: [['audioFeaturePrint', 6], ['glmClassifier', 1]], flexible: ['audioSamples'], weights: { parameters: null }, notFindings: ['deploy.effective-above-declared'] }],
  ['07-createml-handpose-nn', { file: 'HandPoseClassifier.mlmodel', kind: 'mlmodel', modelType: 'neuralNetworkClassifier', spec: 4, iOS: '13.0', inputs: [['poses', 'multiArray']], layers: { total: 71, some: { convolution: 20, batchnorm: 15, transpose: 4, add: 7, pooling: 8, reshapeStatic: 3 } }, weights: { parameters: 1_014_233, bytes: 4_056_932, bits: 32 }, details: { classLabels: 29 } }],
  ['08-nn-deeplabv3-lut8', { file: 'DeepLabV3Int8LUT.mlmodel', kind: 'mlmodel', modelType: 'neuralNetwork', spec: 3, iOS: '12.0', inputs: [['image', 'image']], outputs: ['semanticPredictions'], layers: { total: 218, some: { convolution: 55, activation: 105, unary: 34, add: 13, resizeBilinear: 4 } }, weights: { parameters: 2_097_019, bytes: 2_211_707, bits: (2_211_707 * 8) / 2_097_019, storage: ['palettized 8-bit'] } }],
  ['09-nn-tf2-lstm-controlflow', { file: 'model.mlmodel', kind: 'mlmodel', modelType: 'neuralNetwork', spec: 5, iOS: '14.0', inputs: [['lstm_9_input', 'multiArray']], layers: { total: 89, some: { branch: 4, loop: 1, getShape: 5, fillDynamic: 5, scatter: 2, gather: 2, copy: 12, loadConstantND: 8 } }, weights: { parameters: 34_770, bytes: 139_080, bits: 32 }, details: { neuralNetwork: { nestedNetworks: 10 } }, flexible: ['lstm_9_input'], findings: ['ane.flexible-range-input', 'ane.dynamic-layers', 'rewrite.costly-op'] }],
  ['10-treeensemble-xgboost', { file: 'insurance_model.mlmodel', kind: 'mlmodel', modelType: 'treeEnsembleRegressor', spec: 1, iOS: '11.0', inputs: [['age', 'double'], ['age_squared', 'double'], ['bmi', 'double'], ['children', 'double'], ['smoker_encoded', 'double'], ['smoker_bmi', 'double']], weights: { parameters: null }, details: { treeEnsemble: { trees: 169, nodes: 1627 } }, findings: [] }],
  ['11-createml-tabular-boostedtree', { file: 'MyTabularClassifier_1.mlmodel', kind: 'mlmodel', modelType: 'pipelineClassifier', spec: 1, iOS: '11.0', inputs: [['BIT_DEPTH', 'double'], ['RATE_OF_PENETRATION', 'double'], ['HOOK_LOAD', 'double'], ['DIFFERENTIAL_PRESSURE', 'double'], ['WEIGHT_ON_BIT', 'double']], subModels: [['featureVectorizer', 1], ['treeEnsembleClassifier', 1]], weights: { parameters: null }, findings: [] }],
  ['12-mlprogram-superpoint-fp16', { file: 'superpoint.mlpackage', kind: 'mlpackage', modelType: 'mlProgram', spec: 6, iOS: '15.0', inputs: [['image', 'image']], outputs: ['semi', 'desc'], fn: { name: 'main', opset: 'CoreML5', opCount: 141, precision: 'fp16', ops: { const: 107, conv: 12, relu: 10, max_pool: 3, cast: 3, pow: 2 } }, weights: { parameters: 1_300_865, bytes: 2_601_730, bits: 16, storage: ['fp16'] }, blobs: { count: 24, referenced: 24, unreferenced: 0, byDtype: { fp16: 2_601_730 } }, findings: [] }],
  ['13-pipeline-mlprogram-lut8-nms-yolo11n', { file: 'yolo11n.mlpackage', kind: 'mlpackage', modelType: 'pipeline', spec: 5, effectiveSpec: 7, iOS: '16.0', inputs: [['image', 'image'], ['iouThreshold', 'double'], ['confidenceThreshold', 'double']], outputs: ['confidence', 'coordinates'], subModels: [['mlProgram', 7], ['nonMaximumSuppression', 5]], fn: { name: 'main', opset: 'CoreML6', opCount: 961, precision: 'fp16', ops: { const: 625, constexpr_lut_to_dense: 88, conv: 88, silu: 77, concat: 23, add: 16, split: 13, reshape: 8 } }, weights: { parameters: 2_641_448, bytes: 2_696_612, bits: (2_696_612 * 8) / 2_641_448, storage: ['palettized 8-bit', 'fp16'] }, blobs: { count: 264, referenced: 264, unreferenced: 0, byDtype: { uint8: 2_632_736, fp16: 62_464 } }, findings: ['deploy.effective-above-declared'], notFindings: ['ane.mixed-precision', 'ane.fp32-program', 'weights.missing'], author: 'Ultralytics' }],
  ['14-mlprogram-conv1d-fp16', { file: 'checkpoint.mlpackage', kind: 'mlpackage', modelType: 'mlProgram', spec: 6, iOS: '15.0', inputs: [['x_1', 'multiArray']], fn: { name: 'main', opset: 'CoreML5', opCount: 33, precision: 'fp16', ops: { const: 23, conv: 2, relu: 2, cast: 2, linear: 1 } }, weights: { parameters: 47_877, bytes: 95_754, bits: 16 }, blobs: { count: 5, referenced: 5, unreferenced: 0, byDtype: { fp16: 95_744 } } }],
  ['15-mlpackage-holding-neuralnetwork', { file: 'MyModel.mlpackage', kind: 'mlpackage', modelType: 'neuralNetwork', spec: 4, iOS: '13.0', inputs: [['x_1', 'multiArray']], layers: { total: 13, some: { convolution: 2, innerProduct: 1, softmaxND: 1, squeeze: 2 } }, weights: { parameters: 64_514, bytes: 258_056, bits: 32, missing: false } }],
  ['16-mlprogram-noweights-custom-author', { file: 'model.mlpackage', kind: 'mlpackage', modelType: 'mlProgram', spec: 6, iOS: '15.0', inputs: [['A', 'multiArray'], ['B', 'multiArray']], outputs: ['softmax'], fn: { name: 'main', opset: 'CoreML5', opCount: 5, precision: 'fp32', ops: { const: 3, matmul: 1, softmax: 1 } }, weights: { parameters: 0, bytes: 0, missing: false }, findings: ['ane.fp32-program'], author: null }],
  ['17-mlprogram-tf2-fp16', { file: 'MyModel.mlpackage', kind: 'mlpackage', modelType: 'mlProgram', spec: 6, iOS: '15.0', inputs: [['input_1', 'multiArray']], fn: { name: 'main', opset: 'CoreML5', opCount: 81, precision: 'fp16', ops: { const: 58, conv: 7, relu: 8, linear: 1, transpose: 2 } }, weights: { parameters: 358_273, bytes: 716_546, bits: 16 }, blobs: { count: 17, referenced: 17, unreferenced: 0, byDtype: { fp16: 716_544 } } }],
  ['18-edge-bare-mlprogram-weights-missing', { file: 'model.mlmodel', kind: 'mlmodel', modelType: 'mlProgram', spec: 6, iOS: '15.0', inputs: [['image', 'image']], fn: { name: 'main', opset: 'CoreML5', opCount: 795, precision: 'fp16', ops: { const: 600, conv: 76, silu: 69, concat: 19 } }, weights: { parameters: 2_528_534, bytes: null, missing: true }, blobs: { missingReferences: 150 }, findings: ['weights.missing'], author: 'Ultralytics' }],
  ['20-partial-mlprogram-spec8-weights-absent', { file: 'model_optimized.mlpackage', kind: 'mlpackage', modelType: 'mlProgram', spec: 8, iOS: '17.0', inputs: [['image', 'image']], outputs: ['adjacency_score'], fn: { name: 'main', opset: 'CoreML7', opCount: 734, precision: 'fp16', ops: { const: 546, conv: 63, mul: 30, sigmoid_hard: 29, thresholded_relu: 21, relu: 20 } }, weights: { parameters: 4_518_028, bytes: null, missing: true }, blobs: { missingReferences: 129 }, findings: ['weights.missing'], author: 'Mankai' }],
  ['21-partial-mlpackage-overlays-weights-absent', { file: 'rtmpose-m.mlpackage', kind: 'mlpackage', modelType: 'mlProgram', spec: 6, iOS: '15.0', inputs: [['input', 'multiArray']], outputs: ['simcc_x', 'simcc_y'], fn: { name: 'main', opset: 'CoreML5', opCount: 642, precision: 'fp32', ops: { const: 455, conv: 62, silu: 58, mul: 13, add: 12 } }, weights: { parameters: 13_916_996, bytes: null, missing: true }, blobs: { missingReferences: 136 }, findings: ['weights.missing', 'ane.fp32-program'] }],
]);

/** Refused, with what the issue says the line must say. */
const REFUSED = new Map<string, { file: string; line: RegExp }>([['19-edge-not-a-model-macos-alias', { file: 'ObjectDetector.mlmodel', line: /^coreml-doctor: .*ObjectDetector\.mlmodel: a macOS alias \(a Finder bookmark file\), not a model.*; expected the \.mlmodel or \.mlpackage itself/ }]]);

function firstFunction(p: ModelPart): ModelPart['functions'][number] | undefined {
  return p.functions[0] ?? p.subModels.map(firstFunction).find((f) => f);
}

function layerTotal(p: ModelPart): number {
  return [...p.layers.values()].reduce((a, b) => a + b, 0) + p.subModels.reduce((n, s) => n + layerTotal(s), 0);
}

const available = corpusAvailable();

describe.skipIf(!available)('corpus: real Core ML models', () => {
  const dirs = available ? readdirSync(corpusPath('models')).filter((d) => /^\d\d-/.test(d)).sort() : [];

  it('has an expectation for every model in the corpus', () => {
    expect(dirs.filter((d) => !EXPECTED.has(d) && !REFUSED.has(d))).toEqual([]);
    expect(dirs.length).toBe(21);
  });

  for (const dir of dirs) {
    const exp = EXPECTED.get(dir);
    if (!exp) continue;
    describe(dir, () => {
      let m: ModelSummary;
      it('reads it', async () => {
        m = await readModel(corpusPath('models', dir, exp.file), { displayName: `${dir}/${exp.file}` });
        expect(m.kind).toBe(exp.kind);
        expect(m.modelType).toBe(exp.modelType);
        expect(m.specificationVersion).toBe(exp.spec);
        expect(m.effectiveSpecificationVersion).toBe(exp.effectiveSpec ?? exp.spec);
        expect(m.effectiveMinimumOS?.iOS).toBe(exp.iOS);
        expect(m.inputs.map((i) => [i.name, i.type])).toEqual(exp.inputs);
        for (const i of m.inputs) expect(ALL_TYPES).toContain(i.type);
        if (exp.outputs) expect(m.outputs.map((o) => o.name)).toEqual(exp.outputs);
        if (exp.subModels) expect(m.subModels.map((s) => [s.modelType, s.specificationVersion])).toEqual(exp.subModels);
        else expect(m.subModels).toEqual([]);
        if (exp.author !== undefined) expect(m.metadata.author).toBe(exp.author);
        expect(m.flexibleInputs).toEqual(exp.flexible ?? []);
      });

      if (exp.fn) {
        const fnExp = exp.fn;
        it(`ML program: ${fnExp.opCount} ops in ${fnExp.name} (${fnExp.opset}, ${fnExp.precision})`, () => {
          const fn = firstFunction(m);
          expect(fn).toBeDefined();
          expect(fn?.name).toBe(fnExp.name);
          expect(fn?.opset).toBe(fnExp.opset);
          expect(fn?.opCount).toBe(fnExp.opCount);
          expect([...(fn?.ops.values() ?? [])].reduce((a, b) => a + b, 0)).toBe(fnExp.opCount);
          expect(fn?.computePrecision.precision).toBe(fnExp.precision);
          for (const [op, n] of Object.entries(fnExp.ops)) expect(fn?.ops.get(op), op).toBe(n);
        });
      }

      if (exp.layers) {
        const l = exp.layers;
        it(`neural network: ${l.total} layers`, () => {
          expect(layerTotal(m)).toBe(l.total);
          for (const [k, n] of Object.entries(l.some)) expect(m.layers.get(k), k).toBe(n);
        });
      }

      if (exp.weights) {
        const w = exp.weights;
        it(`weights: ${w.parameters ?? 'not counted'}${w.missing ? ', missing' : ''}`, () => {
          expect(m.weights.parameters).toBe(w.parameters);
          if (w.bytes !== undefined) expect(m.weights.bytes).toBe(w.bytes);
          if (w.bits !== undefined) expect(m.weights.bitsPerWeight).toBeCloseTo(w.bits, 9);
          expect(m.weights.missing).toBe(w.missing ?? false);
          if (w.storage) expect(m.weights.storage.map((s) => s.label)).toEqual(w.storage);
        });
      }

      if (exp.blobs) {
        const b = exp.blobs;
        it('weight.bin blobs', () => {
          const file = m.weights.blobs?.files[0];
          expect(m.weights.blobs?.files).toHaveLength(1);
          expect(file?.reference).toBe('@model_path/weights/weight.bin');
          if ('missingReferences' in b) {
            expect(file?.present).toBe(false);
            expect(file?.referenced).toBe(b.missingReferences);
          } else {
            expect(file).toMatchObject({ present: true, version: 2, count: b.count, referenced: b.referenced, unreferenced: b.unreferenced });
            expect(Object.fromEntries(file?.byDtype ?? [])).toEqual(b.byDtype);
          }
        });
      }

      if (exp.details) {
        const d = exp.details;
        it('kind details', () => {
          const all = { ...m.details, ...Object.assign({}, ...m.subModels.map((s) => s.details)) } as Record<string, unknown>;
          for (const [k, v] of Object.entries(d)) expect(all[k], k).toEqual(v);
        });
      }

      it('findings', () => {
        const ids = m.findings.map((f) => f.id);
        if (exp.findings?.length === 0) expect(ids).toEqual([]);
        for (const id of exp.findings ?? []) expect(ids, id).toContain(id);
        for (const id of exp.notFindings ?? []) expect(ids, id).not.toContain(id);
        for (const f of m.findings) {
          expect(f.message.length).toBeGreaterThan(10);
          expect(f.source.url).toMatch(/^https:\/\//);
          if (f.source.evidence === 'reported') expect(f.message).toMatch(/report/);
        }
      });

      it('prints in 80 columns, as JSON and as Markdown', async () => {
        // As a user types it: from the folder that holds the model.
        const cwd = corpusPath('models');
        const path = `${dir}/${exp.file}`;
        const text = await runCli(['model', path], { cwd });
        expect(text.code, text.stderr).toBe(0);
        const lines = text.stdout.split('\n');
        expect(lines[0]).toMatch(new RegExp(`^${path.replace(/[.]/g, '\\.')}( |$)`));
        // Every line fits 80 columns but the path the user typed, when it alone is longer.
        for (const line of lines) if (line !== path) expect(line.length, line).toBeLessThanOrEqual(80);
        const json = await runCli(['model', path, '--json'], { cwd });
        expect(JSON.parse(json.stdout)).toMatchObject({ schemaVersion: 1, modelType: exp.modelType, specificationVersion: exp.spec });
        const md = await runCli(['model', path, '--format', 'markdown'], { cwd });
        expect(md.stdout).toMatch(/^### /);
      });
    });
  }

  for (const [dir, r] of REFUSED) {
    it(`${dir}: refused in one line`, async () => {
      const res = await runCli(['model', corpusPath('models', dir, r.file)]);
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(r.line);
    });
  }

  it('21: the Xcode overlays are applied (Metadata.json replaces the spec keys)', async () => {
    const m = await readModel(corpusPath('models', '21-partial-mlpackage-overlays-weights-absent', 'rtmpose-m.mlpackage'));
    expect(m.package?.overlays).toEqual(['Metadata.json', 'FeatureDescriptions.json']);
    expect(m.package?.items).toHaveLength(4);
    expect(m.metadata.writtenBy).toMatchObject({ coremltools: '7.2', source: 'torch==2.0.0+cpu', sourceDialect: 'TorchScript' });
  });

  it('13: the step facts of the YOLO package', async () => {
    const m = await readModel(corpusPath('models', '13-pipeline-mlprogram-lut8-nms-yolo11n', 'yolo11n.mlpackage'));
    const f = stepModelFacts(m, 'models/yolo11n.mlpackage');
    expect(f).toMatchObject({ kind: 'mlpackage', weightsPresent: true, parameters: 2_641_448, weightBytes: 2_696_612, compression: ['palettized 8-bit'], computePrecision: 'fp16', minimumOS: { iOS: '16.0', watchOS: '9.0' }, flexibleInputs: [] });
    expect(f.opCounts.get('constexpr_lut_to_dense')).toBe(88);
    expect(f.opCounts.get('conv')).toBe(88);
    // Ultralytics names the writer in the ML program's own metadata only.
    expect(m.metadata.writtenBy.coremltools).toBeNull();
    expect(m.subModels[0]?.metadata.writtenBy).toMatchObject({ coremltools: '8.2', source: 'torch==2.6.0', sourceDialect: 'TorchScript' });
  });
});
