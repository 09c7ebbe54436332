/**
 * Collapsed stacks from a call tree, whatever holds it (the xctrace reader's compact tree, a Deep
 * Copy's view): `root;…;leaf weight` for each node with self weight, in the tree's order, in pieces
 * of about 64 KB. Each depth keeps its path as one string (the caller's and a name), so a line is
 * two pieces joined, not a path joined frame by frame; a symbol's name is made once.
 */
export interface FoldedSource {
  /** A node's children, in the order written. */
  children(node: number): ArrayLike<number>;
  /** The symbol a node stands for (its name is asked for once). */
  symbolOf(node: number): number;
  label(symbol: number): string;
  selfOf(node: number): number;
}

const PIECE = 1 << 16;

export function* foldedLines(source: FoldedSource, root: number, prefix: readonly string[], scale: number, name: (s: string) => string): Generator<string> {
  const names: string[] = [];
  let piece = '';
  // paths[d]: the path down to the node at depth d (below the prefix), ';'-terminated.
  const paths: string[] = [prefix.length ? prefix.join(';') + ';' : ''];
  const stack: number[] = [];
  const depths: number[] = [];
  const push = (kids: ArrayLike<number>, depth: number): void => {
    for (let k = kids.length - 1; k >= 0; k--) {
      stack.push(kids[k] as number);
      depths.push(depth);
    }
  };
  push(source.children(root), 1);
  while (stack.length) {
    const i = stack.pop() as number;
    const depth = depths.pop() as number;
    const s = source.symbolOf(i);
    const path = (paths[depth - 1] as string) + (names[s] ??= name(source.label(s)));
    const w = Math.round(source.selfOf(i) * scale);
    if (w > 0) {
      piece += `${path} ${w}\n`;
      if (piece.length >= PIECE) {
        yield piece;
        piece = '';
      }
    }
    const kids = source.children(i);
    if (kids.length === 0) continue;
    paths[depth] = path + ';';
    push(kids, depth + 1);
  }
  if (piece) yield piece;
}
