/**
 * The summaries of a profile from its interned stacks (xctrace/stacks.ts) and the weight of each
 * distinct stack, in one pass over typed arrays: top frames by self and total weight, weight per
 * binary and per engine (summarizeLeaves, with or without a tree); and the call tree, only when an
 * output needs it, as a view over the prefix tree plus a few typed arrays (buildTree), made into
 * objects or text only as far as an output shows it (folded lines and the JSON tree are streamed in
 * pieces, never one string).
 * Semantics as in calltree.ts: self of a frame = Σ self of its nodes; total = Σ total of its
 * outermost nodes (a frame recurring on a path counts once); a node's self weight goes to the
 * deepest ML engine on its path, else to its own class (app, system, unknown).
 */
import { byCodeUnit } from '../core/strings.js';
import { grown } from '../core/typed.js';
import { jsonTree } from '../core/json-tree.js';
import { foldedLines } from './folded-walk.js';
import { callTreeMembers, emptyEngines, ROOT_NAME, UNKNOWN_BINARY } from './calltree.js';
import { baseClassOf, mlEngineOf } from './engines.js';
import { ENGINE_NAMES, type CallTreeNode, type CompactCallTree, type EngineName, type TopFrame } from './model.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PAGE_BITS, PAGE_MASK, type StackTable } from './xctrace/stacks.js';

const NO_ML = -1;

/** A symbol's ML engine not worked out yet (symbolClassifier's `mlOf`: read it, else ask `mlEngine`). */
const ML_UNKNOWN = -2;

/**
 * What a symbol says of the engine, worked out once per symbol and kept in typed arrays: its ML
 * engine (an index into ENGINE_NAMES, or NO_ML) and its base class (app, system, unknown), as
 * engines.ts decides them. Both summary passes below classify through it.
 */
function symbolClassifier(table: StackTable, appNames: ReadonlySet<string>): { mlOf: Int8Array; mlEngine: (s: number) => number; baseClass: (s: number) => number } {
  const symbols = table.symbolCount;
  const mlOf = new Int8Array(symbols).fill(ML_UNKNOWN);
  const classOf = new Int8Array(symbols).fill(-1);
  // The rules read a symbol's binary (its name, its path), and its name only when it has no binary:
  // decided once per binary (a few hundred), not per symbol (hundreds of thousands), and the name
  // by a getter (a label is made when first read, stacks.ts).
  const binaries = table.binaryCount;
  const mlOfBinary = new Int8Array(binaries).fill(ML_UNKNOWN);
  const classOfBinary = new Int8Array(binaries).fill(-1);
  const like = (s: number) => ({
    get name() {
      return table.name(s);
    },
    binaryName: table.binaryNameOf(s),
    binaryPath: table.binaryPathOf(s),
  });
  const mlEngine = (s: number): number => {
    const e = mlEngineOf(like(s));
    return e === null ? NO_ML : ENGINE_NAMES.indexOf(e);
  };
  return {
    mlOf,
    mlEngine: (s) => {
      let ml = mlOf[s] as number;
      if (ml === ML_UNKNOWN) {
        if (table.binaryNameOf(s) === null) ml = mlEngine(s);
        else {
          const b = table.binaryIndexOf(s);
          ml = mlOfBinary[b] as number;
          if (ml === ML_UNKNOWN) ml = mlOfBinary[b] = mlEngine(s);
        }
        mlOf[s] = ml;
      }
      return ml;
    },
    baseClass: (s) => {
      let engine = classOf[s] as number;
      if (engine < 0) {
        const b = table.binaryIndexOf(s);
        engine = classOfBinary[b] as number;
        if (engine < 0) engine = classOfBinary[b] = ENGINE_NAMES.indexOf(baseClassOf(like(s), appNames));
        classOf[s] = engine;
      }
      return engine;
    },
  };
}

export interface StackSummary {
  topFrames: TopFrame[];
  binaries: { name: string; self: number }[];
  engines: Record<EngineName, number>;
}

/**
 * The indexes k < count of the stacks with a weight and a frame, by leaf node then k (the stacks
 * without a frame add to `acc.rootWeight`): node and k packed in one double and sorted as numbers
 * when they fit 53 bits, else sorted by a comparison.
 */
