/** `rewrites`' renderers by format: one map for an entry, one for the list (the first format is the default). */
import { formats } from '../formats.js';
import type { EntryView, ListView } from './common.js';
import type { RewritesTextOptions } from './text.js';

export const REWRITE_ENTRY_FORMATS = formats<EntryView, RewritesTextOptions>({
  text: async () => (await import('./text.js')).renderRewriteEntryText,
  json: async () => (await import('./json.js')).renderRewriteEntryJson,
  markdown: async () => (await import('./markdown.js')).renderRewriteEntryMarkdown,
});

export const REWRITE_LIST_FORMATS = formats<ListView, RewritesTextOptions>({
  text: async () => (await import('./text.js')).renderRewriteListText,
  json: async () => (await import('./json.js')).renderRewriteListJson,
  markdown: async () => (await import('./markdown.js')).renderRewriteListMarkdown,
});
