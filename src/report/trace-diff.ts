/**
 * `trace diff A B`: two traces compared without a manifest. The latency of each side is the series
 * `report` would take (trace-select.ts: Core ML Prediction intervals, else Neural Engine
 * predictions, else any prediction label; or the label `--interval` names), and its statistics are
 * compared with the bootstrap the report's regression checks use (src/budget/bootstrap.ts: the same
 * resamples, seed and minimum sample counts), so both say "faster", "slower" or "inconclusive"
 * alike. The frames are each side's profile (the one `report` would take), compared by their share
 * of the side's samples — recordings of different lengths compare — and by their self time.
 *
 * B is the one being judged: "slower" means B's statistic is higher than A's, with a 95 %
 * confidence interval of the change that excludes 0.
 */
import { bootstrapDifferences, BOOTSTRAP_CONFIDENCE, BOOTSTRAP_RESAMPLES, MIN_SAMPLES_FOR_TEST, statOf } from '../budget/bootstrap.js';
import type { RegressionLatencyStat } from '../budget/model.js';
import { UsageError } from '../core/errors.js';
import type { TraceAnalysis, WeightUnit } from '../trace/model.js';
import { selectInferenceIntervals, selectProfile, type ReadTrace } from './trace-select.js';

export const TRACE_DIFF_SCHEMA_VERSION = 1;

/** The statistics compared, in order. */
export const DIFF_STATS: readonly RegressionLatencyStat[] = ['p50', 'p90', 'p99', 'mean'];

/** The statistic the headline verdict is read from. */
export const HEADLINE_STAT: RegressionLatencyStat = 'p50';

/** Frames read per side (the top lists of the trace reader); frames beyond them count as 0. */
export const DIFF_FRAMES_READ = 2000;

export type DiffVerdict = 'faster' | 'slower' | 'inconclusive';

export interface DiffSide {
  source: string;
  /** The interval series taken as the inferences; null when the trace has none. */
  intervals: { label: string; table: string; count: number; rule: string } | null;
  /** The profile the frames come from; null when the trace has none. */
  profile: { table: string; unit: WeightUnit; totalWeight: number; samples: number; framesRead: number } | null;
}

export interface StatChange {
  stat: RegressionLatencyStat;
  aMs: number;
  bMs: number;
  /** bMs − aMs. */
  changeMs: number;
  /** changeMs / aMs (null when aMs is 0). */
  relative: number | null;
  /** 95 % bootstrap confidence interval of the change; null when the samples are too few. */
  ci: [number, number] | null;
  verdict: DiffVerdict;
  /** Why the verdict is inconclusive, in words. */
  why?: string;
}

export interface FrameChange {
  name: string;
  binary: string | null;
  /** Self weight in each side's unit, and its share of the side's total weight. */
  aSelf: number;
  bSelf: number;
  aShare: number;
  bShare: number;
  /** bShare − aShare (a fraction: 0.05 is 5 points). */
  shareChange: number;
  /** Self time change in ms (B − A), when both sides weigh time. */
  selfChangeMs: number | null;
}

export interface TraceDiff {
  schemaVersion: typeof TRACE_DIFF_SCHEMA_VERSION;
  a: DiffSide;
  b: DiffSide;
  /** Null when a side has no inference intervals (notes say which). */
  latency: {
    counts: [number, number];
    changes: StatChange[];
    /** The verdict of the headline statistic (p50). */
    verdict: DiffVerdict;
    method: { resamples: number; confidence: number };
  } | null;
  /** Frames whose share of the samples changed most, most first (at most `top`). */
  frames: FrameChange[];
  notes: string[];
}

export interface DiffOptions {
  /** The interval label that is the inference, matched on both sides (as `trace --interval`). */
  interval?: string | null;
  /** Frames listed (default 10). */
  top?: number;
}

function side(t: ReadTrace, interval: string | null): { side: DiffSide; samples: Float64Array | null; notes: string[] } {
  const notes: string[] = [];
  const choice = selectInferenceIntervals([t], interval);
  let intervals: DiffSide['intervals'] = null;
  let samples: Float64Array | null = null;
  if (choice.ok) {
    const s = choice.selected.series;
    intervals = { label: s.label, table: s.table, count: s.count, rule: choice.selected.rule };
    samples = s.durationsMs ?? null;
    notes.push(...choice.warnings.map((w) => `${t.file}: ${w}`));
  } else if (interval !== null) {
    const labels = choice.labels.length ? `; labels there: ${choice.labels.slice(0, 12).map((l) => JSON.stringify(l)).join(', ')}` : '';
    throw new UsageError(`--interval: ${choice.reason} in ${t.file}${labels}`);
  } else notes.push(`${t.file}: ${choice.reason}`);
  const p = selectProfile([t]);
  const profile: DiffSide['profile'] = p ? { table: p.profile.table, unit: p.profile.unit, totalWeight: p.profile.totalWeight, samples: p.profile.samples, framesRead: p.profile.topFrames.length } : null;
  return { side: { source: t.file, intervals, profile }, samples, notes };
}

/** One statistic compared: the bootstrap's verdict, or why there is none. */
function statChange(stat: RegressionLatencyStat, a: Float64Array, b: Float64Array, ci: { lo: number; hi: number } | undefined): StatChange {
  const aMs = statOf(a, stat);
  const bMs = statOf(b, stat);
  const changeMs = bMs - aMs;
  const base = { stat, aMs, bMs, changeMs, relative: aMs !== 0 ? changeMs / aMs : null };
  if (!ci) {
    const need = MIN_SAMPLES_FOR_TEST[stat];
    return { ...base, ci: null, verdict: 'inconclusive', why: `${a.length} vs ${b.length} samples are too few to tell a ${stat} change from noise (it needs ${need} per side)` };
  }
  const verdict: DiffVerdict = ci.lo > 0 ? 'slower' : ci.hi < 0 ? 'faster' : 'inconclusive';
  return { ...base, ci: [ci.lo, ci.hi], verdict, ...(verdict === 'inconclusive' ? { why: 'the confidence interval of the change includes 0' } : {}) };
}

