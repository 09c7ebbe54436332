/**
 * `coreml-doctor gate`: checks a step of a measured pipeline against a budget, for CI. Exit 0 when
 * every error-level assertion holds (warnings allowed), 1 when one fails or cannot be measured, 2 for
 * bad input. Reporters: text, json, markdown (also appended to $GITHUB_STEP_SUMMARY), github
 * (workflow commands), junit, sarif; `NAME:FILE` writes one to a file.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { runGate, type Measurements } from '../../budget/engine.js';
import { budgetFromManifest, BUDGET_WHAT, loadBudgetFile } from '../../budget/load.js';
import type { Budget, GateResult, ResolvedTarget } from '../../budget/model.js';
import { readJsonText } from '../../budget/read-json.js';
import { presetBudget } from '../../budget/resolve.js';
import { reportWarnings } from '../../report/build.js';
import type { Report, ResolvedManifest } from '../../report/model.js';
import { loadManifest, measurePipeline } from '../../report/pipeline.js';
import { readReportJson, REPORT_JSON_WHAT } from '../../report/read-report-json.js';
import { makeColors } from '../../core/color.js';
import { InputError, UsageError } from '../../core/errors.js';
import { sanitizeTerminal } from '../../core/escape.js';
import { renderGate, REPORTERS, type ReporterName } from '../../render/gate/index.js';
import { renderPresetsJson, renderPresetsText } from '../../render/gate/presets.js';
import { colorsFor, displayPath, inputPath } from '../common.js';
import type { CommandContext } from '../context.js';
import type { CliIO } from '../io.js';
import { packageVersion } from '../version.js';
import { readTrace } from './report.js';

interface GateOptions {
  budget?: string;
  preset?: string;
  report?: string;
  step?: string;
  baseline?: string;
  reporter: string;
  json?: boolean;
  hidePassed?: boolean;
  listPresets?: boolean;
  color?: boolean;
  debug?: boolean;
}

export interface ReporterSpec {
  name: ReporterName;
  /** Null: stdout. */
  file: string | null;
}

/** Reporters that make a whole document: only one of them may go to stdout. */
const DOCUMENT_REPORTERS: readonly ReporterName[] = ['text', 'json', 'markdown', 'junit', 'sarif'];

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
      if (!(REPORTERS as readonly string[]).includes(name)) throw new UsageError(`--reporter: unknown reporter ${JSON.stringify(name)}; expected ${REPORTERS.join(', ')} (NAME:FILE writes to a file)`);
      if (file === '') throw new UsageError(`--reporter: ${name}: has no file name after the colon`);
      return { name: name as ReporterName, file };
    });
  if (specs.length === 0) throw new UsageError('--reporter: no reporter given; expected a list such as text,github,junit:gate.xml');
  const toStdout = specs.filter((s) => s.file === null && DOCUMENT_REPORTERS.includes(s.name) && !(stepSummary && s.name === 'markdown'));
  if (toStdout.length > 1) {
    throw new UsageError(`--reporter: ${toStdout.map((s) => s.name).join(' and ')} would both write to stdout; give all but one a file (${toStdout[1]?.name}:FILE)`);
  }
  if (specs.filter((s) => s.file === null && s.name === 'github').length > 1) throw new UsageError('--reporter: github is given twice');
  return specs;
}

