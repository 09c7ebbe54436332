/**
 * gate's `--reporter` list, and writing each reporter: to stdout or its file; in GitHub Actions,
 * Markdown also (or only, without a file) to the job summary.
 */
import { resolve } from 'node:path';
import type { GateResult } from '../budget/model.js';
import { makeColors } from '../core/color.js';
import { UsageError } from '../core/errors.js';
import { DOCUMENT_REPORTERS, GATE_REPORTERS, REPORTERS } from '../render/gate/index.js';
import { colorsFor } from './common.js';
import type { CliIO } from './io.js';
import { appendStepSummary, writeUserFile } from './output.js';
import { packageVersion } from './version.js';
export interface ReporterSpec {
  name: string;
  /** Null: stdout. */
  file: string | null;
}

/**
 * `text,github,junit:gate.xml` → reporter specs. With `stepSummary` (GitHub Actions sets
 * $GITHUB_STEP_SUMMARY), a markdown reporter without a file goes to the job summary, not stdout.
 */
export function parseReporters(list: string, stepSummary = false): ReporterSpec[] {
  const specs = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const colon = s.indexOf(':');
      const name = (colon === -1 ? s : s.slice(0, colon)).trim();
      const file = colon === -1 ? null : s.slice(colon + 1).trim();
      if (!REPORTERS.includes(name)) throw new UsageError(`--reporter: unknown reporter ${JSON.stringify(name)}; expected ${REPORTERS.join(', ')} (NAME:FILE writes to a file)`);
      if (file === '') throw new UsageError(`--reporter: ${name}: has no file name after the colon`);
      return { name, file };
    });
  if (specs.length === 0) throw new UsageError('--reporter: no reporter given; expected a list such as text,github,junit:gate.xml');
  const toStdout = specs.filter((s) => s.file === null && DOCUMENT_REPORTERS.includes(s.name) && !(stepSummary && s.name === 'markdown'));
  if (toStdout.length > 1) {
    throw new UsageError(`--reporter: ${toStdout.map((s) => s.name).join(' and ')} would both write to stdout; give all but one a file (${toStdout[1]?.name}:FILE)`);
  }
  if (specs.filter((s) => s.file === null && s.name === 'github').length > 1) throw new UsageError('--reporter: github is given twice');
  return specs;
}


/** `-o FILE`: the document reporter that would go to stdout goes to FILE (no colour). */
export async function writeReports(io: CliIO, result: GateResult, specs: readonly ReporterSpec[], opts: { color?: boolean | undefined; hidePassed: boolean; out?: string | undefined }): Promise<void> {
  const summary = io.env.GITHUB_STEP_SUMMARY ?? null;
  let summaryWritten = false;
  for (const spec of specs) {
    // -o takes the document reporter that would go to stdout; github's workflow commands stay there.
    const file = spec.file ?? (opts.out && DOCUMENT_REPORTERS.includes(spec.name) && !(spec.name === 'markdown' && summary !== null) ? opts.out : null);
    const colors = file === null ? colorsFor(io, { color: opts.color }) : makeColors(false);
    const render = await GATE_REPORTERS.load(spec.name);
    const width = file === null && io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : undefined;
    const rendered = render(result, { colors, toolVersion: packageVersion(), hidePassed: opts.hidePassed, ...(width ? { width } : {}) });
    const text = typeof rendered === 'string' ? rendered : [...rendered].join('');
    if (spec.name === 'markdown' && summary !== null) {
      if (!summaryWritten) await appendStepSummary(io, summary, text);
      summaryWritten = true;
      // Without a file, in GitHub Actions the job summary is where Markdown goes.
      if (spec.file === null || resolve(io.cwd, spec.file) === resolve(io.cwd, summary)) continue;
    }
    if (file === null) {
      if (text) io.stdout.write(text);
    } else {
      await writeUserFile(io, file, text, { what: 'the report', flag: spec.file === null ? '--out' : '--reporter', mkdirs: true });
    }
  }
}
