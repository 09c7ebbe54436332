/**
 * Weights as our fixtures store them (the cases the corpus lacks): the expected parameters, bytes and
 * bits per weight are worked out by hand from the shapes and dtypes each fixture writes (fixtures.ts).
 */
import { describe, expect, it } from 'vitest';
import type { WeightStorage } from '../../src/model/summary.js';
import { affineInt8, blockwiseInt4, multifunction, sparse, subByteLut } from './fixtures.js';
import { readPackage, tempDir } from './helpers.js';

const dir = tempDir();

const storage = (list: readonly WeightStorage[], label: string): WeightStorage => {
  const s = list.find((x) => x.label === label);
  expect(s, `storage "${label}" in ${list.map((x) => x.label).join(', ')}`).toBeDefined();
  return s as WeightStorage;
};

describe('iOS 18 block-wise int4 (constexpr_blockwise_shift_scale, inline inputs)', () => {
  it('counts data, scales and offsets, and finds the block size', async () => {
    const m = await readPackage(dir, blockwiseInt4());
    // data int4 512x256 = 65,536 B; scale fp16 512x8 = 8,192 B; offset int4 512x8 = 2,048 B; bias fp16 512 = 1,024 B.
    expect(m.weights.parameters).toBe(512 * 256 + 512);
    expect(m.weights.bytes).toBe(65_536 + 8_192 + 2_048 + 1_024);
    expect(m.weights.bitsPerWeight).toBeCloseTo((76_800 * 8) / 131_584, 10);
    const q = storage(m.weights.storage, 'int4 linear (block 32)');
    expect(q).toMatchObject({ compressed: true, tensors: 1, parameters: 131_072, bytes: 75_776, granularity: 'per-block', blockSize: 32, ops: ['constexpr_blockwise_shift_scale'] });
    expect(q.bitsPerWeight).toBeCloseTo(4.625, 10);
    expect(storage(m.weights.storage, 'fp16')).toMatchObject({ compressed: false, tensors: 1, parameters: 512, bytes: 1_024 });
    expect(Object.fromEntries(m.weights.byDtype)).toEqual({ int4: 67_584, fp16: 9_216 });
    expect(m.weights.blobs).toMatchObject({ referenced: 4, unreferenced: 0 });
    expect(m.specificationVersion).toBe(9);
    expect(m.effectiveMinimumOS?.iOS).toBe('18.0');
    expect(m.findings.map((f) => f.id)).toContain('ane.per-block-quantization');
  });
});

describe('iOS 18 sub-byte palettization (constexpr_lut_to_dense with uint4, uint2 and uint3 indices)', () => {
  it('reads the bits from the LUT, vector palettization from its last dimension', async () => {
    const m = await readPackage(dir, subByteLut());
    // 4-bit: 16,384 B indices + 32 B lut for 32,768 weights.
    expect(storage(m.weights.storage, 'palettized 4-bit')).toMatchObject({ tensors: 1, parameters: 32_768, bytes: 16_416, bits: 4 });
    // 2-bit, vector 2: 512 B indices + 16 B lut + the inline int32 vector_axis (4 B) for 128x32 weights.
    const v = storage(m.weights.storage, 'palettized 2-bit (vector 2)');
    expect(v).toMatchObject({ tensors: 1, parameters: 4_096, bytes: 532, bits: 2, vectorSize: 2 });
    expect(v.bitsPerWeight).toBeCloseTo((532 * 8) / 4_096, 10);
    // 3-bit: 100 indices of 3 bits = 300 bits -> 38 B (4 bits of padding), lut 16 B.
    expect(storage(m.weights.storage, 'palettized 3-bit')).toMatchObject({ parameters: 100, bytes: 54 });
    expect(m.weights.parameters).toBe(32_768 + 4_096 + 100);
    expect(m.weights.bytes).toBe(16_416 + 532 + 54);
    expect(Object.fromEntries(m.weights.byDtype)).toEqual({ uint4: 16_384, uint2: 512, uint3: 38, fp16: 64, int32: 4 });
  });
});

describe('sparse weights', () => {
  it('reads iOS 16 sparse_to_dense (attributes) and the iOS 18 lut_to_sparse -> sparse_to_dense chain', async () => {
    const m = await readPackage(dir, sparse());
    // fp16 non-zeros 2,048 (4,096 B) + mask 512 B + shape uint32[2] 8 B for 64x64.
    const s = storage(m.weights.storage, 'sparse');
    expect(s).toMatchObject({ tensors: 1, parameters: 4_096, bytes: 4_616, density: 0.5, ops: ['constexpr_sparse_to_dense'] });
    // mask uint1 64x64 = 512 B + uint6 indices of 2,048 non-zeros = 1,536 B + 64-entry fp16 lut = 128 B.
    const j = storage(m.weights.storage, 'palettized 6-bit + sparse');
    expect(j).toMatchObject({ tensors: 1, parameters: 4_096, bytes: 2_176, density: 0.5, ops: ['constexpr_lut_to_sparse', 'constexpr_sparse_to_dense'] });
    expect(j.bitsPerWeight).toBeCloseTo(4.25, 10);
    expect(m.weights.parameters).toBe(8_192);
    expect(m.weights.bytes).toBe(4_616 + 2_176);
  });
});

describe('iOS 16 affine dequantize inside a CoreML8 program', () => {
  it('reads the attribute form and calls it per-channel int8', async () => {
    const m = await readPackage(dir, affineInt8());
    // int8 4,096 B + zero points int8 64 B + scales fp16 128 B + axis int32 4 B.
    const s = storage(m.weights.storage, 'int8 linear');
    expect(s).toMatchObject({ tensors: 1, parameters: 4_096, bytes: 4_292, granularity: 'per-channel', ops: ['constexpr_affine_dequantize'] });
    expect(m.functions[0]?.opset).toBe('CoreML8');
  });
});

describe('multifunction models', () => {
  it('lists both functions and counts a blob they share once', async () => {
    const m = await readPackage(dir, multifunction());
    expect(m.functions.map((f) => [f.name, f.opCount])).toEqual([
      ['main', 2],
      ['lora', 4],
    ]);
    expect(m.defaultFunction).toBe('main');
    expect(m.functions.every((f) => f.inputs?.[0]?.name === 'x')).toBe(true);
    // w_shared fp16 128x64 once (16,384 B) + w_lora fp16 64x64 (8,192 B).
    expect(m.weights.parameters).toBe(128 * 64 + 64 * 64);
    expect(m.weights.bytes).toBe(16_384 + 8_192);
    expect(m.weights.blobs).toMatchObject({ referenced: 2, unreferenced: 0 });
    expect(m.weights.blobs?.files[0]?.count).toBe(2);
  });
});
