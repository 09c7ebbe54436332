import { Command, Help } from 'commander';
import { COMMAND_SUMMARIES } from './commands/summaries.js';
import type { CommandContext } from './context.js';
import { addAfterHelp, helpWidth } from './help.js';
import { packageVersion } from './version.js';

type Register = (program: Command, ctx: CommandContext) => void;

/** How each command's module is loaded: only when the arguments name that command. */
const LOADERS: ReadonlyMap<string, () => Promise<Register>> = new Map<string, () => Promise<Register>>([
  ['log', async () => (await import('./commands/log.js')).registerLog],
  ['rewrites', async () => (await import('./commands/rewrites.js')).registerRewrites],
  ['trace', async () => (await import('./commands/trace.js')).registerTrace],
  ['report', async () => (await import('./commands/report.js')).registerReport],
  ['gate', async () => (await import('./commands/gate.js')).registerGate],
  ['model', async () => (await import('./commands/model.js')).registerModel],
]);

/** Help terms of the commands not loaded yet (commander would print them without their options and arguments). */
const STUB_TERMS = new WeakMap<Command, string>();

/**
 * The program with every command listed (name, term, summary) but none loaded: enough for top-level
 * help, a suggestion after a mistyped command, and `loadCommand` to put the real one in its place.
 */
export function createProgram(ctx: CommandContext): Command {
  const program = new Command();
  const help = new Help();
  program
    .name('coreml-doctor')
    .description(
      'Diagnose Core ML model conversion and performance from files you already have: ' +
        'coremltools conversion logs, Instruments exports, optimization pipelines and device budgets.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--debug', 'print a stack trace with errors')
    .showSuggestionAfterError(true)
    // A command's options after its name are its own (trace and trace diff both take --format, --json ...).
    .enablePositionalOptions()
    .configureHelp({
      sortSubcommands: false,
      showGlobalOptions: false,
      minWidthToWrap: 16,
      subcommandTerm: (cmd: Command) => STUB_TERMS.get(cmd) ?? help.subcommandTerm(cmd),
    })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      getOutHelpWidth: () => helpWidth(ctx.io),
      getErrHelpWidth: () => helpWidth(ctx.io),
      outputError: (s, write) => write(`coreml-doctor: ${s.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')}\n`),
    });
  addAfterHelp(program, ctx.io, {
    sections: [
      {
        title: 'Examples',
        examples: [
          ['coreml-doctor log convert.log', 'what failed in a conversion, and why'],
          ['coreml-doctor log - < ci.log --json', 'the same, as JSON, from stdin'],
          ['coreml-doctor rewrites upsample_bicubic2d', 'what to write instead of an unsupported op'],
          ['coreml-doctor trace time-profile.xml', 'where the time goes, and p50/p90/p99 per inference'],
          ['coreml-doctor trace diff before.xml after.xml', 'two traces compared: faster, slower or inconclusive'],
          ['coreml-doctor report pipeline.json --html out/report.html', 'per-step size, latency, accuracy and budget, with charts'],
          ['coreml-doctor gate pipeline.json', 'fail CI when a model breaks its budget'],
          ['coreml-doctor model Pose.mlpackage', 'what a model holds and needs'],
        ],
      },
    ],
    exitCodes: [
      [0, 'success'],
      [1, 'a budget is violated (gate; trace --budget-ms)'],
      [2, 'bad input or usage'],
      [3, 'internal error'],
    ],
    notes: ['Colour only on a terminal; NO_COLOR or --no-color turn it off. Help and text output fit the terminal (80 columns off a terminal).'],
  });
  for (const row of COMMAND_SUMMARIES) STUB_TERMS.set(program.command(row.name).summary(row.summary), row.term);
  return program;
}

/** The command the arguments run (or ask help for: `help NAME`), if they name one. */
export function commandNamed(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return name !== undefined && LOADERS.has(name) ? name : undefined;
}

/** Loads command `name`'s module and puts the full command where its listing was. */
export async function loadCommand(program: Command, ctx: CommandContext, name: string): Promise<void> {
  const load = LOADERS.get(name);
  const at = program.commands.findIndex((c) => c.name() === name && STUB_TERMS.has(c));
  if (!load || at < 0) return;
  const register = await load();
  (program.commands as Command[]).splice(at, 1);
  register(program, ctx);
  const full = (program.commands as Command[]).pop();
  if (full) (program.commands as Command[]).splice(at, 0, full);
}
