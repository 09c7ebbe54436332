/**
 * The catalogue against the op registry: what each entry claims about native conversion must be
 * what coremltools' own history says, for the entry's spelling, its aliases and its frontends.
 * The tests run it on every entry, with no exceptions; it is not used at run time.
 *
 * 1. The id, in the entry's first registry frontend (PyTorch, TensorFlow, ONNX) that its form
 *    fits, has the entry's status: `release`/`refused` since the first release the registry
 *    shows, `removed` with both releases, `main`, `never`; `current` only without such a reading.
 * 2. Every frontend the entry lists has a spelling of that frontend's form.
 * 3. A spelling that is no op name of the entry's frontends but names a registered op of another
 *    frontend is an error (a TensorFlow op type on a PyTorch-only entry).
 * 4. A pattern's spellings never name an op that converts natively (`prim::If` converts since 4.0).
 * 5. Prose claims: "`name` since V" in the note, summary or rewrite must match the registry, and
 *    no "since V" may stand without a `name` to check it against.
 */
import { MIL_OPS } from './mil-ops.js';
import { isKnown, isTensorflowName, registryVerdict, type RegistryFrontend, type RegistryVerdict } from './registry/index.js';
import { entryStatusReading } from './lookup.js';
import type { RewriteEntry } from './schema.js';
import { entrySpellingReadings, readingsOf, type Reading } from './spelling.js';

export interface CrossCheckProblem {
  id: string;
  problem: string;
}

const REGISTRY_FRONTENDS = new Set(['pytorch', 'tensorflow', 'onnx']);

function verdictOf(r: Reading): RegistryVerdict {
  return registryVerdict(r.name, r.frontend as RegistryFrontend);
}

function describe(v: RegistryVerdict): string {
  if (v.availability === 'release') return `converts since ${v.since}`;
  if (v.availability === 'main') return 'converts on main only';
  if (v.availability === 'removed') return `converts ${v.since} until ${v.removedIn}`;
  return 'is registered by no release';
}

function checkStatus(e: RewriteEntry, add: (p: string) => void): void {
  const s = e.status;
  const r = e.kind === 'op' ? entryStatusReading(e) : null;
  if (!r) {
    if (e.kind === 'op' && s.native !== 'current' && s.native !== 'never' && !e.frontends.includes('mil')) add(`status "${s.native}" but "${e.id}" is no registry spelling of its frontends`);
    return;
  }
  const v = verdictOf(r);
  const label = `${r.frontend} "${v.name}" ${describe(v)}`;
  switch (s.native) {
    case 'release':
    case 'refused':
      if (v.availability !== 'release' || v.since !== s.nativeSince) add(`status ${s.native} ${s.nativeSince}, but ${label}`);
      break;
    case 'removed':
      if (v.availability !== 'removed' || v.since !== s.nativeSince || v.removedIn !== s.removedIn) add(`status removed ${s.nativeSince}-${s.removedIn}, but ${label}`);
      break;
    case 'main':
      if (v.availability !== 'main') add(`status main, but ${label}`);
      break;
    case 'never':
      if (v.availability !== 'never') add(`status never, but ${label}`);
      break;
    case 'current':
      add(`status current, but the registry establishes it: ${label}`);
      break;
  }
}

function checkSpellings(e: RewriteEntry, add: (p: string) => void): void {
  const covered = new Set<string>();
  for (const spelling of [e.id, ...e.aliases]) {
    const mine = entrySpellingReadings(spelling, e.frontends, e.kind, isTensorflowName);
    for (const r of mine) covered.add(r.frontend);
    const all = readingsOf(spelling, undefined, isTensorflowName).filter((r) => r.fit === 'fits' && REGISTRY_FRONTENDS.has(r.frontend));
    if (e.kind === 'pattern') {
      for (const r of readingsOf(spelling, undefined, isTensorflowName).filter((x) => REGISTRY_FRONTENDS.has(x.frontend) && (x.fit === 'fits' || x.frontend === 'pytorch'))) {
        const v = verdictOf(r);
        if (v.availability === 'release' || v.availability === 'main') add(`pattern spelling "${spelling}" names ${r.frontend} "${v.name}", which ${describe(v)}`);
      }
      continue;
    }
    // A spelling of none of the entry's frontends that names a registered op of another one.
    if (mine.length) continue;
    for (const r of all) {
      if (e.frontends.includes(r.frontend)) continue;
      const v = verdictOf(r);
      if (isKnown(v)) add(`spelling "${spelling}" is a ${r.frontend} op (${describe(v)}), but the entry is not for ${r.frontend}`);
    }
  }
  if (e.kind === 'op') {
    for (const f of e.frontends) {
      if (f === 'mil' && [e.id, ...e.aliases].some((a) => MIL_OPS.has(a.replace(/^mb\./, '')))) continue;
      if (!covered.has(f)) add(`lists frontend ${f} but none of its spellings is a ${f} op name`);
    }
  }
}

const CLAIM = /`([^`]+)`(?:\s+\([^)]*\))?\s+\(?(?:(?:is|are)\s+)?(?:(?:registered|converted|converts?|native|natively)\s+){0,2}(?:since|from)\s+(?:coremltools\s+)?(\d+\.\d+|main)\b/g;
const VERSION_CLAIM = /\b(?:since|from)\s+(?:coremltools\s+)?\d+\.\d+\b/g;

function checkProse(e: RewriteEntry, add: (p: string) => void): void {
  const texts = [e.status.note, e.summary, ...e.rewrite];
  for (const text of texts) {
    const checked: [number, number][] = [];
    for (const m of text.matchAll(CLAIM)) {
      checked.push([m.index, m.index + m[0].length]);
      const name = m[1] as string;
      const version = m[2] as string;
      const readings = readingsOf(name, e.frontends, isTensorflowName).filter((r) => REGISTRY_FRONTENDS.has(r.frontend));
      const r = readings.find((x) => x.fit === 'fits') ?? readings[0];
      if (!r) {
        add(`claims "\`${name}\` since ${version}", but "${name}" is no op name of the entry's frontends`);
        continue;
      }
      const v = verdictOf(r);
      if (v.since !== version) add(`claims "\`${name}\` since ${version}", but ${r.frontend} "${v.name}" ${describe(v)}`);
    }
    for (const m of text.matchAll(VERSION_CLAIM)) {
      const at = m.index;
      if (!checked.some(([a, b]) => at >= a && at < b)) add(`"${m[0]}" has no \`op\` before it to check against the registry: "${text.slice(Math.max(0, at - 40), at + m[0].length)}"`);
    }
  }
}

/** Every disagreement between the catalogue and the registry; empty when they agree. */
export function crossCheckCatalogue(entries: readonly RewriteEntry[]): CrossCheckProblem[] {
  const problems: CrossCheckProblem[] = [];
  for (const e of entries) {
    const add = (problem: string) => problems.push({ id: e.id, problem });
    checkStatus(e, add);
    checkSpellings(e, add);
    checkProse(e, add);
  }
  return problems;
}
