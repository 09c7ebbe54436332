import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/convlog/model.js';
import { budgetFromValue } from '../../src/budget/load.js';
import { presetIds } from '../../src/budget/presets.js';
import { ROOT_KEYS, TARGET_KEYS } from '../../src/budget/validate.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { validateAgainstSchema } from './json-schema.js';

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas/budget.schema.json'), 'utf8')) as Record<string, unknown>;
const dir = join(REPO_ROOT, 'fixtures/budgets');
const read = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as unknown;

function validatorAccepts(value: unknown, file: string): boolean {
  try {
    budgetFromValue(value, file);
    return true;
  } catch {
    return false;
  }
}

describe('schemas/budget.schema.json and the validator agree', () => {
  const good = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const bad = readdirSync(join(dir, 'invalid')).filter((f) => f.endsWith('.json'));

  it('has fixtures of both kinds', () => {
    expect(good.length).toBeGreaterThanOrEqual(4);
    expect(bad.length).toBeGreaterThanOrEqual(10);
  });

  for (const f of good) {
    it(`accepts fixtures/budgets/${f}`, () => {
      const v = read(join(dir, f));
      expect(validateAgainstSchema(schema, v)).toEqual([]);
      expect(validatorAccepts(v, f)).toBe(true);
    });
  }
  for (const f of bad) {
    it(`rejects fixtures/budgets/invalid/${f}`, () => {
      const v = read(join(dir, 'invalid', f));
      expect(validateAgainstSchema(schema, v).length).toBeGreaterThan(0);
      expect(validatorAccepts(v, f)).toBe(false);
    });
  }

  it('lists the same keys, presets and categories as the code', () => {
    const defs = schema.definitions as Record<string, Record<string, unknown>>;
    const targetProps = Object.keys(defs.target?.properties as object);
    expect(targetProps.filter((k) => k !== '$schema').sort()).toEqual([...TARGET_KEYS].sort());
    const matrix = (schema.oneOf as Record<string, unknown>[])[0] as { properties: object };
    expect(Object.keys(matrix.properties).sort()).toEqual([...ROOT_KEYS].sort());
    expect((defs.target?.properties as Record<string, { enum: string[] }>).preset?.enum).toEqual(presetIds());
    expect((defs.categories?.items as { enum: string[] }).enum).toEqual([...CATEGORIES]);
  });

  it('the evaluator used here does reject what the schema forbids (it is not a yes-machine)', () => {
    expect(validateAgainstSchema(schema, { sizeMB: 'eight' }).length).toBeGreaterThan(0);
    expect(validateAgainstSchema(schema, { latencyMs: { p99: -1 } }).length).toBeGreaterThan(0);
    expect(validateAgainstSchema(schema, { fps: ['warn', { min: 0 }] }).length).toBeGreaterThan(0);
    expect(validateAgainstSchema(schema, { accuracyDrop: { top1: ['error', { max: 0.01, extra: 1 }] } }).length).toBeGreaterThan(0);
    expect(validateAgainstSchema(schema, { sizeMB: 8 })).toEqual([]);
  });
});
