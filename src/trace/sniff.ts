/**
 * What an input is, from its first characters (never from its name): XML (an `xctrace export`,
 * told apart from other XML by its root element while reading), a Deep Copy of a call tree (a
 * tab-separated header naming a "Symbol Name(s)" column), or something `trace` explains but does
 * not read (JSON: coreml-doctor's own output, a Chrome/Perfetto trace).
 */
import { DEEP_COPY_HEADER } from './deepcopy.js';

export type Sniffed =
  | { kind: 'xml' }
  | { kind: 'deep-copy' }
  | { kind: 'json'; what: string }
  | { kind: 'unknown'; start: string };

export function sniffTrace(head: string): Sniffed {
  const text = head.replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('<')) return { kind: 'xml' };
  const firstLine = /^[^\r\n]*/.exec(start)?.[0] ?? '';
  if (DEEP_COPY_HEADER.test(firstLine)) return { kind: 'deep-copy' };
  if (start.startsWith('{') || start.startsWith('[')) return { kind: 'json', what: jsonKind(start) };
  return { kind: 'unknown', start: firstLine.slice(0, 60) };
}

function jsonKind(s: string): string {
  if (/"schemaVersion"\s*:/.test(s) && /"profiles"\s*:/.test(s) && /"intervals"\s*:/.test(s)) {
    return "coreml-doctor trace's own JSON output (give it the export it was made from)";
  }
  if (/"schemaVersion"\s*:/.test(s) && /"steps"\s*:/.test(s)) return 'a coreml-doctor report or pipeline manifest (JSON)';
  if (/"traceEvents"\s*:/.test(s) || /^\[\s*\{\s*"(name|ph|cat|pid)"/.test(s)) return 'a Chrome / Perfetto trace (JSON), not an Instruments export';
  if (/"\$schema"\s*:\s*"https:\/\/www\.speedscope\.app/.test(s)) return 'a speedscope profile (JSON), not an Instruments export';
  return 'JSON, not an Instruments export';
}
