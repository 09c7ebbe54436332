/** The gate reporters by name: each takes the GateResult and returns text (the renderer registry's map for gate). */
import type { GateResult } from '../../budget/model.js';
import type { Colors } from '../../core/color.js';
import { formats } from '../formats.js';

export interface ReporterOptions {
  colors: Colors;
  toolVersion: string;
  hidePassed?: boolean;
  /** The terminal's width (text); 80 off a terminal. */
  width?: number;
}

export const GATE_REPORTERS = formats<GateResult, ReporterOptions>({
  text: async () => {
    const { renderGateText } = await import('./text.js');
    return (r, o) => renderGateText(r, { colors: o.colors, hidePassed: o.hidePassed === true, ...(o.width ? { width: o.width } : {}) });
  },
  json: async () => (await import('./json.js')).renderGateJson,
  markdown: async () => (await import('./markdown.js')).renderGateMarkdown,
  github: async () => (await import('./github.js')).renderGateGithub,
  junit: async () => (await import('./junit.js')).renderGateJunit,
  sarif: async () => {
    const { renderGateSarif } = await import('./sarif.js');
    return (r, o) => renderGateSarif(r, { toolVersion: o.toolVersion });
  },
});

export const REPORTERS: readonly string[] = GATE_REPORTERS.names;

/** Reporters that make a whole document: only one of them may go to stdout (github's annotations may share it). */
export const DOCUMENT_REPORTERS: readonly string[] = ['text', 'json', 'markdown', 'junit', 'sarif'];
