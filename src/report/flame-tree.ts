/**
 * The part of a call tree a report keeps: what its flame graph draws. A report holds one tree per
 * step until it is rendered, and a real app's tree has millions of nodes; the flame graph
 * (src/render/report/html/flame.ts) draws only frames at least FLAME_MIN_SHARE of the whole wide and
 * less than FLAME_MAX_DEPTH deep. `flameTree` keeps exactly what that drawing reads, so the page is
 * the same from either tree, and the kept tree has at most about MAX_DEPTH / MIN_SHARE nodes
 * (32,000) whatever the profile's size or cardinality:
 * - children in order up to the last one wide enough to draw (the ones after it only leave a gap
 *   that their parent's width already shows); narrower ones before it stay, without children, so
 *   that the drawn ones keep their places;
 * - at the deepest drawn level, a node keeps one childless child if it had any (the flame graph
 *   says that it cut frames there).
 * A tree with nothing to cut is returned as it is (the same object).
 */
import type { CallTreeNode, TraceAnalysis } from '../trace/model.js';

/** Frames narrower than this share of the whole are not drawn. */
export const FLAME_MIN_SHARE = 0.002;
/** Frames this deep (the root is depth 0) are not drawn. */
export const FLAME_MAX_DEPTH = 64;

export function flameTree(root: CallTreeNode): CallTreeNode {
  const min = root.total * FLAME_MIN_SHARE;
  const leaf = (n: CallTreeNode): CallTreeNode => (n.children.length ? { ...n, children: [] } : n);
  const visit = (n: CallTreeNode, depth: number): CallTreeNode => {
    const kids = n.children;
    if (kids.length === 0) return n;
    if (depth + 1 >= FLAME_MAX_DEPTH) {
      const first = leaf(kids[0] as CallTreeNode);
      return kids.length === 1 && first === kids[0] ? n : { ...n, children: [first] };
    }
    let last = -1;
    for (let i = kids.length - 1; i >= 0; i--) {
      if ((kids[i] as CallTreeNode).total >= min) {
        last = i;
        break;
      }
    }
    let changed = last !== kids.length - 1;
    const kept: CallTreeNode[] = [];
    for (let i = 0; i <= last; i++) {
      const c = kids[i] as CallTreeNode;
      const k = c.total >= min ? visit(c, depth + 1) : leaf(c);
      if (k !== c) changed = true;
      kept.push(k);
    }
    return changed ? { ...n, children: kept } : n;
  };
  return root.total > 0 ? visit(root, 0) : leaf(root);
}

/**
 * A trace analysis as a report keeps it once read: each profile's call tree cut to what the flame
 * graph draws, or dropped when nothing will draw it (every output but HTML). The rest is summaries.
 */
export function keepForReport(analysis: TraceAnalysis, tree: boolean): TraceAnalysis {
  // Asked by descriptor: reading an xctrace profile's tree would make it.
  const hasTree = (p: object) => Object.getOwnPropertyDescriptor(p, 'callTree') !== undefined || Object.getOwnPropertyDescriptor(p, 'compactTree') !== undefined;
  if (!analysis.profiles.some(hasTree)) return analysis;
  const profiles = analysis.profiles.map((p) => {
    // Spread copies the enumerable fields: an xctrace profile's trees (not enumerable) stay behind.
    const { callTree: _t, ...rest } = { ...p, callTree: undefined };
    void _t;
    if (!tree) return rest;
    const compact = p.compactTree;
    if (compact) {
      // Only the nodes the drawing reads are made into objects (a node not wide enough to draw, or
      // at the deepest drawn level, without its children), not the millions of the whole tree.
      const min = compact.rootTotal * FLAME_MIN_SHARE;
      return { ...rest, callTree: flameTree(compact.toCallTree((total, depth) => total >= min && depth < FLAME_MAX_DEPTH)) };
    }
    return p.callTree ? { ...rest, callTree: flameTree(p.callTree) } : rest;
  });
  return { ...analysis, profiles };
}
