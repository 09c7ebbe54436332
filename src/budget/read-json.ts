/**
 * Reads a whole JSON document from a file or stdin (budgets, reports: small files), with the shared
 * input handling (BOM, UTF-16, gzip, binary refusal). A syntax error names the line and column.
 */
import { InputError } from '../core/errors.js';
import { openText } from '../core/input.js';
import { findJsonSyntaxError } from './json-syntax.js';

export async function readJsonText(path: string, opts: { what: string; displayName: string; stdin?: NodeJS.ReadableStream | undefined }): Promise<string> {
  const input = await openText(path, { what: opts.what, displayName: opts.displayName, stdin: opts.stdin });
  let text = '';
  for await (const chunk of input.chunks) text += chunk;
  return text;
}

/** JSON.parse with an InputError that says where (line:column) and how the syntax breaks. */
export function parseJson(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (text.trim() === '') throw new InputError(file, undefined, 'the file has no JSON in it', what);
    const p = findJsonSyntaxError(text);
    if (p) throw new InputError(file, `${p.line}:${p.column}`, `not valid JSON: ${p.problem}`, what);
    throw new InputError(file, undefined, `not valid JSON (${e instanceof Error ? e.message : String(e)})`, what);
  }
}

export async function readJson(path: string, opts: { what: string; displayName: string; stdin?: NodeJS.ReadableStream | undefined }): Promise<unknown> {
  return parseJson(await readJsonText(path, opts), opts.displayName, opts.what);
}
