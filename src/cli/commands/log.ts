/** `coreml-doctor log FILE|-`: what a coremltools conversion printed, in one screen. */
import type { Command } from 'commander';
import { openText } from '../../core/input.js';
import { parseConversionLog } from '../../convlog/parser.js';
import { renderLogJson } from '../../render/convlog/json.js';
import { renderLogMarkdown } from '../../render/convlog/markdown.js';
import { renderLogText } from '../../render/convlog/text.js';
import { addOutputOptions, colorsFor, displayPath, inputPath, resolveFormat, writeResult, type OutputOptions } from '../common.js';
import type { CommandContext } from '../context.js';

interface LogOptions extends OutputOptions {
  verbose?: boolean;
}

export const LOG_WHAT = 'a coremltools conversion log (text)';

export function registerLog(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('log')
    .summary('read a coremltools conversion log: failing ops, nodes, causes, how far it got')
    .description(
      'Reads what coremltools printed during ct.convert (a tee\'d log, a CI log, a paste from an issue)\n' +
        'and reports every unsupported or failing op with its node and cause, every diagnostic with what\n' +
        'it means, the coremltools/torch/TensorFlow versions, the stages reached and the outcome.\n' +
        'Handles tqdm bars, Python and IPython tracebacks, logging prefixes, `> ` quoting, ANSI colour,\n' +
        'CRLF, BOMs and UTF-16. Streams its input: logs of any size.',
    )
    .argument('<file>', 'the log file, or - to read stdin');
  addOutputOptions(cmd, ['text', 'json', 'markdown'])
    .option('-v, --verbose', 'also list info-level messages in the text output')
    .addHelpText(
      'after',
      `
Examples:
  python convert.py 2>&1 | tee convert.log; coreml-doctor log convert.log
  coreml-doctor log convert.log --json > findings.json
  coreml-doctor log ci-output.txt --format markdown >> "$GITHUB_STEP_SUMMARY"
  pbpaste | coreml-doctor log -

Exit codes: 0 the log was read (whatever the conversion outcome), 2 bad input or usage.`,
    )
    .action(async (file: string, opts: LogOptions) => {
      const format = resolveFormat(opts);
      const input = await openText(inputPath(ctx.io, file), { what: LOG_WHAT, stdin: ctx.io.stdin, displayName: displayPath(file) });
      const log = await parseConversionLog(input);
      ctx.enrichLog?.(log);
      const text =
        format === 'json'
          ? renderLogJson(log)
          : format === 'markdown'
            ? renderLogMarkdown(log)
            : renderLogText(log, { colors: colorsFor(ctx.io, opts), verbose: opts.verbose === true });
      await writeResult(ctx.io, opts, text);
    });
}
