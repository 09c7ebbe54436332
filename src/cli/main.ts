/**
 * The CLI entry: runs one command and returns its exit code. Bad input and usage errors become one
 * line on stderr (`coreml-doctor: FILE:LINE: what is wrong; expected ...`) and exit 2; any other
 * error is one line and exit 3 (a stack trace only with --debug). Exit codes: src/cli/exit.ts.
 */
import { CommanderError } from 'commander';
import { InputError, UsageError } from '../core/errors.js';
import { sanitizeTerminal } from '../core/escape.js';
import type { CommandContext } from './context.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK } from './exit.js';
import { processIO, type CliIO } from './io.js';
import { commandNamed, createProgram, loadCommand } from './program.js';

export async function main(argv: readonly string[], io: CliIO = processIO(), setup?: (ctx: CommandContext) => void): Promise<number> {
  const ctx: CommandContext = { io, exitCode: EXIT_OK };
  setup?.(ctx);
  const debug = argv.includes('--debug');
  const program = createProgram(ctx);
  try {
    // Only the command the arguments name is loaded (start-up: `--help` loads none).
    const name = commandNamed(argv);
    if (name !== undefined) await loadCommand(program, ctx, name);
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    return reportError(e, io, debug);
  }
}

export function reportError(e: unknown, io: CliIO, debug: boolean): number {
  if (e instanceof CommanderError) {
    // Help and --version end the run successfully; commander has printed them.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
    if (e.exitCode === 0) return EXIT_OK;
    return EXIT_BAD_INPUT;
  }
  if (e instanceof InputError || e instanceof UsageError) {
    io.stderr.write(`coreml-doctor: ${sanitizeTerminal(e.message)}\n`);
    if (debug && e.stack) io.stderr.write(e.stack + '\n');
    return EXIT_BAD_INPUT;
  }
  const msg = e instanceof Error ? e.message : String(e);
  io.stderr.write(`coreml-doctor: internal error: ${sanitizeTerminal(msg.split('\n')[0] ?? '')}${debug ? '' : ' (run with --debug for a stack trace, and please report it)'}\n`);
  if (debug && e instanceof Error && e.stack) io.stderr.write(e.stack + '\n');
  return EXIT_INTERNAL;
}
