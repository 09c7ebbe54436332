/** How the engine shows a value in its unit; shared by verdict messages and every reporter. */
import { formatInt } from '../core/units.js';
import type { Unit, Verdict } from './model.js';

/** Trims a fixed-point number: 8.00 → 8, 9.40 → 9.4. */
function trimFixed(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Up to `sig` significant digits for small numbers, without exponent notation. */
function compact(v: number, sig = 4): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  const digits = abs >= 1 ? Math.max(0, sig - 1 - Math.floor(Math.log10(abs))) : Math.min(10, sig - 1 - Math.floor(Math.log10(abs)));
  return trimFixed(v, Math.max(0, digits));
}

export function formatValue(v: number | null, unit: Unit): string {
  if (v === null || !Number.isFinite(v)) return '—';
  switch (unit) {
    case 'MB':
      return `${trimFixed(v, Math.abs(v) < 0.1 ? 4 : 2)} MB`;
    case 'ms':
      return `${trimFixed(v, Math.abs(v) < 10 ? 2 : 1)} ms`;
    case 'share':
      return `${trimFixed(v * 100, 2)} %`;
    case 'count':
      return formatInt(v);
    case 'points':
      return compact(v);
    case 'bits':
      return `${trimFixed(v, 2)} bits`;
    case 'version':
    case 'value':
      return compact(v);
  }
}

/** A verdict's measured value: its text (a version, a precision) or its number in its unit. */
export function verdictActual(v: Pick<Verdict, 'actual' | 'actualText' | 'unit'>): string {
  return v.actualText ?? formatValue(v.actual, v.unit);
}

/** A verdict's limit value: its text (a version, `not fp32`) or its number in its unit. */
export function verdictLimitValue(v: Pick<Verdict, 'limit' | 'limitText' | 'unit'>): string {
  return v.limitText ?? formatValue(v.limit, v.unit);
}

/** The limit as a table cell shows it: `<= 8 MB` (`≤ 8 MB` with `symbols`), `none`, `worse by <= 1 ms`, `not fp32`. */
export function limitCell(v: Pick<Verdict, 'bound' | 'limit' | 'limitText' | 'unit'>, symbols = false): string {
  if (v.limit === null && v.limitText === undefined) return '—';
  const le = symbols ? '≤' : '<=';
  const value = verdictLimitValue(v);
  switch (v.bound) {
    case 'max':
      return `${le} ${value}`;
    case 'none':
      return 'none';
    case 'regression':
      return `worse by ${le} ${value}`;
    case 'text':
      return value;
  }
}

/** The assertion with its limit, as one phrase: `latencyMs.p99 <= 25 ms`, `forbid.dtype: none`. */
export function assertionWithLimit(v: Pick<Verdict, 'assertion' | 'bound' | 'limit' | 'limitText' | 'unit'>): string {
  if (v.limit === null && v.limitText === undefined) return v.assertion;
  return v.bound === 'max' ? `${v.assertion} ${limitCell(v)}` : `${v.assertion}: ${limitCell(v)}`;
}

/** A signed change in a unit: +1.2 ms, −0.5 MB. */
export function formatChange(v: number, unit: Unit): string {
  const s = formatValue(Math.abs(v), unit);
  return (v < 0 ? '−' : '+') + s;
}

/** A fraction as a signed percentage: +12.5 %. */
export function formatRelative(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  return (v < 0 ? '−' : '+') + trimFixed(Math.abs(v) * 100, 1) + ' %';
}
