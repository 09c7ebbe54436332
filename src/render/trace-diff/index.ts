/** `trace diff`'s renderers by format (the first is the default). */
import type { TraceDiff } from '../../report/trace-diff.js';
import { formats } from '../formats.js';
import type { TraceDiffRenderOptions } from './common.js';

export type { TraceDiffRenderOptions } from './common.js';

export const TRACE_DIFF_FORMATS = formats<TraceDiff, TraceDiffRenderOptions>({
  text: async () => (await import('./text.js')).renderTraceDiffText,
  json: async () => {
    const { traceDiffJson } = await import('./json.js');
    return (d) => traceDiffJson(d);
  },
  markdown: async () => {
    const { renderTraceDiffMarkdown } = await import('./markdown.js');
    return (d) => renderTraceDiffMarkdown(d);
  },
});
