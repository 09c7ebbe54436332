/**
 * `log`'s text fits 80 columns off a terminal (files, pipes, CI logs) on every fixture log, and the
 * terminal's width on one; only a word longer than the room (a path, a code snippet) runs past.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const LOGS = readdirSync('fixtures/logs').filter((f) => !f.startsWith('.')).sort();

function tooWide(out: string, width: number): string[] {
  return out.split('\n').filter((l) => [...l].length > width && l.trim().includes(' '));
}

describe('log text at 80 columns', () => {
  it.each(LOGS)('%s', async (f) => {
    const r = await runCli(['log', `fixtures/logs/${f}`, '--verbose']);
    expect(r.stdout.split('\n').length).toBeGreaterThan(5);
    expect(tooWide(r.stdout, 80)).toEqual([]);
  });

  it('uses the terminal width on a terminal, and continues a wrapped message under its text', async () => {
    const f = 'fixtures/logs/encoder-decoder.log';
    const wide = await runCli(['log', f, '--no-color'], { isTTY: true, columns: 120 });
    const narrow = await runCli(['log', f]);
    expect(tooWide(wide.stdout, 120)).toEqual([]);
    expect(Math.max(...wide.stdout.split('\n').map((l) => [...l].length))).toBeGreaterThan(80);
    expect(narrow.stdout.split('\n').length).toBeGreaterThan(wide.stdout.split('\n').length);
    // An explanation's continuation lines start under its text, after the arrow.
    const lines = narrow.stdout.split('\n');
    const i = lines.findIndex((l) => /^ {20}→ /.test(l) && lines[lines.indexOf(l) + 1]?.startsWith(' '.repeat(22)));
    expect(i).toBeGreaterThan(0);
    expect(lines[i + 1]).toMatch(/^ {22}\S/);
  });
});
