/**
 * Conventions every command shares: output format (`--format`, whose choices are the names of the
 * model's renderer map; `--json`), `--out FILE`, colour (TTY only, never with NO_COLOR or
 * --no-color), `--debug`. Results go to stdout (or --out); progress and warnings go to stderr.
 */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { colorEnabled, makeColors, type Colors } from '../core/color.js';
import { UsageError } from '../core/errors.js';
import type { CliIO } from './io.js';

export interface OutputOptions {
  format: string;
  json?: boolean;
  out?: string;
  color?: boolean;
  debug?: boolean;
}

/** Adds the shared output options to a command. `formats`: a renderer map's names; the first is the default. */
export function addOutputOptions(cmd: Command, formats: { readonly names: readonly string[] } | readonly string[], defaultFormat?: string): Command {
  const names = 'names' in formats ? formats.names : formats;
  return cmd
    .addOption(new Option('-f, --format <format>', 'output format').choices([...names]).default(defaultFormat ?? (names[0] as string)))
    .option('--json', 'the same as --format json: one JSON document on stdout')
    .option('-o, --out <file>', 'write the result to FILE instead of stdout (folders are created)')
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
export function colorsFor(io: CliIO, opts: Pick<OutputOptions, 'color' | 'out'>, stream: 'stdout' | 'stderr' = 'stdout'): Colors {
  if (opts.color === false || opts.out) return makeColors(false);
  return makeColors(colorEnabled(io[stream].isTTY, io.env));
}

/** The terminal's width for a result on stdout; undefined for files and pipes. */
export function terminalWidth(io: CliIO, out: string | undefined): number | undefined {
  return io.stdout.isTTY && io.stdout.columns && !out ? io.stdout.columns : undefined;
}

/** Resolves an input path against the CLI's working directory; `-` stays stdin. */
export function inputPath(io: CliIO, p: string): string {
  return p === '-' ? p : resolve(io.cwd, p);
}

/** Shown in messages: the path as the user typed it. */
export function displayPath(p: string): string {
  return p === '-' ? '<stdin>' : p;
}

/** Reads a positive number flag; a usage error otherwise. */
export function positiveNumber(flag: string, v: string | undefined, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} takes a ${integer ? 'positive whole number' : 'positive number'}, not "${v}"`);
  }
  return n;
}
