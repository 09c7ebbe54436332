/**
 * Finding a catalogue entry from any spelling a log (or a user) can print: `aten::upsample_bicubic2d`,
 * `upsample_bicubic2d_`, `'Upsample'`, `tf.raw_ops.Einsum`, `mb.inverse`, any letter case. Each
 * entry's spellings are indexed per frontend, under the key that frontend looks ops up by
 * (src/rewrites/spelling.ts): a TensorFlow query never lands on an entry through a PyTorch
 * spelling, and PyTorch keys follow coremltools' own rules (`upsample_nearest2d.vec` stays dotted).
 * Spellings that are no op name (`F.interpolate(mode="bicubic")`, `rank-above-5`) are words,
 * found from any frontend. The catalogue's validation guarantees that a key finds one entry.
 */
import type { Frontend } from '../convlog/model.js';
import { CATALOGUE } from './catalogue/index.js';
import { isTensorflowName } from './registry/index.js';
import type { CatalogueFrontend, RewriteEntry } from './schema.js';
import { entrySpellingReadings, readingsOf, torchBaseKey, wordKey, type Reading } from './spelling.js';

export interface LookupHit {
  entry: RewriteEntry;
  /** The catalogue spelling (id or alias) the query matched. */
  spelling: string;
  /** The frontend whose spelling matched; null when the query matched a word (a pattern name, a Python API). */
  frontend: CatalogueFrontend | null;
}

type Space = CatalogueFrontend | 'word';

interface Index {
  spaces: Map<Space, Map<string, LookupHit>>;
  byId: Map<string, RewriteEntry>;
  override: Map<string, RewriteEntry>;
  fallback: Map<string, RewriteEntry>;
}

let index: Index | null = null;
/** Every indexed key, lower-cased once, with its entry (what nearestRewrites compares a query with). */
let nearKeys: { key: string; entry: RewriteEntry }[] | null = null;

function getNearKeys(): { key: string; entry: RewriteEntry }[] {
  if (!nearKeys) {
    nearKeys = [];
    for (const space of getIndex().spaces.values()) for (const [k, hit] of space) nearKeys.push({ key: k.toLowerCase(), entry: hit.entry });
  }
  return nearKeys;
}

/** The keys an entry's spelling is indexed under, as `space:key` (the validation checks they find one entry). */
export function entrySpellingKeys(spelling: string, entry: Pick<RewriteEntry, 'frontends' | 'kind'>): string[] {
  const readings = entrySpellingReadings(spelling, entry.frontends, entry.kind, isTensorflowName);
  return readings.length ? readings.map((r) => `${r.frontend}:${r.key}`) : [`word:${wordKey(spelling)}`];
}

function buildIndex(entries: readonly RewriteEntry[]): Index {
  const spaces = new Map<Space, Map<string, LookupHit>>();
  const byId = new Map<string, RewriteEntry>();
  const override = new Map<string, RewriteEntry>();
  const fallback = new Map<string, RewriteEntry>();
  for (const entry of entries) {
    byId.set(entry.id, entry);
    for (const spelling of [entry.id, ...entry.aliases]) {
      for (const k of entrySpellingKeys(spelling, entry)) {
        const at = k.indexOf(':');
        const space = k.slice(0, at) as Space;
        const key = k.slice(at + 1);
        let m = spaces.get(space);
        if (!m) spaces.set(space, (m = new Map()));
        if (!m.has(key)) m.set(key, { entry, spelling, frontend: space === 'word' ? null : space });
      }
    }
    for (const id of entry.logMatch?.override ?? []) override.set(id, entry);
    for (const id of entry.logMatch?.fallback ?? []) fallback.set(id, entry);
  }
  return { spaces, byId, override, fallback };
}

function getIndex(): Index {
  index ??= buildIndex(CATALOGUE);
  return index;
}

export function catalogueEntries(): readonly RewriteEntry[] {
  return CATALOGUE;
}

export function entryById(id: string): RewriteEntry | undefined {
  return getIndex().byId.get(id);
}

function asCatalogueFrontend(frontend: Frontend | CatalogueFrontend | undefined): CatalogueFrontend | undefined {
  return frontend && frontend !== 'unknown' ? frontend : undefined;
}

/** The registry reading an entry's status is about: its id in the entry's first registry frontend (PyTorch, TensorFlow, ONNX). */
export function entryStatusReading(entry: Pick<RewriteEntry, 'id' | 'frontends' | 'kind'>): Reading | null {
  return entrySpellingReadings(entry.id, entry.frontends, entry.kind, isTensorflowName).find((r) => r.frontend !== 'mil') ?? null;
}

/** The readings of a query, the given frontend's only when one is given. */
export function queryReadings(query: string, frontend?: Frontend | CatalogueFrontend): Reading[] {
  const f = asCatalogueFrontend(frontend);
  return readingsOf(query, f ? [f] : undefined, isTensorflowName);
}

