/**
 * The rewrites catalogue: one entry per op (or recurring pattern) that a Core ML converter reports
 * as unsupported, or that converts but runs badly on the Neural Engine. The catalogue is data with
 * this typed schema; `validateCatalogue` checks what the type system cannot (unique spellings,
 * real MIL op names, well-formed URLs, parsable versions) and the tests run it on every entry.
 */
import { parseVersion } from '../convlog/versions.js';
import { DEPLOYMENT_TARGETS, MIL_OPS, type DeploymentTarget } from './mil-ops.js';

export const REWRITES_SCHEMA_VERSION = 1;

export type CatalogueFrontend = 'pytorch' | 'tensorflow' | 'onnx' | 'mil';
export const CATALOGUE_FRONTENDS: readonly CatalogueFrontend[] = ['pytorch', 'tensorflow', 'onnx', 'mil'];

export { DEPLOYMENT_TARGETS, type DeploymentTarget } from './mil-ops.js';

/**
 * How coremltools converts it, as the op registry (src/rewrites/registry) establishes for the
 * entry's own spelling (`id`) in its first registry frontend; a test cross-checks every entry:
 * - `release`: natively since `nativeSince` (the first final release whose frontend registers it),
 *   and from that release the entry's case converts;
 * - `refused`: registered since `nativeSince`, but its converter refuses the entry's case in every
 *   release (`max_pool2d` with return_indices=True): an upgrade does not help;
 * - `removed`: converted from `nativeSince` until `removedIn` (the ONNX converter, 4.0-5.2, removed in 6.0);
 * - `current`: current releases convert it, but the registry does not cover it (no registry spelling);
 * - `main`: only coremltools main (unreleased) converts it;
 * - `never`: no coremltools converts it natively; the rewrite is the fix.
 * Aliases carry no version here: `rewrites` and `log` ask the registry for the spelling itself
 * (`lift_fresh_copy` converts from 8.0, `lift_fresh` from 7.0).
 */
export type NativeStatus = 'release' | 'refused' | 'removed' | 'current' | 'main' | 'never';
export const NATIVE_STATUSES: readonly NativeStatus[] = ['release', 'refused', 'removed', 'current', 'main', 'never'];

/** Statuses that name the first release registering the op. */
export const WITH_SINCE: ReadonlySet<NativeStatus> = new Set(['release', 'refused', 'removed']);

export interface EntryStatus {
  native: NativeStatus;
  /** First coremltools release that registers it; set exactly when `native` is `release`, `refused` or `removed`. */
  nativeSince: string | null;
  /** First release that no longer converts it; set exactly when `native` is `removed`. */
  removedIn?: string;
  /** Minimum deployment target the native conversion needs (`pixel_unshuffle` is an iOS16 MIL op). */
  minTarget: DeploymentTarget | null;
  /** A converter bug that a later release fixed: releases before `version` fail on it. */
  fixedIn?: { version: string; what: string };
  /** When native conversion still fails (arguments it refuses, shapes it cannot handle), in plain words. */
  note: string;
}

/**
 * - `model`: change the PyTorch model (a drop-in module or function), then trace again;
 * - `composite`: a `@register_torch_op` converter built from `mb.*` MIL ops;
 * - `convert`: arguments to `ct.convert` (deployment target, shapes, precision);
 * - `tensorflow`: a TensorFlow graph or Keras change before conversion;
 * - `export`: how to export or trace the model so the op does not appear.
 */
export type SnippetKind = 'model' | 'composite' | 'convert' | 'tensorflow' | 'export';
export const SNIPPET_KINDS: readonly SnippetKind[] = ['model', 'composite', 'convert', 'tensorflow', 'export'];

export interface Snippet {
  kind: SnippetKind;
  title: string;
  /** Python source; syntax-checked by the tests. */
  code: string;
}

/** How the rewrite behaves on the Neural Engine. `high`: keeps work off the ANE (CPU/GPU); `medium`: runs, at a cost (layout, precision, extra passes); `low`: ANE friendly. */
export type AneRisk = 'high' | 'medium' | 'low';
export const ANE_RISKS: readonly AneRisk[] = ['high', 'medium', 'low'];

export interface AneNotes {
  risk: AneRisk;
  notes: string[];
  /** What the rewrite costs: accuracy, latency, memory. */
  cost: string;
}

export interface Source {
  title: string;
  url: string;
}

/**
 * How an entry was sourced (the strongest evidence it rests on):
 * - `source`: read in the coremltools source (converter registry and lowering);
 * - `research`: from the research table (release tags parsed from coremltools' sources), not re-read;
 * - `docs`: from coremltools or Apple documentation;
 * - `issue`: from a coremltools (or framework) issue thread and its maintainers' answers.
 */
export type Provenance = 'source' | 'research' | 'docs' | 'issue';
export const PROVENANCES: readonly Provenance[] = ['source', 'research', 'docs', 'issue'];

