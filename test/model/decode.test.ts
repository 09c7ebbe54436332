/**
 * Decoding what the corpus has few or none of: neural networks with fp16 and linearly quantized
 * weights, nested branch/loop networks, LSTM and custom layers, every feature type, tree ensembles,
 * NMS, feature prints; a large spec read field by field from disk must give what the in-memory path gives.
 */
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModel } from '../../src/model/proto/model.js';
import { IN_MEMORY_LIMIT, MemorySource, Msg } from '../../src/model/proto/wire.js';
import { readModel } from '../../src/model/read.js';
import { stepModelFacts } from '../../src/model/facts.js';
import { fp32Risky, multifunction, pipelineWithProgram, statefulFlexible } from './fixtures.js';
import { asFile, asPackage, readPackage, tempDir } from './helpers.js';
import { ARRAY, COLOR, LAYER, TYPE, description, feature, featureType, layer, model, neuralNetwork, pb, pipeline, weights } from './writer.js';

const dir = tempDir();

/** A neural network of every weight storage kind; `big` makes the first inner product 12 M fp32 values (48 MB). */
function network(big = 0): Uint8Array {
  const conv = layer('conv1', LAYER.convolution, pb.cat([pb.msg(90, weights.fp16(3 * 16 * 3 * 3)), pb.msg(91, weights.fp16(16))]), { input: ['image'], output: ['c1'] });
  const ip = layer('fc_lut', LAYER.innerProduct, pb.msg(20, weights.lut(1000, 4)), { updatable: true });
  const lin = layer('fc_lin', LAYER.innerProduct, pb.msg(20, weights.linear(512, 8, 16)));
  const fp32 = layer('fc32', LAYER.innerProduct, pb.msg(20, big ? weights.fp32Zeros(big) : weights.fp32(100)));
  const prelu = layer('prelu', LAYER.activation, pb.msg(25, pb.msg(1, weights.fp32(16))));
  const lstmParams = pb.msg(20, ...[1, 2, 3, 4, 20, 21, 22, 23, 40, 41, 42, 43].map((f) => pb.msg(f, weights.fp32(8))));
  const lstm = layer('lstm', LAYER.uniDirectionalLSTM, lstmParams);
  const custom = layer('mine', LAYER.custom, pb.cat([pb.string(10, 'MyLayer'), pb.msg(20, weights.fp32(4))]));
  const inner = neuralNetwork([layer('bn', LAYER.batchnorm, pb.cat([15, 16, 17, 18].map((f) => pb.msg(f, weights.fp32(16))))), layer('shape', LAYER.getShape, new Uint8Array())]);
  const branch = layer('if', LAYER.branch, pb.cat([pb.msg(1, inner), pb.msg(2, neuralNetwork([layer('g', LAYER.gather, new Uint8Array())]))]));
  const loop = layer('loop', LAYER.loop, pb.msg(4, neuralNetwork([layer('cnd', LAYER.concatND, new Uint8Array())])));
  const net = pb.cat([neuralNetwork([conv, ip, lin, fp32, prelu, lstm, custom, branch, loop]), pb.msg(100, pb.string(1, 'cat'), pb.string(1, 'dog'), pb.string(1, 'bird'))]);
  const desc = description({
    inputs: [feature('image', featureType.image(64, 64, COLOR.GRAYSCALE_FLOAT16)), feature('n', featureType.int64()), feature('s', featureType.string(), { optional: true })],
    outputs: [feature('probs', pb.msg(6, pb.msg(2))), feature('tokens', pb.msg(7, pb.msg(3), pb.msg(101, pb.uint64(1, 1), pb.varint(2, 16)))), feature('label', featureType.string())],
  });
  return model({ spec: 4, description: desc, type: [TYPE.neuralNetworkClassifier, net] });
}

