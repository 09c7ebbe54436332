/** JSON forms (schemaVersion 1): the catalogue entries as they are, with the first fix added. */
import { REWRITES_SCHEMA_VERSION } from '../../rewrites/schema.js';
import type { EntryView, ListView } from './common.js';

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
