/** `coreml-doctor log FILE|-`: what a coremltools conversion printed, in one screen. */
import type { Command } from 'commander';
import { LOG_FORMATS } from '../../render/convlog/index.js';
import { addOutputOptions, colorsFor, displayPath, inputPath, resolveFormat, type OutputOptions } from '../common.js';
import type { CommandContext } from '../context.js';
import { addAfterHelp } from '../help.js';
import { summaryOf } from './summaries.js';

interface LogOptions extends OutputOptions {
  verbose?: boolean;
}

export function registerLog(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('log')
    .summary(summaryOf('log'))
    .description(
      'Reads what coremltools printed during ct.convert (a tee\'d log, a CI log, a paste from an issue) ' +
        'and reports every unsupported or failing op with its node and cause, every diagnostic with what ' +
        'it means, the coremltools/torch/TensorFlow versions, the stages reached and the outcome. ' +
        'Handles tqdm bars, Python and IPython tracebacks, logging prefixes, `> ` quoting, ANSI colour, ' +
        'CRLF, BOMs and UTF-16. Streams its input: logs of any size.',
    )
    .argument('<file>', 'the log file, or - to read stdin');
  addOutputOptions(cmd, LOG_FORMATS)
    .option('-v, --verbose', 'also list info-level messages in the text output');
  addAfterHelp(cmd, ctx.io, {
    sections: [
      {
        title: 'Examples',
        examples: [
          ['python convert.py 2>&1 | tee convert.log; coreml-doctor log convert.log'],
          ['coreml-doctor log convert.log --json > findings.json'],
          ['coreml-doctor log ci-output.txt --format markdown >> "$GITHUB_STEP_SUMMARY"'],
          ['pbpaste | coreml-doctor log -'],
        ],
      },
    ],
    exitCodes: [
      [0, 'the log was read (whatever the conversion outcome)'],
      [2, 'bad input or usage'],
    ],
  });
  cmd
    .action(async (file: string, opts: LogOptions) => {
      const format = resolveFormat(opts);
      const [{ readInput }, { renderResult }] = await Promise.all([import('../../inputs/registry.js'), import('../output.js')]);
      const log = await readInput('log', { path: inputPath(ctx.io, file), displayName: displayPath(file), stdin: ctx.io.stdin });
      // The rewrites catalogue gives each unsupported op its first fix; it is loaded only when there is one.
      if (ctx.enrichLog) ctx.enrichLog(log);
      else if (log.unsupportedOps.length) (await import('../../rewrites/advice.js')).attachRewrites(log);
      await renderResult(ctx.io, opts, LOG_FORMATS, format, log, { colors: colorsFor(ctx.io, opts), verbose: opts.verbose === true, width: ctx.io.stdout.isTTY ? ctx.io.stdout.columns : undefined });
    });
}
