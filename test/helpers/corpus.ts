/**
 * Where the real-world corpus is: ../shared/corpus beside the checkout (or $COREML_DOCTOR_CORPUS).
 * With CI=true a missing corpus is an error; otherwise the corpus suites skip.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const CORPUS_DIR = process.env.COREML_DOCTOR_CORPUS ?? resolve(REPO_ROOT, '..', 'shared', 'corpus');

export function corpusAvailable(): boolean {
  const ok = existsSync(CORPUS_DIR);
  if (!ok && process.env.CI === 'true') {
    throw new Error(`the corpus is missing at ${CORPUS_DIR} (CI=true makes that an error, not a skip)`);
  }
  return ok;
}

export function corpusPath(...parts: string[]): string {
  return resolve(CORPUS_DIR, ...parts);
}
