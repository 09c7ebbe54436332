/**
 * A tree written as JSON in pieces, one node a line: `{"name": …, "total": …, "children": [` opens
 * a node, its children follow, one a line, and `]}` closes it (a leaf closes on its own line:
 * `"children": []}`). Indented two spaces a level, but never more than MAX_LEVELS levels: a call
 * tree 150 frames deep written as JSON.stringify(tree, null, 2) writes it was 97 % spaces (1 GB of
 * JSON for a 100 MB export, 35 MB of it not white space). It parses to the same value.
 */

/** Levels of indentation at most; deeper nodes are written at this level's indentation. */
export const MAX_LEVELS = 32;

/** What the writer asks of a node: its fields (before "children") and its children, with what they inherit. */
export interface JsonTreeSource<N, S> {
  /**
   * The node's fields as JSON members without braces (`"name": "main", "self": 0`), the children
   * in the order written, and what they inherit from it (`inherited` is what it got from its parent).
   */
  open(node: N, inherited: S): { members: string; children: ArrayLike<N>; pass: S };
}

const PIECE = 1 << 16;

/**
 * The tree from `root` (which inherits `inherited`), its first line continuing the current one and
 * the next ones at `indent` plus their level's indentation, in pieces of about 64 KB.
 */
export function* jsonTree<N, S>(root: N, inherited: S, source: JsonTreeSource<N, S>, indent: string): Generator<string> {
  const pads: string[] = [];
  const pad = (level: number): string => (pads[level] ??= indent + '  '.repeat(Math.min(level, MAX_LEVELS)));
  const stack: { children: ArrayLike<N>; k: number; pass: S }[] = [];
  let piece = '';
  const open = (node: N, from: S): void => {
    const o = source.open(node, from);
    piece += `{${o.members}${o.members ? ', ' : ''}"children": [`;
    if (o.children.length === 0) piece += ']}';
    else stack.push({ children: o.children, k: 0, pass: o.pass });
  };
  open(root, inherited);
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as { children: ArrayLike<N>; k: number; pass: S };
    if (f.k < f.children.length) {
      piece += (f.k > 0 ? ',\n' : '\n') + pad(stack.length);
      open(f.children[f.k++] as N, f.pass);
    } else {
      stack.pop();
      piece += '\n' + pad(stack.length) + ']}';
    }
    if (piece.length >= PIECE) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}
