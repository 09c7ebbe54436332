/** Every line of the corpus' conversion logs, cleaned, and again with its logging prefix split off (as the parser hands it over). */
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
