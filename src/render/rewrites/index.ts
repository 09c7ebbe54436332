/**
 * `rewrites`' renderers by format (the first format is the default): one map for the answer about
 * one op, one for the catalogue list, one for the registry listed by release (--since, --in).
 */
import { formats } from '../formats.js';
import type { AnswerView, ListingView, ListView } from './common.js';
import type { RewritesTextOptions } from './text.js';

export const REWRITE_ANSWER_FORMATS = formats<AnswerView, RewritesTextOptions>({
  text: async () => (await import('./text.js')).renderAnswerText,
  json: async () => (await import('./json.js')).renderAnswerJson,
  markdown: async () => (await import('./markdown.js')).renderAnswerMarkdown,
});

export const REWRITE_LIST_FORMATS = formats<ListView, RewritesTextOptions>({
  // The table package is loaded for the list only: `rewrites OP` starts without it.
  text: async () => (await import('./list-text.js')).renderRewriteListText,
  json: async () => (await import('./json.js')).renderRewriteListJson,
  markdown: async () => (await import('./markdown.js')).renderRewriteListMarkdown,
});

export const REWRITE_LISTING_FORMATS = formats<ListingView, RewritesTextOptions>({
  text: async () => (await import('./text.js')).renderListingText,
  json: async () => (await import('./json.js')).renderListingJson,
  markdown: async () => (await import('./markdown.js')).renderListingMarkdown,
});
