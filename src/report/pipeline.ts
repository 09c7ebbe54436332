/**
 * The report's entry points for other commands (gate uses them too): load a manifest, measure it,
 * build the report. `measurePipeline(await loadManifest(path), { readTrace })` is the whole report.
 */
import type { Budget } from '../budget/model.js';
import { describeBudget, readReportBudget } from './budget.js';
import { buildReport } from './build.js';
import { measureSteps, type MeasureOptions } from './measure.js';
import type { Report, ResolvedManifest } from './model.js';

export { loadManifest, validateManifest } from './manifest.js';
export { measureStep, measureSteps, readConversionLog, type LogReader, type MeasureOptions } from './measure.js';
export type { TraceReader, TraceReadOptions } from './trace-select.js';
export { buildReport } from './build.js';

export interface PipelineOptions extends Omit<MeasureOptions, 'frameBudgetMs'> {
  /** The budget to judge the steps by (gate's --budget or --preset); default: the manifest's own `budget`. */
  budget?: Budget;
}

/** Measures every step of a loaded manifest and builds the report. Throws InputError on bad input. */
export async function measurePipeline(manifest: ResolvedManifest, opts: PipelineOptions = {}): Promise<Report> {
  const { budget: given, ...measure } = opts;
  const budget = given ? describeBudget(given) : await readReportBudget(manifest.budget, manifest);
  const steps = await measureSteps(manifest, { ...measure, frameBudgetMs: budget?.frame?.perInferenceMs ?? null });
  return buildReport({
    source: manifest.file,
    model: manifest.model?.display ?? null,
    device: manifest.device,
    budget,
    steps,
    warnings: [...manifest.warnings],
  });
}
