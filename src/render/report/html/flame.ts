/**
 * A flame graph of a time profile's merged call tree, as inline SVG: the root at the bottom, callers
 * below their callees, widths proportional to total weight, a stable colour per binary. Frames
 * narrower than MIN_SHARE of the whole, deeper than MAX_DEPTH, or past MAX_NODES are not drawn (the
 * gap shows their weight). Clicking a frame zooms to it (the page's script); every frame has a
 * <title> with its name, binary, total and self weight.
 */
import { FLAME_MAX_DEPTH as MAX_DEPTH, FLAME_MIN_SHARE as MIN_SHARE } from '../../../report/flame-tree.js';
import type { CallTreeNode } from '../../../trace/model.js';
import { esc, fit, hue, n } from './svg.js';

/** What is drawn: the report keeps only that of each tree (src/report/flame-tree.ts). */
export { MAX_DEPTH, MIN_SHARE };
export const MAX_NODES = 3000;

const WIDTH = 1000;
const ROW = 17;

interface Placed {
  node: CallTreeNode;
  x: number;
  w: number;
  depth: number;
}

export interface FlameSpec {
  id: string;
  title: string;
  root: CallTreeNode;
  /** A weight in the profile's unit, for titles. */
  format: (weight: number) => string;
}

export function flameGraph(spec: FlameSpec): string {
  const total = spec.root.total;
  if (!(total > 0)) return '';
  const placed: Placed[] = [];
  let maxDepth = 0;
  let truncated = false;
  const stack: Placed[] = [{ node: spec.root, x: 0, w: 1, depth: 0 }];
  while (stack.length) {
    const p = stack.pop() as Placed;
    if (placed.length >= MAX_NODES) {
      truncated = true;
      break;
    }
    placed.push(p);
    maxDepth = Math.max(maxDepth, p.depth);
    if (p.depth + 1 >= MAX_DEPTH) {
      if (p.node.children.length) truncated = true;
      continue;
    }
    let x = p.x;
    const kids: Placed[] = [];
    for (const c of p.node.children) {
      const w = c.total / total;
      if (w >= MIN_SHARE) kids.push({ node: c, x, w, depth: p.depth + 1 });
      x += w;
    }
    // Depth-first, left to right: push in reverse so the first child is drawn first.
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Placed);
  }
  const height = (maxDepth + 1) * ROW + 2;
  const out: string[] = [];
  out.push(
    `<svg class="chart flame" id="${esc(spec.id)}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${esc(spec.title)}" data-rows="${maxDepth + 1}">`,
  );
  out.push(`<title>${esc(spec.title)}</title>`);
  for (const p of placed) {
    const y = (maxDepth - p.depth) * ROW + 1;
    const px = p.x * WIDTH;
    const pw = p.w * WIDTH;
    const name = p.node.name || '(unnamed)';
    const binary = p.node.binary ?? '';
    const pct = ((p.node.total / total) * 100).toFixed(1);
    const tip = `${name}${binary ? ` (${binary})` : ''}\ntotal ${spec.format(p.node.total)} (${pct} %), self ${spec.format(p.node.self)}`;
    const colour = `hsl(${binary ? hue(binary) : 30} 70% ${p.depth === 0 ? 45 : 62}%)`;
    out.push(
      `<g class="f" data-x="${p.x.toFixed(6)}" data-w="${p.w.toFixed(6)}" data-d="${p.depth}" data-n="${esc(name)}" tabindex="0">` +
        `<title>${esc(tip)}</title>` +
        `<rect x="${n(px)}" y="${n(y)}" width="${n(Math.max(0.5, pw - 0.5))}" height="${ROW - 1}" fill="${colour}"/>` +
        `<text x="${n(px + 3)}" y="${n(y + ROW - 5)}">${esc(fit(name, pw - 6, 6.6))}</text></g>`,
    );
  }
  out.push('</svg>');
  return out.join('') + (truncated ? `<p class="note">Frames past ${MAX_NODES} nodes or ${MAX_DEPTH} levels are not drawn.</p>` : '');
}
