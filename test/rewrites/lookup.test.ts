import { describe, expect, it } from 'vitest';
import { editDistance, longestCommonRun, lookupRewrite, nearestRewrites, runPieces, spellingKeys } from '../../src/rewrites/lookup.js';

describe('lookup by any spelling a log prints', () => {
  it.each([
    ['aten::upsample_bicubic2d', 'upsample_bicubic2d'],
    ['upsample_bicubic2d_', 'upsample_bicubic2d'],
    ["'upsample_bicubic2d'", 'upsample_bicubic2d'],
    ['aten::upsample_bicubic2d.vec', 'upsample_bicubic2d'],
    ['torch.ops.aten.upsample_bicubic2d.default', 'upsample_bicubic2d'],
    ['UPSAMPLE_BICUBIC2D', 'upsample_bicubic2d'],
    ["'Upsample'", 'Upsample'],
    ['tf.raw_ops.Einsum', 'einsum'],
    ['Einsum', 'einsum'],
    ['SWITCH', 'Switch'],
    ['"Cast"', 'Cast'],
    ['onnx::Floor', 'Floor'],
    ['mb.inverse', 'inverse'],
    ['ios17.inverse', 'inverse'],
    ['prim::PythonOp', 'pythonop'],
    ['index_put_', 'index_put'],
    ['aten::__and__', 'bitwise_and'],
    ['torchvision::roi_align', 'torchvision::roi_align'],
    ['quantized::linear_dynamic', 'quantized::linear_dynamic'],
    ['  rank-above-5  ', 'rank-above-5'],
    ['RangeDim', 'dynamic-shapes'],
  ])('%s → %s', (spelling, id) => {
    expect(lookupRewrite(spelling)?.entry.id).toBe(id);
  });

  it('returns null for a name no entry has', () => {
    expect(lookupRewrite('upsample_bicubc')).toBeNull();
    expect(lookupRewrite('conv2d')).toBeNull();
  });

  it('tries the given frontend\'s normalisation first', () => {
    expect(spellingKeys('tf.raw_ops.Einsum', 'tensorflow')[0]).toBe('einsum');
    expect(spellingKeys('aten::relu_', 'pytorch')[0]).toBe('relu');
  });
});

describe('nearest names for a miss', () => {
  it('suggests the closest entries first', () => {
    const near = nearestRewrites('upsample_bicubc').map((e) => e.id);
    expect(near[0]).toBe('upsample_bicubic2d');
    expect(near).toContain('upsample_bilinear2d');
    expect(near.length).toBeLessThanOrEqual(3);
  });

  it('finds an entry from a part of its name', () => {
    expect(nearestRewrites('bicubic').map((e) => e.id)).toContain('upsample_bicubic2d');
  });

  it('suggests nothing for noise', () => {
    expect(nearestRewrites('qqqqzzzz')).toEqual([]);
  });

  it('suggests nothing that shares only a few letters with the name (prim::CallFunction is no attention op)', () => {
    expect(nearestRewrites('prim::CallFunction').map((e) => e.id)).not.toContain('attention-ane-layout');
    expect(longestCommonRun('callfunction', 'attention')).toBe(4);
    expect(nearestRewrites('layer_nrom').map((e) => e.id)).toContain('layer_norm');
  });

  it("a key shares a run of n characters with the query exactly when it contains one of the query's n-character pieces", () => {
    // nearestRewrites tests the pieces (a few native searches) instead of longestCommonRun (quadratic per key).
    let seed = 7;
    const rnd = (k: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % k);
    const word = () => Array.from({ length: rnd(14) }, () => 'ab_c1'[rnd(5)]).join('');
    let shared = 0;
    for (let t = 0; t < 3000; t++) {
      const a = word();
      const b = word();
      const n = 1 + rnd(6);
      const want = longestCommonRun(a, b) >= n;
      if (want) shared++;
      expect(runPieces(a, n).some((p) => b.includes(p)), `${a} ${b} ${n}`).toBe(want);
    }
    // Both answers occur often, so the comparison means something.
    expect(shared).toBeGreaterThan(300);
    expect(shared).toBeLessThan(2700);
    expect(runPieces('abcab', 2)).toEqual(['ab', 'bc', 'ca']);
    expect(runPieces('abc', 4)).toEqual([]);
  });

  it('edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});
