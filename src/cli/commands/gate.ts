/**
 * `coreml-doctor gate`: checks a step of a measured pipeline against a budget, for CI. Exit 0 when
 * every error-level assertion holds (warnings allowed), 1 when one fails or cannot be measured, 2 for
 * bad input. Reporters: text, json, markdown (also appended to $GITHUB_STEP_SUMMARY), github
 * (workflow commands), junit, sarif; `NAME:FILE` writes one to a file. Wiring only: the budget is
 * chosen and judged in src/budget, the pipeline measured as `report` does (src/cli/measure.ts).
 */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { REPORTERS } from '../../render/gate/index.js';
import { colorsFor, displayPath, inputPath, positiveNumber } from '../common.js';
import type { CommandContext } from '../context.js';
import { addAfterHelp } from '../help.js';
import { summaryOf } from './summaries.js';
import { EXIT_OK, EXIT_VIOLATION } from '../exit.js';

interface GateOptions {
  budget?: string;
  preset?: string;
  report?: string;
  step?: string;
  baseline?: string;
  reporter: string;
  json?: boolean;
  out?: string;
  hidePassed?: boolean;
  listPresets?: boolean;
  color?: boolean;
  debug?: boolean;
  jobs?: string;
}

export function registerGate(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('gate')
    .summary(summaryOf('gate'))
    .description(
      'Checks a step of an optimization pipeline against a budget: model size, latency percentiles, a frame-rate budget, ' +
        'the share of inferences over it, accuracy drop against the baseline step, unsupported ops and forbidden diagnostic ' +
        'categories; with --baseline, regressions against a report from the main branch (latency changes the samples cannot ' +
        'tell from noise are "inconclusive"). An assertion on something the step does not measure fails unless its level is ' +
        'warn or off; a default regression check that cannot be measured is skipped with a notice. Budgets are JSON ' +
        '(schemas/budget.schema.json); presets name device budgets.',
    )
    .argument('[pipeline]', 'a pipeline manifest to measure, as `report` does (- for stdin); or use --report')
    .option('-b, --budget <file>', 'the budget (JSON), or - for stdin (default: the manifest\'s "budget")')
    .option('-p, --preset <names>', 'check against named presets (comma-separated) instead of a budget file')
    .option('-r, --report <file>', 'a report JSON (coreml-doctor report --json), or - for stdin')
    .option('-s, --step <name>', 'the step to check (default: the last); a target\'s own "step" wins')
    .option('--baseline <file>', 'a report JSON from the main branch: fail regressions against it')
    .option('--reporter <list>', `comma-separated: ${REPORTERS.join(', ')}; NAME:FILE writes to FILE`, 'text')
    .option('--json', 'the same as --reporter json')
    .option('-o, --out <file>', 'write what would go to stdout to FILE (folders are created)')
    .option('--hide-passed', 'text reporter: list only what did not pass')
    .option('--list-presets', 'print the device presets, their figures and sources, and exit')
    .option('-j, --jobs <n>', 'read up to N step files at once, in worker threads (default: the cores, when the files add up to 16 MB or more)')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR=1 does the same)')
    .option('--debug', 'print a stack trace with errors');
  addAfterHelp(cmd, ctx.io, {
    sections: [
      {
        title: 'Examples',
        examples: [
          ['coreml-doctor gate pipeline.json', "the manifest's own budget, last step"],
          ['coreml-doctor gate pipeline.json --budget budget.json --step int8'],
          ['coreml-doctor report pipeline.json --json > report.json'],
          ['coreml-doctor gate --report report.json --budget budget.json'],
          ['coreml-doctor gate --report report.json --preset apple-watch-series-7 --step palettize-6bit'],
          ['coreml-doctor gate --report pr.json --baseline main.json --budget budget.json --reporter text,github,junit:gate.xml,sarif:gate.sarif'],
          ['coreml-doctor gate --list-presets'],
        ],
      },
    ],
    exitCodes: [
      [0, 'the budget holds (warnings allowed)'],
      [1, 'an error-level assertion failed or was not measured'],
      [2, 'bad input or usage (a budget that asserts nothing is one)'],
    ],
  });
  cmd
    .action(async (pipeline: string | undefined, opts: GateOptions) => {
      const io = ctx.io;
      if (opts.listPresets) {
        const { renderPresetsJson, renderPresetsText } = await import('../../render/gate/presets.js');
        const { writeResult } = await import('../output.js');
        await writeResult(io, opts, opts.json ? renderPresetsJson() : renderPresetsText(colorsFor(io, { color: opts.color, out: opts.out })));
        return;
      }
      const jobs = positiveNumber('--jobs', opts.jobs, true);
      if (opts.json && opts.reporter !== 'text') throw new UsageError('--json conflicts with --reporter; add json to the --reporter list instead');
      const { parseReporters, writeReports } = await import('../reporters.js');
      const specs = parseReporters(opts.json ? 'json' : opts.reporter, Boolean(io.env.GITHUB_STEP_SUMMARY));
      if (pipeline !== undefined && opts.report !== undefined) throw new UsageError('give a pipeline manifest or --report, not both');
      if (pipeline === undefined && opts.report === undefined) throw new UsageError('nothing to check: give a pipeline manifest, or --report FILE (the JSON of `coreml-doctor report --json`)');
      const inputs = [pipeline, opts.report, opts.budget, opts.baseline].filter((x) => x === '-');
      if (inputs.length > 1) throw new UsageError('only one input can read stdin');

      const [{ readInput, checkInput }, { chooseBudget }, { runGate }, { stepLocations }] = await Promise.all([
        import('../../inputs/registry.js'),
        import('../../budget/load.js'),
        import('../../budget/engine.js'),
        import('../locations.js'),
      ]);
      const read = (path: string) => ({ path: inputPath(io, path), displayName: displayPath(path), stdin: io.stdin, cwd: io.cwd });
      // The budget is validated before anything is measured: a typo in it is reported at once.
      const manifest = pipeline !== undefined ? await readInput('manifest', read(pipeline)) : null;
      const budgetStdin = opts.budget !== undefined ? await checkInput('budget', read(opts.budget)) : undefined;
      const budget = await chooseBudget({
        file: opts.budget !== undefined ? { path: inputPath(io, opts.budget), display: displayPath(opts.budget) } : undefined,
        presets: opts.preset,
        manifest,
        stdin: budgetStdin ?? io.stdin,
      });
      let report;
      if (manifest) {
        const [{ measureManifest }, { warn }] = await Promise.all([import('../measure.js'), import('../output.js')]);
        const measured = await measureManifest(manifest, budget, { jobs });
        warn(io, measured.warnings);
        report = measured.report;
      } else {
        report = await readInput('report', read(opts.report as string));
      }
      const baseline = opts.baseline !== undefined ? await readInput('report', read(opts.baseline)) : null;
      const sourceFile = pipeline ?? (opts.report as string);
      const result = runGate(
        budget,
        { source: { kind: manifest ? 'pipeline' : 'report', file: displayPath(sourceFile) }, model: report.model, device: report.device, steps: report.steps },
        { step: opts.step, baseline: baseline && opts.baseline ? { file: displayPath(opts.baseline), steps: baseline.steps } : undefined },
      );
      const locations = await stepLocations(io, sourceFile === '-' ? null : sourceFile, manifest ? null : (report.source ?? null), result.targets.map((t) => t.step));
      for (const t of result.targets) {
        const loc = locations.get(t.step);
        if (loc) t.location = loc;
      }
      // The verdict is set before anything is written: a reader that closes the pipe early must not
      // turn a failed gate into a pass.
      ctx.exitCode = result.passed ? EXIT_OK : EXIT_VIOLATION;
      await writeReports(io, result, specs, { color: opts.color, hidePassed: opts.hidePassed === true, out: opts.out });
    });
}
