/**
 * Shortening a name to fit a column while keeping what identifies it. Every renderer that has to cut
 * a name cuts it here, so a symbol, a path or an asset id loses the same, least telling, parts
 * everywhere; the full text stays in --json and --verbose.
 *
 * - a call's argument list goes first: `Keypoints.argmax2D(_: Swift.UnsafePointer<Float>, count: Int) -> Int`
 *   becomes `Keypoints.argmax2D(…) -> Int`, then `Keypoints.argmax2D(…)`;
 * - then the leading qualifiers or folders: `PoseWatch.Keypoints.argmax2D(…)` → `…Keypoints.argmax2D(…)`,
 *   `models/v2/PoseNet_palettize6.mlpackage` → `…/PoseNet_palettize6.mlpackage`;
 * - a single word keeps its start and, longer, its end (an id's distinguishing suffix):
 *   `PoseNet_palettize6_prune50` → `Pose…ttize6_prune50`.
 */

const ELLIPSIS = '…';

/** Code points, not UTF-16 units: what a terminal column counts for these names. */
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function sliceCp(s: string, start: number, end?: number): string {
  return [...s].slice(start, end).join('');
}

/** The index of the `)` closing the `(` at `open`, or -1. */
function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Drops a call's argument list (`f(a, b) -> (T, U)` → `f(…) -> (T, U)`), then what follows it. */
function withoutArguments(s: string): string[] {
  const open = s.indexOf('(');
  if (open <= 0) return [];
  const close = closingParen(s, open);
  if (close === -1 || close - open <= 2) return [];
  const head = s.slice(0, open);
  const tail = s.slice(close + 1);
  return tail ? [`${head}(${ELLIPSIS})${tail}`, `${head}(${ELLIPSIS})`] : [`${head}(${ELLIPSIS})`];
}

/** Separators between the parts of a qualified name or a path, most telling last. */
const SEPARATORS = [' / ', '/', '::', '.'];

/**
 * Drops leading parts (`A.B.c` → `…B.c` → `…c`, `a/b/c` → `…/c`); when
 * even the last part does not fit, that part alone, shortened.
 */
function withoutQualifiers(s: string, max: number): string | null {
  // Separators inside a call's arguments or generics do not count.
  const bare = s.replace(/\(.*$/, '');
  for (const sep of SEPARATORS) {
    let at = bare.indexOf(sep);
    let last = -1;
    while (at !== -1) {
      // A path keeps its slash (`…/file.log`); a qualified name its name alone (`…Keypoints.argmax2D`).
      const kept = s.slice(sep === '/' ? at : at + sep.length);
      if (width(kept) + 1 <= max) return ELLIPSIS + kept;
      last = at;
      at = bare.indexOf(sep, at + sep.length);
    }
    if (last !== -1) {
      const part = s.slice(last + sep.length);
      return width(part) + 1 <= max ? ELLIPSIS + part : headAndTail(part, max);
    }
  }
  return null;
}

/** Keeps a third of the room for the start and the rest for the end. */
function headAndTail(s: string, max: number): string {
  if (max <= 1) return sliceCp(s, 0, max);
  const room = max - 1;
  const head = Math.max(1, Math.floor(room / 3));
  const tail = room - head;
  return sliceCp(s, 0, head) + ELLIPSIS + (tail > 0 ? sliceCp(s, width(s) - tail) : '');
}

/** `s` in at most `max` columns, keeping what identifies it (see the file's comment). */
export function shorten(s: string, max: number): string {
  if (width(s) <= max) return s;
  let text = s;
  for (const candidate of withoutArguments(s)) {
    text = candidate;
    if (width(text) <= max) return text;
  }
  const unqualified = withoutQualifiers(text, max);
  if (unqualified) return unqualified;
  return headAndTail(text, max);
}
