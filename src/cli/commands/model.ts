/** `coreml-doctor model PATH|-`: what a Core ML model holds and needs, read from its files. */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { PLATFORMS, type Platform } from '../../model/tables/spec-versions.js';
import { MODEL_FORMATS } from '../../render/model/index.js';
import { addOutputOptions, colorsFor, displayPath, inputPath, resolveFormat, terminalWidth, type OutputOptions } from '../common.js';
import type { CommandContext } from '../context.js';
import { addAfterHelp } from '../help.js';
import { summaryOf } from './summaries.js';

interface ModelOptions extends OutputOptions {
  target?: string[];
}

/** `watchOS=10`, `iOS=17.4` (repeatable, or comma-separated). */
export function parseTargets(values: readonly string[] | undefined): Partial<Record<Platform, string>> {
  const out: Partial<Record<Platform, string>> = {};
  for (const item of (values ?? []).flatMap((v) => v.split(','))) {
    const m = /^\s*(\w+)\s*[=@ ]\s*(\d+(?:\.\d+){0,2})\s*$/.exec(item);
    const platform = m ? PLATFORMS.find((p) => p.toLowerCase() === (m[1] as string).toLowerCase()) : undefined;
    if (!m || !platform) throw new UsageError(`--target takes PLATFORM=VERSION with PLATFORM one of ${PLATFORMS.join(', ')} (watchOS=10, iOS=17.4), not "${item}"`);
    out[platform] = m[2] as string;
  }
  return out;
}

export function registerModel(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('model')
    .summary(summaryOf('model'))
    .description(
      [
        'Reads an .mlpackage folder or an .mlmodel file (gzipped too, or - for stdin) on any machine:',
        'the specification version and the OS it needs (over sub-models and ML program opsets), model type,',
        'metadata, inputs/outputs/states with flexible shapes, ops per function (nested blocks too) or',
        'neural-network layers, the weights: parameters, bytes by dtype, compression op by op and bits per',
        'weight, with every blob the program references checked against weight.bin (headers only, never the',
        'whole file). Findings: what keeps work off the Neural Engine, what the spec means for a deployment',
        'target, and ops the rewrites catalogue knows to be costly, each with its evidence and source.',
      ].join(' '),
    )
    .argument('<path>', 'the .mlpackage folder, the .mlmodel file, or - to read an .mlmodel from stdin');
  addOutputOptions(cmd, MODEL_FORMATS)
    .option('--target <platform=version...>', 'check the minimum OS against a deployment target (watchOS=10, iOS=17); repeatable');
  addAfterHelp(cmd, ctx.io, {
    sections: [
      {
        title: 'Examples',
        examples: [
          ['coreml-doctor model yolo11n.mlpackage', 'what it is, needs and holds'],
          ['coreml-doctor model model.mlmodel --json', 'the same as JSON (schemaVersion 1)'],
          ['coreml-doctor model - < model.mlmodel.gz', 'from stdin, gzipped or not'],
          ['coreml-doctor model Pose.mlpackage --target watchOS=10', 'an error finding when it needs a newer watchOS'],
        ],
      },
    ],
    exitCodes: [
      [0, 'read (findings never change it)'],
      [2, 'not a model, or a broken one (the line names the file, the byte offset or item, and what was expected)'],
    ],
  });
  cmd
    .action(async (path: string, opts: ModelOptions) => {
      const format = resolveFormat(opts);
      const targets = parseTargets(opts.target);
      const [{ checkInput }, { readModel }, { renderResult }] = await Promise.all([import('../../inputs/registry.js'), import('../../model/read.js'), import('../output.js')]);
      const request = { path: inputPath(ctx.io, path), displayName: displayPath(path), stdin: ctx.io.stdin };
      const stdin = (await checkInput('model', request)) ?? ctx.io.stdin;
      const summary = await readModel(request.path, { displayName: request.displayName, stdin, targets });
      const width = terminalWidth(ctx.io, opts.out);
      await renderResult(ctx.io, opts, MODEL_FORMATS, format, summary, { colors: colorsFor(ctx.io, opts), ...(width ? { width } : {}) });
    });
}
