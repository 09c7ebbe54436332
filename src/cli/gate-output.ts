/**
 * Writing gate's reporters: each to stdout or its file; in GitHub Actions, Markdown also (or only,
 * without a file) to the job summary.
 */
import { makeColors } from '../core/color.js';
import type { GateResult } from '../budget/model.js';
import { GATE_REPORTERS } from '../render/gate/index.js';
import { colorsFor } from './common.js';
import type { ReporterSpec } from './commands/gate.js';
import type { CliIO } from './io.js';
import { appendStepSummary, writeUserFile } from './output.js';
import { packageVersion } from './version.js';
import { resolve } from 'node:path';

export async function writeReports(io: CliIO, result: GateResult, specs: readonly ReporterSpec[], opts: { color?: boolean | undefined; hidePassed: boolean }): Promise<void> {
  const summary = io.env.GITHUB_STEP_SUMMARY ?? null;
  let summaryWritten = false;
  for (const spec of specs) {
    const colors = spec.file === null ? colorsFor(io, { color: opts.color }) : makeColors(false);
    const render = await GATE_REPORTERS.load(spec.name);
    const rendered = render(result, { colors, toolVersion: packageVersion(), hidePassed: opts.hidePassed });
    const text = typeof rendered === 'string' ? rendered : [...rendered].join('');
    if (spec.name === 'markdown' && summary !== null) {
      if (!summaryWritten) await appendStepSummary(io, summary, text);
      summaryWritten = true;
      // Without a file, in GitHub Actions the job summary is where Markdown goes.
      if (spec.file === null || resolve(io.cwd, spec.file) === resolve(io.cwd, summary)) continue;
    }
    if (spec.file === null) {
      if (text) io.stdout.write(text);
    } else {
      await writeUserFile(io, spec.file, text, { what: 'the report', flag: '--reporter' });
    }
  }
}
