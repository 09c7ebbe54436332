/** The catalogue is data with a schema: every entry is checked, and the checks themselves are checked. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/rewrites/catalogue/index.js';
import { entrySpellingKeys } from '../../src/rewrites/lookup.js';
import { MIL_OPS, milOpTarget } from '../../src/rewrites/mil-ops.js';
import { validateCatalogue, type RewriteEntry } from '../../src/rewrites/schema.js';

const byId = new Map(CATALOGUE.map((e) => [e.id, e]));

describe('rewrites catalogue', () => {
  it('passes schema validation: fields, unique ids and spellings, MIL ops, URLs, versions', () => {
    expect(validateCatalogue(CATALOGUE, entrySpellingKeys)).toEqual([]);
  });

  it('has at least 80 entries across PyTorch, TensorFlow, ONNX and MIL, each with a snippet', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(80);
    for (const f of ['pytorch', 'tensorflow', 'onnx', 'mil'] as const) expect(CATALOGUE.some((e) => e.frontends.includes(f))).toBe(true);
    expect(CATALOGUE.filter((e) => e.snippets.length === 0).map((e) => e.id)).toEqual([]);
  });

  it('covers every op the corpus logs name and the problems INDEX.md lists', () => {
    const ids = ['pythonop', 'Switch', 'inverse', 'reshape', 'full', 'upsample_bicubic2d', 'Cast', 'Floor', 'lift_fresh', 'linear', 'dim', 'empty', 'gather', 'clamp', 'matmul', 'group_norm', 'min', 'to', 'rank-above-5'];
    expect(ids.filter((id) => !byId.has(id))).toEqual([]);
  });

  it('covers the recurring patterns the issue asks for', () => {
    const ids = ['int64-fp64', 'bool-tensors', 'dynamic-shapes', 'rank-above-5', 'torch-jit-script', 'inplace-ops', 'scaled_dot_product_attention', 'einsum', 'attention-ane-layout'];
    expect(ids.filter((id) => !byId.has(id))).toEqual([]);
    // Custom autograd Functions are what `pythonop` is.
    expect(byId.get('pythonop')?.aliases).toContain('autograd.Function');
  });

  it('names only MIL ops that exist, and a native entry needing a newer opset says so', () => {
    expect(MIL_OPS.has('matmul') && MIL_OPS.has('scaled_dot_product_attention') && !MIL_OPS.has('bicubic')).toBe(true);
    expect(milOpTarget('pixel_unshuffle')).toBe('iOS16');
    expect(byId.get('pixel_unshuffle')?.status.minTarget).toBe('iOS16');
    expect(byId.get('stateful-kv-cache')?.status.minTarget).toBe('iOS18');
  });

  it('records how each entry was sourced, with at least one URL', () => {
    for (const e of CATALOGUE) {
      expect(['source', 'research', 'docs', 'issue']).toContain(e.provenance);
      expect(e.sources.length).toBeGreaterThan(0);
    }
  });
});

describe('catalogue validation catches broken entries', () => {
  const base = byId.get('roll') as RewriteEntry;
  const broken = (patch: Partial<RewriteEntry>): RewriteEntry => ({ ...structuredClone(base), id: 'broken_op', aliases: ['broken_alias'], ...patch });
  const problems = (...entries: RewriteEntry[]) => validateCatalogue([base, ...entries], entrySpellingKeys).map((p) => p.problem);

  it.each<[string, Partial<RewriteEntry>, RegExp]>([
    ['a spelling that resolves to two entries', { aliases: ['aten::roll_'] }, /also resolves to roll/],
    ['a duplicate id', { id: 'Roll' }, /duplicate id/],
    ['an unknown frontend', { frontends: ['caffe' as never] }, /unknown frontend/],
    ['a MIL op that does not exist', { milOps: ['bicubic_resize'] }, /not a MIL op/],
    ['a bad URL', { sources: [{ title: 'x', url: 'http://example.com/x' }] }, /bad source URL/],
    ['a beta as nativeSince', { status: { ...base.status, nativeSince: '6.0b1' } }, /not a release version/],
    ['nativeSince without native release', { status: { ...base.status, native: 'never' } }, /exactly when native/],
    ['a placeholder snippet', { snippets: [{ kind: 'model', title: 't', code: 'def f(x):\n    # TODO\n    pass' }] }, /placeholder/],
    ['a two-line summary', { summary: 'a\nb' }, /not one line/],
  ])('%s', (_what, patch, re) => {
    expect(problems(broken(patch)).some((p) => re.test(p))).toBe(true);
  });
});

describe('docs/rewrites.md states the catalogue as it is', () => {
  it('entry, snippet and provenance counts match the data', () => {
    const doc = readFileSync(new URL('../../docs/rewrites.md', import.meta.url), 'utf8');
    const count = (p: string) => CATALOGUE.filter((e) => e.provenance === p).length;
    expect(doc).toContain(`| Entries | ${CATALOGUE.length}: ${CATALOGUE.filter((e) => e.kind === 'op').length} ops, ${CATALOGUE.filter((e) => e.kind === 'pattern').length} patterns |`);
    expect(doc).toContain(`| With a snippet | ${CATALOGUE.filter((e) => e.snippets.length).length} (${CATALOGUE.reduce((n, e) => n + e.snippets.length, 0)} snippets`);
    expect(doc).toContain(`**${count('source')} verified in the coremltools source**`);
    expect(doc).toContain(`**${count('research')} from the research table**`);
    expect(doc).toContain(`**${count('issue')} from issue threads**`);
    expect(doc).toContain(`**${count('docs')} from documentation**`);
  });
});
