/** The gate reporters by name: each takes the GateResult and returns text. */
import type { GateResult } from '../../budget/model.js';
import type { Colors } from '../../core/color.js';
import { renderGateGithub } from './github.js';
import { renderGateJson } from './json.js';
import { renderGateJunit } from './junit.js';
import { renderGateMarkdown } from './markdown.js';
import { renderGateSarif } from './sarif.js';
import { renderGateText } from './text.js';

export const REPORTERS = ['text', 'json', 'markdown', 'github', 'junit', 'sarif'] as const;
export type ReporterName = (typeof REPORTERS)[number];

export interface ReporterOptions {
  colors: Colors;
  toolVersion: string;
  hidePassed?: boolean;
}

export function renderGate(name: ReporterName, r: GateResult, opts: ReporterOptions): string {
  switch (name) {
    case 'text':
      return renderGateText(r, { colors: opts.colors, hidePassed: opts.hidePassed === true });
    case 'json':
      return renderGateJson(r);
    case 'markdown':
      return renderGateMarkdown(r);
    case 'github':
      return renderGateGithub(r);
    case 'junit':
      return renderGateJunit(r);
    case 'sarif':
      return renderGateSarif(r, { toolVersion: opts.toolVersion });
  }
}
