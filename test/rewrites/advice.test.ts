/**
 * The first fix: an upgrade only where the registry shows it helps for that spelling, in the
 * releases the log can be from; otherwise the rewrite.
 */
import { describe, expect, it } from 'vitest';
import { parseConversionLogText } from '../../src/convlog/parser.js';
import { adviseOp, attachRewrites, firstFix } from '../../src/rewrites/advice.js';
import { entryById } from '../../src/rewrites/lookup.js';
import { torchVerdict } from '../../src/rewrites/registry/index.js';
import type { RewriteEntry } from '../../src/rewrites/schema.js';

const entry = (id: string) => entryById(id) as RewriteEntry;
const v = (value: string | null, min: string | null, max: string | null) => ({ value, min, max });
const TORCH_1_10 = 'Torch version 1.12.1 has not been tested with coremltools. You may run into unexpected errors. Torch 1.10.2 is the most recent version that has been tested.';
const notImplemented = (op: string) => `RuntimeError: PyTorch convert function for op '${op}' not implemented.`;

describe('firstFix without a log', () => {
  it('says "native since X: upgrade if you are older" for the spelling asked', () => {
    expect(firstFix(entry('linear'))).toMatch(/^Native since coremltools 5\.0: upgrade if you are older\. Otherwise: /);
    expect(firstFix(entry('lift_fresh'), { op: 'lift_fresh_copy' })).toMatch(/^Native since coremltools 8\.0: /);
    expect(firstFix(entry('hardswish'), { op: 'hardswish_' })).toMatch(/^Native since coremltools 5\.2 \(as `hardswish`\): /);
  });

  it('never advises "upgrade to 4.0": every log is from 4.0 or newer', () => {
    expect(firstFix(entry('upsample_nearest2d'))).toBe(entry('upsample_nearest2d').summary);
    expect(firstFix(entry('masked_fill'))).toBe(entry('masked_fill').summary);
  });

  it('a case every release refuses gets the rewrite, not an upgrade', () => {
    expect(firstFix(entry('max_pool2d'))).toMatch(/^Every release from 4\.0 registers `max_pool2d`, but none converts this case: Drop return_indices/);
    expect(firstFix(entry('max_pool2d'), { op: 'max_pool2d_with_indices' })).toMatch(/^Every release from 7\.1 registers `max_pool2d_with_indices`/);
    expect(firstFix(entry('linalg_inv'))).not.toMatch(/[Uu]pgrade/);
  });

  it('names the deployment target the native op needs', () => {
    expect(firstFix(entry('pixel_unshuffle'), { version: v('5.2', '5.2', '5.2') })).toMatch(/^Upgrade coremltools to 6\.0 or newer .* with minimum_deployment_target=ct\.target\.iOS16\./);
    expect(firstFix(entry('pixel_unshuffle'), { version: v('8.0', '8.0', '8.0') })).toMatch(/^Set minimum_deployment_target=ct\.target\.iOS16 or newer\./);
  });

  it('a converter bug fixed later: upgrade past the fix', () => {
    expect(firstFix(entry('full'), { version: v('7.2', '7.2', '7.2') })).toMatch(/^Upgrade coremltools to 8\.0 or newer \(this log: 7\.2\): it fixed the dtype handling/);
    expect(firstFix(entry('full'), { version: v('7.2+', '7.2', null) })).toMatch(/^Fixed in coremltools 8\.0 .*: upgrade if you are older \(this log: 7\.2\+\)/);
    expect(firstFix(entry('full'), { version: v('8.2', '8.2', '8.2') })).toBe(entry('full').summary);
    expect(firstFix(entry('clamp'), { version: v('6.1', '6.1', '6.1'), opStatus: 'failed' })).toMatch(/^Upgrade coremltools to 6\.2 or newer \(this log: 6\.1\): it fixed clamp on integer tensors/);
  });

  it('main-only and never-native entries give the rewrite', () => {
    expect(firstFix(entry('upsample_bicubic2d'))).toMatch(/^coremltools main \(unreleased\) converts `upsample_bicubic2d`; until a release does: Replace/);
    expect(firstFix(entry('pythonop'), { version: v('4.0', '4.0', '4.0') })).toBe(entry('pythonop').summary);
  });
});