function byLeaf(nodes: Int32Array, weights: Float64Array, count: number, nodeCount: number, acc: Sums): Int32Array {
  const ks = new Int32Array(count);
  let m = 0;
  for (let k = 0; k < count; k++) {
    const w = weights[k] as number;
    if (w === 0) continue;
    if (nodes[k] === 0) acc.rootWeight += w;
    else ks[m++] = k;
  }
  const order = ks.subarray(0, m);
  const span = 2 ** (32 - Math.clz32(count));
  if (nodeCount * span > Number.MAX_SAFE_INTEGER) return order.sort((a, b) => (nodes[a] as number) - (nodes[b] as number) || a - b);
  const keys = new Float64Array(m);
  for (let j = 0; j < m; j++) keys[j] = (nodes[order[j] as number] as number) * span + (order[j] as number);
  keys.sort();
  for (let j = 0; j < m; j++) order[j] = (keys[j] as number) % span;
  return order;
}

/** How summarizeLeaves walks: each distinct stack leaf to root, or the prefix tree once. */
export type SummaryWalk = 'paths' | 'tree';

/**
 * The summaries, with or without the call tree (issue 15: `trace` and `--json` need no tree, and
 * the outputs that need it take their summaries from here too): each distinct stack's weight is
 * added to every distinct symbol on its path (total: a frame recurring on a path counts once), to
 * its leaf's symbol (self) and binary, and to its engine (the deepest ML engine on the path, else
 * the leaf's own class). Two walks give the same figures (weights are integers: the sums are exact
 * in any order): each distinct stack from its leaf to the root through the table's parent links
 * (`paths`: a visit per frame of every distinct stack), or the prefix tree once, depth first,
 * through its child lists (`tree`: a visit per node; a real app's stacks share their callers, so
 * at 100 MB 228,066 nodes against 3.6 M frames of 28,894 distinct stacks). `walk` unset: the
 * cheaper one by an estimate of the frames (the depth of a few stacks), `tree` only when the
 * weights are safe integers whose magnitudes sum below 2^53. Memory: a few arrays per symbol and
 * per distinct stack, nothing per node.
 */
export function summarizeLeaves(table: StackTable, nodes: Int32Array, weights: Float64Array, count: number, top: number, appNames: ReadonlySet<string>, walk?: SummaryWalk): StackSummary {
  const symbols = table.symbolCount;
  const classify = symbolClassifier(table, appNames);
  const acc: Sums = { selfSym: new Float64Array(symbols), totalSym: new Float64Array(symbols), engineWeights: new Float64Array(ENGINE_NAMES.length), binaries: new Map<string, number>(), rootWeight: 0 };
  if ((walk ?? cheaperWalk(table, nodes, weights, count)) === 'tree') walkTree(table, nodes, weights, count, classify, acc);
  else walkPaths(table, nodes, weights, count, classify, acc);
  const engines = emptyEngines();
  ENGINE_NAMES.forEach((e, k) => (engines[e] = acc.engineWeights[k] as number));
  if (acc.rootWeight > 0) engines.unknown += acc.rootWeight;
  return { ...rank(table, acc.selfSym, acc.totalSym, top), binaries: sortBinaries(acc.binaries), engines };
}

/** What the walks of summarizeLeaves add up. */
interface Sums {
  selfSym: Float64Array;
  totalSym: Float64Array;
  engineWeights: Float64Array;
  binaries: Map<string, number>;
  rootWeight: number;
}

type Classifier = ReturnType<typeof symbolClassifier>;

/** Stacks whose depth is measured to estimate the frames of a `paths` walk. */
const DEPTH_SAMPLES = 64;

/**
 * `tree` when the prefix tree has fewer nodes than half the frames a `paths` walk would visit
 * (estimated from the depth of up to DEPTH_SAMPLES stacks spread over them) and the weights allow
 * any order of summing (safe integers, Σ|w| below 2^53); else `paths`.
 */
function cheaperWalk(table: StackTable, nodes: Int32Array, weights: Float64Array, count: number): SummaryWalk {
  if (count === 0) return 'paths';
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const w = weights[k] as number;
    if (!Number.isSafeInteger(w)) return 'paths';
    sum += w < 0 ? -w : w;
  }
  if (!Number.isSafeInteger(sum)) return 'paths';
  const parentPages = table.parentPages;
  const samples = Math.min(count, DEPTH_SAMPLES);
  let depth = 0;
  for (let j = 0; j < samples; j++) {
    const k = Math.floor((j * count) / samples);
    for (let i = nodes[k] as number; i > 0; i = (parentPages[i >>> PAGE_BITS] as Int32Array)[i & PAGE_MASK] as number) depth++;
  }
  return table.size * 2 < (depth / samples) * count ? 'tree' : 'paths';
}

