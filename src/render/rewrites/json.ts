/** JSON forms (schemaVersion 1): the catalogue entries as they are, with the first fix added; answers and registry listings. */
import type { RegistryVerdict } from '../../rewrites/registry/index.js';
import { REWRITES_SCHEMA_VERSION } from '../../rewrites/schema.js';
import type { AnswerView, EntryView, ListingView, ListView } from './common.js';

export function renderRewriteListJson(view: ListView): string {
  const doc = {
    schemaVersion: REWRITES_SCHEMA_VERSION,
    kind: 'rewrites',
    total: view.total,
    count: view.entries.length,
    filters: view.filters,
    entries: view.entries.map((v) => ({ ...v.entry, firstFix: v.firstFix })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export function renderRewriteEntryJson(view: EntryView): string {
  const doc = {
    schemaVersion: REWRITES_SCHEMA_VERSION,
    kind: 'rewrite',
    query: view.query ?? view.entry.id,
    matched: view.matched ?? view.entry.id,
    entry: { ...view.entry, firstFix: view.firstFix },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

function registryJson(v: RegistryVerdict | null) {
  if (!v) return null;
  return {
    frontend: v.frontend,
    name: v.name,
    availability: v.availability,
    since: v.since,
    removedIn: v.removedIn,
    segments: v.segments,
    lookupKey: v.lookupKey,
    key: v.key,
    namespaceDropped: v.namespaceDropped,
    torchScript: v.torchScript,
    caseDiffers: v.caseDiffers,
    graphPass: v.graphPass,
    onnx: v.onnx,
  };
}

/**
 * `rewrites OP --json`: `entry` (with `firstFix`) when the catalogue has one, else null; always
 * the registry's verdict on the spelling (`registry`, null for a MIL op or a pattern name).
 */
export function renderAnswerJson(view: AnswerView): string {
  const a = view.answer;
  const doc = {
    schemaVersion: REWRITES_SCHEMA_VERSION,
    kind: 'rewrite',
    query: a.query,
    matched: a.matched,
    frontend: a.frontend,
    name: a.name,
    firstFix: view.firstFix,
    registry: registryJson(a.registry),
    mil: a.mil,
    others: a.others.map((o) => ({ frontend: o.frontend, name: o.name, entry: o.entry?.id ?? null, registry: registryJson(o.registry), mil: o.mil })),
    mentionedIn: a.mentionedIn,
    nearest: a.nearest,
    source: view.source,
    entry: a.entry ? { ...a.entry, firstFix: view.firstFix } : null,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** `rewrites --since R --json` / `--in R --json`. */
export function renderListingJson(view: ListingView): string {
  const doc = {
    schemaVersion: REWRITES_SCHEMA_VERSION,
    kind: 'registry',
    mode: view.mode,
    release: view.release,
    source: view.source,
    frontends: view.frontends.map((f) =>
      view.mode === 'in'
        ? { frontend: f.frontend, count: f.names.length, names: f.names }
        : { frontend: f.frontend, count: f.releases.reduce((n, r) => n + r.added.length, 0), releases: f.releases },
    ),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
