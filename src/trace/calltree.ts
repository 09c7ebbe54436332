/**
 * What every call tree shares: the root's name, the binary of frames that have none, and an empty
 * engine record. xctrace profiles make their tree from interned stacks (compact-tree.ts); Deep
 * Copy text is a call tree already (deepcopy.ts). Both give the same semantics:
 * - self of a frame = Σ self of its nodes (the weight of samples whose leaf it is);
 * - total of a frame = Σ total of its outermost nodes (a frame that recurs on one path counts once);
 * - a node's self weight goes to the engine of the deepest ML frame on its path, else to the
 *   node's own class (app, system, unknown): see engines.ts.
 */
import { ENGINE_NAMES, type CallTreeNode, type CompactCallTree, type EngineName, type ProfileSummary } from './model.js';

export const ROOT_NAME = '(all samples)';

export const UNKNOWN_BINARY = '(unknown binary)';

export function emptyEngines(): Record<EngineName, number> {
  const e = Object.create(null) as Record<EngineName, number>;
  for (const n of ENGINE_NAMES) e[n] = 0;
  return e;
}

/** A node's members in JSON, in the order of CallTreeNode's fields, without its children (src/core/json-tree.ts writes those). */
export function callTreeMembers(n: CallTreeNode): string {
  const m = `"name": ${JSON.stringify(n.name)}, "binary": ${JSON.stringify(n.binary)}, "self": ${JSON.stringify(n.self)}, "total": ${JSON.stringify(n.total)}`;
  return n.engine === undefined ? m : `${m}, "engine": ${JSON.stringify(n.engine)}`;
}

/**
 * The call tree of a summary, made when something reads it: as the compact view (`compactTree`,
 * for streamed outputs) and as objects (`callTree`) from that view. Neither is enumerable: the JSON
 * renderer writes the tree itself, in pieces, when asked.
 */
export function withTree(summary: ProfileSummary, make: () => CompactCallTree): void {
  let objects: ProfileSummary['callTree'];
  let tree: CompactCallTree | undefined;
  const compact = () => (tree ??= make());
  Object.defineProperty(summary, 'compactTree', {
    get: compact,
    set: (v: CompactCallTree) => (tree = v),
    enumerable: false,
    configurable: true,
  });
  Object.defineProperty(summary, 'callTree', {
    get: () => (objects ??= compact().toCallTree()),
    set: (v: ProfileSummary['callTree']) => (objects = v),
    enumerable: false,
    configurable: true,
  });
}
