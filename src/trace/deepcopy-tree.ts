/**
 * A Deep Copy's call tree as a view over the parser's typed arrays (node → parent, frame, self,
 * total, engine), read by the streamed outputs (folded, --json --tree) and made into objects only
 * for what asks for objects (the text tree, flame graphs), as the xctrace reader's CompactTree is.
 * Children are listed by total weight, then name; two children of one node with one frame are
 * merged into one (their self and total weights added, their children merged in turn), as the
 * objects' tree always did.
 */
import { byCodeUnit } from '../core/strings.js';
import { jsonTree } from '../core/json-tree.js';
import { foldedLines } from './folded-walk.js';
import { callTreeMembers, ROOT_NAME } from './calltree.js';
import { ENGINE_NAMES, type CallTreeNode, type CompactCallTree, type EngineName } from './model.js';

export interface DeepCopyNodes {
  /** Nodes 0 … count−1, each after its parent. */
  count: number;
  parent: Int32Array;
  frame: Int32Array;
  self: Float64Array;
  total: Float64Array;
  engine: Int8Array;
  /** Frame names, by frame. */
  names: readonly string[];
  rootTotal: number;
}

const ROOT = -1;

/** The view of the parser's nodes, siblings of one frame merged. */
export function deepCopyTree(nodes: DeepCopyNodes): DeepCopyTree {
  const first = childLists(nodes);
  if (!hasTwins(nodes, first.start, first.kids)) return new DeepCopyTree(nodes, first.start, first.kids);
  const merged = mergeTwins(nodes);
  const lists = childLists(merged);
  return new DeepCopyTree(merged, lists.start, lists.kids);
}

/** Children of node p (ROOT: -1) in kids[start[p + 1] … start[p + 2]), in the nodes' order. */
function childLists(n: DeepCopyNodes): { start: Int32Array; kids: Int32Array } {
  const start = new Int32Array(n.count + 2);
  for (let t = 0; t < n.count; t++) {
    const i = (n.parent[t] as number) + 2;
    start[i] = (start[i] as number) + 1;
  }
  for (let p = 1; p < start.length; p++) start[p] = (start[p] as number) + (start[p - 1] as number);
  const kids = new Int32Array(n.count);
  const fill = start.slice(0, n.count + 1);
  for (let t = 0; t < n.count; t++) kids[(fill[(n.parent[t] as number) + 1] as number)++] = t;
  return { start, kids };
}

/** Whether some node has two children of one frame. */
function hasTwins(n: DeepCopyNodes, start: Int32Array, kids: Int32Array): boolean {
  // The last parent each frame was seen under, as p + 2 (0: none yet; the root is -1).
  const seen = new Int32Array(n.names.length);
  for (let p = -1; p < n.count; p++) {
    const stamp = p + 2;
    for (let k = start[p + 1] as number, end = start[p + 2] as number; k < end; k++) {
      const f = n.frame[kids[k] as number] as number;
      if (seen[f] === stamp) return true;
      seen[f] = stamp;
    }
  }
  return false;
}

/** The nodes with twins merged: a node's first node of each frame takes the others' weights and children. */
function mergeTwins(n: DeepCopyNodes): DeepCopyNodes {
  const names = n.names.length;
  const into = new Int32Array(n.count);
  const parent = new Int32Array(n.count);
  const frame = new Int32Array(n.count);
  const self = new Float64Array(n.count);
  const total = new Float64Array(n.count);
  const engine = new Int8Array(n.count);
  const made = new Map<number, number>();
  let count = 0;
  for (let t = 0; t < n.count; t++) {
    const p = n.parent[t] as number;
    const mp = p < 0 ? -1 : (into[p] as number);
    const key = (mp + 1) * names + (n.frame[t] as number);
    let m = made.get(key);
    if (m === undefined) {
      m = count++;
      made.set(key, m);
      parent[m] = mp;
      frame[m] = n.frame[t] as number;
      engine[m] = n.engine[t] as number;
    }
    self[m] = (self[m] as number) + (n.self[t] as number);
    total[m] = (total[m] as number) + (n.total[t] as number);
    into[t] = m;
  }
  return { count, parent, frame, self, total, engine, names: n.names, rootTotal: n.rootTotal };
}

export class DeepCopyTree implements CompactCallTree {
  readonly rootTotal: number;
  /** Whether a node's children are sorted yet (index: node + 1). */
  private readonly sorted: Uint8Array;

  constructor(
    private readonly n: DeepCopyNodes,
    private readonly start: Int32Array,
    private readonly kids: Int32Array,
  ) {
    this.rootTotal = n.rootTotal;
    this.sorted = new Uint8Array(n.count + 1);
  }

  /** Node p's children (ROOT: the top frames), by total weight, then name. */
  private children(p: number): Int32Array {
    const a = this.start[p + 1] as number;
    const b = this.start[p + 2] as number;
    const list = this.kids.subarray(a, b);
    if (this.sorted[p + 1] === 0 && b - a > 1) {
      const { total, frame, names } = this.n;
      const sortedList = [...list].sort((x, y) => (total[y] as number) - (total[x] as number) || byCodeUnit(names[frame[x] as number] as string, names[frame[y] as number] as string));
      list.set(sortedList);
    }
    this.sorted[p + 1] = 1;
    return list;
  }

  private node(t: number, children: CallTreeNode[]): CallTreeNode {
    if (t === ROOT) return { name: ROOT_NAME, binary: null, self: 0, total: this.n.rootTotal, children };
    const { names, frame, self, total, engine } = this.n;
    return { name: names[frame[t] as number] as string, binary: null, self: self[t] as number, total: total[t] as number, engine: ENGINE_NAMES[engine[t] as number] as EngineName, children };
  }

  toCallTree(keep: (total: number, depth: number) => boolean = () => true): CallTreeNode {
    const make = (t: number, depth: number): CallTreeNode =>
      this.node(t, t === ROOT || keep(this.n.total[t] as number, depth) ? Array.from(this.children(t), (c) => make(c, depth + 1)) : []);
    return make(ROOT, 0);
  }

  folded(prefix: readonly string[], scale: number, name: (s: string) => string): Iterable<string> {
    const { frame, self, names } = this.n;
    return foldedLines({ children: (t) => this.children(t), symbolOf: (t) => frame[t] as number, label: (f) => names[f] as string, selfOf: (t) => self[t] as number }, ROOT, prefix, scale, name);
  }

  json(indent: string): Iterable<string> {
    return jsonTree<number, null>(ROOT, null, { open: (t) => ({ members: callTreeMembers(this.node(t, [])), children: this.children(t), pass: null }) }, indent);
  }
}
