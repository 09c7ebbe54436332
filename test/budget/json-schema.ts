/**
 * A small JSON Schema (draft-07) evaluator for the keywords schemas/budget.schema.json uses, so a
 * test can check the schema against our fixtures without a new dependency. Returns the paths that
 * fail; unsupported keywords throw, so the schema cannot silently outgrow this checker.
 */
type Schema = Record<string, unknown> | boolean;

const SUPPORTED = new Set([
  '$schema', '$id', '$ref', 'title', 'description', 'definitions', 'type', 'enum', 'minimum', 'maximum', 'exclusiveMinimum',
  'minLength', 'pattern', 'properties', 'additionalProperties', 'required', 'items', 'additionalItems', 'minItems', 'maxItems',
  'oneOf', 'anyOf', 'allOf', 'not',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function validateAgainstSchema(root: Record<string, unknown>, value: unknown): string[] {
  const resolve = (ref: string): Schema => {
    const m = /^#\/definitions\/(.+)$/.exec(ref);
    const defs = root.definitions as Record<string, Schema> | undefined;
    const s = m ? defs?.[m[1] as string] : undefined;
    if (s === undefined) throw new Error(`unresolved $ref ${ref}`);
    return s;
  };
  const check = (s: Schema, v: unknown, path: string): string[] => {
    if (s === true) return [];
    if (s === false) return [`${path}: not allowed`];
    for (const k of Object.keys(s)) if (!SUPPORTED.has(k)) throw new Error(`unsupported keyword ${k}`);
    const errs: string[] = [];
    if (typeof s.$ref === 'string') errs.push(...check(resolve(s.$ref), v, path));
    if (typeof s.type === 'string') {
      const t = typeOf(v);
      const ok = s.type === t || (s.type === 'integer' && t === 'number' && Number.isInteger(v));
      if (!ok) return [...errs, `${path}: expected ${s.type}`];
    }
    if (Array.isArray(s.enum) && !s.enum.includes(v)) errs.push(`${path}: not in enum`);
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) errs.push(`${path}: < minimum`);
      if (typeof s.maximum === 'number' && v > s.maximum) errs.push(`${path}: > maximum`);
      if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) errs.push(`${path}: <= exclusiveMinimum`);
    }
    if (typeof v === 'string') {
      if (typeof s.minLength === 'number' && v.length < s.minLength) errs.push(`${path}: too short`);
      if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) errs.push(`${path}: pattern`);
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems) errs.push(`${path}: too few items`);
      if (typeof s.maxItems === 'number' && v.length > s.maxItems) errs.push(`${path}: too many items`);
      if (Array.isArray(s.items)) {
        v.forEach((item, i) => {
          const sub = (s.items as Schema[])[i] ?? (s.additionalItems as Schema | undefined) ?? true;
          errs.push(...check(sub, item, `${path}[${i}]`));
        });
      } else if (s.items !== undefined) {
        v.forEach((item, i) => errs.push(...check(s.items as Schema, item, `${path}[${i}]`)));
      }
    }
    if (typeOf(v) === 'object') {
      const o = v as Record<string, unknown>;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const r of (s.required ?? []) as string[]) if (!Object.hasOwn(o, r)) errs.push(`${path}: missing ${r}`);
      for (const [k, item] of Object.entries(o)) {
        if (Object.hasOwn(props, k)) errs.push(...check(props[k] as Schema, item, `${path}.${k}`));
        else if (s.additionalProperties !== undefined) errs.push(...check(s.additionalProperties as Schema, item, `${path}.${k}`));
      }
    }
    if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) errs.push(...check(sub, v, path));
    if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((sub) => check(sub, v, path).length === 0)) errs.push(`${path}: matches none of anyOf`);
    if (Array.isArray(s.oneOf)) {
      const n = (s.oneOf as Schema[]).filter((sub) => check(sub, v, path).length === 0).length;
      if (n !== 1) errs.push(`${path}: matches ${n} of oneOf`);
    }
    if (s.not !== undefined && check(s.not as Schema, v, path).length === 0) errs.push(`${path}: matches not`);
    return errs;
  };
  return check(root, value, '$');
}
