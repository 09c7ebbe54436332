/** A plain maximum under the row's key: `"sizeMB": 8`, `"unsupportedOps": ["warn", {"max": 1}]`. */
import type { Form } from './form.js';
import { numberValue, versionValue, type NumberRules, type ValueForm, type ValueSetting } from './value.js';

export function maxOf<V>(value: ValueForm<V>): Form<ValueSetting<V>> {
  return {
    name: 'a maximum',
    parse: (r, v, path) => value.parse(r, v, path),
    resolve(row, parsed, ctx) {
      const preset = ctx.preset && row.presetFigure ? (row.presetFigure(ctx.preset) as V | undefined) : undefined;
      const spec = value.resolveOne(row.key, null, parsed, preset, ctx);
      return spec ? [spec] : [];
    },
    schema: () => value.schema(),
    judge: (spec, v) => value.judge(spec, v),
    bound: (spec) => value.bound(spec),
  };
}

/** A numeric maximum: the value may reach the limit, not pass it. */
export function maxForm(rules: NumberRules): Form<ValueSetting<number>> {
  return maxOf(numberValue(rules));
}

/** A largest dotted version. */
export function versionMaxForm(what?: string): Form<ValueSetting<string>> {
  return maxOf(versionValue(what));
}
