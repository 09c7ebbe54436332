/**
 * Measuring a pipeline manifest as `report` and `gate` both do: every step's trace and log read
 * through the input registry (so a step's "log" that is really a manifest or an export is refused
 * with what it is), then the report built with the budget given (gate's) or the manifest's own.
 */
import type { Budget } from '../budget/model.js';
import { readLog, readTrace } from './readers.js';
import { reportWarnings } from '../report/build.js';
import type { Report, ResolvedManifest } from '../report/model.js';
import { measurePipeline } from '../report/pipeline.js';

export async function measureManifest(manifest: ResolvedManifest, budget?: Budget): Promise<{ report: Report; warnings: string[] }> {
  const report = await measurePipeline(manifest, {
    readTrace,
    readLog,
    ...(budget ? { budget } : {}),
  });
  return { report, warnings: reportWarnings(report) };
}
