/**
 * The catalogue against the op registry, on every entry and every spelling, with no exceptions;
 * and the checks themselves, on entries broken in each way the catalogue used to be.
 */
import { describe, expect, it } from 'vitest';
import { answerOp } from '../../src/rewrites/answer.js';
import { answerFix } from '../../src/rewrites/advice.js';
import { CATALOGUE } from '../../src/rewrites/catalogue/index.js';
import { crossCheckCatalogue } from '../../src/rewrites/cross-check.js';
import { entryStatusReading, lookupRewrite } from '../../src/rewrites/lookup.js';
import { isTensorflowName, registryVerdict, type RegistryFrontend } from '../../src/rewrites/registry/index.js';
import type { RewriteEntry } from '../../src/rewrites/schema.js';
import { entrySpellingReadings } from '../../src/rewrites/spelling.js';

const byId = new Map(CATALOGUE.map((e) => [e.id, e]));
const entry = (id: string) => byId.get(id) as RewriteEntry;

describe('the catalogue agrees with the registry', () => {
  it('on every entry: status, frontends, spellings and every version its prose claims', () => {
    expect(crossCheckCatalogue(CATALOGUE)).toEqual([]);
  });

  it('every op entry with a registry spelling states the release the registry gives its id', () => {
    let checked = 0;
    for (const e of CATALOGUE.filter((x) => x.kind === 'op')) {
      const r = entryStatusReading(e);
      if (!r) continue;
      const v = registryVerdict(r.name, r.frontend as RegistryFrontend);
      checked++;
      if (e.status.native === 'release' || e.status.native === 'refused') expect(e.status.nativeSince, e.id).toBe(v.since);
      else if (e.status.native === 'removed') expect([e.status.nativeSince, e.status.removedIn], e.id).toEqual([v.since, v.removedIn]);
      else expect(e.status.native, e.id).toBe(v.availability === 'main' ? 'main' : 'never');
      expect(e.status.native, e.id).not.toBe('current');
    }
    expect(checked).toBeGreaterThan(90);
  });

  it('every op spelling of every entry is answered with the registry facts of that spelling, not the entry\'s', () => {
    let aliases = 0;
    for (const e of CATALOGUE) {
      for (const spelling of [e.id, ...e.aliases]) {
        for (const r of entrySpellingReadings(spelling, e.frontends, e.kind, isTensorflowName)) {
          if (r.frontend === 'mil') continue;
          const a = answerOp(spelling, r.frontend);
          expect(a?.entry?.id, `${spelling} (${r.frontend})`).toBe(e.id);
          const v = registryVerdict(r.name, r.frontend as RegistryFrontend);
          expect(a?.registry, spelling).toEqual(v);
          // An upgrade advised without a log names the spelling's own first release.
          const fix = answerFix(a as NonNullable<typeof a>);
          const m = /^Native since coremltools (\S+?)[:( ]/.exec(fix);
          if (m) expect(m[1], `${spelling}: ${fix}`).toBe(v.since);
          expect(fix, spelling).not.toMatch(/[Uu]pgrade[^.]*\b4\.0\b/);
          aliases++;
        }
      }
    }
    expect(aliases).toBeGreaterThan(250);
  });

  it('the disagreements the issue names are fixed', () => {
    expect(answerOp('lift_fresh_copy')?.registry?.since).toBe('8.0');
    expect(answerOp('upsample_nearest2d.vec')?.registry?.since).toBe('8.0');
    expect(answerOp('native_layer_norm')?.registry?.since).toBe('7.1');
    expect(answerOp('max_pool2d_with_indices')?.registry?.since).toBe('7.1');
    expect(answerOp('index_put_')?.registry?.since).toBe('5.0');
    expect(answerOp('Einsum', 'tensorflow')?.registry?.since).toBe('4.0');
    expect(entry('Cast').status).toMatchObject({ native: 'removed', nativeSince: '4.0', removedIn: '6.0' });
    expect(entry('dim').status).toMatchObject({ native: 'release', nativeSince: '5.2' });
    expect(entry('max_pool2d').status.native).toBe('refused');
    expect(answerFix(answerOp('max_pool2d') as NonNullable<ReturnType<typeof answerOp>>)).not.toMatch(/[Uu]pgrade/);
    expect(lookupRewrite('prim::If')).toBeNull();
  });
});

describe('the cross-check catches each kind of disagreement', () => {
  const base = entry('roll');
  const broken = (patch: Partial<RewriteEntry>): RewriteEntry => ({ ...structuredClone(base), ...patch });
  const problems = (e: RewriteEntry) => crossCheckCatalogue([e]).map((p) => p.problem);

  it.each<[string, Partial<RewriteEntry>, RegExp]>([
    ['a first release one off', { status: { ...base.status, nativeSince: '6.3' } }, /status release 6\.3, but pytorch "roll" converts since 6\.2/],
    ['"current" where the registry knows the release', { status: { ...base.status, native: 'current', nativeSince: null } }, /status current, but the registry establishes it/],
    ['"never" for an op that converts', { status: { ...base.status, native: 'never', nativeSince: null } }, /status never, but/],
    ['an ONNX op called never that onnx-coreml converted', { id: 'Floor', frontends: ['onnx'], aliases: [], status: { ...base.status, native: 'never', nativeSince: null } }, /status never, but onnx "Floor" converts 4\.0 until 6\.0/],
    ['a TensorFlow op type on a PyTorch-only entry', { aliases: ['Einsum'] }, /"Einsum" is a tensorflow op .*not for tensorflow/],
    ['a frontend without a spelling of it', { frontends: ['pytorch', 'onnx'] }, /lists frontend onnx but none of its spellings/],
    ['a prose version that is wrong', { status: { ...base.status, note: '`roll` converts since 7.0.' } }, /claims "`roll` since 7\.0", but pytorch "roll" converts since 6\.2/],
    ['a prose version with no op to check', { status: { ...base.status, note: 'Registered since 6.2.' } }, /"since 6\.2" has no `op` before it/],
  ])('%s', (_what, patch, re) => {
    expect(problems(broken(patch)).some((p) => re.test(p)), problems(broken(patch)).join('\n')).toBe(true);
  });

  it('a pattern that captures the name of an op that converts', () => {
    const pattern = { ...structuredClone(entry('torch-jit-script')), aliases: ['prim::If'] };
    expect(problems(pattern)).toEqual([expect.stringMatching(/pattern spelling "prim::If" names pytorch "prim::If", which converts since 4\.0/)]);
  });
});