describe('neural networks', () => {
  it('counts layers in nested networks and every kind of weight storage', async () => {
    const m = await readModel(asFile(dir, network()));
    // 9 top-level layers + batchnorm + getShape (if) + gather (else) + concatND (loop body).
    expect([...m.layers.values()].reduce((a, b) => a + b, 0)).toBe(13);
    expect(Object.fromEntries(m.layers)).toMatchObject({ convolution: 1, innerProduct: 3, activation: 1, uniDirectionalLSTM: 1, custom: 1, branch: 1, loop: 1, batchnorm: 1, getShape: 1, gather: 1, concatND: 1 });
    expect(m.details).toMatchObject({ classLabels: 3, neuralNetwork: { nestedNetworks: 3 }, updatable: { layers: 1, optimizer: null, losses: [] } });
    const by = new Map(m.weights.storage.map((s) => [s.label, s]));
    // fp16: conv weights 432 + bias 16 (2 bytes each).
    expect(by.get('fp16')).toMatchObject({ tensors: 2, parameters: 448, bytes: 896 });
    // 4-bit LUT: 1,000 indices in 500 bytes + 16 fp32 table entries (64 bytes).
    expect(by.get('palettized 4-bit')).toMatchObject({ tensors: 1, parameters: 1000, bytes: 564, bits: 4 });
    // 8-bit linear: 512 bytes + 16 scales + 16 biases (fp32).
    expect(by.get('8-bit linear')).toMatchObject({ tensors: 1, parameters: 512, bytes: 512 + 128 });
    // fp32: fc 100 + PReLU 16 + LSTM 12 x 8 + custom 4 + batchnorm 4 x 16.
    expect(by.get('fp32')).toMatchObject({ parameters: 100 + 16 + 96 + 4 + 64, bytes: (100 + 16 + 96 + 4 + 64) * 4 });
    expect(m.weights.parameters).toBe(448 + 1000 + 512 + 280);
    expect(Object.fromEntries(m.weights.byDtype)).toEqual({ fp16: 896, uint4: 500, uint8: 512, fp32: 64 + 128 + 280 * 4 });
    const ids = m.findings.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['ane.recurrent', 'ane.custom', 'ane.dynamic-layers', 'ane.broadcast-nd-layers', 'rewrite.costly-op']));
    expect(m.findings.find((f) => f.id === 'ane.recurrent')?.message).toMatch(/reported/);
  });

  it('reads every feature type', async () => {
    const m = await readModel(asFile(dir, network()));
    expect(m.inputs).toEqual([
      { name: 'image', description: null, optional: false, flexible: 'none', type: 'image', width: 64, height: 64, colorSpace: 'GRAYSCALE_FLOAT16' },
      { name: 'n', description: null, optional: false, flexible: 'none', type: 'int64' },
      { name: 's', description: null, optional: true, flexible: 'none', type: 'string' },
    ]);
    expect(m.outputs.map((o) => o.type)).toEqual(['dictionary', 'sequence', 'string']);
    expect(m.outputs[0]).toMatchObject({ keyType: 'string' });
    expect(m.outputs[1]).toMatchObject({ elementType: 'string', sizeRange: { min: 1, max: 16 } });
  });

  it('a spec larger than the in-memory limit is read field by field from disk, with the same result', async () => {
    const bytes = network(12_000_000);
    expect(bytes.length).toBeGreaterThan(IN_MEMORY_LIMIT * 4);
    const path = asFile(dir, bytes, 'big.mlmodel');
    const fromDisk = await readModel(path);
    // The same bytes decoded whole in memory (the path small specs take).
    const inMemory = decodeModel(Msg.root(new MemorySource('big.mlmodel', bytes), 'Model', true));
    expect(fromDisk.weights.parameters).toBe(448 + 1000 + 512 + 12_000_000 + 180);
    expect(Object.fromEntries(fromDisk.layers)).toEqual(Object.fromEntries(inMemory.network?.layers ?? []));
    const rows = (list: { label: string; parameters: number; bytes: number | null }[]) => list.map((s) => `${s.label} ${s.parameters} ${s.bytes}`).sort();
    expect(rows([...(inMemory.network?.storage.values() ?? [])])).toEqual(rows(fromDisk.weights.storage));
    expect(statSync(path).size).toBe(bytes.length);
  });
});

describe('other model kinds', () => {
  it('tree ensembles: trees and nodes; GLM and NMS class labels; feature prints', async () => {
    const node = (tree: number, id: number) => pb.msg(1, pb.uint64(1, tree), pb.uint64(2, id));
    const trees = model({ spec: 1, description: description({ inputs: [feature('x', featureType.double())] }), type: [TYPE.treeEnsembleRegressor, pb.msg(1, node(0, 0), node(0, 1), node(0, 2), node(1, 0), node(2, 0))] });
    const t = await readModel(asFile(dir, trees));
    expect(t.details.treeEnsemble).toEqual({ trees: 3, nodes: 5 });
    expect(t.weights.parameters).toBeNull();
    const vfp = model({ spec: 3, description: description({}), type: [2002, pb.msg(20, pb.varint(1, 2))] });
    const glm = model({ spec: 3, description: description({}), type: [400, pb.msg(101, pb.packedInt64(1, [3, 5, 7, 9]))] });
    const p = await readModel(asFile(dir, model({ spec: 1, description: description({}), type: [TYPE.pipelineClassifier, pb.msg(1, pipeline([vfp, glm]))] })));
    expect(p.subModels.map((s) => s.modelType)).toEqual(['visionFeaturePrint', 'glmClassifier']);
    expect(p.subModels[0]?.details.featurePrint).toBe('scene v2');
    expect(p.subModels[1]?.details.classLabels).toBe(4);
    expect(p.effectiveSpecificationVersion).toBe(3);
    const pm = await readPackage(dir, pipelineWithProgram());
    expect(pm.subModels[1]?.details).toEqual({ classLabels: 2, nonMaximumSuppression: { iouThreshold: 0.45, confidenceThreshold: 0.25 } });
  });

  it('an unknown model type is named by its field number', async () => {
    const m = await readModel(asFile(dir, model({ spec: 11, description: description({}), type: [4321, pb.string(1, 'x')] })));
    expect(m.modelType).toBe('unknown(4321)');
    expect(m.minimumOS).toBeNull();
    expect(m.findings.map((f) => f.id)).toContain('deploy.unknown-spec');
  });
});

