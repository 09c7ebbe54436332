/**
 * A maximum per key: `"latencyMs": {"p50": 20, "p99": 25}` (a fixed set of keys), `"accuracyDrop":
 * {"top1": 0.01}` (keys from the input: metric names, kept in a Map, `__proto__` included),
 * `"minimumOS": {"watchOS": "10.0"}` (versions), `"aneFindings": {"error": 0, "warning": 3}` (a count
 * per level). One assertion per key, in the order of the fixed keys, else as written.
 */
import { childPath } from '../../core/json.js';
import type { AssertionSpec } from '../model.js';
import type { Form, JsonSchema } from './form.js';
import type { ValueForm, ValueSetting } from './value.js';

export interface PerKeyOptions<V> {
  /** The keys allowed, in order; null: any key (names from the input). */
  keys: readonly string[] | null;
  /** What the object is, in messages: "an object with p50, p90, p99, max, mean". */
  what: string;
  value: ValueForm<V>;
  /** JSON Schema description of each value. */
  valueDescription?: string;
  /** How docs name a key from the input: `METRIC`. */
  keyName?: string;
}

export function perKeyForm<V>(o: PerKeyOptions<V>): Form<Map<string, ValueSetting<V>>> {
  return {
    name: 'a maximum per key',
    docsKey: (key) => (o.keys ? `\`${key}.${o.keys[0]}\` / ${o.keys.slice(1).map((k) => `\`${k}\``).join(' / ')}` : `\`${key}.${o.keyName ?? 'KEY'}\``),
    parse(r, v, path) {
      const obj = r.object(v, path, o.what);
      const out = new Map<string, ValueSetting<V>>();
      if (o.keys) {
        r.keys(obj, path, o.keys);
        for (const k of o.keys) if (obj[k] !== undefined) out.set(k, o.value.parse(r, obj[k], childPath(path, k)));
      } else {
        for (const [k, x] of Object.entries(obj)) out.set(k, o.value.parse(r, x, childPath(path, k)));
      }
      return out;
    },
    resolve(row, parsed, ctx) {
      const out: AssertionSpec[] = [];
      for (const [k, setting] of parsed ?? []) {
        const spec = o.value.resolveOne(row.key, k, setting, undefined, ctx);
        if (spec) out.push(spec);
      }
      return out;
    },
    schema() {
      const each = o.value.schema(o.valueDescription);
      const s: JsonSchema = { type: 'object' };
      if (o.keys) {
        s.properties = Object.fromEntries(o.keys.map((k) => [k, each]));
        s.additionalProperties = false;
      } else {
        s.additionalProperties = each;
      }
      return s;
    },
    judge: (spec, v) => o.value.judge(spec, v),
    bound: (spec) => o.value.bound(spec),
  };
}
