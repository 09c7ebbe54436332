/**
 * Reads a whole JSON document from a file or stdin (budgets, reports: small files), with the shared
 * input handling (BOM, UTF-16, gzip, binary refusal); syntax errors name the line and column
 * (parseJsonText, shared with the manifest reader).
 */
import { openText } from '../core/input.js';
import { parseJsonText } from '../report/json-input.js';

export async function readJsonText(path: string, opts: { what: string; displayName: string; stdin?: NodeJS.ReadableStream | undefined }): Promise<string> {
  const input = await openText(path, { what: opts.what, displayName: opts.displayName, stdin: opts.stdin });
  let text = '';
  for await (const chunk of input.chunks) text += chunk;
  return text;
}

export async function readJson(path: string, opts: { what: string; displayName: string; stdin?: NodeJS.ReadableStream | undefined }): Promise<unknown> {
  return parseJsonText(await readJsonText(path, opts), opts.displayName, opts.what);
}