/** Each distinct stack walked from its leaf to the root (see summarizeLeaves). */
function walkPaths(table: StackTable, nodes: Int32Array, weights: Float64Array, count: number, classify: Classifier, acc: Sums): void {
  const parentPages = table.parentPages;
  const symbolPages = table.symbolPages;
  const { totalSym } = acc;
  const stamp = new Int32Array(table.symbolCount);
  for (let k = 0; k < count; k++) {
    const w = weights[k] as number;
    if (w === 0) continue;
    const leaf = nodes[k] as number;
    if (leaf === 0) {
      acc.rootWeight += w;
      continue;
    }
    let engine = NO_ML;
    const mark = k + 1;
    for (let i = leaf; i > 0; i = (parentPages[i >>> PAGE_BITS] as Int32Array)[i & PAGE_MASK] as number) {
      const s = (symbolPages[i >>> PAGE_BITS] as Int32Array)[i & PAGE_MASK] as number;
      if (stamp[s] === mark) continue;
      stamp[s] = mark;
      totalSym[s] = (totalSym[s] as number) + w;
      if (engine === NO_ML) engine = classify.mlEngine(s);
    }
    addSelf(table, classify, acc, table.symbolAt(leaf), w, engine);
  }
}

/** A leaf's self weight, added to its symbol, its binary and its engine (`ml`, the deepest ML engine on its path; NO_ML: the symbol's own class). */
function addSelf(table: StackTable, classify: Classifier, acc: Sums, s: number, w: number, ml: number): void {
  acc.selfSym[s] = (acc.selfSym[s] as number) + w;
  const e = ml !== NO_ML ? ml : classify.baseClass(s);
  acc.engineWeights[e] = (acc.engineWeights[e] as number) + w;
  const b = table.binaryNameOf(s) ?? UNKNOWN_BINARY;
  acc.binaries.set(b, (acc.binaries.get(b) ?? 0) + w);
}

/**
 * The prefix tree walked once, depth first through its child lists (StackTable.linked, which the
 * call tree uses too): a node's subtree weight is summed as it is left and added to its symbol's
 * total when no caller on its path has that symbol (a count per symbol of the path's nodes); its
 * self weight (the stacks whose leaf it is) goes to its symbol, binary and engine (the deepest ML
 * engine on the path, kept per depth).
 */
