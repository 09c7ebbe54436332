/**
 * Names that must not appear: `"forbid": ["dtype", "shape/dynamic"]` (diagnostic categories, a
 * known list with suggestions for typos), or op types of a model (any names). Written bare (a
 * list, error level), as a level alone, or as [level, {"<listKey>": [...], "message": ...}].
 * `perName`: one assertion per name (`forbid.dtype`, its count against 0), else one assertion for
 * the whole list (its count is the sum; the row's note names each name present and its count).
 */
import { childPath, describeValue } from '../../core/json.js';
import type { AssertionSpec, Level } from '../model.js';
import { LEVEL_FORM, splitLevelForm, suggest, type BudgetReader } from '../reader.js';
import { levelOptionsSchema, LEVEL_SCHEMA, withinMax, type Form, type JsonSchema, type ParsedLevel } from './form.js';

export interface NamesSetting extends ParsedLevel {
  names: string[] | null;
}

export interface NamesOptions {
  /** The names allowed in the list (categories); null: any non-empty name. */
  known: readonly string[] | null;
  /** The options key of the list: `categories`. */
  listKey: string;
  /** What the list holds, in messages: "diagnostic categories". */
  what: string;
  /** An example for messages: "unsupported-op". */
  example: string;
  perName: boolean;
  /** The JSON Schema definition that lists the known names (`categories`), else they are listed inline. */
  schemaDefinition?: string;
}

export function namesForm(o: NamesOptions): Form<NamesSetting> {
  const listWhat = `a list of ${o.what}`;
  const expected = `${listWhat} or ${LEVEL_FORM}`;
  const list = (r: BudgetReader, v: unknown, path: string): string[] => {
    if (!Array.isArray(v)) r.expected(path, o.known ? `${listWhat} (${o.known.join(', ')})` : listWhat, v);
    return (v as unknown[]).map((c, i) => {
      if (!o.known) return r.string(c, childPath(path, i), `a name (a non-empty string)`);
      if (typeof c !== 'string' || !o.known.includes(c)) {
        const s = typeof c === 'string' ? suggest(c, o.known) : undefined;
        r.fail(childPath(path, i), `expected one of ${o.known.join(', ')}, got ${describeValue(c)}${s ? `; did you mean ${JSON.stringify(s)}?` : ''}`);
      }
      return c as string;
    });
  };
  const listSchema: JsonSchema = o.schemaDefinition
    ? { $ref: `#/definitions/${o.schemaDefinition}` }
    : { type: 'array', items: o.known ? { type: 'string', enum: [...o.known] } : { $ref: '#/definitions/name' } };
  return {
    name: o.perName ? 'a list of forbidden names (one assertion each)' : 'a list of forbidden names',
    parse(r, v, path) {
      const { level, bare, options, optionsPath } = splitLevelForm(r, v, path, expected);
      if (level === null) {
        if (!Array.isArray(bare)) r.expected(path, expected, bare);
        return { level: 'error', names: list(r, bare, path), message: null, path };
      }
      if (!options) return { level, names: null, message: null, path };
      r.keys(options, optionsPath, [o.listKey, 'message']);
      const names = options[o.listKey] === undefined ? null : list(r, options[o.listKey], childPath(optionsPath, o.listKey));
      return { level, names, message: r.message(options, optionsPath), path };
    },
    resolve(row, parsed, ctx) {
      if (!parsed) return [];
      const level: Level = parsed.level ?? 'error';
      if (level === 'off') return [];
      if (!parsed.names) ctx.fail(parsed.path, `${JSON.stringify(level)} without ${o.listKey}: write [${JSON.stringify(level)}, {${JSON.stringify(o.listKey)}: [${JSON.stringify(o.example)}]}]`);
      const names = [...new Set(parsed.names)];
      const base = { kind: row.key, level, limit: 0, message: parsed.message, origin: ctx.origin(parsed.path, false) };
      if (o.perName) return names.map((n): AssertionSpec => ({ ...base, key: n }));
      return [{ ...base, key: null, expected: { form: 'names', names } }];
    },
    schema: () => ({ anyOf: [listSchema, LEVEL_SCHEMA, levelOptionsSchema({ [o.listKey]: listSchema })] }),
    judge(spec, value) {
      if (typeof value !== 'number') return { within: false, actual: null, actualText: String(value) };
      return { within: withinMax(value, spec.limit), actual: value, over: value - spec.limit };
    },
    bound: () => ({ bound: 'none' }),
  };
}