/** The catalogue entry one reading finds (a torch.export overload falls back to its op: `scatter.value_reduce` → scatter). */
export function lookupReading(r: Reading): LookupHit | null {
  const m = getIndex().spaces.get(r.frontend);
  const hit = m?.get(r.key);
  if (hit) return hit;
  if (r.frontend === 'pytorch') {
    const base = torchBaseKey(r.name);
    if (base) return m?.get(base) ?? null;
  }
  return null;
}

/** The entry a word (pattern name, Python API spelling) finds. */
export function lookupWord(query: string): LookupHit | null {
  return getIndex().spaces.get('word')?.get(wordKey(query)) ?? null;
}

/**
 * The entry for a spelling, or null: through its readings (spellings of the frontend's own form
 * first, then the ones it could be meant as), then as a word. `frontend` limits it to one frontend.
 */
export function lookupRewrite(query: string, frontend?: Frontend | CatalogueFrontend): LookupHit | null {
  const readings = queryReadings(query, frontend);
  for (const fit of ['fits', 'loose'] as const) {
    for (const r of readings) {
      if (r.fit !== fit) continue;
      const hit = lookupReading(r);
      if (hit) return hit;
    }
  }
  return lookupWord(query);
}

/** The lookup keys of a spelling, the given frontend's first (plain keys, as the frontends look them up). */
export function spellingKeys(spelling: string, first?: Frontend | CatalogueFrontend): string[] {
  const f = asCatalogueFrontend(first);
  const all = readingsOf(spelling, undefined, isTensorflowName);
  const ordered = f ? [...all.filter((r) => r.frontend === f), ...all.filter((r) => r.frontend !== f)] : all;
  const keys = ordered.map((r) => r.key);
  if (!keys.length) keys.push(wordKey(spelling));
  return keys.filter((k, i) => keys.indexOf(k) === i);
}

/** Entries that log diagnostics (by pattern id) point to: `override` beats the op's own entry. */
export function entryForDiagnostic(diagnosticId: string, kind: 'override' | 'fallback'): RewriteEntry | undefined {
  return getIndex()[kind].get(diagnosticId);
}

/** Up to `max` entries whose spellings are nearest to the query (edit distance, or containing it). */
export function nearestRewrites(query: string, max = 3): RewriteEntry[] {
  const queries = spellingKeys(query).map((k) => k.toLowerCase());
  const q = queries[0] ?? '';
  if (!q) return [];
  const limit = Math.max(3, Math.ceil(q.length * 0.5));
  const best = new Map<string, { entry: RewriteEntry; score: number }>();
  // An edit distance alone calls `callfunction` near `attention`: a suggestion must also share a real
  // piece of the name (`upsample_bi…` for `upsample_bicubc`), a run of at least `run` characters, so
  // a key must contain one of the query's pieces of that length (the same as longestCommonRun ≥ run).
  const pieces = queries.map((qk) => runPieces(qk, Math.max(4, Math.ceil(qk.length * 0.4))));
  for (const { key, entry } of getNearKeys()) {
    let score = Infinity;
    for (let i = 0; i < queries.length; i++) {
      const qk = queries[i] as string;
      if (qk.length >= 3 && key.includes(qk)) score = Math.min(score, 1 + (key.length - qk.length) / 100);
      else if ((pieces[i] as string[]).some((p) => key.includes(p))) score = Math.min(score, editDistance(qk, key, limit));
    }
    if (score > limit) continue;
    const prev = best.get(entry.id);
    if (!prev || score < prev.score) best.set(entry.id, { entry, score });
  }
  return [...best.values()]
    .sort((a, b) => a.score - b.score || a.entry.id.localeCompare(b.entry.id))
    .slice(0, max)
    .map((b) => b.entry);
}

/** The distinct pieces of `s` that are `n` characters long (none when `s` is shorter). */
export function runPieces(s: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= s.length; i++) {
    const p = s.slice(i, i + n);
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** Length of the longest run of characters that `a` and `b` share (names are short: quadratic is fine). */
export function longestCommonRun(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let n = 0;
      while (i + n < a.length && j + n < b.length && a.charCodeAt(i + n) === b.charCodeAt(j + n)) n++;
      if (n > best) best = n;
    }
  }
  return best;
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. Two reused rows, no allocation. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (rowA.length <= b.length) {
    rowA = new Int32Array(b.length + 1);
    rowB = new Int32Array(b.length + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const del = (prev[j] as number) + 1;
      const ins = (cur[j - 1] as number) + 1;
      const sub = (prev[j - 1] as number) + cost;
      const v = del < ins ? (del < sub ? del : sub) : ins < sub ? ins : sub;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length] as number;
}
