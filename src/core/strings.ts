/**
 * V8 keeps a substring as a view into its parent string. A name or message kept from a line of a
 * 1 MB chunk would keep the whole chunk alive, and memory would grow with the input. `own()` copies
 * a string that is about to be stored for the whole run, so it holds only its own characters.
 */
export function own(s: string): string {
  if (s.length < 13) return s; // V8 copies short substrings anyway
  return (' ' + s).slice(1);
}
