/**
 * The one-line errors a doc shows: the lines of the first fenced block after a heading. Tests that
 * provoke each error compare the line printed with the doc's, so the doc cannot go stale (the error
 * examples need inputs that are built in the test, which docs-output.test.ts cannot run).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './corpus.js';

export function docErrorLines(doc: string, heading: string): string[] {
  const text = readFileSync(join(REPO_ROOT, doc), 'utf8');
  const at = text.indexOf(`\n${heading}\n`);
  if (at === -1) throw new Error(`${doc} has no heading "${heading}"`);
  const block = /\n```[a-z]*\n([\s\S]*?)\n```\n/.exec(text.slice(at));
  if (!block) throw new Error(`${doc} has no fenced block after "${heading}"`);
  return (block[1] as string).split('\n').filter((l) => l.startsWith('coreml-doctor: '));
}