function walkTree(table: StackTable, nodes: Int32Array, weights: Float64Array, count: number, classify: Classifier, acc: Sums): void {
  const { totalSym } = acc;
  // The stacks' weights by leaf node: sorted by node, equal nodes summed, and a bit per node.
  const order = byLeaf(nodes, weights, count, table.size, acc);
  const m = order.length;
  const leafNodes = new Int32Array(m);
  const leafSelf = new Float64Array(m);
  const isLeaf = new Uint8Array((table.size + 7) >>> 3);
  let leaves = 0;
  for (let j = 0; j < m; j++) {
    const k = order[j] as number;
    const node = nodes[k] as number;
    const w = weights[k] as number;
    if (leaves > 0 && leafNodes[leaves - 1] === node) leafSelf[leaves - 1] = (leafSelf[leaves - 1] as number) + w;
    else {
      leafNodes[leaves] = node;
      leafSelf[leaves++] = w;
      isLeaf[node >>> 3] = (isLeaf[node >>> 3] as number) | (1 << (node & 7));
    }
  }
  /** The place of a leaf node in leafNodes. */
  const leafAt = (i: number): number => {
    let lo = 0;
    let hi = leaves - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((leafNodes[mid] as number) < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  /** Per leaf, the deepest ML engine on its path (NO_ML: none), set as the walk meets it. */
  const leafMl = new Int32Array(leaves);
  const { first, next } = table.linked();
  const symbolPages = table.symbolPages;
  const onPath = new Int32Array(table.symbolCount);
  // Per depth (0: the root): the node, its next callee to visit, its subtree weight so far, the
  // deepest ML engine on the path down to it, whether it is its symbol's outermost on the path.
  let cap = 256;
  let nodeAt = new Int32Array(cap);
  let cursor = new Int32Array(cap);
  let sub = new Float64Array(cap);
  let mlAt = new Int32Array(cap);
  let outer = new Uint8Array(cap);
  let d = 0;
  nodeAt[0] = 0;
  cursor[0] = (first[0] as Int32Array)[0] as number;
  sub[0] = 0;
  mlAt[0] = NO_ML;
  for (;;) {
    const c = cursor[d] as number;
    if (c !== 0) {
      cursor[d] = (next[c >>> PAGE_BITS] as Int32Array)[c & PAGE_MASK] as number;
      const s = (symbolPages[c >>> PAGE_BITS] as Int32Array)[c & PAGE_MASK] as number;
      if (++d === cap) {
        cap *= 2;
        nodeAt = grown(nodeAt, cap);
        cursor = grown(cursor, cap);
        sub = grown(sub, cap);
        mlAt = grown(mlAt, cap);
        outer = grown(outer, cap);
      }
      nodeAt[d] = c;
      cursor[d] = (first[c >>> PAGE_BITS] as Int32Array)[c & PAGE_MASK] as number;
      let ml = classify.mlOf[s] as number;
      if (ml === ML_UNKNOWN) ml = classify.mlEngine(s);
      const engine = ml !== NO_ML ? ml : (mlAt[d - 1] as number);
      mlAt[d] = engine;
      const on = onPath[s] as number;
      onPath[s] = on + 1;
      outer[d] = on === 0 ? 1 : 0;
      let w = 0;
      if ((((isLeaf[c >>> 3] as number) >>> (c & 7)) & 1) !== 0) {
        const j = leafAt(c);
        w = leafSelf[j] as number;
        leafMl[j] = engine;
      }
      sub[d] = w;
      continue;
    }
    if (d === 0) break;
    const n = nodeAt[d] as number;
    const s = (symbolPages[n >>> PAGE_BITS] as Int32Array)[n & PAGE_MASK] as number;
    const t = sub[d] as number;
    onPath[s] = (onPath[s] as number) - 1;
    if (outer[d] === 1) totalSym[s] = (totalSym[s] as number) + t;
    d--;
    sub[d] = (sub[d] as number) + t;
  }
  addLeafSelves(table, classify, acc, leafNodes, leafSelf, leafMl, leaves);
}

/**
 * walkTree's self weights by leaf, after its walk: a function of its own, so that the walk's loop
 * (run once, compiled on the stack while it runs) does not end in code it never ran (that threw
 * the compiled walk away, and this loop ran in the interpreter).
 */
function addLeafSelves(table: StackTable, classify: Classifier, acc: Sums, leafNodes: Int32Array, leafSelf: Float64Array, leafMl: Int32Array, leaves: number): void {
  const symbolPages = table.symbolPages;
  for (let j = 0; j < leaves; j++) {
    const c = leafNodes[j] as number;
    addSelf(table, classify, acc, (symbolPages[c >>> PAGE_BITS] as Int32Array)[c & PAGE_MASK] as number, leafSelf[j] as number, leafMl[j] as number);
  }
}

/** The top frames by self and by total weight (ties: by total, then self, then name). */
function rank(table: StackTable, selfSym: Float64Array, totalSym: Float64Array, top: number): { topFrames: TopFrame[] } {
  const symbols = table.symbolCount;
  const cmp = (a: number, b: number) => {
    const x = table.name(a);
    const y = table.name(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const bySelf = (a: number, b: number) => (selfSym[b] as number) - (selfSym[a] as number) || (totalSym[b] as number) - (totalSym[a] as number) || cmp(a, b);
  const byTotal = (a: number, b: number) => (totalSym[b] as number) - (totalSym[a] as number) || (selfSym[b] as number) - (selfSym[a] as number) || cmp(a, b);
  // The symbols with a weight whose self (total) is at least the top-th largest self (total) are
  // the only ones that can be among the first by self (total): found in two passes (the top-th
  // largest of each kept in a small heap), not by ordering every symbol (190,000 at 100 MB).
  const [leastSelf, leastTotal] = topThresholds(selfSym, totalSym, symbols, top);
  const bySelfItems: number[] = [];
  const byTotalItems: number[] = [];
  for (let s = 0; s < symbols; s++) {
    const a = selfSym[s] as number;
    const b = totalSym[s] as number;
    if (a === 0 && b === 0) continue;
    if (a >= leastSelf) bySelfItems.push(s);
    if (b >= leastTotal) byTotalItems.push(s);
  }
  const keep = new Set([...pick(bySelfItems, top, bySelf), ...pick(byTotalItems, top, byTotal)]);
  return { topFrames: [...keep].sort(bySelf).map((s) => ({ name: table.name(s), binary: table.binaryNameOf(s), self: selfSym[s] as number, total: totalSym[s] as number })) };
}

function sortBinaries(binaries: Map<string, number>): { name: string; self: number }[] {
  return [...binaries].map(([name, w]) => ({ name, self: w })).sort((a, b) => b.self - a.self || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Of the symbols with a weight (self or total not 0): the k-th largest self and the k-th largest
 * total (-Infinity when there are fewer than k), each by a min-heap of k values.
 */
function topThresholds(selfSym: Float64Array, totalSym: Float64Array, symbols: number, k: number): [number, number] {
  if (k <= 0) return [Infinity, Infinity];
  const hs = new Float64Array(k);
  const ht = new Float64Array(k);
  let n = 0;
  for (let s = 0; s < symbols; s++) {
    const a = selfSym[s] as number;
    const b = totalSym[s] as number;
    if (a === 0 && b === 0) continue;
    if (n < k) {
      heapPush(hs, n, a);
      heapPush(ht, n, b);
      n++;
      continue;
    }
    if (a > (hs[0] as number)) heapReplaceMin(hs, k, a);
    if (b > (ht[0] as number)) heapReplaceMin(ht, k, b);
  }
  return n < k ? [-Infinity, -Infinity] : [hs[0] as number, ht[0] as number];
}

/** Adds `v` to the min-heap `h[0..n)`. */
function heapPush(h: Float64Array, n: number, v: number): void {
  let i = n;
  while (i > 0) {
    const p = (i - 1) >>> 1;
    if ((h[p] as number) <= v) break;
    h[i] = h[p] as number;
    i = p;
  }
  h[i] = v;
}

/** Replaces the least of the min-heap `h[0..n)` with `v` (not less than it). */
function heapReplaceMin(h: Float64Array, n: number, v: number): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const c = l + 1 < n && (h[l + 1] as number) < (h[l] as number) ? l + 1 : l;
    if ((h[c] as number) >= v) break;
    h[i] = h[c] as number;
    i = c;
  }
  h[i] = v;
}

/** The first `k` of `items` in `order` (a bounded selection, then one small sort). */
function pick(items: number[], k: number, order: (a: number, b: number) => number): number[] {
  if (items.length <= k * 4) return [...items].sort(order).slice(0, k);
  // Keep a sorted window of the best k.
  const best: number[] = [];
  for (const x of items) {
    if (best.length === k && order(x, best[k - 1] as number) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order(best[mid] as number, x) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, x);
    if (best.length > k) best.pop();
  }
  return best;
}

/**
 * The merged call tree of the weights `weights[k]` of the stacks whose leaf is `nodes[k]` (k <
 * `count`: the profile's distinct stacks). The tree IS the stack table's prefix tree: its nodes,
 * symbols and child lists (StackTable.linked: made in the memory of its parents and its hash, and
 * shared by the profiles of a document), plus what is made here, about 4–5 bytes per node (5.4 M
 * nodes at 2 GB of a real app's profile: 22 MB): each node's total weight (4 bytes in units of the
 * weights' divisor where they fit, else 8; summed from the last node back, as a node's callees are
 * later nodes), and the self weight of the nodes that have one (the stacks' leaves, sorted by
 * node). A node's self weight and engine are worked out as it is visited; nodes without weight
 * are skipped as their caller's children are read; only the children of the nodes an output
 * visits are sorted.
 */
export function buildTree(table: StackTable, nodes: Int32Array, weights: Float64Array, count: number, appNames: ReadonlySet<string>): CompactTree {
  const n = table.size;
  // What the reading left behind (its id table, buffers) is garbage the collector has not freed
  // yet; freed first, its memory takes the tree's pages below instead of new memory (2 GB of a
  // real app's profile: 30–40 MB of peak RSS). Only for big trees: a full collection takes tens of ms.
  if (n >= BIG_TREE) collectGarbage();
  // Weights in units of their greatest common divisor when every sum fits 32 bits (a Time
  // Profiler's samples are 1 ms each: 4 bytes a node, not 8), else as they are. In pages of 2^16,
  // as the table's, so that freed memory in pieces can hold them.
  const unit = weightUnit(weights, count);
  const total: Totals = [];
  for (let p = 0; p * PAGE < n; p++) total.push(unit > 0 ? new Uint32Array(PAGE) : new Float64Array(PAGE));
  const per = unit > 0 ? unit : 1;
  for (let k = 0; k < count; k++) {
    const i = nodes[k] as number;
    const page = total[i >>> PAGE_BITS] as Uint32Array | Float64Array;
    page[i & PAGE_MASK] = (page[i & PAGE_MASK] as number) + (weights[k] as number) / per;
  }
  // Self weights: the nodes that have one, before the totals are summed into their callers.
  let leaves = 0;
  for (let i = 0; i < n; i++) if (totalAt(total, i) !== 0) leaves++;
  const leafNodes = new Int32Array(leaves);
  const leafSelf = unit > 0 ? new Uint32Array(leaves) : new Float64Array(leaves);
  const isLeaf = new Uint8Array((n + 7) >>> 3);
  for (let i = 0, k = 0; i < n; i++) {
    const t = totalAt(total, i);
    if (t === 0) continue;
    isLeaf[i >>> 3] = (isLeaf[i >>> 3] as number) | (1 << (i & 7));
    leafNodes[k] = i;
    leafSelf[k++] = t;
  }
  // The profiles are read: no stack is interned any more, and the table becomes child lists.
  const links = table.linked();
  const { first, next } = links;
  for (let q = n - 1; q >= 0; q--) {
    const page = total[q >>> PAGE_BITS] as Uint32Array | Float64Array;
    let t = page[q & PAGE_MASK] as number;
    for (let c = (first[q >>> PAGE_BITS] as Int32Array)[q & PAGE_MASK] as number; c !== 0; c = (next[c >>> PAGE_BITS] as Int32Array)[c & PAGE_MASK] as number) t += totalAt(total, c);
    page[q & PAGE_MASK] = t;
  }
  return new CompactTree(table, links, total, per, isLeaf, leafNodes, leafSelf, symbolClassifier(table, appNames));
}

/** Per node, in pages of 2^16: a total in units (Uint32) or as it is (Float64). */
type Totals = (Uint32Array | Float64Array)[];

function totalAt(total: Totals, i: number): number {
  return (total[i >>> PAGE_BITS] as Uint32Array | Float64Array)[i & PAGE_MASK] as number;
}

const PAGE = 1 << PAGE_BITS;
/** Trees of this many nodes or more are made after a full garbage collection. */
const BIG_TREE = 1 << 20;

let gc: (() => void) | null | undefined;

/**
 * A full garbage collection, where V8 lets a program ask for one: node's `--expose-gc`, given
 * here at run time (v8.setFlagsFromString, then the `gc` of a new context); nothing when refused.
 */
function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const f: unknown = runInNewContext('gc');
      gc = typeof f === 'function' ? (f as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

/**
 * The greatest common divisor of the weights when they are all integers and their sum in its units
 * fits 32 bits (every node's total then does: it is part of the sum), else 0. Exact: the weights
 * and the sum are integers below 2^53, so units × divisor is the weight.
 */
function weightUnit(weights: Float64Array, count: number): number {
  let g = 0;
  let sum = 0;
  for (let k = 0; k < count; k++) {
    let w = weights[k] as number;
    if (w === 0) continue;
    if (!Number.isSafeInteger(w) || w < 0) return 0;
    sum += w;
    while (w !== 0) [g, w] = [w, g % w];
  }
  if (!Number.isSafeInteger(sum)) return 0;
  if (g === 0) return 1;
  return sum / g <= 0xffffffff ? g : 0;
}

/** The merged call tree as a view over typed arrays (node 0 is the root): see buildTree. */
export class CompactTree implements CompactCallTree {
  constructor(
    private readonly table: StackTable,
    /** The table's child lists (StackTable.linked), valid while the table's epoch is theirs. */
    private readonly links: { first: Int32Array[]; next: Int32Array[]; epoch: number },
    /** Totals and self weights in units of `per` (see weightUnit). */
    private readonly total: Totals,
    private readonly per: number,
    /** A bit per node: it has a self weight (is a stack's leaf). */
    private readonly isLeaf: Uint8Array,
    private readonly leafNodes: Int32Array,
    private readonly leafSelf: Float64Array | Uint32Array,
    private readonly classify: ReturnType<typeof symbolClassifier>,
  ) {}

  /** Total weight under the root. */
  get rootTotal(): number {
    return this.totalOf(0);
  }

  /** A node's total weight. */
  totalOf(i: number): number {
    return totalAt(this.total, i) * this.per;
  }

  /** A node's self weight (its stacks' samples), 0 for a node that is no stack's leaf. */
  selfOf(i: number): number {
    if ((((this.isLeaf[i >>> 3] as number) >>> (i & 7)) & 1) === 0) return 0;
    const leaves = this.leafNodes;
    let lo = 0;
    let hi = leaves.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = leaves[mid] as number;
      if (x < i) lo = mid + 1;
      else if (x > i) hi = mid - 1;
      else return (this.leafSelf[mid] as number) * this.per;
    }
    return 0;
  }

  /** The node's callees that carry weight, in node order (the table's child lists). */
  private callees(i: number): number[] {
    const { first, next, epoch } = this.links;
    // The lists are the table's memory: once it has given them up (its parents read again, a
    // stack interned after the tree was made), walking them would give a wrong tree.
    if (this.table.epoch !== epoch) throw new Error('internal: a call tree was read after its stack table changed');
    const out: number[] = [];
    const t = this.total;
    for (let c = (first[i >>> PAGE_BITS] as Int32Array)[i & PAGE_MASK] as number; c !== 0; c = (next[c >>> PAGE_BITS] as Int32Array)[c & PAGE_MASK] as number) if (totalAt(t, c) !== 0) out.push(c);
    return out;
  }

  /** A node's children, by total weight (descending), then name (then node order). */
  children(i: number): number[] {
    const out = this.callees(i);
    if (out.length < 2) return out;
    const table = this.table;
    const t = this.total;
    const name = (c: number) => table.name(table.symbolAt(c));
    return out.sort((a, b) => totalAt(t, b) - totalAt(t, a) || byCodeUnit(name(a), name(b)));
  }

  /** The ML engine a node passes to its callees: its own, else its caller's (`inherited`). */
  private mlOf(i: number, inherited: number): number {
    const ml = this.classify.mlEngine(this.table.symbolAt(i));
    return ml !== NO_ML ? ml : inherited;
  }

  private nodeOf(i: number, ml: number, children: CallTreeNode[]): CallTreeNode {
    if (i === 0) return { name: ROOT_NAME, binary: null, self: this.selfOf(0), total: this.totalOf(0), children };
    const s = this.table.symbolAt(i);
    const engine = ml !== NO_ML ? ml : this.classify.baseClass(s);
    return { name: this.table.name(s), binary: this.table.binaryNameOf(s), self: this.selfOf(i), total: this.totalOf(i), engine: ENGINE_NAMES[engine] as EngineName, children };
  }

  /**
   * The tree as objects. `keep(total, depth)` false (depth: the root's is 0): the node is made
   * without its children (a text tree or a flame graph folds such nodes and needs only their
   * weight), so that only what an output shows is made.
   */
  toCallTree(keep: (total: number, depth: number) => boolean = () => true): CallTreeNode {
    const make = (i: number, ml: number, depth: number): CallTreeNode => {
      const here = i === 0 ? NO_ML : this.mlOf(i, ml);
      return this.nodeOf(i, here, i === 0 || keep(this.totalOf(i), depth) ? this.children(i).map((c) => make(c, here, depth + 1)) : []);
    };
    return make(0, NO_ML, 0);
  }

  /**
   * Collapsed stacks, `root;…;leaf weight` per node with self weight (each distinct call path), in
   * the tree's order, in pieces (src/trace/folded-walk.ts).
   */
  folded(prefix: readonly string[], scale: number, name: (s: string) => string): Iterable<string> {
    const table = this.table;
    return foldedLines({ children: (i) => this.children(i), symbolOf: (i) => table.symbolAt(i), label: (sym) => table.name(sym), selfOf: (i) => this.selfOf(i) }, 0, prefix, scale, name);
  }


  /** The tree as JSON in pieces, one node a line (src/core/json-tree.ts), its first line at `indent`. */
  json(indent: string): Iterable<string> {
    return jsonTree<number, number>(0, NO_ML, {
      open: (i, inherited) => {
        const ml = i === 0 ? NO_ML : this.mlOf(i, inherited);
        return { members: callTreeMembers(this.nodeOf(i, ml, [])), children: this.children(i), pass: ml };
      },
    }, indent);
  }
}
