/**
 * Which coremltools printed a log: printed outright (`coremltools version: 7.1`, pip output), or
 * inferred from fingerprints, each of which bounds the release range. The fingerprints are data,
 * with their source; evidence is intersected, and evidence that contradicts the rest is ignored.
 */
import type { VersionInfo } from './model.js';

/** A release as comparable numbers: 6.0b2 → [6, 0, 0, -1, 2]; 7.1 → [7, 1, 0, 0, 0]. */
export function parseVersion(v: string): number[] | null {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(a|b|rc|\.dev)(\d*))?/.exec(v.trim());
  if (!m) return null;
  const pre = m[4] === undefined ? 0 : m[4] === '.dev' ? -3 : m[4] === 'a' ? -2 : m[4] === 'b' ? -1 : -0.5;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), pre, Number(m[5] || 0)];
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The most recent torch version each coremltools release was tested with (`_TORCH_MAX_VERSION`). */
export const TORCH_TESTED_TO_COREMLTOOLS: ReadonlyMap<string, { min: string; max: string; note?: string }> = new Map([
  ['1.9.1', { min: '5.1', max: '5.1' }],
  ['1.10.2', { min: '5.2', max: '5.2' }],
  ['1.11.0', { min: '6.0b1', max: '6.0b2', note: '6.0 betas' }],
  ['1.12.1', { min: '6.0', max: '6.1' }],
  ['1.13.1', { min: '6.2', max: '6.2' }],
  ['2.0.0', { min: '6.3', max: '7.0' }],
  ['2.1.0', { min: '7.1', max: '7.1' }],
  ['2.2.0', { min: '7.2', max: '7.2' }],
  ['2.3.0', { min: '8.0b1', max: '8.0b2', note: '8.0 betas' }],
  ['2.4.0', { min: '8.0', max: '8.1' }],
  ['2.5.0', { min: '8.2', max: '8.3' }],
  ['2.7.0', { min: '9.0', max: '9.0' }],
  ['2.8.0', { min: '9.1.dev1', max: '9.1.dev1', note: 'unreleased main' }],
]);

/** Highest scikit-learn version each coremltools range supports (`_SKLEARN_MAX_VERSION`). */
export const SKLEARN_MAX_TO_COREMLTOOLS: ReadonlyMap<string, { min?: string; max?: string }> = new Map([
  ['0.19.2', { max: '6.0b2' }],
  ['1.1.2', { min: '6.0', max: '8.0b1' }],
  ['1.5.1', { min: '8.0b2' }],
]);

/** Highest TensorFlow 2 version known compatible (`_TF_2_MAX_VERSION`). */
export const TF2_MAX_TO_COREMLTOOLS: ReadonlyMap<string, { min?: string; max?: string }> = new Map([
  ['2.3.1', { min: '4.0', max: '5.0' }],
  ['2.5.0', { min: '5.1', max: '5.1' }],
  ['2.6.2', { min: '5.2', max: '5.2' }],
  ['2.8.0', { min: '6.0', max: '6.0' }],
  ['2.10.0', { min: '6.1', max: '6.2' }],
  ['2.12.0', { min: '6.3' }],
]);

export interface Evidence {
  min?: string | undefined;
  max?: string | undefined;
  /** An exact version printed by the log. */
  exact?: string | undefined;
  text: string;
  line: number;
}

function tighten(lo: string | undefined, hi: string | undefined, e: Evidence): { lo: string | undefined; hi: string | undefined } | null {
  const nlo = e.min && (!lo || compareVersions(e.min, lo) > 0) ? e.min : lo;
  const nhi = e.max && (!hi || compareVersions(e.max, hi) < 0) ? e.max : hi;
  if (nlo && nhi && compareVersions(nlo, nhi) > 0) return null;
  return { lo: nlo, hi: nhi };
}

/** Display a release without the `.0` noise of 6.0 and without a third part when it is 0. */
function shortVersion(v: string): string {
  return v.replace(/^(\d+\.\d+)\.0$/, '$1');
}

export function resolveVersion(evidence: readonly Evidence[]): VersionInfo {
  const exact = evidence.find((e) => e.exact);
  if (exact && exact.exact) {
    return { value: exact.exact, min: exact.exact, max: exact.exact, source: 'printed', evidence: exact.text, line: exact.line };
  }
  let lo: string | undefined;
  let hi: string | undefined;
  const used: Evidence[] = [];
  // Narrow evidence first, so that a broad hint cannot outvote a precise one.
  const ordered = [...evidence].sort((a, b) => width(a) - width(b));
  for (const e of ordered) {
    const t = tighten(lo, hi, e);
    if (!t) continue;
    lo = t.lo;
    hi = t.hi;
    used.push(e);
  }
  if (used.length === 0) return { value: null, min: null, max: null, source: 'none', evidence: null, line: null };
  // Name the evidence that set each bound (one item when it set both).
  const setLo = lo ? used.find((e) => e.min && compareVersions(e.min, lo as string) === 0) : undefined;
  const setHi = hi ? used.find((e) => e.max && compareVersions(e.max, hi as string) === 0) : undefined;
  const deciders = [...new Set([setLo, setHi].filter((e): e is Evidence => e !== undefined))].sort((a, b) => a.line - b.line);
  const best = deciders[0] ?? (used[0] as Evidence);
  const evidenceText = deciders.length > 1 ? deciders.map((e) => `${e.text} (line ${e.line})`).join('; ') : best.text;
  let value: string;
  if (lo && hi) value = compareVersions(lo, hi) === 0 ? shortVersion(lo) : `${shortVersion(lo)}-${shortVersion(hi)}`;
  else if (lo) value = `${shortVersion(lo)}+`;
  else value = `<=${shortVersion(hi as string)}`;
  return { value, min: lo ?? null, max: hi ?? null, source: 'fingerprint', evidence: evidenceText, line: best.line };
}

function width(e: Evidence): number {
  if (e.min && e.max) {
    const a = parseVersion(e.min) as number[];
    const b = parseVersion(e.max) as number[];
    return (b[0]! - a[0]!) * 100 + (b[1]! - a[1]!);
  }
  return 10_000;
}
