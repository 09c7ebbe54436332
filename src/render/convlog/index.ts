/** `log`'s renderers by format (the first is the default). */
import type { ConversionLog } from '../../convlog/model.js';
import type { Colors } from '../../core/color.js';
import { formats } from '../formats.js';

export interface LogRenderOptions {
  colors: Colors;
  /** Show info-level diagnostics too (text). */
  verbose: boolean;
  /** The terminal's width (text); 80 when not a terminal. */
  width?: number | undefined;
}

export const LOG_FORMATS = formats<ConversionLog, LogRenderOptions>({
  text: async () => {
    const { renderLogText } = await import('./text.js');
    return (log, o) => renderLogText(log, { colors: o.colors, verbose: o.verbose, ...(o.width ? { width: o.width } : {}) });
  },
  json: async () => (await import('./json.js')).renderLogJson,
  markdown: async () => (await import('./markdown.js')).renderLogMarkdown,
});
