/**
 * The summaries of a profile from its interned stacks (xctrace/stacks.ts) and the weight of each
 * node, in one pass over typed arrays: top frames by self and total weight, weight per binary and
 * per engine; and the call tree as a view over the same arrays, made into objects or text only when
 * an output needs it (folded lines and the JSON tree are streamed in pieces, never one string).
 * Semantics as in calltree.ts: self of a frame = Σ self of its nodes; total = Σ total of its
 * outermost nodes (a frame recurring on a path counts once); a node's self weight goes to the
 * deepest ML engine on its path, else to its own class (app, system, unknown).
 */
import { emptyEngines, ROOT_NAME, UNKNOWN_BINARY } from './calltree.js';
import { baseClassOf, mlEngineOf } from './engines.js';
import { ENGINE_NAMES, type CallTreeNode, type CompactCallTree, type EngineName, type TopFrame } from './model.js';
import { PAGE_BITS, PAGE_MASK, type StackTable } from './xctrace/stacks.js';

const NO_ML = -1;

/**
 * What a symbol says of the engine, worked out once per symbol and kept in typed arrays: its ML
 * engine (an index into ENGINE_NAMES, or NO_ML) and its base class (app, system, unknown), as
 * engines.ts decides them. Both summary passes below classify through it.
 */
