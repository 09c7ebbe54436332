/**
 * Conventions every command shares: output format (`--format`, `--json`), `--out FILE`, colour
 * (TTY only, never with NO_COLOR or --no-color), `--debug`. Results go to stdout (or --out);
 * progress and warnings go to stderr.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { colorEnabled, makeColors, type Colors } from '../core/color.js';
import { InputError, UsageError } from '../core/errors.js';
import type { CliIO } from './io.js';

export interface OutputOptions {
  format: string;
  json?: boolean;
  out?: string;
  color?: boolean;
  debug?: boolean;
}

/** Adds the shared output options to a command. The first format is the default. */
export function addOutputOptions(cmd: Command, formats: readonly string[], defaultFormat = formats[0] as string): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', 'output format').choices([...formats]).default(defaultFormat))
    .option('--json', 'the same as --format json: one JSON document on stdout')
    .option('-o, --out <file>', 'write the result to FILE instead of stdout')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR=1 does the same)')
    .option('--debug', 'print a stack trace with errors');
}

export function resolveFormat(opts: OutputOptions): string {
  if (opts.json) {
    if (opts.format && opts.format !== 'json' && opts.format !== 'text') {
      throw new UsageError(`--json conflicts with --format ${opts.format}; give one of them`);
    }
    return 'json';
  }
  return opts.format;
}

/** Colour for a text result: a terminal, not --out, not NO_COLOR, not --no-color. */
export function colorsFor(io: CliIO, opts: OutputOptions, stream: 'stdout' | 'stderr' = 'stdout'): Colors {
  if (opts.color === false || opts.out) return makeColors(false);
  return makeColors(colorEnabled(io[stream].isTTY, io.env));
}

/** Writes a result to --out or stdout, ending with one newline. */
export async function writeResult(io: CliIO, opts: OutputOptions, text: string): Promise<void> {
  const body = text.endsWith('\n') ? text : text + '\n';
  if (opts.out) {
    const path = resolve(io.cwd, opts.out);
    try {
      await writeFile(path, body);
    } catch (e) {
      const code = typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : String(e);
      throw new InputError(opts.out, undefined, `cannot write the output (${code})`, 'a writable path for --out');
    }
    return;
  }
  io.stdout.write(body);
}

/** Resolves an input path against the CLI's working directory; `-` stays stdin. */
export function inputPath(io: CliIO, p: string): string {
  return p === '-' ? p : resolve(io.cwd, p);
}

/** Shown in messages: the path as the user typed it. */
export function displayPath(p: string): string {
  return p === '-' ? '<stdin>' : p;
}
