/**
 * Reading JSON that people write (manifests, budgets, reports): syntax errors say line and column
 * (Node 20's JSON.parse does not), values are described briefly in messages, JSON paths name the
 * place (`$.steps[2].latencyMs`), and a close key is suggested for a typo. Shared by every JSON
 * input kind (src/report's manifest and report codec, src/budget's validator).
 */
import { InputError } from './errors.js';
import { openText } from './input.js';

/** Parses JSON text; a syntax error is an InputError at `line:column` saying what was expected there. */
export function parseJsonText(text: string, file: string, what: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new InputError(file, undefined, 'the file is empty', what);
  try {
    return JSON.parse(body);
  } catch {
    const { offset, problem } = locateJsonError(body);
    const { line, column } = lineColumn(body, offset);
    throw new InputError(file, `${line}:${column}`, `invalid JSON: ${problem}`, what);
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Finds the first syntax error of a text JSON.parse refused: a small recursive-descent checker that
 * runs only on failure. Returns the offset and what was expected there.
 */
export function locateJsonError(text: string): { offset: number; problem: string } {
  let i = 0;
  const fail = (problem: string): never => {
    throw new JsonSyntax(i, problem);
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const found = () => (i >= text.length ? 'the end of the text' : JSON.stringify(text[i]));
  const value = (depth: number): void => {
    if (depth > 512) fail('nesting deeper than 512 levels');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${found()}`);
        string();
        ws();
        if (text[i] !== ':') fail(`expected ':' after the property name, found ${found()}`);
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === '}') fail('a trailing comma before \'}\'');
          continue;
        }
        if (text[i] === '}') return void i++;
        fail(`expected ',' or '}', found ${found()}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') fail('a trailing comma before \']\'');
          continue;
        }
        if (text[i] === ']') return void i++;
        fail(`expected ',' or ']', found ${found()}`);
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    fail(`expected a value (object, array, string, number, true, false or null), found ${found()}`);
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('a string is not closed');
      const ch = text.charCodeAt(i);
      if (ch === 0x22) return void i++;
      if (ch < 0x20) fail('a control character (a raw newline or tab) inside a string; write it as \\n or \\t');
      if (ch === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('\\u must be followed by four hex digits');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail(`an invalid escape \\${e ?? ''} in a string`);
        i += 2;
        continue;
      }
      i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-' || m[0] === '') fail(`an invalid number, found ${found()}`);
    i += (m as RegExpExecArray)[0].length;
    const next = text[i];
    if (next !== undefined && /[0-9A-Za-z.]/.test(next)) fail(`an invalid number (write plain decimal numbers, no units), found ${found()}`);
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail(`unexpected text after the JSON value, found ${found()}`);
  } catch (e) {
    if (e instanceof JsonSyntax) return { offset: e.offset, problem: e.problem };
    throw e;
  }
  return { offset: 0, problem: 'the text is not valid JSON' };
}

class JsonSyntax extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** `$.steps` + 2 → `$.steps[2]`; `$.accuracy` + `top-1` → `$.accuracy["top-1"]`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** A value as a message shows it: short values as JSON, long ones by their type. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    const s = JSON.stringify(v);
    return s.length <= 40 ? s : `an array of ${v.length}`;
  }
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length <= 40 ? v : v.slice(0, 37) + '...');
  return String(v);
}

/** A unit at the end of a key's name: `sizeMB`, `sizeBytes`, `latencyMs`. */
const UNIT_SUFFIX = /(?:Bytes|Byte|MB|KB|GB|MiB|KiB|Mb|Kb|Ms|MS|Millis|Seconds|Sec|Us)$/;

/**
 * The known key closest to a typo, when it is close enough. A key with another unit in its name
 * (`sizeMB` where the manifest takes `sizeBytes`) gets the known key of the same stem.
 */
export function suggestKey(name: string, known: readonly string[]): string | undefined {
  const stem = name.replace(UNIT_SUFFIX, '');
  if (stem !== name && stem.length >= 3) {
    const same = known.find((k) => k !== name && k.replace(UNIT_SUFFIX, '').toLowerCase() === stem.toLowerCase() && UNIT_SUFFIX.test(k));
    if (same) return same;
  }
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(name.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * Typed reading of a parsed JSON document with errors that name the file, the JSON path and what
 * was expected: `pipeline.json:$.steps[2].latencyMs: expected ..., got "fast"`.
 */
export class JsonReader {
  constructor(readonly file: string) {}

  fail(path: string, problem: string, expected?: string): never {
    throw new InputError(this.file, path, problem, expected);
  }

  expected(path: string, what: string, got: unknown): never {
    let hint = '';
    if (typeof got === 'string' && /^\s*-?\d+(\.\d+)?\s*[a-zA-Z%µ]+\s*$/.test(got)) {
      hint = ` (write the number alone, ${got.replace(/[^\d.-]/g, '')}: the unit is in the key's name)`;
    }
    return this.fail(path, `expected ${what}, got ${describeValue(got)}${hint}`);
  }

  object(v: unknown, path: string, what = 'an object'): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.expected(path, what, v);
    return v as Record<string, unknown>;
  }

  /** Fails on a key that is not known, suggesting the closest known one. */
  knownKeys(obj: Record<string, unknown>, path: string, known: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (known.includes(k)) continue;
      const s = suggestKey(k, known);
      this.fail(childPath(path, k), `unknown key ${JSON.stringify(k)}${s ? `; did you mean ${JSON.stringify(s)}?` : `; known keys: ${known.join(', ')}`}`);
    }
  }

  string(v: unknown, path: string, what = 'a non-empty string'): string {
    if (typeof v !== 'string' || v.trim() === '') this.expected(path, what, v);
    return v as string;
  }

  number(v: unknown, path: string, what = 'a number'): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.expected(path, what, v);
    return v as number;
  }

  nonNegative(v: unknown, path: string, what = 'a number >= 0'): number {
    const n = this.number(v, path, what);
    if (n < 0) this.expected(path, what, v);
    return n;
  }

  positive(v: unknown, path: string, what = 'a number > 0'): number {
    const n = this.number(v, path, what);
    if (!(n > 0)) this.expected(path, what, v);
    return n;
  }
}

/**
 * Reads a whole JSON document's text from a file or stdin (budgets, reports: small files), with the
 * shared input handling (BOM, UTF-16, gzip, binary refusal).
 */
export async function readJsonText(path: string, opts: { what: string; displayName: string; stdin?: NodeJS.ReadableStream | undefined }): Promise<string> {
  const input = await openText(path, { what: opts.what, displayName: opts.displayName, stdin: opts.stdin });
  let text = '';
  for await (const chunk of input.chunks) text += chunk;
  return text;
}

/** readJsonText, parsed: syntax errors name the line and column. */
export async function readJson(path: string, opts: { what: string; displayName: string; stdin?: NodeJS.ReadableStream | undefined }): Promise<unknown> {
  return parseJsonText(await readJsonText(path, opts), opts.displayName, opts.what);
}

/**
 * The keys of the top-level object of a JSON text's beginning (the first kilobytes of a file, cut
 * anywhere): for telling JSON inputs apart by content. Empty when the text is not an object.
 */
export function leadingKeys(text: string): string[] {
  const keys: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  if (text[i] !== '{') return keys;
  let depth = 0;
  let expectKey = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) break;
      if (depth === 1 && expectKey) {
        try {
          keys.push(JSON.parse(text.slice(i, j + 1)) as string);
        } catch {
          // A key with an escape JSON refuses: leave it out.
        }
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth <= 0) break;
    } else if (c === ',' && depth === 1) {
      expectKey = true;
    }
  }
  return keys;
}
