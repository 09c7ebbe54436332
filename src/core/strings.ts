/**
 * V8 keeps a substring as a view into its parent string. A name or message kept from a line of a
 * 1 MB chunk would keep the whole chunk alive, and memory would grow with the input. `own()` copies
 * a string that is about to be stored for the whole run, so it holds only its own characters.
 */
export function own(s: string): string {
  if (s.length < 13) return s; // V8 copies short substrings anyway
  return (' ' + s).slice(1);
}

/** An English list: `a`, `a and b`, `a, b and c`. */
export function englishList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** At most `n` characters, cut at a word boundary (never mid-word), with an ellipsis when cut. */
export function clipWords(s: string, n: number): string {
  if (s.length <= n) return s;
  const cut = s.slice(0, n);
  const sp = cut.lastIndexOf(' ');
  return (sp > n * 0.6 ? cut.slice(0, sp) : cut).replace(/[\s,;:.(]+$/, '') + '…';
}

/** Strings in code-unit order (what `<` compares), the tie-break of sorted frame lists. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
