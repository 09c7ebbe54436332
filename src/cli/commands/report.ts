/** `coreml-doctor report MANIFEST`: the per-step optimization report (text, Markdown, JSON, HTML). */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { sanitizeTerminal } from '../../core/escape.js';
import { analyzeTraceFile } from '../../trace/analyze.js';
import { loadManifest, measurePipeline, type TraceReader } from '../../report/pipeline.js';
import { reportWarnings } from '../../report/build.js';
import { renderReportHtml } from '../../render/report/html/page.js';
import { renderReportCsv } from '../../render/report/csv.js';
import { renderReportJson } from '../../render/report/json.js';
import { renderReportMarkdown } from '../../render/report/markdown.js';
import { renderReportText } from '../../render/report/text.js';
import { addOutputOptions, colorsFor, displayPath, inputPath, resolveFormat, writeResult, type OutputOptions } from '../common.js';
import type { CommandContext } from '../context.js';

interface ReportOptions extends OutputOptions {
  html?: string;
}

/** Reads trace exports for `report`: the `trace` command's analysis (durations and call trees kept in memory). */
export const readTrace: TraceReader = (path, opts) => analyzeTraceFile(path, { displayName: opts.displayName });

export function registerReport(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('report')
    .summary('the per-step optimization report: size, latency, accuracy, budget, memory plan')
    .description(
      'Measures every step of an optimization pipeline (a JSON manifest: fp32, fp16, int8, palettized ...) and reports, per step: ' +
        'model size (measured on disk), the latency distribution (from Instruments exports or your numbers), CPU time by engine, ' +
        'accuracy and what the conversion log says; changes against the baseline and the step before; budget status; a memory plan; ' +
        'and flags for what deserves a look (smaller but not faster, unpredictable latency, accuracy over budget).',
    )
    .argument('<manifest>', 'the pipeline manifest (JSON), or - to read stdin');
  addOutputOptions(cmd, ['text', 'markdown', 'json', 'html', 'csv'])
    .option('--html <file>', 'also write the HTML page (self-contained, with charts) to FILE')
    .addHelpText(
      'after',
      `
Examples:
  coreml-doctor report pipeline.json
  coreml-doctor report pipeline.json --html out/report.html
  coreml-doctor report pipeline.json --format markdown >> "$GITHUB_STEP_SUMMARY"
  coreml-doctor report pipeline.json --json > report.json      (gate --baseline reads it)
  coreml-doctor report pipeline.json --format csv >> history.csv  (one row per step)

Exit codes: 0 the report was made (whatever the budget status: gate fails on budgets), 2 bad input or usage.`,
    )
    .action(async (file: string, opts: ReportOptions) => {
      const format = resolveFormat(opts);
      const manifest = await loadManifest(inputPath(ctx.io, file), { displayName: displayPath(file), stdin: ctx.io.stdin, cwd: ctx.io.cwd });
      const report = await measurePipeline(manifest, { readTrace });
      // The text report on stdout lists its warnings itself; other outputs are usually redirected.
      if (format !== 'text' || opts.out) for (const w of reportWarnings(report)) ctx.io.stderr.write(`coreml-doctor: warning: ${sanitizeTerminal(w)}\n`);
      const text =
        format === 'json'
          ? renderReportJson(report)
          : format === 'markdown'
            ? renderReportMarkdown(report)
            : format === 'html'
              ? renderReportHtml(report)
              : format === 'csv'
                ? renderReportCsv(report)
              : renderReportText(report, { colors: colorsFor(ctx.io, opts), ...(ctx.io.stdout.isTTY && ctx.io.stdout.columns && !opts.out ? { width: ctx.io.stdout.columns } : {}) });
      if (opts.html) {
        const path = resolve(ctx.io.cwd, opts.html);
        try {
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, renderReportHtml(report));
        } catch (e) {
          const code = typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : String(e);
          throw new InputError(opts.html, undefined, `cannot write the HTML page (${code})`, 'a writable path for --html');
        }
        ctx.io.stderr.write(`coreml-doctor: wrote the HTML report to ${sanitizeTerminal(opts.html)}\n`);
      }
      await writeResult(ctx.io, opts, text);
    });
}
