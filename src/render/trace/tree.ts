/**
 * Call trees as text: an indented tree with total and self shares (nodes under a share folded into
 * one "…" line per parent), and the collapsed-stack ("folded") format of flame-graph tools:
 * `root;caller;leaf weight`, one line per stack with self weight, integer weights.
 */
import { sanitizeTerminal } from '../../core/escape.js';
import type { CallTreeNode, ProfileSummary, WeightUnit } from '../../trace/model.js';
import { clipMiddle, formatWeight, share } from './common.js';

export interface TreeTextOptions {
  minPercent: number;
  maxName: number;
  maxDepth?: number;
  /** The whole (shares are of it): the profile's total weight, samples without a stack included. */
  total?: number;
  /** Weight of the samples without a stack, shown as a last line. */
  noStack?: number;
}

export function renderTreeText(root: CallTreeNode, unit: WeightUnit, opts: TreeTextOptions): string[] {
  const total = opts.total ?? root.total;
  const out: string[] = [];
  const pct = (x: number) => (total > 0 ? ((x / total) * 100).toFixed(1).padStart(5) + '%' : '    —');
  const maxDepth = opts.maxDepth ?? 80;
  const noStack = opts.noStack ?? 0;
  const walk = (n: CallTreeNode, depth: number) => {
    const name = sanitizeTerminal(clipMiddle(n.name, opts.maxName)) + (n.binary ? `  [${sanitizeTerminal(n.binary)}]` : '');
    const self = n.self > 0 ? `  self ${formatWeight(n.self, unit)}` : '';
    // The root is every sample: those without a stack too, with their share said on its line.
    const weight = depth === 0 ? n.total + noStack : n.total;
    const without = depth === 0 && noStack > 0 ? `  · ${share(noStack, total)} without a stack (${formatWeight(noStack, unit)}, the last line)` : '';
    out.push(`${pct(weight)} ${formatWeight(weight, unit).padStart(10)}  ${' '.repeat(depth * 2)}${name}${self}${without}`);
    if (depth >= maxDepth) {
      if (n.children.length) out.push(`${' '.repeat(18)}${' '.repeat((depth + 1) * 2)}… deeper levels not shown`);
      return;
    }
    let folded = 0;
    let foldedWeight = 0;
    for (const ch of n.children) {
      if (total > 0 && (ch.total / total) * 100 < opts.minPercent) {
        folded++;
        foldedWeight += ch.total;
        continue;
      }
      walk(ch, depth + 1);
    }
    if (folded) out.push(`${pct(foldedWeight)} ${formatWeight(foldedWeight, unit).padStart(10)}  ${' '.repeat((depth + 1) * 2)}… ${folded} more`);
  };
  walk(root, 0);
  if (noStack) out.push(`${pct(noStack)} ${formatWeight(noStack, unit).padStart(10)}  (no stack)`);
  return out;
}

/** Folded weights are integers in the profile's base unit; Deep Copy times (ms) become µs. */
function foldedScale(unit: WeightUnit): number {
  return unit === 'ms' ? 1000 : 1;
}

function foldName(s: string): string {
  // ';' separates frames and the last space separates the weight: keep both out of names.
  return sanitizeTerminal(s).replace(/;/g, ':');
}

/** Collapsed stacks for every profile; with several profiles each line starts with the profile's name. */
export function renderFolded(profiles: readonly ProfileSummary[]): string {
  const lines: string[] = [];
  for (const p of profiles) {
    if (!p.callTree) continue;
    const scale = foldedScale(p.unit);
    const prefix = profiles.length > 1 ? [foldName(`${p.table}${p.run !== null ? ` run ${p.run}` : ''}`)] : [];
    const path = [...prefix];
    const walk = (n: CallTreeNode) => {
      path.push(foldName(n.name));
      const w = Math.round(n.self * scale);
      if (w > 0) lines.push(`${path.join(';')} ${w}`);
      for (const c of n.children) walk(c);
      path.pop();
    };
    for (const c of p.callTree.children) walk(c);
    if (p.noStackWeight > 0) lines.push(`${[...prefix, '(no stack)'].join(';')} ${Math.round(p.noStackWeight * scale)}`);
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
