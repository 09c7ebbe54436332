/**
 * Measuring the steps of a pipeline: size (on disk, or as given), latency (trace intervals, samples,
 * or a summary), CPU time by engine (a time profile), accuracy (as given) and the conversion log.
 * Readers are injected (traces, logs) so that measurement is testable; it never prints.
 *
 * Sources of each figure, in order: size: the step's `model`, its `sizeBytes`, the manifest's
 * top-level `model` (first step only). Latency: `latencyMs` when given (a benchmark's numbers beat
 * a short trace), else the trace's inference intervals.
 */
import { stat } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import { openText } from '../core/input.js';
import { summarize } from '../core/stats.js';
import { inferencesOver } from '../step/latency.js';
import { parseConversionLog } from '../convlog/parser.js';
import { LOG_WHAT } from '../convlog/sniff.js';
import type { ConversionLog } from '../convlog/model.js';
import type { TraceAnalysis } from '../trace/model.js';
import { summarizeLog } from './log-summary.js';
import type { EngineBreakdown, LatencySummary, ResolvedManifest, ResolvedPath, ResolvedStep, StepMeasurement, StepModelFacts } from './model.js';
import { keepForReport } from './flame-tree.js';
import { readStepModel } from './model-facts.js';
import { measureModelOnDisk } from './model-size.js';
import { StepFiles, type StepFileRead } from './step-files.js';
import { stepStartup } from './startup.js';
import { selectInferenceIntervals, selectProfile, type ReadTrace, type TraceReader } from './trace-select.js';

/** Reads a conversion log. The default streams the file through the `log` parser. */
export type LogReader = (path: string, displayName: string) => Promise<ConversionLog>;

export { LOG_WHAT };

export const readConversionLog: LogReader = async (path, displayName) =>
  parseConversionLog(await openText(path, { what: LOG_WHAT, displayName }));

export interface MeasureOptions {
  /** Reads trace exports; required when a step has a trace. */
  readTrace?: TraceReader;
  readLog?: LogReader;
  /** The per-inference frame budget, for the share of inferences over it. */
  frameBudgetMs?: number | null;
  /** Called before each step is measured (progress). */
  onStep?: (step: ResolvedStep, total: number) => void;
  /** Keep each profile's call tree, as far as a flame graph draws it (src/report/flame-tree.ts). Default true. */
  callTree?: boolean;
  /**
   * How many step files (traces, logs) may be read at once (default 1: each when its step needs it).
   * Above 1, every read starts at once: the readers should run elsewhere (the CLI's worker threads).
   */
  concurrency?: number;
}

/** Heaviest frames kept per step. */
export const TOP_FRAMES = 10;

/** Measures the steps in order; a file several steps name is read once (src/report/step-files.ts). */
export async function measureSteps(manifest: ResolvedManifest, opts: MeasureOptions = {}): Promise<StepMeasurement[]> {
  const files = await StepFiles.open(manifest.steps, fileReader(opts), opts.concurrency ?? 1, (kind) => kind === 'log' || opts.readTrace !== undefined);
  const out: StepMeasurement[] = [];
  try {
    for (const step of manifest.steps) {
      opts.onStep?.(step, manifest.steps.length);
      out.push(await measureStepWith(step, manifest, opts, files.read));
      await files.done(step);
    }
  } finally {
    files.close();
  }
  return out;
}

/** Reads a step's trace (its tree kept as far as the report needs it) or its log. */
function fileReader(opts: MeasureOptions): StepFileRead {
  const tree = opts.callTree !== false;
  return async (kind, f) => {
    if (kind === 'log') return (opts.readLog ?? readConversionLog)(f.path, f.display);
    if (!opts.readTrace) throw new Error('no trace reader');
    return keepForReport(await opts.readTrace(f.path, { displayName: f.display, callTree: tree }), tree);
  };
}

export async function measureStep(step: ResolvedStep, manifest: ResolvedManifest, opts: MeasureOptions = {}): Promise<StepMeasurement> {
  return measureStepWith(step, manifest, opts, fileReader(opts));
}

