/**
 * A value that must not be one of a set, or must be one of a set: `"computePrecision": {"forbid":
 * ["fp32"]}` or `{"allow": ["fp16", "mixed"]}`; as [level, {"forbid": [...], "message": ...}] too.
 * The measured value is text; the assertion holds when it is not forbidden (and, with `allow`, is
 * one of the allowed).
 */
import { childPath, describeValue } from '../../core/json.js';
import type { AssertionSpec, Level } from '../model.js';
import { LEVEL_FORM, splitLevelForm, suggest, type BudgetReader } from '../reader.js';
import { levelOptionsSchema, LEVEL_SCHEMA, type Form, type JsonSchema, type ParsedLevel } from './form.js';

export interface ValuesSetting extends ParsedLevel {
  forbid: string[] | null;
  allow: string[] | null;
}

export interface ValuesOptions {
  /** The values there are (for validation and suggestions); null: any. */
  known: readonly string[] | null;
  /** What a value is, in messages: "a compute precision". */
  what: string;
}

export function valuesForm(o: ValuesOptions): Form<ValuesSetting> {
  const objectWhat = `{"forbid": [...]} or {"allow": [...]} of ${o.what}s${o.known ? ` (${o.known.join(', ')})` : ''}`;
  const expected = `${objectWhat} or ${LEVEL_FORM}`;
  const list = (r: BudgetReader, v: unknown, path: string): string[] => {
    if (!Array.isArray(v) || v.length === 0) r.expected(path, `a non-empty list of ${o.what}s`, v);
    return (v as unknown[]).map((x, i) => {
      if (typeof x !== 'string' || (o.known && !o.known.includes(x))) {
        const s = typeof x === 'string' && o.known ? suggest(x, o.known) : undefined;
        r.fail(childPath(path, i), `expected ${o.known ? `one of ${o.known.join(', ')}` : o.what}, got ${describeValue(x)}${s ? `; did you mean ${JSON.stringify(s)}?` : ''}`);
      }
      return x as string;
    });
  };
  const sets = (r: BudgetReader, obj: Record<string, unknown>, path: string, extra: string[]) => {
    r.keys(obj, path, ['forbid', 'allow', ...extra]);
    const forbid = obj.forbid === undefined ? null : list(r, obj.forbid, childPath(path, 'forbid'));
    const allow = obj.allow === undefined ? null : list(r, obj.allow, childPath(path, 'allow'));
    return { forbid, allow };
  };
  const valueList: JsonSchema = { type: 'array', minItems: 1, items: o.known ? { type: 'string', enum: [...o.known] } : { type: 'string' } };
  const setsSchema: JsonSchema = { type: 'object', properties: { forbid: valueList, allow: valueList }, additionalProperties: false };
  const sets0 = (spec: AssertionSpec) => (spec.expected?.form === 'values' ? spec.expected : null);
  return {
    name: 'a set of forbidden or allowed values',
    parse(r, v, path) {
      const { level, bare, options, optionsPath } = splitLevelForm(r, v, path, expected);
      if (level === null) {
        const obj = r.object(bare, path, expected);
        const s = sets(r, obj, path, []);
        if (!s.forbid && !s.allow) r.expected(path, objectWhat, bare);
        return { level: 'error', ...s, message: null, path };
      }
      if (!options) return { level, forbid: null, allow: null, message: null, path };
      return { level, ...sets(r, options, optionsPath, ['message']), message: r.message(options, optionsPath), path };
    },
    resolve(row, parsed, ctx) {
      if (!parsed) return [];
      const level: Level = parsed.level ?? 'error';
      if (level === 'off') return [];
      if (!parsed.forbid && !parsed.allow) ctx.fail(parsed.path, `${JSON.stringify(level)} without values: write [${JSON.stringify(level)}, {"forbid": [...]}] or [${JSON.stringify(level)}, {"allow": [...]}]`);
      return [{ kind: row.key, key: null, level, limit: 0, expected: { form: 'values', forbid: parsed.forbid ?? [], allow: parsed.allow }, message: parsed.message, origin: ctx.origin(parsed.path, false) }];
    },
    schema: () => ({ anyOf: [setsSchema, LEVEL_SCHEMA, levelOptionsSchema({ forbid: valueList, allow: valueList })] }),
    judge(spec, value) {
      const text = String(value);
      const s = sets0(spec);
      const forbidden = (s?.forbid ?? []).includes(text) || (s?.allow !== null && s?.allow !== undefined && !s.allow.includes(text));
      return { within: !forbidden, actual: forbidden ? 1 : 0, actualText: text };
    },
    bound(spec) {
      const s = sets0(spec);
      const parts: string[] = [];
      if (s?.forbid.length) parts.push(`not ${s.forbid.join(', ')}`);
      if (s?.allow) parts.push(`one of ${s.allow.join(', ')}`);
      return { bound: 'text', text: parts.join('; ') };
    },
  };
}