function frameChanges(pa: ReturnType<typeof selectProfile>, pb: ReturnType<typeof selectProfile>, top: number): FrameChange[] {
  if (!pa || !pb) return [];
  const key = (name: string, binary: string | null) => `${name}\u0000${binary ?? ''}`;
  const rows = new Map<string, FrameChange>();
  const ta = pa.profile.totalWeight;
  const tb = pb.profile.totalWeight;
  const asMs = (unit: WeightUnit): number | null => (unit === 'ns' ? 1e-6 : unit === 'ms' ? 1 : null);
  const msA = asMs(pa.profile.unit);
  const msB = asMs(pb.profile.unit);
  const row = (name: string, binary: string | null): FrameChange => {
    const k = key(name, binary);
    let r = rows.get(k);
    if (!r) {
      r = { name, binary, aSelf: 0, bSelf: 0, aShare: 0, bShare: 0, shareChange: 0, selfChangeMs: null };
      rows.set(k, r);
    }
    return r;
  };
  for (const f of pa.profile.topFrames) if (f.self > 0) row(f.name, f.binary).aSelf += f.self;
  for (const f of pb.profile.topFrames) if (f.self > 0) row(f.name, f.binary).bSelf += f.self;
  for (const r of rows.values()) {
    r.aShare = ta > 0 ? r.aSelf / ta : 0;
    r.bShare = tb > 0 ? r.bSelf / tb : 0;
    r.shareChange = r.bShare - r.aShare;
    r.selfChangeMs = msA !== null && msB !== null ? r.bSelf * msB - r.aSelf * msA : null;
  }
  return [...rows.values()]
    .filter((r) => r.shareChange !== 0 || (r.selfChangeMs ?? 0) !== 0)
    .sort((x, y) => Math.abs(y.shareChange) - Math.abs(x.shareChange) || Math.abs(y.selfChangeMs ?? 0) - Math.abs(x.selfChangeMs ?? 0) || (x.name < y.name ? -1 : 1))
    .slice(0, top);
}

/** Compares two read traces (A the reference, B the one judged). */
export function diffTraces(a: ReadTrace, b: ReadTrace, opts: DiffOptions = {}): TraceDiff {
  const interval = opts.interval ?? null;
  const top = opts.top ?? 10;
  const sa = side(a, interval);
  const sb = side(b, interval);
  const notes = [...sa.notes, ...sb.notes];
  let latency: TraceDiff['latency'] = null;
  if (sa.samples && sb.samples && sa.samples.length && sb.samples.length) {
    const xa = sa.samples;
    const xb = sb.samples;
    const testable = DIFF_STATS.filter((s) => xa.length >= MIN_SAMPLES_FOR_TEST[s] && xb.length >= MIN_SAMPLES_FOR_TEST[s]);
    const cis = new Map(bootstrapDifferences(xa, xb, testable).map((c) => [c.stat, c] as const));
    const changes = DIFF_STATS.map((s) => statChange(s, xa, xb, cis.get(s)));
    latency = {
      counts: [xa.length, xb.length],
      changes,
      verdict: (changes.find((c) => c.stat === HEADLINE_STAT) as StatChange).verdict,
      method: { resamples: BOOTSTRAP_RESAMPLES, confidence: BOOTSTRAP_CONFIDENCE },
    };
    if (interval === null && sa.side.intervals && sb.side.intervals && sa.side.intervals.label !== sb.side.intervals.label) {
      notes.push(`the sides' inference intervals have different labels ("${sa.side.intervals.label}" and "${sb.side.intervals.label}"); --interval LABEL names one for both`);
    }
  }
  const pa = selectProfile([a]);
  const pb = selectProfile([b]);
  if (pa && pb && pa.profile.unit !== pb.profile.unit) notes.push(`the profiles weigh different units (${pa.profile.unit} and ${pb.profile.unit}): frames compare by share only`);
  if (Boolean(pa) !== Boolean(pb)) notes.push(`${pa ? b.file : a.file} has no profile: no frames to compare`);
  for (const [t, p] of [
    [a, pa],
    [b, pb],
  ] as const) {
    if (p && p.profile.topFrames.length >= DIFF_FRAMES_READ) notes.push(`${t.file}: frames beyond its ${DIFF_FRAMES_READ} heaviest count as 0`);
  }
  if (!latency && !(pa && pb)) {
    throw new UsageError(`nothing to compare: ${[a, b].map((t) => `${t.file} has ${describeHolds(t.analysis)}`).join('; ')} (trace diff compares inference intervals and profiles)`);
  }
  return { schemaVersion: TRACE_DIFF_SCHEMA_VERSION, a: sa.side, b: sb.side, latency, frames: frameChanges(pa, pb, top), notes };
}

function describeHolds(a: TraceAnalysis): string {
  const parts = [a.intervals.length ? `intervals (${a.intervals.map((i) => JSON.stringify(i.label)).slice(0, 4).join(', ')})` : null, a.profiles.length ? 'a profile' : null].filter(Boolean);
  return parts.length ? parts.join(' and ') : a.format === 'xctrace-toc' ? 'a table of contents only' : 'no intervals and no profile';
}
