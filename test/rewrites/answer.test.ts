/**
 * `rewrites OP` answers for every op of every frontend: a catalogue entry where there is one, the
 * registry's word for the spelling always, MIL ops as MIL ops, ONNX and TensorFlow names for their
 * own frontend; and it walks every name the registry lists.
 */
import { describe, expect, it } from 'vitest';
import { answerOp } from '../../src/rewrites/answer.js';
import { answerFix } from '../../src/rewrites/advice.js';
import { registryNames, REGISTRY_FRONTENDS } from '../../src/rewrites/registry/index.js';
import { renderAnswerJson } from '../../src/render/rewrites/json.js';
import { renderAnswerMarkdown } from '../../src/render/rewrites/markdown.js';
import { renderAnswerText } from '../../src/render/rewrites/text.js';
import { answerFor } from '../../src/rewrites/query.js';

const fixOf = (q: string, f?: Parameters<typeof answerOp>[1]) => {
  const a = answerOp(q, f);
  if (!a) throw new Error(`no answer for ${q}`);
  return answerFix(a);
};

describe('any op, by frontend', () => {
  it('a registry-only PyTorch op: converts since a release, with the spelling rule per release', () => {
    const a = answerOp('relu_');
    expect(a).toMatchObject({ frontend: 'pytorch', entry: null, registry: { availability: 'release', since: '4.0' } });
    expect(a?.registry?.segments.map((s) => s.key)).toEqual(['relu_', 'relu']);
    const text = renderAnswerText(answerFor('relu_'));
    expect(text).toMatch(/^relu_ {2}PyTorch op, no catalogue entry/);
    expect(text).toContain('Releases      4.0–5.0; 5.1–main as relu (from 5.1 a trailing `_` is stripped)');
    expect(fixOf('relu_')).toMatch(/^coremltools converts `relu_` natively since 4\.0: no rewrite is needed/);
  });

  it('a registered op whose converter refuses arguments says which', () => {
    const text = renderAnswerText(answerFor('div'));
    expect(text).toMatch(/Refuses {7}rounding mode "…" not supported in the "div" op/);
  });

  it('a name no release registers: the generic way out and the nearest entries', () => {
    const a = answerOp('upsample_bicubc');
    expect(a).toMatchObject({ entry: null, registry: { availability: 'never' } });
    expect(a?.nearest[0]).toBe('upsample_bicubic2d');
    expect(fixOf('upsample_bicubc')).toMatch(/^No coremltools release registers `upsample_bicubc`\. Write a @register_torch_op composite/);
  });

  it('MIL op names as the type checker prints them are MIL ops: the failure is about their inputs', () => {
    for (const op of ['reduce_sum', 'expand_dims', 'conv_transpose', 'mb.reduce_max']) {
      const a = answerOp(op);
      expect(a?.frontend, op).toBe('mil');
      expect(fixOf(op), op).toMatch(/is a MIL op \(iOS15 opset\).*about its inputs.*int64-fp64.*rank-above-5.*dynamic-shapes/);
    }
    // `gather` is a PyTorch op with an entry, and a MIL op the same entry covers (float indices fail its type check).
    expect(answerOp('gather')).toMatchObject({ frontend: 'pytorch', entry: { id: 'gather' } });
    expect(answerOp('mb.gather')).toMatchObject({ frontend: 'mil', entry: { id: 'gather' }, registry: null });
    expect(fixOf('mb.gather')).toBe(answerOp('gather')?.entry?.summary);
    expect(answerOp('relu')?.others.map((o) => o.frontend)).toContain('mil');
    expect(fixOf('resize')).toMatch(/iOS17 opset.*minimum_deployment_target=ct\.target\.iOS17/);
  });

  it('ONNX names are answered for ONNX: never PyTorch advice for an ONNX Gather', () => {
    const a = answerOp('Gather', 'onnx');
    expect(a).toMatchObject({ frontend: 'onnx', entry: null, registry: { availability: 'removed', since: '4.0', removedIn: '6.0' } });
    const fix = fixOf('Gather', 'onnx');
    expect(fix).toMatch(/ONNX `Gather`.*minimum_ios_deployment_target="13".*6\.0 removed the ONNX converter/);
    expect(fix).not.toMatch(/register_torch_op|idx\.long/);
    expect(answerOp('onnx::Gather')?.frontend).toBe('onnx');
    // Without a frontend, a CamelCase name is a TF/ONNX op type, and the PyTorch op is listed beside it.
    const plain = answerOp('Gather');
    expect(plain?.frontend).toBe('tensorflow');
    expect(plain?.others.map((o) => `${o.frontend}:${o.name}`)).toEqual(expect.arrayContaining(['onnx:Gather', 'pytorch:gather']));
  });

  it('onnx-coreml ops are "removed in 6.0", distinct from ops it never had', () => {
    expect(renderAnswerText(answerFor('Shape', 'onnx'))).toMatch(/Native +onnx-coreml\s+converted\s+it\s+in\s+the\s+ND\s+registry[\s\S]*?since\s+v1\.0;\s+coremltools\s+4\.0–5\.2\s+shipped\s+it;\s+6\.0\s+removed\s+the\s+ONNX\s+converter/);
    expect(answerOp('NonZeroTopK', 'onnx')?.registry).toMatchObject({ availability: 'never', onnx: null });
    expect(fixOf('NonZeroTopK', 'onnx')).toMatch(/coremltools 6\.0 removed the ONNX converter/);
  });

  it('TensorFlow names for TensorFlow, graph-pass ops included', () => {
    expect(answerOp('tf.raw_ops.Einsum')).toMatchObject({ frontend: 'tensorflow', entry: { id: 'einsum' }, registry: { since: '4.0' } });
    expect(answerOp('Merge')).toMatchObject({ frontend: 'tensorflow', entry: { id: 'Switch' } });
    expect(fixOf('NextIteration')).toMatch(/graph pass before the registry is asked .*functionalize_loops/);
    expect(fixOf('Unique', 'tensorflow')).toMatch(/^No coremltools release registers TF op `Unique`/);
  });

  it('an entry found by an alias gets the alias\'s own release', () => {
    const a = answerOp('lift_fresh_copy');
    expect(a).toMatchObject({ entry: { id: 'lift_fresh' }, registry: { since: '8.0' } });
    expect(renderAnswerText(answerFor('lift_fresh_copy'))).toMatch(/Native +natively since coremltools 8\.0 \(the entry's lift_fresh: 7\.0\+\)/);
    expect(fixOf('lift_fresh_copy')).toMatch(/^Native since coremltools 8\.0: upgrade if you are older/);
    expect(fixOf('take_along_dim')).toMatch(/^No coremltools release registers `take_along_dim`\. Make indices an integer tensor/);
  });

  it('words (pattern names, Python API spellings) find their entry; other text is no op name', () => {
    expect(answerOp('rank-above-5')?.entry?.id).toBe('rank-above-5');
    expect(answerOp('F.interpolate(mode="bicubic")')?.entry?.id).toBe('upsample_bicubic2d');
    expect(answerOp('hello world')).toBeNull();
    expect(() => answerFor('hello world')).toThrow(/is no op name; expected an op as a log prints it/);
  });
});

describe('every name the registry lists gets an answer, in every format', () => {
  for (const frontend of REGISTRY_FRONTENDS) {
    it(frontend, () => {
      const names = registryNames(frontend);
      expect(names.length).toBeGreaterThan(100);
      for (const name of names) {
        const view = answerFor(name, frontend);
        expect(view.answer.frontend, name).toBe(frontend);
        expect(view.answer.registry, name).not.toBeNull();
        expect(view.firstFix.trim().length, name).toBeGreaterThan(20);
        expect(view.firstFix, name).not.toMatch(/[Uu]pgrade[^.]*\b4\.0\b/);
        const json = JSON.parse(renderAnswerJson(view));
        expect(json.registry.name.toLowerCase(), name).toBe(name.toLowerCase());
        expect(renderAnswerText(view)).toContain('First fix');
        expect(renderAnswerMarkdown(view)).toContain('**First fix:**');
      }
    });
  }
});
