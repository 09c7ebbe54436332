/**
 * The shipped op registry: it is exactly what scripts/gen-op-registry.mjs makes of the research
 * table (../shared/research/op_registry.json; CI has it, elsewhere the check skips), each
 * release's torch lookup rules are coremltools' own, and the verdicts follow from both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUT, DEFAULT_SOURCE, generateRegistryModule, readableMessage } from '../../scripts/gen-op-registry.mjs';
import { PROVENANCE, TORCH, TENSORFLOW, ONNX, RELEASES } from '../../src/rewrites/registry/data.js';
import { convertsIn, onnxVerdict, registeredAt, tensorflowVerdict, torchVerdict } from '../../src/rewrites/registry/index.js';
import { releaseOf } from '../../src/rewrites/registry/releases.js';
import { erasAgreeWithData, torchEraOf, torchKey, torchKind } from '../../src/rewrites/registry/torch-kind.js';
import { REPO_ROOT } from '../helpers/corpus.js';

/** The research file, or null when ../shared is not beside the checkout (a skip; an error with CI=true). */
function researchText(): string | null {
  if (existsSync(DEFAULT_SOURCE)) return readFileSync(DEFAULT_SOURCE, 'utf8');
  if (process.env.CI === 'true') throw new Error(`the research table is missing at ${DEFAULT_SOURCE} (CI=true makes that an error, not a skip)`);
  return null;
}

const research = researchText();