async function measureStepWith(step: ResolvedStep, manifest: ResolvedManifest, opts: MeasureOptions, read: StepFileRead): Promise<StepMeasurement> {
  const warnings: string[] = [];
  const frameMs = opts.frameBudgetMs ?? null;

  // Size.
  let sizeBytes: number | null = null;
  let sizeSource: StepMeasurement['sizeSource'] = null;
  let weightBytes: number | null = null;
  const modelRef = step.model ?? (step.index === 0 && step.sizeBytes === null ? manifest.model : null);
  if (modelRef) {
    const m = await measureModelOnDisk(modelRef.path, modelRef.display, { file: manifest.file, place: modelRef.jsonPath });
    sizeBytes = m.bytes;
    sizeSource = 'model';
    weightBytes = m.weightBytes;
    if (step.sizeBytes !== null && Math.abs(step.sizeBytes - m.bytes) > 0.01 * m.bytes) {
      warnings.push(`sizeBytes (${step.sizeBytes}) differs from the size of ${modelRef.display} on disk (${m.bytes}); the report uses the measured size`);
    }
  } else if (step.sizeBytes !== null) {
    sizeBytes = step.sizeBytes;
    sizeSource = 'given';
  }
  // What the model holds (parameters, bits per weight, ops, minimum OS ...), read off the model itself.
  const model = modelRef ? await readStepModel(modelRef) : null;
  if (model) warnings.push(...model.warnings);
  const bits = weightBitsOf(step, model?.facts ?? null, warnings);

  // Traces.
  const traces: ReadTrace[] = [];
  for (const t of step.trace) {
    await mustExist(t, manifest.file, 'an xctrace export (xcrun xctrace export --xpath ...) or an Instruments Deep Copy');
    if (!opts.readTrace) throw new InputError(manifest.file, t.jsonPath, 'this build of coreml-doctor cannot read traces', 'latencyMs in the manifest instead of a trace');
    // The share over the frame budget is counted here from the durations (a Deep Copy has none).
    const analysis = (await read('trace', t)) as TraceAnalysis;
    const cut = analysis.truncated;
    for (const w of analysis.warnings) if (!cut || !w.startsWith('the export is truncated')) warnings.push(`${t.display}: ${w}`);
    if (cut && !step.acceptTruncated) {
      // A truncated trace measures part of a run: not measured, so that a budget on it fails closed.
      warnings.push(`${t.display}: truncated at byte ${cut.byte} (${cut.message}): not measured; "acceptTruncated": true in the step measures its ${cut.rows} complete rows`);
      continue;
    }
    if (cut) warnings.push(`${t.display}: truncated at byte ${cut.byte}: measured from its ${cut.rows} complete rows ("acceptTruncated": true)`);
    traces.push({ file: t.display, analysis });
  }

  // Latency.
  let latency: LatencySummary | null = null;
  if (step.latencyMs) {
    latency = givenLatency(step.latencyMs, frameMs);
  } else if (traces.length) {
    const choice = selectInferenceIntervals(traces, step.interval);
    if (!choice.ok) {
      const labels = choice.labels.length ? `; labels in the trace: ${choice.labels.slice(0, 12).map((l) => JSON.stringify(l)).join(', ')}${choice.labels.length > 12 ? ', ...' : ''}` : '';
      if (step.interval !== null) {
        throw new InputError(manifest.file, `${step.jsonPath}.interval`, `${choice.reason} in ${step.trace.map((t) => t.display).join(', ')}${labels}`, 'the label of the intervals that are the inferences');
      }
      warnings.push(`no latency from ${step.trace.map((t) => t.display).join(', ')}: ${choice.reason}${labels}`);
    } else {
      warnings.push(...choice.warnings);
      const s = choice.selected.series;
      const samples = s.durationsMs ? Array.from(s.durationsMs) : null;
      if (samples) {
        latency = { ...fromSamples(samples, frameMs, 'trace'), label: s.label, table: s.table, file: choice.selected.file };
      } else {
        const summary: LatencySummary = { source: 'trace', count: s.count, meanMs: s.meanMs, p50Ms: s.p50Ms, p90Ms: s.p90Ms, p99Ms: s.p99Ms, maxMs: s.maxMs, minMs: s.minMs, stddevMs: s.stddevMs, overBudgetShare: null };
        latency = { ...withShare(summary, frameMs), label: s.label, table: s.table, file: choice.selected.file };
      }
    }
  }

  // Engines.
  let engines: EngineBreakdown | null = null;
  if (traces.length) {
    const p = selectProfile(traces);
    if (p) {
      warnings.push(...p.warnings);
      engines = {
        unit: p.profile.unit,
        total: p.profile.totalWeight,
        byEngine: { ...p.profile.engines },
        table: p.profile.table,
        file: p.file,
        samples: p.profile.samples,
        topFrames: p.profile.topFrames.slice(0, TOP_FRAMES),
        ...(p.profile.callTree ? { callTree: p.profile.callTree } : {}),
      };
    }
  }

  // Model load, compile, first prediction.
  const startup = stepStartup(traces);

  // Log.
  let log = null;
  if (step.log) {
    await mustExist(step.log, manifest.file, LOG_WHAT);
    const parsed = (await read('log', step.log)) as ConversionLog;
    log = summarizeLog(parsed, step.log.display);
  }

  return {
    name: step.name,
    index: step.index,
    description: step.description,
    sizeBytes,
    sizeSource,
    weightBytes,
    weightBits: bits.value,
    weightBitsSource: bits.source,
    ...(model?.facts ? { model: model.facts } : {}),
    latency,
    accuracy: new Map(step.accuracy),
    engines,
    ...(startup ? { startup } : {}),
    log,
    notes: step.notes,
    files: { model: modelRef?.display ?? null, log: step.log?.display ?? null, trace: step.trace.map((t) => t.display) },
    warnings,
  };
}