export interface RewriteEntry {
  /** Canonical name: the op as its frontend names it (`upsample_bicubic2d`, `Switch`), or a pattern id (`rank-above-5`). */
  id: string;
  kind: 'op' | 'pattern';
  /** What it is, in one line. */
  title: string;
  /** Every other spelling (`aten::x`, `x_`, TF CamelCase, ONNX name, Python API name). */
  aliases: string[];
  frontends: CatalogueFrontend[];
  status: EntryStatus;
  /** The rewrite in one sentence: the first fix when no upgrade helps. */
  summary: string;
  /** The supported MIL ops the rewrite is made of. */
  milOps: string[];
  /** How to rewrite it, a paragraph each. */
  rewrite: string[];
  snippets: Snippet[];
  ane: AneNotes;
  sources: Source[];
  provenance: Provenance;
  /** Log diagnostics (ids from src/convlog/patterns) that point here: `override` wins over the op's own entry, `fallback` applies when the op has none. */
  logMatch?: { override?: string[]; fallback?: string[] };
}

export interface CatalogueProblem {
  id: string;
  problem: string;
}

const ID_RE = /^[A-Za-z_][\w.:-]*$/;

/** Every problem in the catalogue; empty when it is valid. `keysOf` gives the lookup keys of an entry's spelling. */
export function validateCatalogue(entries: readonly RewriteEntry[], keysOf: (spelling: string, entry: RewriteEntry) => string[]): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const add = (id: string, problem: string) => problems.push({ id, problem });
  const ids = new Set<string>();
  const owner = new Map<string, string>();
  for (const e of entries) {
    const id = e.id;
    if (!ID_RE.test(id)) add(id, 'id is not a plain name');
    if (ids.has(id.toLowerCase())) add(id, 'duplicate id');
    ids.add(id.toLowerCase());
    for (const field of ['title', 'summary'] as const) {
      if (!e[field].trim()) add(id, `empty ${field}`);
      if (/\n/.test(e[field])) add(id, `${field} is not one line`);
    }
    if (!e.frontends.length) add(id, 'no frontend');
    for (const f of e.frontends) if (!CATALOGUE_FRONTENDS.includes(f)) add(id, `unknown frontend ${f}`);
    if (new Set(e.frontends).size !== e.frontends.length) add(id, 'a frontend is listed twice');
    validateStatus(e, add);
    if (!e.rewrite.length || e.rewrite.some((p) => !p.trim())) add(id, 'no rewrite text');
    for (const op of e.milOps) if (!MIL_OPS.has(op)) add(id, `"${op}" is not a MIL op`);
    for (const s of e.snippets) {
      if (!SNIPPET_KINDS.includes(s.kind)) add(id, `unknown snippet kind ${s.kind}`);
      if (!s.title.trim() || !s.code.trim()) add(id, 'empty snippet');
      if (/\bTODO\b|\bFIXME\b|\.\.\.\s*$/m.test(s.code)) add(id, `snippet "${s.title}" is a placeholder`);
      if (/\t/.test(s.code)) add(id, `snippet "${s.title}" has tabs`);
    }
    if (!ANE_RISKS.includes(e.ane.risk)) add(id, `unknown ANE risk ${e.ane.risk}`);
    if (!e.ane.notes.length || !e.ane.cost.trim()) add(id, 'no Neural Engine notes or cost');
    if (!e.sources.length) add(id, 'no source');
    for (const s of e.sources) if (!isHttpsUrl(s.url)) add(id, `bad source URL ${s.url}`);
    if (!PROVENANCES.includes(e.provenance)) add(id, `unknown provenance ${e.provenance}`);
    for (const spelling of [e.id, ...e.aliases]) {
      if (!spelling.trim()) add(id, 'empty alias');
      for (const key of keysOf(spelling, e)) {
        const prev = owner.get(key);
        if (prev !== undefined && prev !== id) add(id, `spelling "${spelling}" (key "${key}") also resolves to ${prev}`);
        else owner.set(key, id);
      }
    }
  }
  return problems;
}

function validateStatus(e: RewriteEntry, add: (id: string, problem: string) => void): void {
  const s = e.status;
  if (!NATIVE_STATUSES.includes(s.native)) add(e.id, `unknown native status ${s.native}`);
  if (WITH_SINCE.has(s.native) !== (s.nativeSince !== null)) add(e.id, 'nativeSince must be set exactly when native is "release", "refused" or "removed"');
  if ((s.native === 'removed') !== (s.removedIn !== undefined)) add(e.id, 'removedIn must be set exactly when native is "removed"');
  if (s.removedIn !== undefined && !isRelease(s.removedIn)) add(e.id, `removedIn "${s.removedIn}" is not a release version`);
  if (s.nativeSince !== null && !isRelease(s.nativeSince)) add(e.id, `nativeSince "${s.nativeSince}" is not a release version`);
  if (s.minTarget !== null && !DEPLOYMENT_TARGETS.includes(s.minTarget)) add(e.id, `unknown deployment target ${s.minTarget}`);
  if (s.fixedIn && !isRelease(s.fixedIn.version)) add(e.id, `fixedIn "${s.fixedIn.version}" is not a release version`);
  if (!s.note.trim()) add(e.id, 'empty status note');
}

/** A final coremltools release: `7.0`, `8.1`, `4.0` (no betas: "since" means the first final release). */
function isRelease(v: string): boolean {
  return /^\d+\.\d+(\.\d+)?$/.test(v) && parseVersion(v) !== null;
}

function isHttpsUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' && u.hostname.includes('.') && !/\s/.test(s);
  } catch {
    return false;
  }
}
