/** `coreml-doctor trace FILE|-`: where the time goes and how long each inference takes, from an Instruments export. */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { sanitizeTerminal } from '../../core/escape.js';
import { renderFolded } from '../../render/trace/tree.js';
import { renderTraceJson } from '../../render/trace/json.js';
import { renderTraceMarkdown } from '../../render/trace/markdown.js';
import { ProgressBar } from '../../render/trace/progress.js';
import { renderTraceText } from '../../render/trace/text.js';
import { analyzeTraceFile, DEFAULT_TOP } from '../../trace/analyze.js';
import { matchIntervals } from '../../trace/labels.js';
import type { IntervalSummary, TraceAnalysis } from '../../trace/model.js';
import { addOutputOptions, colorsFor, displayPath, inputPath, resolveFormat, writeResult, type OutputOptions } from '../common.js';
import type { CommandContext } from '../context.js';

/** main.ts's EXIT_VIOLATION (not imported: main.ts imports the commands). */
const EXIT_BUDGET_VIOLATED = 1;

interface TraceOptions extends OutputOptions {
  run?: string;
  budgetMs?: string;
  top?: string;
  tree?: boolean;
  minPercent?: string;
  groupBy?: string;
  interval?: string;
  tracePath?: string;
}

/** Inputs at least this big get a progress bar (on a terminal). */
const PROGRESS_MIN_BYTES = 32 << 20;

function positiveNumber(flag: string, v: string | undefined, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} takes a ${integer ? 'positive whole number' : 'positive number'}, not "${v}"`);
  }
  return n;
}

export function registerTrace(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('trace')
    .summary('read an Instruments export: where the CPU time goes, and how long each inference takes')
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
  addOutputOptions(cmd, ['text', 'json', 'markdown', 'folded'])
    .option('--run <n>', 'only run N of a multi-run export or TOC')
    .option('--budget-ms <ms>', 'count the intervals longer than this; exit 1 when an inference exceeds it')
    .option('--interval <label>', 'the interval label that is the inference (for --budget-ms); default: labels naming a prediction or inference, else all')
    .option('--top <n>', 'rows in each top list', '15')
    .option('--tree', 'print the call tree (text), keep it in the JSON')
    .option('--min-percent <p>', 'fold call-tree nodes under this share of the total', '1')
    .option('--group-by <columns>', 'label intervals by these columns (comma-separated mnemonics or engineering types)')
    .option('--trace-path <path>', 'the .trace path to write into the export commands printed for a TOC')
    .addHelpText(
      'after',
      `
Inputs (on a Mac, from a recording X.trace):
  xcrun xctrace export --input X.trace --toc > toc.xml                        then: coreml-doctor trace toc.xml
  xcrun xctrace export --input X.trace --xpath '/trace-toc/run[@number="1"]/data/table[@schema="time-profile"]' > tp.xml
  In Instruments: select a call-tree row, Edit > Deep Copy, paste into a file.

Examples:
  coreml-doctor trace tp.xml                         where the CPU time goes
  coreml-doctor trace ane.xml --budget-ms 25         inference latency, and how many miss 25 ms
  coreml-doctor trace tp.xml --format folded | flamegraph.pl > flame.svg
  coreml-doctor trace both.xml --json > trace.json

Percentiles interpolate linearly between the closest ranks (numpy's default).
Exit codes: 0 read, 1 an inference exceeds --budget-ms, 2 bad input or usage.`,
    )
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
      const bar = io.stderr.isTTY ? new ProgressBar(io.stderr, 'Reading') : null;
      let analysis: TraceAnalysis;
      try {
        analysis = await analyzeTraceFile(inputPath(io, file), {
          displayName: displayPath(file),
          stdin: io.stdin,
          ...(run !== undefined ? { run } : {}),
          ...(budgetMs !== undefined ? { budgetMs } : {}),
          ...(groupBy?.length ? { groupBy } : {}),
          ...(opts.tracePath ? { tracePath: opts.tracePath } : {}),
          callTree: opts.tree === true || format === 'folded',
          top: Math.max(top, DEFAULT_TOP),
          onProgress: bar ? (n, size) => (size === undefined || size >= PROGRESS_MIN_BYTES ? bar.update(n, size) : undefined) : undefined,
        });
      } finally {
        bar?.done();
      }
      for (const w of analysis.warnings) io.stderr.write(`coreml-doctor: warning: ${sanitizeTerminal(w)}\n`);
      const judged = budgetMs !== undefined ? budgetTargets(analysis.intervals, opts.interval) : [];

      let text: string;
      switch (format) {
        case 'json':
          text = renderTraceJson(analysis, { tree: opts.tree === true });
          break;
        case 'markdown':
          text = renderTraceMarkdown(analysis, { top });
          break;
        case 'folded':
          if (!analysis.profiles.length) throw new UsageError(`--format folded needs a profile (stacks); ${displayPath(file)} holds ${analysis.format === 'xctrace-toc' ? 'a table of contents' : 'intervals only'}`);
          text = renderFolded(analysis.profiles);
          break;
        default:
          text = renderTraceText(analysis, { colors: colorsFor(io, opts), top, tree: opts.tree === true, treeMinPercent: minPercent, maxName: symbolWidth(io.stdout, opts.out) });
      }
      await writeResult(io, opts, text);
      if (judged.some((i) => (i.overBudget ?? 0) > 0)) ctx.exitCode = EXIT_BUDGET_VIOLATED;
    });
}

/** The widest symbol that keeps a top-frames row within a terminal (files and pipes get 90). */
function symbolWidth(out: { isTTY?: boolean | undefined; columns?: number | undefined }, file: string | undefined): number {
  if (file || !out.isTTY || !out.columns) return 90;
  return Math.max(30, Math.min(120, out.columns - 80));
}

/** The intervals --budget-ms judges: --interval's label, else the inferences, else all. */
export function budgetTargets(intervals: readonly IntervalSummary[], label: string | undefined): IntervalSummary[] {
  if (label !== undefined) {
    const hit = matchIntervals(intervals, label);
    if (!hit.matches.length) throw new UsageError(`--interval "${label}" names no interval label; the labels are: ${intervals.map((i) => JSON.stringify(i.label)).join(', ') || '(none)'}`);
    if (hit.ambiguous) throw new UsageError(`--interval "${label}" matches intervals of different events: ${hit.matches.map((i) => JSON.stringify(i.label)).join(', ')}; name one of them`);
    return hit.matches;
  }
  const inference = intervals.filter((i) => i.inference);
  return inference.length ? inference : [...intervals];
}
