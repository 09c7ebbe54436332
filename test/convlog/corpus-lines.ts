/** Lines for the convlog tests: every line of the corpus' conversion logs, cleaned, and again with its logging prefix split off (as the parser hands it over); every cut of built lines. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanLine, splitLoggingPrefix } from '../../src/convlog/normalize.js';
import { CORPUS_DIR } from '../helpers/corpus.js';

export function corpusTexts(): string[] {
  const dir = join(CORPUS_DIR, 'convlogs');
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.log'))) {
    for (const raw of readFileSync(join(dir, f), 'utf8').split(/\r\n|\r|\n/)) {
      const s = cleanLine(raw);
      if (s) out.push(s, splitLoggingPrefix(s).text);
    }
  }
  return out;
}

/** Every prefix of each line, the empty one and the whole line included (a line cut anywhere). */
export function everyCut(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of lines) for (let k = 0; k <= s.length; k++) out.push(s.slice(0, k));
  return out;
}
