/** `model`'s renderers by format (the first is the default): the renderer registry's map for the model summary. */
import type { Colors } from '../../core/color.js';
import type { ModelSummary } from '../../model/summary.js';
import { formats } from '../formats.js';

export type ModelFormat = 'text' | 'json' | 'markdown';

export interface ModelRenderOptions {
  colors: Colors;
  /** The terminal's width (text); absent off a terminal. */
  width?: number;
}

export const MODEL_FORMATS = formats<ModelSummary, ModelRenderOptions>({
  text: async () => {
    const { renderModelText } = await import('./text.js');
    return (m, o) => renderModelText(m, { colors: o.colors, ...(o.width ? { width: o.width } : {}) });
  },
  json: async () => {
    const { renderModelJson } = await import('./json.js');
    return (m) => renderModelJson(m);
  },
  markdown: async () => {
    const { renderModelMarkdown } = await import('./markdown.js');
    return (m) => renderModelMarkdown(m);
  },
});
