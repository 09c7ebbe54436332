/** `coreml-doctor trace FILE|-`: where the time goes and how long each inference takes, from an Instruments export. */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { TRACE_FORMATS } from '../../render/trace/index.js';
import type { TraceAnalysis } from '../../trace/model.js';
import { addOutputOptions, colorsFor, displayPath, inputPath, positiveNumber, resolveFormat, type OutputOptions } from '../common.js';
import type { CommandContext } from '../context.js';
import { addAfterHelp } from '../help.js';
import { summaryOf } from './summaries.js';
import { EXIT_VIOLATION } from '../exit.js';
import { registerTraceDiff } from './trace-diff.js';

interface TraceOptions extends OutputOptions {
  run?: string;
  budgetMs?: string;
  top?: string;
  tree?: boolean;
  minPercent?: string;
  groupBy?: string;
  interval?: string;
  tracePath?: string;
  strict?: boolean;
}

/** Inputs at least this big get a progress bar (on a terminal). */
const PROGRESS_MIN_BYTES = 32 << 20;

export function registerTrace(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('trace')
    .summary(summaryOf('trace'))
    .description(
      [
        'Reads what `xcrun xctrace export` writes (time-profile, cpu-profile, counters-profile, time-sample,',
        'Core ML / Neural Engine / os_signpost interval tables, several tables or runs in one file) or a Deep',
        'Copy of an Instruments call tree, recognised by content. Reports per profile the weight per engine',
        '(Neural Engine, GPU, CPU compute, Core ML overhead, app, system), top frames by self and total',
        'weight, binaries, threads and CPU usage; per interval label count, mean, stddev, p50, p90, p99 and',
        'max in ms, and CPU time per inference when the file holds both. Given the table of contents',
        '(`--toc`), it lists the runs and tables and prints the export commands to run next. Streams its',
        'input: exports of gigabytes.',
      ].join(' '),
    )
    .argument('<file>', 'the export (XML or Deep Copy text), or - to read stdin');
  addOutputOptions(cmd, TRACE_FORMATS)
    .option('--run <n>', 'only run N of a multi-run export or TOC')
    .option('--budget-ms <ms>', 'a budget of N ms per inference: count the intervals longer than this, and exit 1 when an inference exceeds it')
    .option('--interval <label>', 'the interval label that is the inference (for --budget-ms); default: labels naming a prediction or inference, else all')
    .option('--top <n>', 'rows in each top list', '15')
    .option('--tree', 'print the call tree (text), keep it in the JSON')
    .option('--min-percent <p>', 'fold call-tree nodes under this share of the total', '1')
    .option('--group-by <columns>', 'label intervals by these columns (comma-separated mnemonics or engineering types)')
    .option('--trace-path <path>', 'the .trace path to write into the export commands printed for a TOC')
    .option('--strict', 'a truncated export is an error (exit 2), not a result flagged as truncated');
  addAfterHelp(cmd, ctx.io, {
    sections: [
      {
        title: 'Inputs (on a Mac, from a recording X.trace)',
        examples: [
          ['xcrun xctrace export --input X.trace --toc > toc.xml', 'then: coreml-doctor trace toc.xml'],
          ['xcrun xctrace export --input X.trace --xpath \'/trace-toc/run[@number="1"]/data/table[@schema="time-profile"]\' > tp.xml'],
        ],
        notes: ['In Instruments: select a call-tree row, Edit > Deep Copy, paste into a file.'],
      },
      {
        title: 'Examples',
        examples: [
          ['coreml-doctor trace tp.xml', 'where the CPU time goes'],
          ['coreml-doctor trace ane.xml --budget-ms 25', 'inference latency, and how many miss 25 ms'],
          ['coreml-doctor trace tp.xml --format folded | flamegraph.pl > flame.svg'],
          ['coreml-doctor trace both.xml --json > trace.json'],
          ['coreml-doctor trace diff main.xml branch.xml', 'faster, slower or noise; the frames that changed'],
        ],
      },
    ],
    exitCodes: [
      [0, 'read'],
      [1, 'an inference exceeds --budget-ms'],
      [2, 'bad input or usage (with --strict, a truncated export)'],
    ],
    notes: ["Percentiles interpolate linearly between the closest ranks (numpy's default).", 'A truncated export shows its complete rows, flagged TRUNCATED (--strict: exit 2).'],
  });
  // Options after `diff` are the subcommand's (both have --format, --json, --interval, --top, --run).
  cmd.enablePositionalOptions();
  registerTraceDiff(cmd, ctx);
  cmd
    .action(async (file: string, opts: TraceOptions) => {
      const format = resolveFormat(opts);
      const run = positiveNumber('--run', opts.run, true);
      const budgetMs = positiveNumber('--budget-ms', opts.budgetMs, false);
      const top = positiveNumber('--top', opts.top, true) ?? 15;
      const minPercent = Number(opts.minPercent ?? '1');
      if (!Number.isFinite(minPercent) || minPercent < 0 || minPercent > 100) throw new UsageError(`--min-percent takes a share from 0 to 100, not "${opts.minPercent}"`);
      const groupBy = opts.groupBy
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);

      const io = ctx.io;
      const [{ checkInput }, { analyzeTraceFile, DEFAULT_TOP }, { ProgressBar }, { renderResult, warn }] = await Promise.all([
        import('../../inputs/registry.js'),
        import('../../trace/analyze.js'),
        import('../../render/trace/progress.js'),
        import('../output.js'),
      ]);
      const stdin = (await checkInput('trace', { path: inputPath(io, file), displayName: displayPath(file), stdin: io.stdin })) ?? io.stdin;
      const bar = io.stderr.isTTY ? new ProgressBar(io.stderr, 'Reading') : null;
      let analysis: TraceAnalysis;
      try {
        analysis = await analyzeTraceFile(inputPath(io, file), {
          displayName: displayPath(file),
          stdin,
          ...(run !== undefined ? { run } : {}),
          ...(budgetMs !== undefined ? { budgetMs } : {}),
          ...(groupBy?.length ? { groupBy } : {}),
          ...(opts.tracePath ? { tracePath: opts.tracePath } : {}),
          callTree: opts.tree === true || format === 'folded',
          strict: opts.strict === true,
          top: Math.max(top, DEFAULT_TOP),
          onProgress: bar ? (n, size) => (size === undefined || size >= PROGRESS_MIN_BYTES ? bar.update(n, size) : undefined) : undefined,
        });
      } finally {
        bar?.done();
      }
      warn(io, analysis.warnings);
      // --budget-ms: a one-assertion budget judged by the engine on the series it picks.
      const budget = budgetMs !== undefined ? (await import('../../budget/intervals.js')).judgeIntervals(analysis.intervals, { limitMs: budgetMs, label: opts.interval, source: displayPath(file), match: (await import('../../trace/labels.js')).matchIntervals }) : undefined;
      const colors = colorsFor(io, opts);
      // The verdict is set before anything is written: a reader that closes the pipe early must not turn a failure into a pass.
      if (budget && !budget.result.passed) ctx.exitCode = EXIT_VIOLATION;
      await renderResult(io, opts, TRACE_FORMATS, format, analysis, { colors, top, tree: opts.tree === true, treeMinPercent: minPercent, maxName: symbolWidth(io.stdout, opts.out), budget });
      if (budget && format === 'folded') io.stderr.write(`coreml-doctor: --budget-ms: ${(await import('../../render/trace/budget.js')).verdictLine(budget)}\n`);
    });
}

/** The widest symbol that keeps a top-frames row within a terminal (files and pipes get 90). */
function symbolWidth(out: { isTTY?: boolean | undefined; columns?: number | undefined }, file: string | undefined): number {
  if (file || !out.isTTY || !out.columns) return 90;
  return Math.max(30, Math.min(120, out.columns - 80));
}
