/**
 * Files derived from the budget rows stay derived: schemas/budget.schema.json is
 * budgetJsonSchemaText(), and docs/gate.md's generated tables are the rows' own. After changing a
 * row, rewrite them with `UPDATE_GENERATED=1 npx vitest run test/budget/generated.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSERTION_ROWS } from '../../src/budget/assertions.js';
import { fillGenerated, generatedDocs } from '../../src/budget/docs.js';
import { budgetJsonSchemaText } from '../../src/budget/json-schema.js';
import { BUDGET_SIGNS } from '../../src/budget/sniff.js';
import { TARGET_KEYS } from '../../src/budget/validate.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const update = process.env.UPDATE_GENERATED === '1';

function derived(file: string, expected: string): void {
  const path = join(REPO_ROOT, file);
  if (update) writeFileSync(path, expected);
  expect(readFileSync(path, 'utf8'), `${file} is derived from src/budget's rows: run UPDATE_GENERATED=1 npx vitest run test/budget/generated.test.ts`).toBe(expected);
}

describe('what the budget rows derive', () => {
  it('schemas/budget.schema.json', () => derived('schemas/budget.schema.json', budgetJsonSchemaText()));

  it("docs/gate.md's assertion and regression tables", () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs/gate.md'), 'utf8');
    const blocks = generatedDocs();
    for (const name of blocks.keys()) expect(doc, `docs/gate.md has no <!-- generated: ${name} --> block`).toContain(`<!-- generated: ${name} -->`);
    derived('docs/gate.md', fillGenerated(doc, blocks));
  });

  it('the docs table has one row per assertion row, naming its key', () => {
    const table = generatedDocs().get('budget-assertions') ?? '';
    for (const r of ASSERTION_ROWS) expect(table).toContain(`| \`${r.key}`);
  });

  it('the budget sniffer only knows keys a budget has', () => {
    for (const k of BUDGET_SIGNS) expect(TARGET_KEYS.includes(k) || k === 'targets', k).toBe(true);
  });
});
