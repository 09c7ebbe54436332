/**
 * `rewrites OP` for any op of any frontend: the catalogue entry where there is one, and always
 * what the op registry says about the spelling itself (the releases that convert it, under which
 * key, what its converter refuses). A name that means several things (`Cast` is a TensorFlow and
 * an ONNX op type, `gather` a PyTorch and a MIL op) is answered for the frontend its form fits,
 * best known first, and the other readings are listed beside it.
 */
import type { Frontend } from '../convlog/model.js';
import { stripQuotes } from '../convlog/ops.js';
import { catalogueEntries, entryStatusReading, lookupReading, lookupWord, nearestRewrites, queryReadings, type LookupHit } from './lookup.js';
import { MIL_OPS, milOpTarget } from './mil-ops.js';
import { isKnown, registryVerdict, type RegistryFrontend, type RegistryVerdict } from './registry/index.js';
import type { CatalogueFrontend, DeploymentTarget, RewriteEntry } from './schema.js';
import type { Reading } from './spelling.js';

export interface MilReading {
  op: string;
  /** The opset that introduced the MIL op. */
  target: DeploymentTarget;
}

/** The same name read for another frontend. */
export interface OtherReading {
  frontend: CatalogueFrontend;
  name: string;
  entry: RewriteEntry | null;
  registry: RegistryVerdict | null;
  mil: MilReading | null;
}

export interface OpAnswer {
  query: string;
  /** The frontend it is answered for; null when the query is a word (a pattern name) and no op. */
  frontend: CatalogueFrontend | null;
  /** The op as that frontend names it. */
  name: string;
  entry: RewriteEntry | null;
  /** The catalogue spelling the query matched. */
  matched: string | null;
  /** What the registry says about the spelling (PyTorch, TensorFlow, ONNX). */
  registry: RegistryVerdict | null;
  /** When the name is a MIL op: it exists, so a failure is about its inputs. */
  mil: MilReading | null;
  /** The other frontends that know the name. */
  others: OtherReading[];
  /** Catalogue entries whose text names the op (when it has none of its own). */
  mentionedIn: string[];
  /** The nearest catalogue entries (when it has none of its own). */
  nearest: string[];
}

const REGISTRY: ReadonlySet<string> = new Set(['pytorch', 'tensorflow', 'onnx']);

interface Candidate {
  reading: Reading;
  hit: LookupHit | null;
  registry: RegistryVerdict | null;
  mil: MilReading | null;
}

function candidate(reading: Reading): Candidate {
  const registry = REGISTRY.has(reading.frontend) ? registryVerdict(reading.name, reading.frontend as RegistryFrontend) : null;
  const target = reading.frontend === 'mil' && MIL_OPS.has(reading.name) ? milOpTarget(reading.name) : null;
  return { reading, hit: lookupReading(reading), registry, mil: target ? { op: reading.name, target } : null };
}

function known(c: Candidate): boolean {
  return c.hit !== null || c.mil !== null || (c.registry !== null && (isKnown(c.registry) || c.registry.graphPass !== null));
}

/** Catalogue entries whose note or rewrite names the op (`copy_` in inplace-ops). */
let lowerTexts: string[] | null = null;

/** Each catalogue entry's note, title and rewrite lines, lower-cased once (what `mentions` searches). */
function entryTexts(): string[] {
  lowerTexts ??= catalogueEntries().map((e) => [e.status.note, e.title, ...e.rewrite].join('\n').toLowerCase());
  return lowerTexts;
}

function mentions(name: string, frontend: CatalogueFrontend): string[] {
  const plain = name.replace(/^(?:aten|prim)::/i, '');
  if (plain.length < 3) return [];
  const escaped = plain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?:^|[^\\w.])${escaped}(?![\\w])`, 'i');
  // An ASCII name the regex finds is in the lower-cased text too: that cheap test goes first.
  const lower = /^[\x00-\x7f]*$/.test(plain) ? plain.toLowerCase() : null;
  const texts = entryTexts();
  return catalogueEntries()
    .filter((e, i) => e.frontends.includes(frontend) && (lower === null || (texts[i] as string).includes(lower)) && [e.status.note, e.title, ...e.rewrite].some((t) => re.test(t)))
    .map((e) => e.id)
    .slice(0, 3);
}

function toOther(c: Candidate): OtherReading {
  const name = c.registry?.frontend === 'pytorch' ? c.registry.lookupKey : (c.registry?.name ?? c.reading.name);
  return { frontend: c.reading.frontend, name, entry: c.hit?.entry ?? null, registry: c.registry, mil: c.mil };
}

/**
 * The answer for a spelling, or null when it is neither an op name nor a word the catalogue
 * knows. `frontend` answers for that frontend only (its spelling rules, its registry).
 */
export function answerOp(query: string, frontend?: Frontend | CatalogueFrontend): OpAnswer | null {
  const candidates = queryReadings(query, frontend).map(candidate);
  const order = [
    (c: Candidate) => c.reading.fit === 'fits' && c.hit !== null,
    (c: Candidate) => c.reading.fit === 'fits' && known(c),
    (c: Candidate) => c.reading.fit === 'loose' && c.hit !== null,
    (c: Candidate) => c.reading.fit === 'loose' && known(c),
  ];
  let primary: Candidate | undefined;
  for (const [i, test] of order.entries()) {
    if (i === 2) {
      const word = lookupWord(query);
      if (word && !frontend) return wordAnswer(query, word, candidates);
    }
    primary = candidates.find(test);
    if (primary) break;
  }
  if (!primary) {
    const word = lookupWord(query);
    if (word) return wordAnswer(query, word, candidates);
    primary = candidates[0];
  }
  if (!primary) return null;
  const entry = primary.hit?.entry ?? null;
  // Other readings worth a line: of the spelling's own form, or a catalogue entry it could be meant for.
  const others = candidates
    .filter((c) => c !== primary && known(c) && (c.reading.fit === 'fits' || c.hit !== null) && (c.hit === null || c.hit.entry !== entry))
    .map(toOther);
  return {
    query,
    frontend: primary.reading.frontend,
    name: primary.registry?.name ?? primary.reading.name,
    entry,
    matched: entry ? exactSpelling(entry, query, primary.hit?.spelling ?? null) : null,
    registry: primary.registry,
    mil: primary.mil,
    others,
    mentionedIn: entry ? [] : mentions(primary.registry?.lookupKey ?? primary.reading.name, primary.reading.frontend),
    // The nearest entries help where nothing else does: a name no frontend knows.
    nearest: entry || known(primary) ? [] : nearestRewrites(query).map((e) => e.id),
  };
}

/** The entry's spelling the query is, letter for letter, when there is one; else the one the index matched. */
function exactSpelling(entry: RewriteEntry, query: string, matched: string | null): string | null {
  const q = stripQuotes(query);
  return [entry.id, ...entry.aliases].find((s) => s === q) ?? matched;
}

/** A query that matched a word (a pattern name, a Python API spelling) of an entry. */
function wordAnswer(query: string, hit: LookupHit, candidates: readonly Candidate[]): OpAnswer {
  const r = hit.entry.kind === 'op' ? entryStatusReading(hit.entry) : null;
  const registry = r ? registryVerdict(r.name, r.frontend as RegistryFrontend) : null;
  return {
    query,
    frontend: r?.frontend ?? hit.entry.frontends[0] ?? null,
    name: registry?.name ?? hit.entry.id,
    entry: hit.entry,
    matched: hit.spelling,
    registry,
    mil: null,
    others: candidates.filter(known).filter((c) => c.hit?.entry !== hit.entry).map(toOther),
    mentionedIn: [],
    nearest: [],
  };
}

