/** What the trace diff renderers share: the figures of a change, in words and numbers. */
import type { Colors } from '../../core/color.js';
import { formatInt, formatSignedPercent } from '../../core/units.js';
import type { DiffSide, DiffVerdict, FrameChange, StatChange, TraceDiff } from '../../report/trace-diff.js';

export interface TraceDiffRenderOptions {
  colors: Colors;
  /** Width the text fits (the terminal's; 80 off a terminal). */
  width: number;
}

export const DASH = '—';

/** ms with two decimals below 100, one above (as trace's interval tables). */
export function ms(v: number): string {
  return !Number.isFinite(v) ? DASH : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(2);
}

/** A signed ms change: +1.25, −0.40 (a true minus sign). */
export function signedMs(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  const s = ms(Math.abs(v));
  return v > 0 ? `+${s}` : v < 0 ? `−${s}` : s;
}

/** A share of samples as a percentage: 12.3 %. */
export function pct(v: number): string {
  return `${(v * 100).toFixed(1)} %`;
}

/** A change of share in points: +4.2 pt. */
export function points(v: number): string {
  const s = (Math.abs(v) * 100).toFixed(1);
  return v > 0 ? `+${s} pt` : v < 0 ? `−${s} pt` : `${s} pt`;
}

export function relative(c: StatChange): string {
  return c.relative === null ? DASH : formatSignedPercent(c.relative);
}

export function ciText(c: StatChange): string {
  return c.ci ? `[${signedMs(c.ci[0])}, ${signedMs(c.ci[1])}]` : DASH;
}

/** The series a side's latency is, in words: "Prediction / PoseNet_fp32 (coreml-os-signpost, 240)". */
export function seriesText(s: DiffSide): string {
  return s.intervals ? `${s.intervals.label} (${s.intervals.table}, ${formatInt(s.intervals.count)} intervals)` : 'no inference intervals';
}

export function profileText(s: DiffSide): string {
  return s.profile ? `${s.profile.table}, ${formatInt(s.profile.samples)} samples` : 'no profile';
}

/** The headline: "B is slower: p50 +23.72 ms (+38.3 %), 95 % CI [+23.4, +24.1]". */
export function headline(d: TraceDiff): string | null {
  const l = d.latency;
  if (!l) return null;
  const c = l.changes.find((x) => x.stat === 'p50') as StatChange;
  const what: Record<DiffVerdict, string> = { slower: 'B is slower', faster: 'B is faster', inconclusive: 'inconclusive' };
  const figures = `p50 ${signedMs(c.changeMs)} ms (${relative(c)})`;
  if (l.verdict !== 'inconclusive') return `${what[l.verdict]}: ${figures}, ${Math.round(l.method.confidence * 100)} % CI ${ciText(c)} ms`;
  return `${what.inconclusive}: ${figures}; ${c.why ?? ''}`;
}

/** A frame's self time change in ms, or a dash when a side does not weigh time. */
export function frameMs(f: FrameChange): string {
  return f.selfChangeMs === null ? DASH : signedMs(f.selfChangeMs);
}
