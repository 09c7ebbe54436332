/** Every command's --help fits the terminal (80 columns off one) and none of it is hard-wrapped. */
import { describe, expect, it } from 'vitest';
import { renderAfterHelp, wrapCommand } from '../../src/cli/help.js';
import { runCli } from '../helpers/cli.js';

const COMMANDS = [[], ['log'], ['rewrites'], ['trace'], ['report'], ['gate'], ['model']];

const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('--help', () => {
  it.each(COMMANDS.map((c) => [c.join(' ') || '(program)', c] as const))('%s: nothing wider than 80 columns off a terminal', async (_, cmd) => {
    const r = await runCli([...cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes:\n {2}0 {2}/);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
  });

  it.each(COMMANDS.map((c) => [c.join(' ') || '(program)', c] as const))('%s: follows the terminal, 60 to 160 columns, and is never hard-wrapped', async (_, cmd) => {
    for (const columns of [60, 80, 160]) {
      const r = await runCli([...cmd, '--help'], { isTTY: true, columns });
      // Only a word longer than a line (an XPath in trace's help) may stick out.
      const over = r.stdout.split('\n').filter((l) => [...l].length > columns);
      for (const l of over) expect(l.trim().replace(/ \\$/, '')).not.toContain(' ');
      // No mid-sentence breaks from the source: each line of the description is as full as greedy wrapping makes it.
      const description = (r.stdout.split('\n\n')[1] as string).split('\n');
      description.slice(0, -1).forEach((line, i) => {
        const next = (description[i + 1] as string).split(' ')[0] as string;
        expect(line.length + 1 + next.length, `${columns} columns: "${line}" could hold "${next}"`).toBeGreaterThan(columns);
      });
      // Exit codes: one line each when there is room.
      if (columns === 160) {
        const exits = r.stdout.slice(r.stdout.indexOf('Exit codes:')).split('\n\n')[0] as string;
        for (const line of exits.trimEnd().split('\n').slice(1)) expect(line).toMatch(/^ {2}\d {2}\S/);
      }
    }
  });

  it('long example commands continue with a backslash, quotes and redirections kept whole', () => {
    const lines = wrapCommand(`xcrun xctrace export --input X.trace --xpath '/trace-toc/run[@number="1"]/data/table[@schema="time-profile"]' > tp.xml`, 78);
    expect(lines).toEqual(['xcrun xctrace export --input X.trace --xpath \\', `    '/trace-toc/run[@number="1"]/data/table[@schema="time-profile"]' \\`, '    > tp.xml']);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(78);
  });

  it('an explanation that does not fit beside its command goes under it', () => {
    const text = renderAfterHelp({ sections: [{ title: 'Examples', examples: [['a b', 'short'], ['coreml-doctor report pipeline.json --json > report.json', 'the JSON gate --baseline reads, for the main branch']] }] }, 60);
    expect(text.split('\n')).toEqual(['', 'Examples:', '  a b  short', '  coreml-doctor report pipeline.json --json > report.json', '      the JSON gate --baseline reads, for the main branch']);
  });
});
