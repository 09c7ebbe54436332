import { Command } from 'commander';
import { registerGate } from './commands/gate.js';
import { registerLog } from './commands/log.js';
import { registerModel } from './commands/model.js';
import { registerReport } from './commands/report.js';
import { registerRewrites } from './commands/rewrites.js';
import { registerTrace } from './commands/trace.js';
import type { CommandContext } from './context.js';
import { addAfterHelp, helpWidth } from './help.js';
import { packageVersion } from './version.js';

export function createProgram(ctx: CommandContext): Command {
  const program = new Command();
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
    .configureHelp({ sortSubcommands: false, showGlobalOptions: false, minWidthToWrap: 16 })
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
  registerLog(program, ctx);
  registerRewrites(program, ctx);
  registerTrace(program, ctx);
  registerReport(program, ctx);
  registerGate(program, ctx);
  registerModel(program, ctx);
  return program;
}
