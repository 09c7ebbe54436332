/**
 * The report as JSON (schemaVersion 1; fields are added, never renamed). Maps become objects (keys
 * from input are own properties: `__proto__` is a metric like any other), latency samples are kept
 * (gate's regression test needs them), call trees are left out (they are for the HTML page).
 * src/report/read-report-json.ts reads it back.
 */
import type { LatencySummary, Report, StepDeltas, StepReport } from '../../report/model.js';

export interface ReportJsonOptions {
  /** Keep latency samples (default true). */
  samples?: boolean;
}

function deltasJson(d: StepDeltas['baseline'] | null) {
  if (!d) return null;
  return { sizeBytes: d.sizeBytes, p50Ms: d.p50Ms, p99Ms: d.p99Ms, accuracy: Object.fromEntries(d.accuracy) };
}

/** Latency with its keys in one order, whatever order the measurement set them in. */
function latencyJson(l: LatencySummary | null, samples: boolean) {
  if (!l) return null;
  return {
    source: l.source,
    count: l.count,
    meanMs: l.meanMs,
    p50Ms: l.p50Ms,
    p90Ms: l.p90Ms,
    p99Ms: l.p99Ms,
    maxMs: l.maxMs,
    minMs: l.minMs ?? null,
    stddevMs: l.stddevMs ?? null,
    overBudgetShare: l.overBudgetShare,
    label: l.label ?? null,
    table: l.table ?? null,
    file: l.file ?? null,
    ...(samples && l.samplesMs ? { samplesMs: l.samplesMs } : {}),
  };
}

function stepJson(s: StepReport, samples: boolean) {
  const latency = latencyJson(s.latency, samples);
  let engines = null;
  if (s.engines) {
    const { callTree: _tree, ...rest } = s.engines;
    engines = rest;
  }
  return {
    name: s.name,
    index: s.index ?? null,
    description: s.description ?? null,
    files: s.files ?? null,
    sizeBytes: s.sizeBytes,
    sizeSource: s.sizeSource,
    weightBytes: s.weightBytes ?? null,
    weightBits: s.weightBits ?? null,
    latency,
    accuracy: Object.fromEntries(s.accuracy),
    engines,
    log: s.log,
    notes: s.notes,
    deltas: { baseline: deltasJson(s.deltas.baseline), previous: deltasJson(s.deltas.previous) },
    budget: Object.fromEntries(s.budget),
    checks: s.checks ?? [],
    warnings: s.warnings ?? [],
  };
}

export function reportToJson(report: Report, opts: ReportJsonOptions = {}) {
  const samples = opts.samples ?? true;
  const b = report.budget ?? null;
  return {
    schemaVersion: report.schemaVersion,
    source: report.source ?? null,
    model: report.model,
    device: report.device,
    budget: b && {
      source: b.source,
      preset: b.preset,
      target: b.target,
      sizeBytes: b.sizeBytes,
      latencyMs: Object.fromEntries(b.latencyMs),
      frameStat: b.frameStat,
      overBudgetFrames: b.overBudgetFrames,
      accuracyDrop: Object.fromEntries(b.accuracyDrop),
      lowerIsBetter: [...b.lowerIsBetter],
      unsupportedOps: b.unsupportedOps,
    },
    frameBudget: report.frameBudget,
    sizeBudgetBytes: report.sizeBudgetBytes,
    steps: report.steps.map((s) => stepJson(s, samples)),
    memoryPlanBasis: report.memoryPlanBasis ?? null,
    memoryPlan: report.memoryPlan,
    flags: report.flags,
    warnings: report.warnings ?? [],
  };
}

export function renderReportJson(report: Report, opts: ReportJsonOptions = {}): string {
  return JSON.stringify(reportToJson(report, opts), null, 2) + '\n';
}
