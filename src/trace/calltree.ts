/**
 * The merged call tree of a profile, and what is derived from it: top frames by self and total
 * weight, weight per binary, weight per engine. xctrace profiles build it from their distinct
 * stacks (reversed to root → leaf); Deep Copy text is a call tree already. Deriving everything
 * from the tree gives both inputs the same semantics:
 * - self of a frame = Σ self of its nodes (the weight of samples whose leaf it is);
 * - total of a frame = Σ total of its outermost nodes (a frame that recurs on one path counts once);
 * - a node's self weight goes to the engine of the deepest ML frame on its path, else to the
 *   node's own class (app, system, unknown): see engines.ts.
 */
import { baseClassOf, mlEngineOf, type MlEngine } from './engines.js';
import { ENGINE_NAMES, type CallTreeNode, type EngineName, type TopFrame } from './model.js';

export interface TreeFrame {
  name: string;
  binary: string | null;
  binaryPath: string | null;
}

export class MutableNode {
  self = 0;
  total = 0;
  readonly children = new Map<string, MutableNode>();
  constructor(
    readonly name: string,
    readonly binary: string | null,
    readonly binaryPath: string | null,
  ) {}

  child(f: TreeFrame): MutableNode {
    const key = f.binary === null ? f.name : f.name + '\u0000' + f.binary;
    let c = this.children.get(key);
    if (!c) {
      c = new MutableNode(f.name, f.binary, f.binaryPath);
      this.children.set(key, c);
    }
    return c;
  }
}

export const ROOT_NAME = '(all samples)';

export function newRoot(): MutableNode {
  return new MutableNode(ROOT_NAME, null, null);
}

/** Adds one stack, given root first, with its weight. */
export function addPath(root: MutableNode, framesRootFirst: readonly TreeFrame[], weight: number): void {
  let n = root;
  n.total += weight;
  for (const f of framesRootFirst) {
    n = n.child(f);
    n.total += weight;
  }
  n.self += weight;
}

export interface TreeSummary {
  tree: CallTreeNode;
  topFrames: TopFrame[];
  binaries: { name: string; self: number }[];
  engines: Record<EngineName, number>;
}

export const UNKNOWN_BINARY = '(unknown binary)';

export function emptyEngines(): Record<EngineName, number> {
  const e = Object.create(null) as Record<EngineName, number>;
  for (const n of ENGINE_NAMES) e[n] = 0;
  return e;
}

/**
 * Summarises a tree. `top`: how many frames to keep by self and by total (the union is returned,
 * sorted by self weight). `appNames`: the profiled processes' names (their binaries are the app's).
 */
export function summarizeTree(root: MutableNode, top: number, appNames: ReadonlySet<string>): TreeSummary {
  const frames = new Map<string, TopFrame>();
  const binaries = new Map<string, number>();
  const engines = emptyEngines();
  const onPath = new Map<string, number>();
  const mlCache = new Map<MutableNode, MlEngine | null>();

  const visit = (n: MutableNode, inherited: MlEngine | null): CallTreeNode => {
    const key = n.binary === null ? n.name : n.name + '\u0000' + n.binary;
    const like = { name: n.name, binaryName: n.binary, binaryPath: n.binaryPath };
    let ml = mlCache.get(n);
    if (ml === undefined) {
      ml = mlEngineOf(like);
      mlCache.set(n, ml);
    }
    const engineHere: MlEngine | null = ml ?? inherited;
    let tf = frames.get(key);
    if (!tf) {
      tf = { name: n.name, binary: n.binary, self: 0, total: 0 };
      frames.set(key, tf);
    }
    tf.self += n.self;
    const depth = onPath.get(key) ?? 0;
    if (depth === 0) tf.total += n.total;
    onPath.set(key, depth + 1);
    const engine: EngineName = engineHere ?? baseClassOf(like, appNames);
    if (n.self > 0) {
      engines[engine] += n.self;
      const b = n.binary ?? UNKNOWN_BINARY;
      binaries.set(b, (binaries.get(b) ?? 0) + n.self);
    }
    const kids = [...n.children.values()].sort(byTotal).map((c) => visit(c, engineHere));
    onPath.set(key, depth);
    return { name: n.name, binary: n.binary, self: n.self, total: n.total, engine, children: kids };
  };

  const kids = [...root.children.values()].sort(byTotal).map((c) => visit(c, null));
  const tree: CallTreeNode = { name: root.name, binary: null, self: root.self, total: root.total, children: kids };
  if (root.self > 0) engines.unknown += root.self;

  const all = [...frames.values()];
  const bySelf = [...all].sort((a, b) => b.self - a.self || b.total - a.total || cmp(a.name, b.name)).slice(0, top);
  const byTotalList = [...all].sort((a, b) => b.total - a.total || b.self - a.self || cmp(a.name, b.name)).slice(0, top);
  const keep = new Set([...bySelf, ...byTotalList]);
  const topFrames = [...keep].sort((a, b) => b.self - a.self || b.total - a.total || cmp(a.name, b.name));
  const binList = [...binaries].map(([name, self]) => ({ name, self })).sort((a, b) => b.self - a.self || cmp(a.name, b.name));
  return { tree, topFrames, binaries: binList, engines };
}

function byTotal(a: MutableNode, b: MutableNode): number {
  return b.total - a.total || cmp(a.name, b.name);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
