/**
 * Which parts of a trace a step's measurement uses: the interval series that are the inferences
 * (latency) and the time profile (CPU time by engine, flame graph). Traces are read through an
 * injected reader (`TraceReader`, the `trace` command's analysis), so this is testable without
 * exports on disk.
 *
 * Inference intervals, unless the manifest names a label with `interval` (matched as trace's
 * `--interval` matches: labels.ts matchIntervals): the first rule below that
 * matches any series wins; among several matching series (several models or runs), the one with
 * the most intervals, and a warning names the others.
 */
import { matchIntervals } from '../trace/labels.js';
import type { IntervalSummary, ProfileSummary, TraceAnalysis } from '../trace/model.js';

export interface TraceReadOptions {
  /** The name used in messages (the path as the manifest writes it). */
  displayName: string;
  /** Keep the profiles' call trees (flame graphs); false lets the reader keep memory flat. Default true. */
  callTree?: boolean;
}

/** Reads one trace export (xctrace XML, Deep Copy text) into the `trace` command's analysis. */
export type TraceReader = (path: string, opts: TraceReadOptions) => Promise<TraceAnalysis>;

/** A trace as read, with the name the manifest gives it. */
export interface ReadTrace {
  file: string;
  analysis: TraceAnalysis;
}

export interface InferenceRule {
  table: RegExp;
  label: RegExp;
  /** What the series is, in the words the report uses. */
  what: string;
}

/** Default inference series, in order of preference. */
export const INFERENCE_RULES: readonly InferenceRule[] = [
  // The trace command labels coreml-os-signpost rows "<event> / <model>": "Prediction / PoseNet".
  { table: /^coreml-os-signpost$/, label: /^Prediction\b/, what: 'Core ML Prediction signposts' },
  { table: /^ane-hw-intervals/, label: /\bPrediction$/, what: 'Neural Engine prediction intervals' },
  { table: /./, label: /\b(prediction|inference|predict)\b/i, what: 'prediction intervals' },
];

export interface SelectedIntervals {
  series: IntervalSummary;
  file: string;
  rule: string;
}

export type IntervalChoice = { ok: true; selected: SelectedIntervals; warnings: string[] } | { ok: false; reason: string; labels: string[] };

function describe(s: IntervalSummary, file: string): string {
  return `"${s.label}" (${s.table}${s.run !== null ? `, run ${s.run}` : ''}, ${s.count} intervals, ${file})`;
}

/** All interval labels of the traces, for messages. */
export function intervalLabels(traces: readonly ReadTrace[]): string[] {
  const labels = new Set<string>();
  for (const t of traces) for (const s of t.analysis.intervals) labels.add(s.label);
  return [...labels];
}

/** Picks the inference intervals: by exact label when given, else by the default rules. */
export function selectInferenceIntervals(traces: readonly ReadTrace[], label: string | null): IntervalChoice {
  const all = traces.flatMap((t) => t.analysis.intervals.filter((s) => s.count > 0).map((series) => ({ series, file: t.file })));
  const labels = intervalLabels(traces);
  let matches: { series: IntervalSummary; file: string }[];
  let rule: string;
  if (label !== null) {
    const hit = matchIntervals(all.map((m) => m.series), label);
    matches = all.filter((m) => hit.matches.includes(m.series));
    rule = `intervals labelled "${label}"`;
    if (matches.length === 0) return { ok: false, reason: `no intervals labelled "${label}"`, labels };
    if (hit.ambiguous) return { ok: false, reason: `"${label}" matches intervals of different events (${hit.matches.map((s) => `"${s.label}"`).join(', ')}); name one of them`, labels };
  } else {
    matches = [];
    rule = '';
    for (const r of INFERENCE_RULES) {
      matches = all.filter((m) => r.table.test(m.series.table) && r.label.test(m.series.label));
      if (matches.length) {
        rule = r.what;
        break;
      }
    }
    if (matches.length === 0) {
      const reason = all.length
        ? 'no Core ML Prediction intervals (name the label of the inference intervals with "interval")'
        : 'no intervals (export the coreml-os-signpost or ane-hw-intervals table, or give latencyMs)';
      return { ok: false, reason, labels };
    }
  }
  const sorted = [...matches].sort((a, b) => b.series.count - a.series.count);
  const best = sorted[0] as { series: IntervalSummary; file: string };
  const warnings: string[] = [];
  if (sorted.length > 1) {
    warnings.push(`several series match (${rule}); the report uses ${describe(best.series, best.file)}, not ${sorted.slice(1).map((m) => describe(m.series, m.file)).join(', ')}`);
  }
  return { ok: true, selected: { series: best.series, file: best.file, rule }, warnings };
}

/** Profile tables in order of preference: sampled time first. */
const PROFILE_TABLES = ['time-profile', 'cpu-profile', 'counters-profile', 'time-sample', 'deep-copy'];

export function selectProfile(traces: readonly ReadTrace[]): { profile: ProfileSummary; file: string; warnings: string[] } | null {
  const all = traces.flatMap((t) => t.analysis.profiles.filter((p) => p.totalWeight > 0).map((profile) => ({ profile, file: t.file })));
  if (all.length === 0) return null;
  const rank = (p: ProfileSummary) => {
    const i = PROFILE_TABLES.indexOf(p.table);
    return i === -1 ? PROFILE_TABLES.length : i;
  };
  const sorted = [...all].sort((a, b) => rank(a.profile) - rank(b.profile) || b.profile.totalWeight - a.profile.totalWeight);
  const best = sorted[0] as { profile: ProfileSummary; file: string };
  const warnings =
    sorted.length > 1
      ? [`several profiles; the report uses ${best.profile.table}${best.profile.run !== null ? ` run ${best.profile.run}` : ''} of ${best.file}, not ${sorted.slice(1).map((m) => `${m.profile.table}${m.profile.run !== null ? ` run ${m.profile.run}` : ''} of ${m.file}`).join(', ')}`]
      : [];
  return { profile: best.profile, file: best.file, warnings };
}
