/**
 * The kinds of input `trace` reads, and its own JSON output, told by content for the input
 * registry (src/inputs/registry.ts): an `xctrace export` document, an `xctrace export --toc` table
 * of contents, a Deep Copy of a call tree, and `trace --json`'s output (what it was made from is
 * what trace reads).
 */

/**
 * The header of a Deep Copy: deepcopy.ts's DEEP_COPY_HEADER, written again here so that sniffing
 * does not load the parser (test/inputs/registry.test.ts keeps the two equal).
 */
export const DEEP_COPY_HEADER = /^[^\n]*\t[^\n]*\bSymbol Names?\s*$/;

/** The root element after the XML declaration, comments and a doctype: `trace-query-result`, `trace-toc`, ... */
function rootElement(text: string): string | null {
  const m = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*)*<([A-Za-z_][\w.-]*)/.exec(text.replace(/^\uFEFF/, ''));
  return m ? (m[1] as string) : null;
}

export function sniffXctraceExport(text: string): boolean {
  return rootElement(text) === 'trace-query-result';
}

export function sniffXctraceToc(text: string): boolean {
  return rootElement(text) === 'trace-toc';
}

export function sniffDeepCopy(text: string): boolean {
  const first = /^[^\r\n]*/.exec(text.replace(/^\uFEFF/, '').trimStart())?.[0] ?? '';
  return DEEP_COPY_HEADER.test(first);
}

/** `coreml-doctor trace --json` output: its leading keys. */
export function sniffTraceJson(keys: readonly string[]): boolean {
  return keys.includes('schemaVersion') && keys.includes('format') && keys.includes('source');
}
