/**
 * `trace --budget-ms N` is shorthand for a one-assertion budget, `{"latencyMs": {"max": N}}`, run
 * through the one engine on each interval series it judges: the series `--interval` names, else
 * the series whose labels name inferences, else (when none does) every series, and it says so.
 * Each judged series is a step (its durations are the latency samples); the result is a GateResult
 * like gate's, one target per series.
 */
import { UsageError } from '../core/errors.js';
import { summarize } from '../core/stats.js';
import { inferencesOver, type OverLimit } from '../step/latency.js';
import type { StepMeasurement } from '../step/model.js';
import { countVerdicts, evaluateTarget } from './engine.js';
import { budgetFromValue } from './load.js';
import { GATE_SCHEMA_VERSION, type GateResult, type ResolvedTarget } from './model.js';

/** What the engine needs of an interval series (src/trace's IntervalSummary has it). */
export interface IntervalSeries {
  label: string;
  table: string;
  run: number | null;
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  minMs: number;
  durationsMs?: Float64Array;
  group?: { column: string; value: string }[];
  /** The label names inferences (Prediction, Inference). */
  inference?: boolean;
}

/** Which series were judged, and why those. */
export type JudgedBy = { by: 'interval'; label: string } | { by: 'inference' } | { by: 'all' };

export interface IntervalBudget<S extends IntervalSeries> {
  result: GateResult;
  /** The series judged, in the order of the result's targets, each with its inferences over the limit. */
  judged: { series: S; name: string; over: OverLimit | null }[];
  by: JudgedBy;
  limitMs: number;
}

/**
 * How `--interval LABEL` picks series: src/trace's matchIntervals (the whole label, else its event
 * part, case-insensitively), handed in by the caller so that budget/ need not know trace/.
 */
export type IntervalMatcher = <S extends IntervalSeries>(series: readonly S[], label: string) => { matches: S[]; ambiguous: boolean };

/** The series --budget-ms judges: those --interval's label matches, else the inferences, else all. */
export function seriesToJudge<S extends IntervalSeries>(series: readonly S[], label: string | undefined, match: IntervalMatcher): { judged: S[]; by: JudgedBy } {
  if (label !== undefined) {
    const hit = match(series, label);
    if (!hit.matches.length) throw new UsageError(`--interval "${label}" names no interval label; the labels are: ${series.map((i) => JSON.stringify(i.label)).join(', ') || '(none)'}`);
    if (hit.ambiguous) throw new UsageError(`--interval "${label}" matches intervals of different events: ${hit.matches.map((i) => JSON.stringify(i.label)).join(', ')}; name one of them`);
    return { judged: hit.matches, by: { by: 'interval', label } };
  }
  const inference = series.filter((i) => i.inference);
  return inference.length ? { judged: inference, by: { by: 'inference' } } : { judged: [...series], by: { by: 'all' } };
}

function stepOf(s: IntervalSeries, name: string): StepMeasurement {
  const samplesMs = s.durationsMs ? Array.from(s.durationsMs) : undefined;
  const sum = samplesMs ? summarize(samplesMs) : null;
  return {
    name,
    sizeBytes: null,
    sizeSource: null,
    latency: {
      source: 'trace',
      count: s.count,
      meanMs: sum?.mean ?? s.meanMs,
      p50Ms: sum?.p50 ?? s.p50Ms,
      p90Ms: sum?.p90 ?? s.p90Ms,
      p99Ms: sum?.p99 ?? s.p99Ms,
      maxMs: sum?.max ?? s.maxMs,
      minMs: sum?.min ?? s.minMs,
      overBudgetShare: null,
      label: s.label,
      table: s.table,
      ...(samplesMs ? { samplesMs } : {}),
    },
    accuracy: new Map(),
    engines: null,
    log: null,
    notes: null,
  };
}

/** Judges the series against `limitMs` per inference: the engine's verdict per series. */
export function judgeIntervals<S extends IntervalSeries>(series: readonly S[], opts: { limitMs: number; label: string | undefined; source: string; match: IntervalMatcher }): IntervalBudget<S> {
  const { judged, by } = seriesToJudge(series, opts.label, opts.match);
  const budget = budgetFromValue({ latencyMs: { max: opts.limitMs } }, '--budget-ms', '$', undefined, { kind: 'command', what: `--budget-ms ${opts.limitMs}` });
  const target = budget.targets[0] as ResolvedTarget;
  const seen = new Map<string, number>();
  for (const s of judged) seen.set(s.label, (seen.get(s.label) ?? 0) + 1);
  const steps = judged.map((s) => {
    const name = (seen.get(s.label) ?? 0) > 1 ? `${s.label} (${s.table}${s.run !== null ? `, run ${s.run}` : ''})` : s.label;
    return { series: s, name, step: stepOf(s, name) };
  });
  const targets = steps.map(({ name, step }) => ({ ...evaluateTarget(target, { step, reference: null, baseline: null }), name }));
  const counts = countVerdicts(targets);
  return {
    result: { schemaVersion: GATE_SCHEMA_VERSION, passed: counts.errors === 0, source: { kind: 'trace', file: opts.source }, budgetFile: `--budget-ms ${opts.limitMs}`, baselineFile: null, model: null, device: null, targets, counts },
    judged: steps.map(({ series: s, name, step }) => ({ series: s, name, over: inferencesOver(step.latency, opts.limitMs) })),
    by,
    limitMs: opts.limitMs,
  };
}
