/**
 * The docs show what the tool prints: every fenced block in README.md and docs/*.md whose first line
 * is `$ coreml-doctor ARGS` (optionally `; echo "exit $?"`) is the output of that command, run from
 * the repository off a terminal (80 columns). `UPDATE_DOCS=1 npx vitest run test/docs-output.test.ts`
 * rewrites the blocks after a change; without it the test fails on any block gone stale. A block with
 * a line that is only `…` is an excerpt: the lines above it are the first lines printed. A block that
 * starts with a `…` line shows lines from the middle: each run of lines between `…` lines must be
 * printed, in that order (UPDATE_DOCS cannot rewrite such a block: it fails, to be edited by hand). A
 * command ending in ` 2>&1` shows stderr after stdout (where the one-line errors go). Files the
 * command names that are not here (the corpus beside the checkout, a report.json the docs only name)
 * leave the block as written.
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
  let rest = command.replace(/;\s*echo "exit \$\?"$/, '');
  const withStderr = / 2>&1$/.test(rest);
  rest = rest.replace(/ 2>&1$/, '');
  const args = words(rest);
  if (args.some((a) => /\.(json|xml|log|txt|mlmodel|mlpackage)$/.test(a) && !existsSync(join(REPO_ROOT, a)))) return null;
  const r = await runCli(args);
  return r.stdout + (withStderr ? r.stderr : '') + (echo ? `exit ${r.code}\n` : '');
}

/** Whether every run of lines between `…` lines of an excerpt from the middle is printed, in order. */
function middleExcerptHolds(shown: string, full: string): boolean {
  const runs = shown.split(/^\s*…\n/m).filter((r) => r.length > 0);
  let at = 0;
  for (const run of runs) {
    const i = full.indexOf(run, at);
    if (i === -1) return false;
    at = i + run.length;
  }
  return true;
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
      if (/^\s*…\n/.test(shown)) {
        if (!middleExcerptHolds(shown, full)) stale.push(`${command} (an excerpt from the middle: edit it by hand)`);
        continue;
      }
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
