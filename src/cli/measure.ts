/**
 * Measuring a pipeline manifest as `report` and `gate` both do: every step's trace and log read
 * through the input registry (so a step's "log" that is really a manifest or an export is refused
 * with what it is), then the report built with the budget given (gate's) or the manifest's own.
 * A file several steps name is read once; when the distinct files add up to PARALLEL_BYTES or more,
 * they are read in worker threads, up to `jobs` at once (default: the cores), so that running out of
 * memory ends the run with one line (exit 3) instead of a V8 crash.
 */
import { availableParallelism } from 'node:os';
import type { Budget } from '../budget/model.js';
import { readLog, readTrace } from './readers.js';
import { reportWarnings } from '../report/build.js';
import type { Report, ResolvedManifest } from '../report/model.js';
import { measurePipeline } from '../report/pipeline.js';
import { distinctStepFiles } from '../report/step-files.js';

/** Below this much to read, starting workers costs more than it saves. */
export const PARALLEL_BYTES = 16 * 1024 * 1024;

export interface MeasureRun {
  /** Files read at once (worker threads); default: the cores when there is PARALLEL_BYTES to read. 1 reads in this thread. */
  jobs?: number | undefined;
  /** Keep call trees for flame graphs (the HTML page); default false. */
  callTree?: boolean;
}

export async function measureManifest(manifest: ResolvedManifest, budget?: Budget, run: MeasureRun = {}): Promise<{ report: Report; warnings: string[] }> {
  const files = await distinctStepFiles(manifest.steps);
  const bytes = files.reduce((a, f) => a + f.bytes, 0);
  const jobs = Math.max(1, Math.min(run.jobs ?? (bytes < PARALLEL_BYTES ? 1 : availableParallelism()), files.length));
  // Big files are read in workers even one at a time: a worker that runs out of memory is one line, not a V8 crash.
  const pool = jobs > 1 || bytes >= PARALLEL_BYTES ? (await import('./read-pool.js')).readPool(jobs) : null;
  try {
    const report = await measurePipeline(manifest, {
      readTrace: pool?.readTrace ?? readTrace,
      readLog: pool?.readLog ?? readLog,
      concurrency: pool ? jobs : 1,
      callTree: run.callTree === true,
      ...(budget ? { budget } : {}),
    });
    return { report, warnings: reportWarnings(report) };
  } finally {
    await pool?.close();
  }
}