describe.skipIf(research === null)('the shipped registry is what the script makes of the research table', () => {
  const json = research ? (JSON.parse(research) as Record<string, Record<string, Record<string, unknown>>>) : {};

  it('src/rewrites/registry/data.ts matches byte for byte (run node scripts/gen-op-registry.mjs after the table changes)', () => {
    expect(resolve(DEFAULT_OUT)).toBe(resolve(REPO_ROOT, 'src/rewrites/registry/data.ts'));
    expect(readFileSync(DEFAULT_OUT, 'utf8')).toBe(generateRegistryModule(research as string));
  });

  it('records where it came from', () => {
    expect(PROVENANCE.source).toBe('../shared/research/op_registry.json');
    expect(PROVENANCE.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(PROVENANCE.coremltools).toMatchObject({ repo: 'apple/coremltools', commit: expect.stringMatching(/^[0-9a-f]{40}$/), date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('has every name of every frontend', () => {
    const tf2Only = Object.entries(json.tensorflow2 ?? {}).filter(([, v]) => !v.alsoInTensorflow1Registry).length;
    expect(TORCH.length).toBe(Object.keys(json.torch ?? {}).length);
    expect(TENSORFLOW.length).toBe(Object.keys(json.tensorflow ?? {}).length + tf2Only);
    expect(ONNX.length).toBe(Object.keys(json.onnx ?? {}).length);
  });

  it('the lookup rules reach, for every key dropped in a release, the key the research says still converts it', () => {
    const dropped = Object.entries(json.torch ?? {}).filter(([, v]) => v.keyDroppedIn);
    expect(dropped.length).toBeGreaterThan(10);
    const byName = new Map(TORCH.map((r) => [r[0], r]));
    for (const [name, v] of dropped) {
      const release = v.keyDroppedIn as string;
      const key = torchKey(torchKind(name), release);
      expect(v.stillConvertedVia, name).toContain(key);
      const row = byName.get(key);
      // copy_ is the one the rules and the research disagree on by a release: 5.1 strips the `_`
      // but registers `copy` only in 5.2, so 5.1 itself has no converter for copy_.
      expect(row && (registeredAt(row, release) || name === 'copy_'), `${name} at ${release} → ${key}`).toBe(true);
    }
  });
});

describe('readable refusal messages', () => {
  it.each([
    ["'rounding mode \"{}\" not supported in the \"div\" op'.format(rounding_mode)", 'rounding mode "…" not supported in the "div" op'],
    ["f'Dynamic output size is not supported for upsample_bicubic2d for the op {node.name}'", 'Dynamic output size is not supported for upsample_bicubic2d'],
    ["msg_prefix + 'Unsupported dtype: {}'.format(dtype_str)", 'Unsupported dtype: …'],
    ["'padding_mode' not supported.", "'padding_mode' not supported."],
    ['Only static shape of PackedSequence object is supported.', 'Only static shape of PackedSequence object is supported.'],
    ["'Cast: Provided destination type {} not supported.'.format(types.get_type_info(node.attr['DstT']))", 'Cast: Provided destination type … not supported.'],
  ])('%s', (raw, text) => {
    expect(readableMessage(raw)).toBe(text);
  });

  it('drops an expression without a literal', () => {
    expect(readableMessage('msg')).toBeNull();
  });
});

describe("each release's torch lookup rules", () => {
  it('agree with the eras the research file lists', () => {
    expect(erasAgreeWithData()).toBe(true);
    expect(RELEASES.at(-1)?.[0]).toBe('main');
  });

  // Each row: a node kind, then the key of 4.0, 5.1, 6.2, 7.1, 7.2, 8.0, main (read in the sources at those tags).
  it.each([
    ['aten::relu_', ['relu_', 'relu', 'relu', 'relu', 'relu', 'relu', 'relu']],
    ['torchvision::nms', ['nms', 'nms', 'torchvision::nms', 'torchvision::nms', 'torchvision::nms', 'torchvision::nms', 'torchvision::nms']],
    ['aten::__and__', ['__and__', '__and_', 'and', 'and', 'and', 'and', 'and']],
    ['aten::add.Tensor', ['add.tensor', 'add.tensor', 'add.tensor', 'add.tensor', 'add', 'add', 'add']],
    ['aten::select.int', ['select.int', 'select.int', 'select.int', 'select.int', 'select.int', 'select', 'select']],
    // 7.2 and later sanitise twice (the node, then the registry), so the dunder goes in the second pass.
    ['aten::__or__.Tensor', ['__or__.tensor', '__or__.tensor', '__or__.tensor', '__or__.tensor', 'or', 'or', 'or']],
    ['aten::upsample_nearest2d.vec', ['upsample_nearest2d.vec', 'upsample_nearest2d.vec', 'upsample_nearest2d.vec', 'upsample_nearest2d.vec', 'upsample_nearest2d.vec', 'upsample_nearest2d.vec', 'upsample_nearest2d.vec']],
    ['aten.mean.dim', ['aten.mean.dim', 'aten.mean.dim', 'aten.mean.dim', 'aten.mean.dim', 'mean.dim', 'mean.dim', 'mean.dim']],
    ['prim::PythonOp', ['pythonop', 'pythonop', 'pythonop', 'pythonop', 'pythonop', 'pythonop', 'pythonop']],
  ])('%s', (kind, keys) => {
    expect(['4.0', '5.1', '6.2', '7.1', '7.2', '8.0', 'main'].map((r) => torchKey(kind, r))).toEqual(keys);
  });

  it('maps releases to their era, and versions to releases', () => {
    expect(['4.1', '5.0', '6.1', '7.0', '8.3', '9.0'].map(torchEraOf)).toEqual(['4.0', '4.0', '5.1', '6.2', '8.0', '8.0']);
    expect(torchKind('torch.ops.aten.upsample_bicubic2d.default')).toBe('aten::upsample_bicubic2d.default');
    expect(['7.2.1', '8.0b2', '9.1.dev1', '10.0', '3.4', 'x'].map(releaseOf)).toEqual(['7.2', '7.2', 'main', 'main', null, null]);
  });
});

describe('verdicts', () => {
  it('an in-place spelling converts under its own key, then under the functional one', () => {
    const v = torchVerdict('aten::relu_');
    expect(v).toMatchObject({ availability: 'release', since: '4.0' });
    expect(v.segments.map((s) => [s.from, s.to, s.key])).toEqual([['4.0', '5.0', 'relu_'], ['5.1', 'main', 'relu']]);
    expect(torchVerdict('hardswish_')).toMatchObject({ since: '5.2' });
  });

  it('a torch.export overload converts only from the release that registered its dotted key', () => {
    const v = torchVerdict('upsample_nearest2d.vec');
    expect(v.since).toBe('8.0');
    expect(v.torchScript).toEqual({ kind: 'upsample_nearest2d', since: '4.0' });
    expect(torchVerdict('lift_fresh_copy').since).toBe('8.0');
    expect(torchVerdict('aten::select.int').since).toBe('8.0');
  });

  it('gaps, removals, main-only and namespaces', () => {
    expect(torchVerdict('copy_').segments.map((s) => `${s.from}-${s.to}`)).toEqual(['4.0-5.0', '5.2-main']);
    expect(convertsIn(torchVerdict('copy_'), '5.1')).toBe(false);
    expect(torchVerdict('_internal_tensor_value_assign')).toMatchObject({ availability: 'removed', since: '5.0', removedIn: '5.2' });
    expect(torchVerdict('aten::__or__.Tensor')).toMatchObject({ availability: 'main', since: 'main' });
    expect(torchVerdict('torchvision::nms')).toMatchObject({ since: '6.2', namespaceDropped: null });
    expect(torchVerdict('quantized::linear').namespaceDropped).toMatchObject({ from: '5.0', to: '6.1', key: 'linear' });
    expect(torchVerdict('uninitialized').availability).toBe('never');
    expect(torchVerdict('prim::GetAttr').graphPass?.what).toMatch(/GetAttr/);
  });

  it('TensorFlow op types match exactly, and say when the letter case differs', () => {
    expect(tensorflowVerdict('tf.raw_ops.Einsum')).toMatchObject({ name: 'Einsum', since: '4.0', caseDiffers: false });
    expect(tensorflowVerdict('CumSum')).toMatchObject({ name: 'Cumsum', caseDiffers: true });
    expect(tensorflowVerdict('TensorListResize')).toMatchObject({ availability: 'removed', removedIn: '5.1' });
    expect(tensorflowVerdict('Switch')).toMatchObject({ availability: 'never' });
    expect(tensorflowVerdict('Switch').graphPass).not.toBeNull();
  });

  it('ONNX ops converted until 6.0 are removed, not never', () => {
    expect(onnxVerdict('Cast')).toMatchObject({ availability: 'removed', since: '4.0', removedIn: '6.0', onnx: { legacySince: null, ndSince: 'v1.0', inCoremltools: true } });
    expect(onnxVerdict('Upsample').onnx?.legacySince).toBe('0.1.0');
    expect(onnxVerdict('FC')).toMatchObject({ availability: 'never', onnx: { inCoremltools: false } });
    expect(onnxVerdict('CumSum')).toMatchObject({ availability: 'never', onnx: null });
  });

  it('every registry key converts in the releases its row gives, under the rules of each release', () => {
    for (const row of TORCH) {
      const [name, since, removedIn, keyDroppedIn] = row;
      const v = torchVerdict(name);
      if (since !== null && !keyDroppedIn) {
        expect(v.since, name).toBe(since);
        expect(v.removedIn, name).toBe(removedIn);
      }
    }
    for (const [name, since, removedIn] of TENSORFLOW) {
      expect(tensorflowVerdict(name), name).toMatchObject({ since, removedIn });
    }
  });
});
