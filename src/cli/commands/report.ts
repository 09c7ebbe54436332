/** `coreml-doctor report MANIFEST`: the per-step optimization report (text, Markdown, JSON, HTML, CSV). */
import type { Command } from 'commander';
import { noColors } from '../../core/color.js';
import { UsageError } from '../../core/errors.js';
import { sanitizeTerminal } from '../../core/escape.js';
import { REPORT_FORMATS } from '../../render/report/index.js';
import { addOutputOptions, colorsFor, displayPath, inputPath, positiveNumber, resolveFormat, terminalWidth, type OutputOptions } from '../common.js';
import type { CommandContext } from '../context.js';
import { addAfterHelp } from '../help.js';
import { summaryOf } from './summaries.js';

interface ReportOptions extends OutputOptions {
  html?: string;
  jobs?: string;
  append?: boolean;
}

/** Reads a step's trace export as `report` does (src/cli/readers.ts). */
export { readTrace } from '../readers.js';

export function registerReport(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('report')
    .summary(summaryOf('report'))
    .description(
      'Measures every step of an optimization pipeline (a JSON manifest: fp32, fp16, int8, palettized ...) and reports, per step: ' +
        'model size (measured on disk), the latency distribution (from Instruments exports or your numbers), CPU time by engine, ' +
        'accuracy and what the conversion log says; changes against the baseline and the step before; budget status (the same ' +
        'verdicts gate gives); a memory plan; and flags for what deserves a look (smaller but not faster, unpredictable latency, ' +
        'accuracy over budget).',
    )
    .argument('<manifest>', 'the pipeline manifest (JSON), or - to read stdin');
  addOutputOptions(cmd, REPORT_FORMATS)
    .option('--html <file>', 'also write the HTML page (self-contained, with charts) to FILE')
    .option('-j, --jobs <n>', 'read up to N step files at once, in worker threads (default: the cores, when the files add up to 16 MB or more)')
    .option('--append', 'with --format csv -o FILE: add a row per step (date, git commit, pipeline) to FILE, one header');
  addAfterHelp(cmd, ctx.io, {
    sections: [
      {
        title: 'Examples',
        examples: [
          ['coreml-doctor report pipeline.json'],
          ['coreml-doctor report pipeline.json --html out/report.html'],
          ['coreml-doctor report pipeline.json --format markdown >> "$GITHUB_STEP_SUMMARY"'],
          ['coreml-doctor report pipeline.json --json > report.json', '(gate --baseline reads it)'],
          ['coreml-doctor report pipeline.json --format csv --append -o history.csv', '(one row per step, one header)'],
        ],
      },
    ],
    exitCodes: [
      [0, 'the report was made (whatever the budget status: gate fails on budgets)'],
      [2, 'bad input or usage'],
    ],
  });
  cmd
    .action(async (file: string, opts: ReportOptions) => {
      const format = resolveFormat(opts);
      const jobs = positiveNumber('--jobs', opts.jobs, true);
      const io = ctx.io;
      if (opts.append && (format !== 'csv' || !opts.out)) throw new UsageError('--append adds to a CSV history: give it with --format csv -o FILE');
      const [{ readInput }, { measureManifest }, { renderResult, warn, writeUserFile }] = await Promise.all([import('../../inputs/registry.js'), import('../measure.js'), import('../output.js')]);
      const manifest = await readInput('manifest', { path: inputPath(io, file), displayName: displayPath(file), stdin: io.stdin, cwd: io.cwd });
      // Only the HTML page draws call trees (flame graphs): other outputs let the trace reader drop them.
      const { report, warnings } = await measureManifest(manifest, undefined, { jobs, callTree: opts.html !== undefined || format === 'html' });
      // The text report on stdout lists its warnings itself; other outputs are usually redirected.
      if (format !== 'text' || opts.out) warn(io, warnings);
      if (opts.html) {
        const html = await REPORT_FORMATS.load('html');
        await writeUserFile(io, opts.html, html(report, { colors: noColors }), { what: 'the HTML page', flag: '--html', mkdirs: true });
        io.stderr.write(`coreml-doctor: wrote the HTML report to ${sanitizeTerminal(opts.html)}\n`);
      }
      if (opts.append) {
        const { appendCsvHistory } = await import('../history.js');
        await appendCsvHistory(io, opts.out as string, report, file);
        return;
      }
      const width = terminalWidth(io, opts.out);
      await renderResult(io, opts, REPORT_FORMATS, format, report, { colors: colorsFor(io, opts), ...(width ? { width } : {}) });
    });
}
