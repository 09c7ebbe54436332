/**
 * One limited value, the unit the maximum forms are made of: a number (`"sizeMB": 8`) or a dotted
 * version (`"watchOS": "10.0"`), written bare (an error-level maximum), as a level alone (the
 * preset's limit), or as [level, {"max": ..., "message": ...}].
 */
import { childPath } from '../../core/json.js';
import type { AssertionSpec, Bound, Level } from '../model.js';
import { LEVEL_FORM, splitLevelForm, type BudgetReader, type RangeRules } from '../reader.js';
import { compareVersions, isVersion } from '../versions.js';
import { levelOptionsSchema, LEVEL_SCHEMA, withinMax, type Judgement, type JsonSchema, type MeasuredValue, type ParsedLevel, type ResolveContext } from './form.js';

/** A limited value as validated: `max` is null when only a level was given (the preset's limit). */
export interface ValueSetting<V> extends ParsedLevel {
  max: V | null;
}

export interface ValueForm<V> {
  /** What a bare value is, in messages: "a size in MB (a number >= 0)". */
  readonly what: string;
  parse(r: BudgetReader, v: unknown, path: string): ValueSetting<V>;
  /** The assertion of a parsed value; null when it is off, or absent with nothing from the preset. */
  resolveOne(kind: string, key: string | null, parsed: ValueSetting<V> | null, presetValue: V | undefined, ctx: ResolveContext): AssertionSpec | null;
  schema(description?: string): JsonSchema;
  judge(spec: AssertionSpec, value: MeasuredValue): Judgement;
  bound(spec: AssertionSpec): { bound: Bound; text?: string };
}

export interface NumberRules extends RangeRules {
  what: string;
}

function resolveLevel<V>(kind: string, key: string | null, parsed: ValueSetting<V> | null, presetValue: V | undefined, ctx: ResolveContext, toSpec: (v: V) => Pick<AssertionSpec, 'limit' | 'expected'>): AssertionSpec | null {
  if (!parsed) {
    if (presetValue === undefined || !ctx.preset) return null;
    return { kind, key, level: 'error', ...toSpec(presetValue), message: null, origin: `preset ${ctx.preset.id}` };
  }
  const level: Level = parsed.level ?? 'error';
  if (level === 'off') return null;
  const limit = parsed.max ?? presetValue;
  if (limit === undefined || limit === null) {
    ctx.fail(parsed.path, `${JSON.stringify(level)} without a limit: write [${JSON.stringify(level)}, {"max": N}]${ctx.preset ? ` (preset ${ctx.preset.id} does not set one)` : ' or use a preset that sets one'}`);
  }
  return { kind, key, level, ...toSpec(limit as V), message: parsed.message, origin: ctx.origin(parsed.path, parsed.max === null) };
}

function numberSchema(rules: RangeRules): JsonSchema {
  const s: JsonSchema = { type: rules.integer ? 'integer' : 'number' };
  if (rules.min !== undefined) s[rules.exclusiveMin ? 'exclusiveMinimum' : 'minimum'] = rules.min;
  if (rules.max !== undefined) s.maximum = rules.max;
  return s;
}

/** A number with a range: sizes, latencies, shares, counts, drops, bits. */
export function numberValue(rules: NumberRules): ValueForm<number> {
  const numberRules: RangeRules = { min: rules.min ?? 0, max: rules.max, integer: rules.integer, exclusiveMin: rules.exclusiveMin };
  const expected = `${rules.what} or ${LEVEL_FORM}`;
  return {
    what: rules.what,
    parse(r, v, path) {
      const { level, bare, options, optionsPath } = splitLevelForm(r, v, path, expected);
      if (level === null) {
        if (typeof bare !== 'number') r.expected(path, expected, bare);
        return { level: 'error', max: r.range(bare, path, { ...numberRules, what: expected }), message: null, path };
      }
      if (!options) return { level, max: null, message: null, path };
      r.keys(options, optionsPath, ['max', 'message']);
      const max = options.max === undefined ? null : r.range(options.max, childPath(optionsPath, 'max'), numberRules);
      return { level, max, message: r.message(options, optionsPath), path };
    },
    resolveOne: (kind, key, parsed, presetValue, ctx) => resolveLevel(kind, key, parsed, presetValue, ctx, (limit) => ({ limit })),
    schema(description) {
      return {
        ...(description ? { description } : {}),
        anyOf: [numberSchema(numberRules), LEVEL_SCHEMA, levelOptionsSchema({ max: numberSchema(numberRules) })],
      };
    },
    judge(spec, value) {
      if (typeof value !== 'number') return { within: false, actual: null, actualText: String(value) };
      const within = withinMax(value, spec.limit);
      return { within, actual: value, over: value - spec.limit };
    },
    bound: () => ({ bound: 'max' }),
  };
}

/** A dotted version ("10.0", "17.4.1"): the measured version must not be above it (compared number by number). */
export function versionValue(what = 'a version such as "17.0"'): ValueForm<string> {
  const expected = `${what} or ${LEVEL_FORM}`;
  const read = (r: BudgetReader, v: unknown, path: string, msg: string): string => {
    if (typeof v !== 'string' || !isVersion(v)) r.expected(path, msg, v);
    return v as string;
  };
  const versionSchema: JsonSchema = { type: 'string', pattern: '^\\d+(\\.\\d+){0,3}$' };
  const max = (spec: AssertionSpec): string => (spec.expected?.form === 'version' ? spec.expected.max : '?');
  return {
    what,
    parse(r, v, path) {
      const { level, bare, options, optionsPath } = splitLevelForm(r, v, path, expected, true);
      if (level === null) return { level: 'error', max: read(r, bare, path, expected), message: null, path };
      if (!options) return { level, max: null, message: null, path };
      r.keys(options, optionsPath, ['max', 'message']);
      const m = options.max === undefined ? null : read(r, options.max, childPath(optionsPath, 'max'), what);
      return { level, max: m, message: r.message(options, optionsPath), path };
    },
    resolveOne: (kind, key, parsed, presetValue, ctx) => resolveLevel(kind, key, parsed, presetValue, ctx, (v) => ({ limit: Number.NaN, expected: { form: 'version', max: v } })),
    schema(description) {
      return { ...(description ? { description } : {}), anyOf: [versionSchema, LEVEL_SCHEMA, levelOptionsSchema({ max: versionSchema })] };
    },
    judge(spec, value) {
      const text = String(value);
      if (typeof value !== 'string' || !isVersion(value)) return { within: false, actual: null, actualText: text };
      return { within: compareVersions(value, max(spec)) <= 0, actual: null, actualText: text };
    },
    bound: (spec) => ({ bound: 'max', text: max(spec) }),
  };
}