describe('firstFix with what the log tells', () => {
  it('"coremltools 6.3 has no converter for scaled_dot_product_attention; 7.0 adds it"', () => {
    const fix = firstFix(entry('scaled_dot_product_attention'), { version: v('6.3', '6.3', '6.3'), opStatus: 'unsupported' });
    expect(fix).toMatch(/^coremltools 6\.3 has no converter for `scaled_dot_product_attention`; 7\.0 adds it: upgrade to 7\.0 or newer\. Otherwise: Trace in eval mode/);
  });

  it('the same for an op the catalogue lacks', () => {
    const fix = adviseOp(null, torchVerdict('dot'), { version: v('5.0', '5.0', '5.0'), opStatus: 'unsupported', op: 'dot' });
    expect(fix).toMatch(/^coremltools 5\.0 has no converter for `dot`; 5\.2 adds it: upgrade to 5\.2 or newer\. Otherwise: Write a @register_torch_op composite/);
  });

  it('a range that straddles the release: the log must be older, so the upgrade helps', () => {
    const fix = firstFix(entry('linear'), { version: v('4.0-5.0', '4.0', '5.0'), opStatus: 'unsupported', op: 'linear' });
    expect(fix).toMatch(/^coremltools 4\.0-5\.0 has no converter for `linear`; 5\.0 adds it: upgrade to 5\.0 or newer/);
  });

  it('the spelling rule decides: hardswish_ in a 5.1 log converts from 5.2, as hardswish', () => {
    expect(firstFix(entry('hardswish'), { version: v('5.1', '5.1', '5.1'), opStatus: 'unsupported', op: 'hardswish_' })).toMatch(/^coremltools 5\.1 has no converter for `hardswish_`; 5\.2 adds it \(as `hardswish`\)/);
    expect(firstFix(entry('upsample_nearest2d'), { version: v('7.2', '7.2', '7.2'), opStatus: 'unsupported', op: 'upsample_nearest2d.vec' })).toMatch(/^coremltools 7\.2 has no converter for `upsample_nearest2d\.vec`; 8\.0 adds it/);
  });

  it('no upgrade for a log plainly newer than the release that added the op', () => {
    for (const version of [v('7.2+', '7.2', null), v(null, null, null), v('8.1', '8.1', '8.1')]) {
      const fix = adviseOp(null, torchVerdict('floor'), { version, opStatus: 'unsupported', op: 'floor' });
      expect(fix).not.toMatch(/[Uu]pgrade/);
      expect(fix).not.toMatch(/\b4\.0 adds\b/);
    }
    // dim (5.2) in a 6.x log that still says "not implemented": no upgrade to 5.2.
    expect(firstFix(entry('dim'), { version: v('6.0+', '6.0', null), opStatus: 'unsupported' })).not.toMatch(/[Uu]pgrade/);
  });

  it('no upgrade for a case every release refuses, even when the log had no converter at all', () => {
    const fix = firstFix(entry('max_pool2d'), { version: v('7.0', '7.0', '7.0'), opStatus: 'unsupported', op: 'max_pool2d_with_indices' });
    expect(fix).toMatch(/^Drop return_indices.*\(coremltools 7\.1 and newer register `max_pool2d_with_indices`, but refuse this case\.\)$/);
  });

  it('a converter that exists and raised is not helped by an upgrade to the release that added it', () => {
    expect(firstFix(entry('linear'), { version: v(null, null, null), opStatus: 'failed' })).toBe(entry('linear').summary);
  });
});

describe('attachRewrites on parsed logs', () => {
  it('attaches the entry and the upgrade-first advice to an op a newer coremltools converts', () => {
    const log = parseConversionLogText([TORCH_1_10, notImplemented('lift_fresh')].join('\n'));
    attachRewrites(log);
    const rw = log.unsupportedOps[0]?.rewrite;
    expect(rw).toMatchObject({ id: 'lift_fresh', nativeSince: '7.0', summary: entry('lift_fresh').summary });
    expect(rw?.firstFix).toMatch(/^coremltools 5\.2 has no converter for `lift_fresh`; 7\.0 adds it: upgrade to 7\.0 or newer/);
    expect(rw?.snippet).toContain('register_buffer');
  });

  it('a rank-6 reshape gets the rank pattern, not the reshape entry', () => {
    const log = parseConversionLogText('ValueError: Core ML only supports tensors with rank <= 5. Layer "reshape_3", with type "reshape", outputs a rank 6 tensor.');
    attachRewrites(log);
    expect(log.unsupportedOps[0]?.rewrite?.id).toBe('rank-above-5');
  });

  it('an ONNX op without its own entry falls back to the ONNX converter pattern', () => {
    const log = parseConversionLogText('NotImplementedError: Unsupported ONNX ops of type: Cast,NonZeroTopK');
    attachRewrites(log);
    const ids = new Map(log.unsupportedOps.map((o) => [o.op, o.rewrite?.id]));
    expect(ids.get('Cast')).toBe('Cast');
    expect(ids.get('NonZeroTopK')).toBe('onnx-converter');
  });

  it('an op the catalogue lacks gets what the registry says, under its own name', () => {
    const log = parseConversionLogText(notImplemented('frobnicate'));
    attachRewrites(log);
    expect(log.unsupportedOps[0]?.rewrite).toMatchObject({ id: 'frobnicate', nativeSince: null, snippet: null });
    expect(log.unsupportedOps[0]?.rewrite?.firstFix).toMatch(/^No coremltools release registers `frobnicate`\. Write a @register_torch_op composite/);
  });

  it('does not attach an entry of another frontend that shares the name', () => {
    // `floor` spelled by the torch frontend is native; the ONNX Floor entry must not be attached to it.
    const log = parseConversionLogText(notImplemented('floor'));
    attachRewrites(log);
    const rw = log.unsupportedOps[0]?.rewrite;
    expect(rw?.id).toBe('floor');
    expect(rw?.firstFix).not.toMatch(/ONNX|onnx-coreml/);
    expect(rw?.firstFix).not.toMatch(/[Uu]pgrade/);
  });
});
