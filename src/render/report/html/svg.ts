/**
 * Small helpers for inline SVG: escaped text, compact numbers for attributes, "nice" axis ticks
 * (1, 2, 2.5 or 5 × 10^k) and clipping of labels to the room they have.
 */
import { shorten } from '../../../core/shorten.js';
import { escapeHtml } from '../../../core/escape.js';

export const esc = escapeHtml;

/** A number for an SVG attribute: at most 2 decimals, no trailing zeros. */
export function n(v: number): string {
  if (!Number.isFinite(v)) return '0';
  return String(Math.round(v * 100) / 100);
}

/** The nice step (1, 2, 2.5, 5 × 10^k) closest above `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const k = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * k >= raw - 1e-12) return m * k;
  return 10 * k;
}

/** Ticks from 0 to at least `max`, about `count` of them. */
export function ticks(max: number, count = 5): { step: number; values: number[]; top: number } {
  const step = niceStep((max > 0 ? max : 1) / count);
  const top = Math.max(step, Math.ceil((max > 0 ? max : 1) / step - 1e-9) * step);
  const values: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) values.push(Math.round(v / step) * step);
  return { step, values, top };
}

/** A tick label: integers plainly, else as few decimals as the step needs. */
export function tickLabel(v: number, step: number): string {
  const digits = step >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(step)));
  return v.toFixed(digits);
}

/** Clips a label to about `px` pixels of 7-pixel characters. */
export function fit(label: string, px: number, charPx = 7): string {
  const max = Math.floor(px / charPx);
  if (max <= 1) return '';
  return shorten(label, max);
}

/** A stable hue (0..359) for a name: the same binary gets the same colour in every flame graph. */
export function hue(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % 360;
}
