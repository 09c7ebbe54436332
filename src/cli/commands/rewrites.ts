/** `coreml-doctor rewrites [OP]`: the op → Core ML rewrite catalogue, listed or one entry in full. */
import { Option, type Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { CATALOGUE_FRONTENDS, type CatalogueFrontend } from '../../rewrites/schema.js';
import { REWRITE_ENTRY_FORMATS, REWRITE_LIST_FORMATS } from '../../render/rewrites/index.js';
import type { EntryView, ListView } from '../../render/rewrites/common.js';
import type { RewritesTextOptions } from '../../render/rewrites/text.js';
import { addOutputOptions, colorsFor, resolveFormat, type OutputOptions } from '../common.js';
import type { CommandContext } from '../context.js';

interface RewritesOptions extends OutputOptions {
  frontend?: CatalogueFrontend;
  ane?: boolean;
}

export function registerRewrites(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('rewrites')
    .summary('what to write instead of an op Core ML cannot convert (or runs badly on the Neural Engine)')
    .description(
      'A catalogue of ops that coremltools reports as unsupported, or that convert but run badly on the\n' +
        'Neural Engine, each mapped to a Core ML-compatible rewrite: the release (and deployment target) that\n' +
        'converts it natively, the supported MIL ops that compose it, a concrete Python snippet (a PyTorch\n' +
        'model change, a @register_torch_op composite, a TensorFlow change or ct.convert settings), Neural\n' +
        'Engine notes and the sources behind it. Without OP it lists the catalogue; with OP it shows one\n' +
        'entry. OP may be spelled as any log prints it: aten::x, x_, \'x\', tf.raw_ops.X, ONNX names, any case.',
    )
    .argument('[op]', 'an op or pattern name (aten::upsample_bicubic2d, Switch, Cast, rank-above-5, ...)');
  addOutputOptions(cmd, REWRITE_LIST_FORMATS)
    .addOption(new Option('--frontend <frontend>', 'list only entries for this frontend; with OP, try its spelling first').choices([...CATALOGUE_FRONTENDS]))
    .option('--ane', 'list only entries that matter on the Neural Engine (their ops or rewrites run off it or at a cost)')
    .addHelpText(
      'after',
      `
Examples:
  coreml-doctor rewrites                               the whole catalogue
  coreml-doctor rewrites --frontend tensorflow --ane   TF entries that matter on the Neural Engine
  coreml-doctor rewrites aten::upsample_bicubic2d      one entry in full, with its snippets
  coreml-doctor rewrites Switch --format markdown      the same, as Markdown
  coreml-doctor log convert.log                        attaches the first fix to every failing op

Exit codes: 0 found (or listed), 2 no entry for OP (the nearest names are suggested) or bad usage.`,
    )
    .action(async (op: string | undefined, opts: RewritesOptions) => {
      const format = resolveFormat(opts);
      const colors = colorsFor(ctx.io, opts);
      const width = ctx.io.stdout.isTTY ? ctx.io.stdout.columns : undefined;
      const textOpts: RewritesTextOptions = { colors, ...(width ? { width } : {}) };
      const { renderResult } = await import('../output.js');
      if (op !== undefined) await renderResult(ctx.io, opts, REWRITE_ENTRY_FORMATS, format, await entryView(op, opts.frontend), textOpts);
      else await renderResult(ctx.io, opts, REWRITE_LIST_FORMATS, format, await listView(opts), textOpts);
    });
}

async function entryView(query: string, frontend: CatalogueFrontend | undefined): Promise<EntryView> {
  const [{ lookupRewrite, nearestRewrites }, { firstFix }] = await Promise.all([import('../../rewrites/lookup.js'), import('../../rewrites/advice.js')]);
  if (!query.trim()) throw new UsageError('rewrites: the op name is empty; give an op or pattern name, or none to list the catalogue');
  const hit = lookupRewrite(query, frontend);
  if (!hit) {
    const near = nearestRewrites(query).map((e) => e.id);
    const hint = near.length ? `nearest: ${near.join(', ')}` : 'run "coreml-doctor rewrites" for the list';
    throw new UsageError(`rewrites: no entry for ${JSON.stringify(query)}; ${hint}`);
  }
  return { entry: hit.entry, firstFix: firstFix(hit.entry), query, matched: hit.spelling };
}

async function listView(opts: RewritesOptions): Promise<ListView> {
  const [{ catalogueEntries }, { firstFix }] = await Promise.all([import('../../rewrites/lookup.js'), import('../../rewrites/advice.js')]);
  const all = catalogueEntries();
  const entries = all
    .filter((e) => !opts.frontend || e.frontends.includes(opts.frontend))
    .filter((e) => !opts.ane || e.ane.risk !== 'low')
    .map((entry) => ({ entry, firstFix: firstFix(entry) }));
  return { entries, total: all.length, filters: { frontend: opts.frontend ?? null, ane: opts.ane === true } };
}
