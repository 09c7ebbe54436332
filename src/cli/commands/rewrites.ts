/** `coreml-doctor rewrites [OP]`: the op → Core ML rewrite catalogue, any op's registry history, or the registry by release. */
import { Option, type Command } from 'commander';
import { CATALOGUE_FRONTENDS, type CatalogueFrontend } from '../../rewrites/schema.js';
import { REWRITE_ANSWER_FORMATS, REWRITE_LIST_FORMATS, REWRITE_LISTING_FORMATS } from '../../render/rewrites/index.js';
import type { RewritesTextOptions } from '../../render/rewrites/text.js';
import { addOutputOptions, colorsFor, resolveFormat, type OutputOptions } from '../common.js';
import type { CommandContext } from '../context.js';
import { addAfterHelp } from '../help.js';
import { summaryOf } from './summaries.js';

interface RewritesOptions extends OutputOptions {
  frontend?: CatalogueFrontend;
  ane?: boolean;
  since?: string;
  in?: string;
}

export function registerRewrites(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('rewrites')
    .summary(summaryOf('rewrites'))
    .description(
      'A catalogue of ops that coremltools reports as unsupported, or that convert but run badly on the ' +
        'Neural Engine, each mapped to a Core ML-compatible rewrite: the release (and deployment target) that ' +
        'converts it natively, the supported MIL ops that compose it, a concrete Python snippet (a PyTorch ' +
        'model change, a @register_torch_op composite, a TensorFlow change or ct.convert settings), Neural ' +
        'Engine notes and the sources behind it. Without OP it lists the catalogue; with OP it answers for ' +
        'any op of any frontend from the op registry (every op each coremltools release registers): the ' +
        'releases that convert that spelling, under which lookup rule, what its converter refuses, and the ' +
        'entry when there is one. OP may be spelled as any log prints it: aten::x, x_, x.vec, \'x\', ' +
        'tf.raw_ops.X, ONNX names, mb.x, any case.',
    )
    .argument('[op]', 'an op or pattern name (aten::upsample_bicubic2d, relu_, Switch, Cast, rank-above-5, ...)');
  addOutputOptions(cmd, REWRITE_LIST_FORMATS)
    .addOption(new Option('--frontend <frontend>', 'list only entries for this frontend; with OP, answer for this frontend').choices([...CATALOGUE_FRONTENDS]))
    .option('--ane', 'list only entries that matter on the Neural Engine (their ops or rewrites run off it or at a cost)')
    .option('--since <release>', 'list the op names each release from this one on added (or dropped), by frontend')
    .option('--in <release>', 'list every op name this release converts (its registry), by frontend');
  addAfterHelp(cmd, ctx.io, {
    sections: [
      {
        title: 'Examples',
        examples: [
          ['coreml-doctor rewrites', 'the whole catalogue'],
          ['coreml-doctor rewrites --frontend tensorflow --ane', 'TF entries that matter on the Neural Engine'],
          ['coreml-doctor rewrites aten::upsample_bicubic2d', 'one entry in full, with its snippets'],
          ['coreml-doctor rewrites relu_', 'any op: the releases that convert it, and how'],
          ['coreml-doctor rewrites Gather --frontend onnx', 'an ONNX op, answered for ONNX'],
          ['coreml-doctor rewrites --frontend pytorch --since 8.0 --json', 'what 8.0 and later added'],
          ['coreml-doctor rewrites --in 7.2', 'everything coremltools 7.2 registers'],
          ['coreml-doctor log convert.log', 'attaches the first fix to every failing op'],
        ],
      },
    ],
    exitCodes: [
      [0, 'answered (or listed)'],
      [2, 'bad usage (an empty or impossible op name, an unknown release)'],
    ],
  });
  cmd
    .action(async (op: string | undefined, opts: RewritesOptions) => {
      const format = resolveFormat(opts);
      const colors = colorsFor(ctx.io, opts);
      const width = ctx.io.stdout.isTTY ? ctx.io.stdout.columns : undefined;
      const textOpts: RewritesTextOptions = { colors, ...(width ? { width } : {}) };
      const [{ renderResult }, query] = await Promise.all([import('../output.js'), import('../../rewrites/query.js')]);
      if (opts.since !== undefined || opts.in !== undefined) await renderResult(ctx.io, opts, REWRITE_LISTING_FORMATS, format, query.registryListingFor({ ...opts, op }), textOpts);
      else if (op !== undefined) await renderResult(ctx.io, opts, REWRITE_ANSWER_FORMATS, format, query.answerFor(op, opts.frontend), textOpts);
      else await renderResult(ctx.io, opts, REWRITE_LIST_FORMATS, format, query.catalogueList(opts), textOpts);
    });
}
