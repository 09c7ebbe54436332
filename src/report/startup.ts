/**
 * A step's start-up (model load, compile, first prediction after a load) from its traces: the
 * durations of every trace of the step together, so that two launches exported to two files count
 * as two loads. Statistics use the one percentile (src/core/stats.ts).
 */
import { summarize } from '../core/stats.js';
import type { StartupPhaseSummary } from '../trace/model.js';
import { STARTUP_PHASE_NAMES, type StartupMeasurement, type StartupPhaseMeasurement } from '../step/model.js';
import type { ReadTrace } from './trace-select.js';

function phase(parts: StartupPhaseSummary[]): StartupPhaseMeasurement | null {
  if (!parts.length) return null;
  if (parts.length === 1 || parts.some((p) => !p.durationsMs)) {
    // One trace (or summaries without their durations): its figures as they are, the slowest max.
    const first = parts[0] as StartupPhaseSummary;
    return { count: parts.reduce((n, p) => n + p.count, 0), p50Ms: first.p50Ms, maxMs: Math.max(...parts.map((p) => p.maxMs)) };
  }
  const all: number[] = [];
  for (const p of parts) for (const d of p.durationsMs as Float64Array) all.push(d);
  const s = summarize(all);
  return s ? { count: s.count, p50Ms: s.p50, maxMs: s.max } : null;
}

/** The step's start-up, or null when none of its traces records one. */
export function stepStartup(traces: readonly ReadTrace[]): StartupMeasurement | null {
  const withStartup = traces.filter((t) => t.analysis.startup);
  if (!withStartup.length) return null;
  const summaries = withStartup.map((t) => t.analysis.startup as NonNullable<ReadTrace['analysis']['startup']>);
  const out: StartupMeasurement = { load: null, compile: null, firstPrediction: null, models: [], tables: [], files: withStartup.map((t) => t.file) };
  for (const name of STARTUP_PHASE_NAMES) out[name] = phase(summaries.map((s) => s[name]).filter((p): p is StartupPhaseSummary => p !== null));
  out.models = [...new Set(summaries.flatMap((s) => s.models.map((m) => m.id)))];
  out.tables = [...new Set(summaries.flatMap((s) => s.tables.map((t) => t.table)))];
  return out;
}
