/**
 * Allowed or not: `"flexibleInputs": false` (none allowed; a measured count of them must be 0),
 * `true` (allowed: the verdict only reports them), or [level, {"allowed": false, "message": ...}].
 */
import { childPath } from '../../core/json.js';
import type { Level } from '../model.js';
import { LEVEL_FORM, splitLevelForm } from '../reader.js';
import { levelOptionsSchema, LEVEL_SCHEMA, withinMax, type Form, type ParsedLevel } from './form.js';

export interface AllowedSetting extends ParsedLevel {
  allowed: boolean | null;
}

export function allowedForm(): Form<AllowedSetting> {
  const expected = `true (allowed) or false (not allowed) or ${LEVEL_FORM}`;
  return {
    name: 'allowed or not',
    parse(r, v, path) {
      const { level, bare, options, optionsPath } = splitLevelForm(r, v, path, expected);
      if (level === null) {
        if (typeof bare !== 'boolean') r.expected(path, expected, bare);
        return { level: 'error', allowed: bare as boolean, message: null, path };
      }
      if (!options) return { level, allowed: null, message: null, path };
      r.keys(options, optionsPath, ['allowed', 'message']);
      if (options.allowed !== undefined && typeof options.allowed !== 'boolean') r.expected(childPath(optionsPath, 'allowed'), 'true or false', options.allowed);
      return { level, allowed: (options.allowed as boolean | undefined) ?? null, message: r.message(options, optionsPath), path };
    },
    resolve(row, parsed, ctx) {
      if (!parsed) return [];
      const level: Level = parsed.level ?? 'error';
      if (level === 'off') return [];
      if (parsed.allowed === null) ctx.fail(parsed.path, `${JSON.stringify(level)} without "allowed": write [${JSON.stringify(level)}, {"allowed": false}]`);
      const allowed = parsed.allowed as boolean;
      return [{ kind: row.key, key: null, level, limit: allowed ? Number.POSITIVE_INFINITY : 0, expected: { form: 'allowed', allowed }, message: parsed.message, origin: ctx.origin(parsed.path, false) }];
    },
    schema: () => ({ anyOf: [{ type: 'boolean' }, LEVEL_SCHEMA, levelOptionsSchema({ allowed: { type: 'boolean' } })] }),
    judge(spec, value) {
      const n = typeof value === 'number' ? value : Number.NaN;
      return { within: Number.isFinite(n) && withinMax(n, spec.limit), actual: Number.isFinite(n) ? n : null, ...(Number.isFinite(n) ? {} : { actualText: String(value) }) };
    },
    bound: (spec) => ({ bound: 'text', text: spec.limit === 0 ? 'none allowed' : 'allowed' }),
  };
}
