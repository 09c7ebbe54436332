/** Small constructors that keep the catalogue files data, not boilerplate. */
import type { DeploymentTarget, EntryStatus, Snippet, SnippetKind } from '../schema.js';

/** Natively converted since `version` (the first final release whose frontend registers it). */
export function since(version: string, note: string, minTarget: DeploymentTarget | null = null, fixedIn?: EntryStatus['fixedIn']): EntryStatus {
  return { native: 'release', nativeSince: version, minTarget, note, ...(fixedIn ? { fixedIn } : {}) };
}

/** Registered since `version`, but its converter refuses the entry's case in every release: no upgrade helps. */
export function refused(version: string, note: string, minTarget: DeploymentTarget | null = null): EntryStatus {
  return { native: 'refused', nativeSince: version, minTarget, note };
}

/** Converted from `version` until `removedIn` (the ONNX converter: 4.0 until 6.0). */
export function removed(version: string, removedIn: string, note: string): EntryStatus {
  return { native: 'removed', nativeSince: version, removedIn, minTarget: null, note };
}

/** Current releases convert it; the registry does not cover its spelling. */
export function current(note: string, fixedIn?: EntryStatus['fixedIn']): EntryStatus {
  return { native: 'current', nativeSince: null, minTarget: null, note, ...(fixedIn ? { fixedIn } : {}) };
}

/** Only coremltools main (unreleased) converts it. */
export function onMain(note: string): EntryStatus {
  return { native: 'main', nativeSince: null, minTarget: null, note };
}

/** No coremltools converts it natively. */
export function never(note: string): EntryStatus {
  return { native: 'never', nativeSince: null, minTarget: null, note };
}

/**
 * Python source from a template literal: the first newline and the common indentation go, so the
 * code can be indented with the data around it. Raw strings: backslashes stay as written.
 */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings.raw }, ...values).replace(/^\n/, '').replace(/\s+$/, '');
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => (/^ */.exec(l) as RegExpExecArray)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut).replace(/\s+$/, '')).join('\n');
}

const TORCH_IMPORTS = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F';
const COMPOSITE_IMPORTS = [
  'from coremltools.converters.mil import Builder as mb',
  'from coremltools.converters.mil import register_torch_op',
  'from coremltools.converters.mil.frontend.torch.ops import _get_inputs',
].join('\n');

/** A PyTorch model-side replacement, self-contained: the torch imports come first. */
export function model(title: string, code: string, extraImports = ''): Snippet {
  return snippet('model', title, `${extraImports ? extraImports + '\n' : ''}${TORCH_IMPORTS}\n\n${code}`);
}

/** A `@register_torch_op` composite made of `mb.*` ops, with the imports it needs. */
export function composite(title: string, code: string, extraImports = ''): Snippet {
  return snippet('composite', title, `${extraImports ? extraImports + '\n' : ''}${COMPOSITE_IMPORTS}\n\n${code}`);
}

export function snippet(kind: SnippetKind, title: string, code: string): Snippet {
  return { kind, title, code };
}
