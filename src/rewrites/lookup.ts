/**
 * Finding a catalogue entry from any spelling a log (or a user) can print: `aten::upsample_bicubic2d`,
 * `upsample_bicubic2d_`, `'Upsample'`, `tf.raw_ops.Einsum`, `mb.inverse`, any letter case. Keys are
 * made with the log parser's own normalisers (src/convlog/ops.ts), lower-cased: one spelling, one key
 * per frontend, and the catalogue's validation guarantees that a key resolves to one entry.
 */
import type { Frontend } from '../convlog/model.js';
import { normalizeOp } from '../convlog/ops.js';
import { CATALOGUE } from './catalogue/index.js';
import type { CatalogueFrontend, RewriteEntry } from './schema.js';

const FRONTEND_ORDER: readonly CatalogueFrontend[] = ['pytorch', 'tensorflow', 'onnx', 'mil'];

/** The lookup keys of a spelling: each frontend's normalisation, lower-cased, the given frontend's first. */
export function spellingKeys(spelling: string, first?: Frontend): string[] {
  const order = first && first !== 'unknown' ? [first, ...FRONTEND_ORDER.filter((f) => f !== first)] : FRONTEND_ORDER;
  const keys: string[] = [];
  for (const frontend of order) {
    const key = normalizeOp(spelling.trim(), frontend).toLowerCase();
    if (key && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

export interface LookupHit {
  entry: RewriteEntry;
  /** The catalogue spelling (id or alias) the query matched. */
  spelling: string;
}

interface Index {
  byKey: Map<string, LookupHit>;
  byId: Map<string, RewriteEntry>;
  override: Map<string, RewriteEntry>;
  fallback: Map<string, RewriteEntry>;
}

let index: Index | null = null;

function buildIndex(entries: readonly RewriteEntry[]): Index {
  const byKey = new Map<string, LookupHit>();
  const byId = new Map<string, RewriteEntry>();
  const override = new Map<string, RewriteEntry>();
  const fallback = new Map<string, RewriteEntry>();
  for (const entry of entries) {
    byId.set(entry.id, entry);
    for (const spelling of [entry.id, ...entry.aliases]) {
      for (const key of spellingKeys(spelling)) if (!byKey.has(key)) byKey.set(key, { entry, spelling });
    }
    for (const id of entry.logMatch?.override ?? []) override.set(id, entry);
    for (const id of entry.logMatch?.fallback ?? []) fallback.set(id, entry);
  }
  return { byKey, byId, override, fallback };
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

/** The entry for a spelling, or null. `frontend` picks which normalisation is tried first. */
export function lookupRewrite(query: string, frontend?: Frontend): LookupHit | null {
  const { byKey } = getIndex();
  for (const key of spellingKeys(query, frontend)) {
    const hit = byKey.get(key);
    if (hit) return hit;
  }
  return null;
}

/** Entries that log diagnostics (by pattern id) point to: `override` beats the op's own entry. */
export function entryForDiagnostic(diagnosticId: string, kind: 'override' | 'fallback'): RewriteEntry | undefined {
  return getIndex()[kind].get(diagnosticId);
}

/** Up to `max` entries whose spellings are nearest to the query (edit distance, or containing it). */
export function nearestRewrites(query: string, max = 3): RewriteEntry[] {
  const queries = spellingKeys(query);
  const q = queries[0] ?? '';
  if (!q) return [];
  const limit = Math.max(3, Math.ceil(q.length * 0.5));
  const best = new Map<string, { entry: RewriteEntry; score: number }>();
  for (const [key, hit] of getIndex().byKey) {
    let score = Infinity;
    for (const qk of queries) {
      if (qk.length >= 3 && key.includes(qk)) score = Math.min(score, 1 + (key.length - qk.length) / 100);
      else score = Math.min(score, editDistance(qk, key, limit));
    }
    if (score > limit) continue;
    const prev = best.get(hit.entry.id);
    if (!prev || score < prev.score) best.set(hit.entry.id, { entry: hit.entry, score });
  }
  return [...best.values()]
    .sort((a, b) => a.score - b.score || a.entry.id.localeCompare(b.entry.id))
    .slice(0, max)
    .map((b) => b.entry);
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length] as number;
}
