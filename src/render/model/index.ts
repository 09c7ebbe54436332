/** The model renderers: a map from output format to function. */
import type { ModelSummary } from '../../model/summary.js';
import { renderModelJson } from './json.js';
import { renderModelMarkdown } from './markdown.js';
import { renderModelText, type ModelTextOptions } from './text.js';

export type ModelFormat = 'text' | 'json' | 'markdown';
export const MODEL_FORMATS: readonly ModelFormat[] = ['text', 'json', 'markdown'];

export const MODEL_RENDERERS: ReadonlyMap<ModelFormat, (m: ModelSummary, opts: ModelTextOptions) => string> = new Map<ModelFormat, (m: ModelSummary, opts: ModelTextOptions) => string>([
  ['text', renderModelText],
  ['json', (m) => renderModelJson(m)],
  ['markdown', (m) => renderModelMarkdown(m)],
]);