/** Bits per weight: the manifest's `weightBits` overrides the model's (said when they differ by more than a bit). */
function weightBitsOf(step: ResolvedStep, facts: StepModelFacts | null, warnings: string[]): { value: number | null; source: StepMeasurement['weightBitsSource'] } {
  const measured = facts?.bitsPerWeight ?? null;
  if (step.weightBits !== null) {
    if (measured !== null && Math.abs(measured - step.weightBits) > 1) {
      warnings.push(`weightBits (${step.weightBits}) overrides the ${measured.toFixed(2)} bits per weight measured in ${facts?.path ?? 'the model'}; the budget's weightBits still reads the model`);
    }
    return { value: step.weightBits, source: 'given' };
  }
  return measured === null ? { value: null, source: null } : { value: measured, source: 'model' };
}

async function mustExist(p: ResolvedPath, manifestFile: string, what: string): Promise<void> {
  try {
    await stat(p.path);
  } catch (e) {
    const code = typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : String(e);
    throw new InputError(manifestFile, p.jsonPath, code === 'ENOENT' ? `no such file: ${p.display}` : `cannot read ${p.display} (${code})`, `${what}, at a path relative to the manifest`);
  }
}

/** The share of inferences over the frame budget, counted as gate's overBudgetFrames counts it (src/step/latency.ts). */
function withShare(l: LatencySummary, frameMs: number | null): LatencySummary {
  l.overBudgetShare = frameMs === null ? null : (inferencesOver(l, frameMs)?.share ?? null);
  return l;
}

function fromSamples(samples: number[], frameMs: number | null, source: 'trace' | 'samples'): LatencySummary {
  const s = summarize(samples);
  if (!s) throw new Error('fromSamples: no samples');
  return withShare(
    { source, count: s.count, meanMs: s.mean, p50Ms: s.p50, p90Ms: s.p90, p99Ms: s.p99, maxMs: s.max, minMs: s.min, stddevMs: s.stddev, overBudgetShare: null, samplesMs: samples },
    frameMs,
  );
}

function givenLatency(g: NonNullable<ResolvedStep['latencyMs']>, frameMs: number | null): LatencySummary {
  if (g.kind === 'samples') return fromSamples(g.samplesMs, frameMs, 'samples');
  const l: LatencySummary = { source: 'given', count: g.count, meanMs: g.meanMs, p50Ms: g.p50Ms, p90Ms: g.p90Ms, p99Ms: g.p99Ms, maxMs: g.maxMs, minMs: null, stddevMs: null, overBudgetShare: null };
  return withShare(l, frameMs);
}
