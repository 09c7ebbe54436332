/**
 * Top-level help is built from src/cli/commands/summaries.ts without loading any command: it must be
 * the help the fully loaded program prints, term for term and line for line, and the command the
 * arguments name is the one loaded, in its listed place.
 */
import { Help, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_SUMMARIES } from '../../src/cli/commands/summaries.js';
import type { CommandContext } from '../../src/cli/context.js';
import { commandNamed, createProgram, loadCommand } from '../../src/cli/program.js';
import { Readable } from 'node:stream';

function program(): { p: Command; ctx: CommandContext } {
  const sink = { write: () => true, isTTY: false };
  const ctx: CommandContext = { io: { stdout: sink, stderr: sink, stdin: Readable.from([]), env: {}, cwd: process.cwd() }, exitCode: 0 };
  return { p: createProgram(ctx), ctx };
}

describe('commands loaded on demand', () => {
  it('each listed term and summary is what commander makes of the full command', async () => {
    const { p, ctx } = program();
    for (const row of COMMAND_SUMMARIES) await loadCommand(p, ctx, row.name);
    expect(p.commands.map((c) => c.name())).toEqual(COMMAND_SUMMARIES.map((r) => r.name));
    const help = new Help();
    for (const row of COMMAND_SUMMARIES) {
      const full = p.commands.find((c) => c.name() === row.name) as Command;
      expect(full.options.length, row.name).toBeGreaterThan(0);
      expect(help.subcommandTerm(full), row.name).toBe(row.term);
      expect(full.summary(), row.name).toBe(row.summary);
    }
  });

  it('top-level help before loading equals top-level help with every command loaded', async () => {
    const lazy = program().p;
    const { p: full, ctx } = program();
    for (const row of COMMAND_SUMMARIES) await loadCommand(full, ctx, row.name);
    expect(lazy.helpInformation()).toBe(full.helpInformation());
    expect(lazy.helpInformation()).toContain('  trace [options] <file>       read an Instruments export');
  });

  it('finds the command the arguments name, help NAME included, and nothing else', () => {
    expect(commandNamed(['trace', 'a.xml', '--json'])).toBe('trace');
    expect(commandNamed(['--debug', 'log', '-'])).toBe('log');
    expect(commandNamed(['help', 'gate'])).toBe('gate');
    expect(commandNamed(['--help'])).toBeUndefined();
    expect(commandNamed(['help'])).toBeUndefined();
    expect(commandNamed(['lgo', 'x'])).toBeUndefined();
    expect(commandNamed(['constructor'])).toBeUndefined();
  });

  it('a loaded command keeps its place in the listing', async () => {
    const { p, ctx } = program();
    await loadCommand(p, ctx, 'trace');
    expect(p.commands.map((c) => c.name())).toEqual(COMMAND_SUMMARIES.map((r) => r.name));
    expect(p.commands[2]?.commands.map((c) => c.name())).toEqual(['diff']);
  });
});
