/** The first fix: the upgrade when a newer coremltools converts the op, else the rewrite. */
import { describe, expect, it } from 'vitest';
import { parseConversionLogText } from '../../src/convlog/parser.js';
import { attachRewrites, firstFix } from '../../src/rewrites/advice.js';
import { entryById } from '../../src/rewrites/lookup.js';
import type { RewriteEntry } from '../../src/rewrites/schema.js';

const entry = (id: string) => entryById(id) as RewriteEntry;
const v = (value: string | null, min: string | null, max: string | null) => ({ value, min, max });

describe('firstFix', () => {
  it('starts with the upgrade when the log is older than the native release', () => {
    const fix = firstFix(entry('lift_fresh'), { version: v('6.2', '6.2', '6.2'), op: 'lift_fresh' });
    expect(fix).toMatch(/^Upgrade coremltools to 7\.0 or newer \(this log: 6\.2\): it converts `lift_fresh` natively\. Otherwise: /);
  });

  it('gives the rewrite when the log is already new enough', () => {
    expect(firstFix(entry('lift_fresh'), { version: v('8.1', '8.1', '8.1') })).toBe(entry('lift_fresh').summary);
  });

  it('says "native since X: upgrade if you are older" when the version is unknown', () => {
    expect(firstFix(entry('linear'))).toMatch(/^Native since coremltools 5\.0: upgrade if you are older\. Otherwise: /);
  });

  it('an op without a converter in a range that straddles the release means: upgrade', () => {
    const fix = firstFix(entry('linear'), { version: v('4.0-5.0', '4.0', '5.0'), opStatus: 'unsupported', op: 'linear' });
    expect(fix).toMatch(/^Upgrade coremltools to 5\.0 or newer \(this log: 4\.0-5\.0\): the version that printed this log had no converter for `linear`/);
  });

  it('names the deployment target the native op needs', () => {
    expect(firstFix(entry('pixel_unshuffle'), { version: v('5.2', '5.2', '5.2') })).toMatch(/^Upgrade coremltools to 6\.0 or newer .* with minimum_deployment_target=ct\.target\.iOS16\./);
    expect(firstFix(entry('pixel_unshuffle'), { version: v('8.0', '8.0', '8.0') })).toMatch(/^Set minimum_deployment_target=ct\.target\.iOS16 or newer\./);
  });

  it('a converter bug fixed later: upgrade past the fix', () => {
    expect(firstFix(entry('full'), { version: v('7.2', '7.2', '7.2') })).toMatch(/^Upgrade coremltools to 8\.0 or newer \(this log: 7\.2\): it fixed the dtype handling/);
    expect(firstFix(entry('full'), { version: v('7.2+', '7.2', null) })).toMatch(/^Fixed in coremltools 8\.0 .*: upgrade if you are older \(this log: 7\.2\+\)/);
    expect(firstFix(entry('full'), { version: v('8.2', '8.2', '8.2') })).toBe(entry('full').summary);
  });

  it('main-only and never-native entries give the rewrite', () => {
    expect(firstFix(entry('upsample_bicubic2d'))).toMatch(/^coremltools main \(unreleased\) converts `upsample_bicubic2d`; until a release does: Replace/);
    expect(firstFix(entry('pythonop'), { version: v('4.0', '4.0', '4.0') })).toBe(entry('pythonop').summary);
  });

  it('a current-only entry with no converter in the log\'s version: upgrade', () => {
    expect(firstFix(entry('dim'), { opStatus: 'unsupported', op: 'dim' })).toMatch(/^Upgrade coremltools: the version that printed this log had no converter for `dim`/);
  });
});

describe('attachRewrites on parsed logs', () => {
  const TORCH_1_10 = 'Torch version 1.12.1 has not been tested with coremltools. You may run into unexpected errors. Torch 1.10.2 is the most recent version that has been tested.';

  it('attaches the entry and the upgrade-first advice to an op a newer coremltools converts', () => {
    const log = parseConversionLogText([TORCH_1_10, "RuntimeError: PyTorch convert function for op 'lift_fresh' not implemented."].join('\n'));
    attachRewrites(log);
    const rw = log.unsupportedOps[0]?.rewrite;
    expect(rw).toMatchObject({ id: 'lift_fresh', nativeSince: '7.0', summary: entry('lift_fresh').summary });
    expect(rw?.firstFix).toMatch(/^Upgrade coremltools to 7\.0 or newer \(this log: 5\.2\)/);
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

  it('an op with no entry gets rewrite: null', () => {
    const log = parseConversionLogText("RuntimeError: PyTorch convert function for op 'frobnicate' not implemented.");
    attachRewrites(log);
    expect(log.unsupportedOps[0]?.rewrite).toBeNull();
  });

  it('does not attach an entry of another frontend that shares the name', () => {
    // `floor` spelled by the torch frontend is native; the ONNX Floor entry must not be attached to it.
    const log = parseConversionLogText("RuntimeError: PyTorch convert function for op 'floor' not implemented.");
    attachRewrites(log);
    expect(log.unsupportedOps[0]?.rewrite).toBeNull();
  });
});
