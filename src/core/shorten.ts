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

/**
 * `s` in at most `max` columns, keeping what identifies it (see the file's comment). One
 * self-contained function (helpers inside, no imports): the HTML page's script embeds its source
 * (`shorten.toString()`), so the flame graph cuts names as the terminal does.
 */
export function shorten(s: string, max: number): string {
  const ELLIPSIS = '\u2026';
  /** Code points, not UTF-16 units: what a terminal column counts for these names. */
  const width = (x: string): number => Array.from(x).length;
  const slice = (x: string, start: number, end?: number): string => Array.from(x).slice(start, end).join('');
  /**
   * Keeps a third of the room for the start and the rest for the end. A call already cut to
   * `name(…)` keeps its `(…)` and cuts the name; two ellipses never meet (a name shortened twice
   * reads as one cut, not `a……)`).
   */
  const headAndTail = (x: string, room: number): string => {
    const call = x.endsWith('(' + ELLIPSIS + ')') && room >= 6 ? '(' + ELLIPSIS + ')' : '';
    const y = call ? slice(x, 0, width(x) - 3) : x;
    const r = room - width(call);
    if (r <= 1) return slice(y, 0, r) + call;
    const head = Math.max(1, Math.floor((r - 1) / 3));
    const tail = r - 1 - head;
    return (slice(y, 0, head) + ELLIPSIS + (tail > 0 ? slice(y, width(y) - tail) : '')).replace(/\u2026{2,}/g, ELLIPSIS) + call;
  };
  if (width(s) <= max) return s;
  let text = s;
  // A call's argument list goes first (`f(a, b) -> (T, U)` → `f(…) -> (T, U)`), then what follows it.
  const open = s.indexOf('(');
  if (open > 0) {
    let depth = 0;
    let close = -1;
    for (let i = open; i < s.length && close === -1; i++) {
      if (s[i] === '(') depth++;
      else if (s[i] === ')' && --depth === 0) close = i;
    }
    // `(…)` already (a name shortened before): what follows it may still go.
    if (close >= open + 2) {
      const head = s.slice(0, open) + '(' + ELLIPSIS + ')';
      text = head + s.slice(close + 1);
      if (width(text) <= max) return text;
      text = head;
      if (width(text) <= max) return text;
    }
  }
  // Then leading qualifiers or folders: `A.B.c` → `…B.c` → `…c`, `a/b/c` → `…/c`; when even the last
  // part does not fit, that part alone, shortened. Separators inside the arguments do not count.
  const bare = text.replace(/\(.*$/, '');
  for (const sep of [' / ', '/', '::', '.', ' ']) {
    let at = bare.indexOf(sep);
    let last = -1;
    while (at !== -1) {
      // A path keeps its slash (`…/file.log`); a qualified name its name alone (`…Keypoints.argmax2D`).
      const kept = text.slice(sep === '/' ? at : at + sep.length);
      if (width(kept) + 1 <= max) return ELLIPSIS + kept;
      last = at;
      at = bare.indexOf(sep, at + sep.length);
    }
    if (last !== -1) {
      const part = text.slice(last + sep.length);
      return width(part) + 1 <= max ? ELLIPSIS + part : headAndTail(part, max);
    }
  }
  return headAndTail(text, max);
}
