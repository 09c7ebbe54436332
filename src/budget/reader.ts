/**
 * The shared JSON reader (src/core/json.ts) with what budgets need besides: unknown keys with
 * suggestions, ranges, levels, string lists. Every error names the file, the JSON path and what was
 * expected.
 */
import { childPath, JsonReader, suggestKey } from '../core/json.js';
import { LEVELS, type Level } from './model.js';

/** How a level-or-options value reads in messages. */
export const LEVEL_FORM = '["error"|"warn"|"off", {...}]';

/**
 * Short names (p95) are a small edit away from every other short name: only a different case counts
 * as a typo there; longer names get suggestKey's distance.
 */
export function suggest(name: string, known: readonly string[]): string | undefined {
  if (name.length >= 4) return suggestKey(name, known);
  return known.find((k) => k.toLowerCase() === name.toLowerCase());
}

export interface RangeRules {
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  integer?: boolean;
  /** What the value is, in messages; default: derived from the range ("a number >= 0"). */
  what?: string;
}

export class BudgetReader extends JsonReader {
  keys(obj: Record<string, unknown>, path: string, known: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (known.includes(k)) continue;
      const s = suggest(k, known);
      this.fail(childPath(path, k), `unknown key ${JSON.stringify(k)}${s ? `; did you mean ${JSON.stringify(s)}?` : `; known keys: ${known.join(', ')}`}`);
    }
  }

  range(v: unknown, path: string, opts: RangeRules = {}): number {
    const what = opts.what ?? describeRange(opts);
    if (typeof v !== 'number' || !Number.isFinite(v)) this.expected(path, what, v);
    const n = v as number;
    if (opts.integer && !Number.isInteger(n)) this.expected(path, what, v);
    if (opts.min !== undefined && (opts.exclusiveMin ? n <= opts.min : n < opts.min)) this.expected(path, what, v);
    if (opts.max !== undefined && n > opts.max) this.expected(path, what, v);
    return n;
  }

  stringList(v: unknown, path: string, what: string): string[] {
    if (!Array.isArray(v)) this.expected(path, what, v);
    return (v as unknown[]).map((s, i) => this.string(s, childPath(path, i)));
  }

  level(v: unknown, path: string): Level {
    if (typeof v !== 'string' || !(LEVELS as readonly string[]).includes(v)) this.expected(path, '"error", "warn" or "off"', v);
    return v as Level;
  }

  /** The user's `message` option, when given. */
  message(o: Record<string, unknown>, path: string): string | null {
    return o.message === undefined ? null : this.string(o.message, childPath(path, 'message'), 'a message (string)');
  }
}

export function describeRange(o: RangeRules): string {
  const kind = o.integer ? 'a whole number' : 'a number';
  if (o.min !== undefined && o.max !== undefined) return `${kind} from ${o.min} to ${o.max}`;
  if (o.min !== undefined) return `${kind} ${o.exclusiveMin ? '>' : '>='} ${o.min}`;
  return kind;
}

/** The three ways every assertion is written: a bare value, a level string, or [level] / [level, options]. */
export interface LevelForm {
  /** Null when the value was bare (its own meaning per form). */
  level: Level | null;
  bare: unknown;
  options: Record<string, unknown> | null;
  optionsPath: string;
}

/** `bareStrings`: a string that is not a level is a bare value (a version), not an error. */
export function splitLevelForm(r: BudgetReader, v: unknown, path: string, expected: string, bareStrings = false): LevelForm {
  const optionsPath = childPath(path, 1);
  if (typeof v === 'string') {
    if ((LEVELS as readonly string[]).includes(v)) return { level: v as Level, bare: undefined, options: null, optionsPath };
    if (!bareStrings) r.expected(path, expected, v);
  }
  if (Array.isArray(v) && typeof v[0] === 'string' && (LEVELS as readonly string[]).includes(v[0])) {
    if (v.length > 2) r.expected(path, expected, v);
    const level = v[0] as Level;
    if (v.length === 1) return { level, bare: undefined, options: null, optionsPath };
    return { level, bare: undefined, options: r.object(v[1], optionsPath, 'an options object'), optionsPath };
  }
  return { level: null, bare: v, options: null, optionsPath };
}
