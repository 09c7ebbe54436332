/**
 * The docs show what the tool prints: every fenced block in README.md and docs/*.md whose first line
 * is `$ coreml-doctor ARGS` (optionally `; echo "exit $?"`) is the output of that command, run from
 * the repository off a terminal (80 columns). `UPDATE_DOCS=1 npx vitest run test/docs-output.test.ts`
 * rewrites the blocks after a change; without it the test fails on any block gone stale. A block with
 * a line that is only `…` is an excerpt: the lines above it are the first lines printed.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { REPO_ROOT } from './helpers/corpus.js';

const FILES = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const BLOCK = /^```\n\$ coreml-doctor ([^\n]*)\n([\s\S]*?)^```$/gm;
const UPDATE = process.env.UPDATE_DOCS === '1';

/** Shell words: spaces split, quotes group (enough for the docs' commands). */
function words(s: string): string[] {
  return [...s.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? (m[3] as string));
}

async function output(command: string): Promise<string | null> {
  const echo = /;\s*echo "exit \$\?"$/.test(command);
  const args = words(command.replace(/;\s*echo "exit \$\?"$/, ''));
  // Commands on files the docs only name (report.json of a previous step) are left as written.
  if (args.some((a) => /\.(json|xml|log|txt)$/.test(a) && !existsSync(join(REPO_ROOT, a)))) return null;
  const r = await runCli(args);
  return r.stdout + (echo ? `exit ${r.code}\n` : '');
}

describe('docs: example output is what the tool prints', () => {
  it.each(FILES)('%s', async (file) => {
    const path = join(REPO_ROOT, file);
    const text = readFileSync(path, 'utf8');
    let updated = text;
    const stale: string[] = [];
    for (const m of text.matchAll(BLOCK)) {
      const [whole, command, shown] = m as unknown as [string, string, string];
      const full = await output(command);
      if (full === null) continue;
      const lines = shown.split('\n');
      const cut = lines.findIndex((l) => /^\s*…$/.test(l));
      const printed = cut === -1 ? full : [...full.split('\n').slice(0, cut), lines[cut] as string, ''].join('\n');
      if (printed !== shown) {
        stale.push(command);
        updated = updated.replace(whole, '```\n$ coreml-doctor ' + command + '\n' + printed + '```');
      }
    }
    if (UPDATE && updated !== text) writeFileSync(path, updated);
    else expect(stale, `stale example output in ${file}; run UPDATE_DOCS=1 npx vitest run test/docs-output.test.ts`).toEqual([]);
  });
});