/** The line of `"name": "<step>"` in a manifest or report, for annotations; null when not found. */
export function lineOfStep(text: string, step: string): number | null {
  const needle = new RegExp(`"name"\\s*:\\s*${JSON.stringify(step).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  const m = needle.exec(text);
  if (!m) return null;
  return text.slice(0, m.index).split('\n').length;
}

/** A path for annotations: relative to the repository ($GITHUB_WORKSPACE in Actions, else the working directory), with `/`. */
function annotationPath(io: CliIO, file: string): string {
  const root = io.env.GITHUB_WORKSPACE ? resolve(io.cwd, io.env.GITHUB_WORKSPACE) : io.cwd;
  return relative(root, resolve(io.cwd, file)).split(sep).join('/');
}

/**
 * Where annotations point for a step: the pipeline manifest the report names (`source`), at the
 * step's line, when it can be read here (it is in the repository, where a PR shows it); else the
 * file the steps came from (the manifest measured now, or the report).
 */
async function stepLocations(io: CliIO, file: string | null, text: string | null, source: string | null, steps: string[]): Promise<Map<string, { file: string; line: number | null }>> {
  const out = new Map<string, { file: string; line: number | null }>();
  let manifestText: string | null = null;
  if (source !== null) {
    try {
      manifestText = await readFile(resolve(io.cwd, source), 'utf8');
    } catch {
      manifestText = null;
    }
  }
  for (const step of steps) {
    const inManifest = manifestText !== null ? lineOfStep(manifestText, step) : null;
    if (source !== null && inManifest !== null) out.set(step, { file: annotationPath(io, source), line: inManifest });
    else if (file !== null) out.set(step, { file: annotationPath(io, file), line: text !== null ? lineOfStep(text, step) : null });
  }
  return out;
}

/** What gate checks: the measured steps, and the text of the file the steps are written in (for annotations). */
interface Measured {
  m: Measurements;
  /** The file (manifest or report) and its text; null for stdin. */
  text: string | null;
  /** The manifest the report names, for annotations on the manifest. */
  manifest: string | null;
}

async function loadReport(io: CliIO, file: string): Promise<{ report: Report; text: string }> {
  const name = displayPath(file);
  const text = await readJsonText(inputPath(io, file), { what: REPORT_JSON_WHAT, displayName: name, stdin: io.stdin });
  return { report: readReportJson(text, name), text };
}

function measurementsOf(report: Report, kind: 'report' | 'pipeline', file: string): Measurements {
  return { source: { kind, file }, model: report.model, device: report.device, steps: report.steps };
}

/** `gate pipeline.json`: the manifest, read and validated (measured later, once the budget is known good). */
async function readManifest(io: CliIO, file: string): Promise<ResolvedManifest> {
  return loadManifest(inputPath(io, file), { displayName: displayPath(file), stdin: io.stdin, cwd: io.cwd });
}

/** Measures the manifest as `report` does; warnings (a step with nothing to measure) go to stderr. */
async function measureManifest(io: CliIO, file: string, manifest: ResolvedManifest): Promise<Measured> {
  const report = await measurePipeline(manifest, { readTrace });
  for (const w of reportWarnings(report)) io.stderr.write(`coreml-doctor: warning: ${sanitizeTerminal(w)}\n`);
  let text: string | null = null;
  if (file !== '-') {
    try {
      text = await readFile(inputPath(io, file), 'utf8');
    } catch {
      text = null;
    }
  }
  return { m: measurementsOf(report, 'pipeline', displayPath(file)), text, manifest: null };
}

async function loadBudget(io: CliIO, opts: GateOptions, manifest: ResolvedManifest | null): Promise<Budget> {
  if (opts.budget !== undefined && opts.preset !== undefined) throw new UsageError('give --budget or --preset, not both (a budget file can name a preset)');
  if (opts.budget !== undefined) {
    if (opts.budget === '-' && (opts.report === '-' || opts.baseline === '-')) throw new UsageError('only one input can read stdin');
    return loadBudgetFile(inputPath(io, opts.budget), displayPath(opts.budget), io.stdin);
  }
  if (opts.preset !== undefined) {
    const ids = opts.preset.split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.length === 0) throw new UsageError('--preset: no preset named; see coreml-doctor gate --list-presets');
    const targets: ResolvedTarget[] = ids.flatMap((id) => presetBudget(id).targets);
    return { file: `--preset ${ids.join(',')}`, targets };
  }
  const fromManifest = manifest ? await budgetFromManifest(manifest.budget, manifest, io.stdin) : null;
  if (fromManifest) return fromManifest;
  throw new UsageError(`no budget: give --budget FILE (${BUDGET_WHAT}) or --preset NAME${manifest ? `, or a "budget" in ${manifest.file}` : ''}`);
}

async function writeReports(io: CliIO, result: GateResult, specs: ReporterSpec[], opts: GateOptions): Promise<void> {
  const summaryPath = io.env.GITHUB_STEP_SUMMARY ? resolve(io.cwd, io.env.GITHUB_STEP_SUMMARY) : null;
  let summaryWritten = false;
  for (const spec of specs) {
    const colors = spec.file === null ? colorsFor(io, { format: 'text', color: opts.color }) : makeColors(false);
    const text = renderGate(spec.name, result, { colors, toolVersion: packageVersion(), hidePassed: opts.hidePassed === true });
    const target = spec.file === null ? null : resolve(io.cwd, spec.file);
    if (spec.name === 'markdown' && summaryPath !== null) {
      if (!summaryWritten) await writeOut(summaryPath, text, true, 'GITHUB_STEP_SUMMARY');
      summaryWritten = true;
      // Without a file, in GitHub Actions the job summary is where Markdown goes.
      if (target === null || target === summaryPath) continue;
    }
    if (target === null) {
      if (text) io.stdout.write(text);
    } else {
      await writeOut(target, text, false, spec.file as string);
    }
  }
}

async function writeOut(path: string, text: string, append: boolean, shown: string): Promise<void> {
  try {
    if (append) await appendFile(path, text.endsWith('\n') ? text + '\n' : text + '\n\n');
    else await writeFile(path, text);
  } catch (e) {
    const code = typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : String(e);
    throw new InputError(shown, undefined, `cannot write the report (${code})`, 'a writable path');
  }
}

export function registerGate(program: Command, ctx: CommandContext): void {
  program
    .command('gate')
    .summary('fail CI, clearly, when a model breaks its size, latency, frame or accuracy budget')
    .description(
      'Checks a step of an optimization pipeline against a budget: model size, latency percentiles, a frame-rate budget, ' +
        'the share of inferences over it, accuracy drop against the baseline step, unsupported ops and forbidden diagnostic ' +
        'categories; with --baseline, regressions against a report from the main branch (latency changes the samples cannot ' +
        'tell from noise are "inconclusive"). An assertion on something the step does not measure fails unless its level is ' +
        'warn or off. Budgets are JSON (schemas/budget.schema.json); presets name device budgets.',
    )
    .argument('[pipeline]', 'a pipeline manifest to measure, as `report` does (- for stdin); or use --report')
    .option('-b, --budget <file>', 'the budget (JSON), or - for stdin (default: the manifest\'s "budget")')
    .option('-p, --preset <names>', 'check against named presets (comma-separated) instead of a budget file')
    .option('-r, --report <file>', 'a report JSON (coreml-doctor report --json), or - for stdin')
    .option('-s, --step <name>', 'the step to check (default: the last); a target\'s own "step" wins')
    .option('--baseline <file>', 'a report JSON from the main branch: fail regressions against it')
    .option('--reporter <list>', `comma-separated: ${REPORTERS.join(', ')}; NAME:FILE writes to FILE`, 'text')
    .option('--json', 'the same as --reporter json')
    .option('--hide-passed', 'text reporter: list only what did not pass')
    .option('--list-presets', 'print the device presets, their figures and sources, and exit')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR=1 does the same)')
    .option('--debug', 'print a stack trace with errors')
    .addHelpText(
      'after',
      `
Examples:
  coreml-doctor gate pipeline.json                      the manifest's own budget, last step
  coreml-doctor gate pipeline.json --budget budget.json --step int8
  coreml-doctor report pipeline.json --json > report.json
  coreml-doctor gate --report report.json --budget budget.json
  coreml-doctor gate --report report.json --preset apple-watch-series-7 --step palettize-6bit
  coreml-doctor gate --report pr.json --baseline main.json --budget budget.json \\
      --reporter text,github,junit:gate.xml,sarif:gate.sarif
  coreml-doctor gate --list-presets

Exit codes: 0 the budget holds (warnings allowed), 1 an error-level assertion failed or was not
measured, 2 bad input or usage.`,
    )
    .action(async (pipeline: string | undefined, opts: GateOptions) => {
      const io = ctx.io;
      if (opts.listPresets) {
        io.stdout.write(opts.json ? renderPresetsJson() : renderPresetsText(colorsFor(io, { format: 'text', color: opts.color })));
        return;
      }
      if (opts.json && opts.reporter !== 'text') throw new UsageError('--json conflicts with --reporter; add json to the --reporter list instead');
      const specs = parseReporters(opts.json ? 'json' : opts.reporter, Boolean(io.env.GITHUB_STEP_SUMMARY));
      if (pipeline !== undefined && opts.report !== undefined) throw new UsageError('give a pipeline manifest or --report, not both');
      if (pipeline === undefined && opts.report === undefined) throw new UsageError(`nothing to check: give a pipeline manifest, or --report FILE (${REPORT_JSON_WHAT})`);
      const inputs = [pipeline, opts.report, opts.budget, opts.baseline].filter((x) => x === '-');
      if (inputs.length > 1) throw new UsageError('only one input can read stdin');
      // The budget is validated before anything is measured: a typo in it is reported at once, by
      // gate's own validator (the report reads the manifest's budget too).
      const manifest = pipeline !== undefined ? await readManifest(io, pipeline) : null;
      const budget = await loadBudget(io, opts, manifest);
      let measured: Measured;
      if (pipeline !== undefined && manifest) {
        measured = await measureManifest(io, pipeline, manifest);
      } else {
        const file = opts.report as string;
        const { report, text } = await loadReport(io, file);
        measured = { m: measurementsOf(report, 'report', displayPath(file)), text: file === '-' ? null : text, manifest: report.source ?? null };
      }
      const baseline = opts.baseline !== undefined ? (await loadReport(io, opts.baseline)).report : null;
      const result = runGate(budget, measured.m, { step: opts.step, baseline: baseline && opts.baseline ? { file: displayPath(opts.baseline), steps: baseline.steps } : undefined });
      const sourceFile = pipeline ?? (opts.report as string);
      const locations = await stepLocations(io, sourceFile === '-' ? null : sourceFile, measured.text, measured.manifest, result.targets.map((t) => t.step));
      for (const t of result.targets) {
        const loc = locations.get(t.step);
        if (loc) t.location = loc;
      }
      // The verdict is set before anything is written: a reader that closes the pipe early must not
      // turn a failed gate into a pass.
      ctx.exitCode = result.passed ? 0 : 1;
      await writeReports(io, result, specs, opts);
    });
}