function symbolClassifier(table: StackTable, appNames: ReadonlySet<string>): { mlEngine: (s: number) => number; baseClass: (s: number) => number } {
  const symbols = table.names.length;
  const mlOf = new Int8Array(symbols).fill(-2);
  const classOf = new Int8Array(symbols).fill(-1);
  const like = (s: number) => ({ name: table.names[s] as string, binaryName: table.binaries[s] ?? null, binaryPath: table.binaryPaths[s] ?? null });
  return {
    mlEngine: (s) => {
      let ml = mlOf[s] as number;
      if (ml === -2) {
        const e = mlEngineOf(like(s));
        ml = e === null ? NO_ML : ENGINE_NAMES.indexOf(e);
        mlOf[s] = ml;
      }
      return ml;
    },
    baseClass: (s) => {
      let engine = classOf[s] as number;
      if (engine < 0) {
        engine = ENGINE_NAMES.indexOf(baseClassOf(like(s), appNames));
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
  tree: CompactTree;
}

/** Summarises the weights `self` (per node of `table`). `appNames`: the profiled processes' names. */
export function summarizeStacks(table: StackTable, selfIn: Float64Array, top: number, appNames: ReadonlySet<string>): StackSummary {
  const n = table.size;
  const { parent, symbol } = table.flat();
  const self = new Float64Array(n);
  self.set(selfIn.subarray(0, Math.min(n, selfIn.length)));
  const total = new Float64Array(self);
  for (let i = n - 1; i > 0; i--) if (total[i] !== 0) { const q = parent[i] as number; total[q] = (total[q] as number) + (total[i] as number); }

  // Children of the nodes that carry weight, grouped by parent (CSR).
  const offsets = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) if (total[i] !== 0) { const q = (parent[i] as number) + 1; offsets[q] = (offsets[q] as number) + 1; }
  for (let i = 0; i < n; i++) offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
  const fill = offsets.slice(0, n);
  const children = new Int32Array(offsets[n] as number);
  for (let i = 1; i < n; i++) if (total[i] !== 0) { const q = parent[i] as number; children[fill[q] as number] = i; fill[q] = (fill[q] as number) + 1; }

  const symbols = table.names.length;
  const classify = symbolClassifier(table, appNames);
  const selfSym = new Float64Array(symbols);
  const totalSym = new Float64Array(symbols);
  const onPath = new Int32Array(symbols);
  const inherited = new Int8Array(n).fill(NO_ML);
  const nodeEngine = new Int8Array(n);
  const engineWeights = new Float64Array(ENGINE_NAMES.length);
  const binaries = new Map<string, number>();

  const enter = (i: number) => {
    const s = symbol[i] as number;
    const ml = classify.mlEngine(s);
    const here = ml !== NO_ML ? ml : (inherited[parent[i] as number] as number);
    inherited[i] = here;
    const engine = here !== NO_ML ? here : classify.baseClass(s);
    nodeEngine[i] = engine;
    const w = self[i] as number;
    selfSym[s] = (selfSym[s] as number) + w;
    if (onPath[s] === 0) totalSym[s] = (totalSym[s] as number) + (total[i] as number);
    onPath[s] = (onPath[s] as number) + 1;
    if (w !== 0) {
      engineWeights[engine] = (engineWeights[engine] as number) + w;
      const b = table.binaries[s] ?? UNKNOWN_BINARY;
      binaries.set(b, (binaries.get(b) ?? 0) + w);
    }
  };
  // Depth first, iteratively (stacks can be deep).
  const path: number[] = [0];
  const next: number[] = [offsets[0] as number];
  while (path.length) {
    const top = path.length - 1;
    const at = path[top] as number;
    const k = next[top] as number;
    if (k < (offsets[at + 1] as number)) {
      next[top] = k + 1;
      const c = children[k] as number;
      enter(c);
      path.push(c);
      next.push(offsets[c] as number);
    } else {
      if (at !== 0) { const q = symbol[at] as number; onPath[q] = (onPath[q] as number) - 1; }
      path.pop();
      next.pop();
    }
  }

  const engines = emptyEngines();
  ENGINE_NAMES.forEach((e, k) => (engines[e] = engineWeights[k] as number));
  if ((self[0] as number) > 0) engines.unknown += self[0] as number;

  return { ...rank(table, selfSym, totalSym, top), binaries: sortBinaries(binaries), engines, tree: new CompactTree(table, symbol, self, total, offsets, children, nodeEngine) };
}

/**
 * The summaries without the call tree (issue 15: `trace` and `--json` need no tree): each distinct
 * stack's weight is walked once from its leaf to the root through the table's parent links, adding
 * it to every distinct symbol on the path (total: a frame recurring on a path counts once), to its
 * leaf's symbol (self) and binary, and to its engine (the deepest ML engine on the path, else the
 * leaf's own class). Memory: a few arrays per symbol, nothing per node; the same figures as
 * summarizeStacks (weights are integers: the sums are exact in any order).
 */
export function summarizeLeaves(table: StackTable, nodes: Int32Array, weights: Float64Array, count: number, top: number, appNames: ReadonlySet<string>): Omit<StackSummary, 'tree'> {
  const parentPages = table.parentPages;
  const symbolPages = table.symbolPages;
  const symbols = table.names.length;
  const classify = symbolClassifier(table, appNames);
  const selfSym = new Float64Array(symbols);
  const totalSym = new Float64Array(symbols);
  const stamp = new Int32Array(symbols);
  const engineWeights = new Float64Array(ENGINE_NAMES.length);
  const binaries = new Map<string, number>();
  let rootWeight = 0;
  for (let k = 0; k < count; k++) {
    const w = weights[k] as number;
    if (w === 0) continue;
    const leaf = nodes[k] as number;
    if (leaf === 0) {
      rootWeight += w;
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
    const s = table.symbolAt(leaf);
    selfSym[s] = (selfSym[s] as number) + w;
    if (engine === NO_ML) engine = classify.baseClass(s);
    engineWeights[engine] = (engineWeights[engine] as number) + w;
    const b = table.binaries[s] ?? UNKNOWN_BINARY;
    binaries.set(b, (binaries.get(b) ?? 0) + w);
  }
  const engines = emptyEngines();
  ENGINE_NAMES.forEach((e, k) => (engines[e] = engineWeights[k] as number));
  if (rootWeight > 0) engines.unknown += rootWeight;
  return { ...rank(table, selfSym, totalSym, top), binaries: sortBinaries(binaries), engines };
}

/** The top frames by self and by total weight (ties: by total, then self, then name). */
function rank(table: StackTable, selfSym: Float64Array, totalSym: Float64Array, top: number): { topFrames: TopFrame[] } {
  const symbols = table.names.length;
  const cmp = (a: number, b: number) => {
    const x = table.names[a] as string;
    const y = table.names[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const seen: number[] = [];
  for (let s = 0; s < symbols; s++) if (totalSym[s] !== 0 || selfSym[s] !== 0) seen.push(s);
  const bySelf = (a: number, b: number) => (selfSym[b] as number) - (selfSym[a] as number) || (totalSym[b] as number) - (totalSym[a] as number) || cmp(a, b);
  const byTotal = (a: number, b: number) => (totalSym[b] as number) - (totalSym[a] as number) || (selfSym[b] as number) - (selfSym[a] as number) || cmp(a, b);
  const keep = new Set([...pick(seen, top, bySelf), ...pick(seen, top, byTotal)]);
  return { topFrames: [...keep].sort(bySelf).map((s) => ({ name: table.names[s] as string, binary: table.binaries[s] ?? null, self: selfSym[s] as number, total: totalSym[s] as number })) };
}

function sortBinaries(binaries: Map<string, number>): { name: string; self: number }[] {
  return [...binaries].map(([name, w]) => ({ name, self: w })).sort((a, b) => b.self - a.self || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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

/** Folded weights are integers in the profile's base unit. */
const PIECE = 1 << 16;

/** The merged call tree as a view over typed arrays (node 0 is the root). */
export class CompactTree implements CompactCallTree {
  constructor(
    private readonly table: StackTable,
    /** The symbol of each node (StackTable.flat). */
    private readonly symbol: Int32Array,
    private readonly self: Float64Array,
    private readonly total: Float64Array,
    private readonly offsets: Int32Array,
    private readonly kids: Int32Array,
    private readonly engine: Int8Array,
  ) {}

  /** Total weight under the root. */
  get rootTotal(): number {
    return this.total[0] as number;
  }

  /** A node's children, by total weight (descending), then name. */
  children(i: number): number[] {
    const out = Array.from(this.kids.subarray(this.offsets[i], this.offsets[i + 1]));
    const names = this.table.names;
    const sym = this.symbol;
    return out.sort((a, b) => (this.total[b] as number) - (this.total[a] as number) || cmpStr(names[sym[a] as number] as string, names[sym[b] as number] as string));
  }

  private nodeOf(i: number, children: CallTreeNode[]): CallTreeNode {
    if (i === 0) return { name: ROOT_NAME, binary: null, self: this.self[0] as number, total: this.total[0] as number, children };
    const s = this.symbol[i] as number;
    return { name: this.table.names[s] as string, binary: this.table.binaries[s] ?? null, self: this.self[i] as number, total: this.total[i] as number, engine: ENGINE_NAMES[this.engine[i] as number] as EngineName, children };
  }

  /**
   * The tree as objects. `keep(weight)` false: the node is made without its children (a text tree
   * folds such nodes and needs only their weight).
   */
  toCallTree(keep: (total: number) => boolean = () => true): CallTreeNode {
    const make = (i: number): CallTreeNode => this.nodeOf(i, i === 0 || keep(this.total[i] as number) ? this.children(i).map(make) : []);
    return make(0);
  }

  /** Collapsed stacks, `root;…;leaf weight` per node with self weight, in pieces. */
  *folded(prefix: readonly string[], scale: number, name: (s: string) => string): Generator<string> {
    const names: string[] = [];
    let piece = '';
    const path: string[] = [...prefix];
    const stack: [number, number][] = [];
    for (const c of this.children(0).reverse()) stack.push([c, 0]);
    // Each entry is a node and the depth of its parent in `path` (below the prefix).
    while (stack.length) {
      const [i, depth] = stack.pop() as [number, number];
      path.length = prefix.length + depth;
      const s = this.symbol[i] as number;
      path.push((names[s] ??= name(this.table.names[s] as string)));
      const w = Math.round((this.self[i] as number) * scale);
      if (w > 0) {
        piece += `${path.join(';')} ${w}\n`;
        if (piece.length >= PIECE) {
          yield piece;
          piece = '';
        }
      }
      const kids = this.children(i);
      for (let k = kids.length - 1; k >= 0; k--) stack.push([kids[k] as number, depth + 1]);
    }
    if (piece) yield piece;
  }

  /** The tree as JSON, as JSON.stringify(tree, null, 2) writes it with its first line at `indent`, in pieces. */
  *json(indent: string): Generator<string> {
    let piece = '';
    const keys = (i: number, pad: string): string => {
      const n = this.nodeOf(i, []);
      let s = `{\n${pad}  "name": ${JSON.stringify(n.name)},\n${pad}  "binary": ${JSON.stringify(n.binary)},\n${pad}  "self": ${JSON.stringify(n.self)},\n${pad}  "total": ${JSON.stringify(n.total)},\n`;
      if (n.engine !== undefined) s += `${pad}  "engine": ${JSON.stringify(n.engine)},\n`;
      return s + `${pad}  "children": `;
    };
    // Frames: a node, its sorted children and the next child to write.
    const stack: { i: number; kids: number[]; k: number; pad: string }[] = [];
    const open = (i: number, pad: string) => {
      const kids = this.children(i);
      piece += keys(i, pad) + (kids.length ? '[\n' : '[]\n' + pad + '}');
      if (kids.length) stack.push({ i, kids, k: 0, pad });
    };
    open(0, indent);
    while (stack.length) {
      const f = stack[stack.length - 1] as { i: number; kids: number[]; k: number; pad: string };
      if (f.k < f.kids.length) {
        const childPad = f.pad + '    ';
        piece += (f.k > 0 ? ',\n' : '') + childPad;
        const c = f.kids[f.k++] as number;
        open(c, childPad);
      } else {
        piece += `\n${f.pad}  ]\n${f.pad}}`;
        stack.pop();
      }
      if (piece.length >= PIECE) {
        yield piece;
        piece = '';
      }
    }
    if (piece) yield piece;
  }
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
