/** `coreml-doctor trace diff A B`: two traces compared, no manifest needed (src/report/trace-diff.ts). */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { TRACE_DIFF_FORMATS } from '../../render/trace-diff/index.js';
import { addOutputOptions, colorsFor, displayPath, inputPath, positiveNumber, resolveFormat, terminalWidth, type OutputOptions } from '../common.js';
import type { CommandContext } from '../context.js';
import { addAfterHelp } from '../help.js';

interface DiffOptions extends OutputOptions {
  interval?: string;
  top?: string;
  run?: string;
}

export function registerTraceDiff(trace: Command, ctx: CommandContext): void {
  const cmd = trace
    .command('diff')
    .summary('compare two traces: latency side by side with a verdict, and the frames that changed')
    .description(
      'Compares two Instruments exports without a manifest: the inference latency of each (n, p50, p90, p99, mean) side by ' +
        'side, with the verdict of the bootstrap that gate --baseline uses (faster, slower or inconclusive: a change the ' +
        "samples cannot tell from noise), and the frames whose self time changed most, by share of each side's samples and " +
        'in ms. B is judged against A. A diff is not a budget: it exits 0 whatever it finds.',
    )
    .argument('<a>', 'the reference export (XML or Deep Copy text), or - for stdin')
    .argument('<b>', 'the export compared with it, or - for stdin');
  addOutputOptions(cmd, TRACE_DIFF_FORMATS)
    .option('--interval <label>', 'the interval label that is the inference on both sides (default: Core ML predictions, as report takes them)')
    .option('--top <n>', 'frames listed', '10')
    .option('--run <n>', 'only run N of multi-run exports');
  addAfterHelp(cmd, ctx.io, {
    sections: [
      {
        title: 'Examples',
        examples: [
          ['coreml-doctor trace diff main.xml branch.xml', 'is the branch faster, slower, or within noise?'],
          ['coreml-doctor trace diff a.xml b.xml --interval Prediction --top 20'],
          ['coreml-doctor trace diff a.xml b.xml --format markdown >> "$GITHUB_STEP_SUMMARY"'],
        ],
      },
    ],
    exitCodes: [
      [0, 'compared (whatever the verdict)'],
      [2, 'bad input or usage'],
    ],
    notes: ['Verdicts: a 95 % bootstrap confidence interval of the change (2000 resamples, fixed seed) that excludes 0; p99 needs 100 samples a side, p90 10, p50 and mean 5.'],
  });
  cmd.action(async (a: string, b: string, opts: DiffOptions) => {
    const format = resolveFormat(opts);
    const top = positiveNumber('--top', opts.top, true) ?? 10;
    const run = positiveNumber('--run', opts.run, true);
    if (a === '-' && b === '-') throw new UsageError('only one side of trace diff can read stdin (-)');
    const io = ctx.io;
    const [{ checkInput }, { analyzeTraceFile }, { diffTraces, DIFF_FRAMES_READ }, { renderResult, warn }] = await Promise.all([
      import('../../inputs/registry.js'),
      import('../../trace/analyze.js'),
      import('../../report/trace-diff.js'),
      import('../output.js'),
    ]);
    const read = async (file: string) => {
      const stdin = (await checkInput('trace', { path: inputPath(io, file), displayName: displayPath(file), stdin: io.stdin })) ?? io.stdin;
      const analysis = await analyzeTraceFile(inputPath(io, file), { displayName: displayPath(file), stdin, callTree: false, top: DIFF_FRAMES_READ, ...(run !== undefined ? { run } : {}) });
      warn(io, analysis.warnings.map((w) => `${displayPath(file)}: ${w}`));
      return { file: displayPath(file), analysis };
    };
    const sideA = await read(a);
    const sideB = await read(b);
    const diff = diffTraces(sideA, sideB, { interval: opts.interval ?? null, top });
    const width = terminalWidth(io, opts.out) ?? 80;
    await renderResult(io, opts, TRACE_DIFF_FORMATS, format, diff, { colors: colorsFor(io, opts), width });
  });
}