describe('ML program facts', () => {
  it('states, enumerated and range shapes, and the step facts', async () => {
    const m = await readPackage(dir, statefulFlexible());
    expect(m.states).toEqual([{ name: 'k_cache', description: null, optional: false, flexible: 'none', type: 'state', dataType: 'FLOAT16', shape: [1, 100] }]);
    expect(m.inputs[0]).toMatchObject({ name: 'x', flexible: 'enumerated', shapes: [[1, 100], [2, 100], [4, 100]] });
    expect(m.inputs[1]).toMatchObject({ name: 'tokens', flexible: 'range', optional: true, ranges: [{ min: 1, max: 1 }, { min: 1, max: 512 }] });
    expect(m.inputs[2]).toMatchObject({ name: 'photo', type: 'image', flexible: 'range', sizeRange: { width: { min: 64, max: 1024 }, height: { min: 64, max: null } } });
    expect(m.flexibleInputs).toEqual(['x', 'tokens', 'photo']);
    const facts = stepModelFacts(m, 'models/stateful.mlpackage');
    expect(facts).toMatchObject({ path: 'models/stateful.mlpackage', kind: 'mlpackage', weightsPresent: true, computePrecision: 'fp16', minimumOS: { iOS: '18.0', macOS: '15.0', watchOS: '11.0', tvOS: '18.0' }, flexibleInputs: ['x', 'tokens', 'photo'], compression: [] });
    expect(facts.parameters).toBeUndefined();
    expect(facts.aneFindings.map((f) => f.id).sort()).toEqual(['ane.flexible-range-input', 'ane.flexible-range-input', 'ane.state-width']);
    expect(m.metadata.writtenBy).toMatchObject({ coremltools: '8.3.0', source: 'torch==2.5.0' });
  });

  it('an fp32 program with an LSTM, a rank-6 tensor and a gather', async () => {
    const m = await readPackage(dir, fp32Risky());
    expect(m.computePrecision).toBe('fp32');
    const byId = new Map(m.findings.map((f) => [f.id, f]));
    expect(byId.get('ane.fp32-program')).toMatchObject({ level: 'error', function: 'main', source: { evidence: 'documented' } });
    expect(byId.get('ane.rank-above-5')).toMatchObject({ level: 'warning', op: 'reshape', evidence: 'highest rank 6; first: reshape "r6"' });
    expect(byId.get('rewrite.costly-op')).toMatchObject({ level: 'warning', op: 'gather', rewrite: { id: 'gather', risk: 'high' }, source: { evidence: 'catalogue' } });
    // The LSTM is named once: by the ANE rule, not again by the catalogue.
    expect(m.findings.filter((f) => f.op === 'lstm').map((f) => f.id)).toEqual(['ane.recurrent']);
    const facts = stepModelFacts(m, 'm.mlpackage');
    expect(facts.bitsPerWeight).toBe(32);
    expect(facts.weightBytes).toBe(64 * 64 * 4);
    expect(facts.opCounts.get('lstm')).toBe(1);
  });

  it('--target: a deployment target older than the model needs is an error finding', async () => {
    const m = await readPackage(dir, pipelineWithProgram(), { targets: { watchOS: '8.0', iOS: '17.0' } });
    const t = m.findings.filter((f) => f.id === 'deploy.target-too-old');
    expect(t).toHaveLength(1);
    expect(t[0]?.message).toBe('the model needs watchOS 9.0 (spec 7), newer than the target watchOS 8.0: it will not load there');
  });

  it('multifunction: facts over every function', async () => {
    const m = await readModel(asPackage(dir, multifunction()));
    const facts = stepModelFacts(m, 'x');
    expect(facts.opCounts.get('matmul')).toBe(3);
    expect(facts.opCounts.get('const')).toBe(3);
  });
});

it('a model whose description comes after its type, and fields we do not know, are read', async () => {
  const spec = pb.cat([pb.varint(1, 7), pb.msg(TYPE.neuralNetwork, neuralNetwork([])), pb.string(77, 'unknown field'), pb.msg(2, description({ inputs: [feature('a', featureType.multiArray({ dtype: ARRAY.FLOAT16, shape: [2] }))] }))]);
  const m = await readModel(asFile(dir, spec));
  expect(m.inputs.map((i) => [i.name, i.type === 'multiArray' ? i.dataType : ''])).toEqual([['a', 'FLOAT16']]);
  expect(m.specificationVersion).toBe(7);
});
