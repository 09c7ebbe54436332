/** Loading a budget: a file (or `-`), an inline manifest value, or named presets. */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { readJson } from './read-json.js';
import type { Budget } from './model.js';
import { findPreset, presetIds } from './presets.js';
import { presetBudget, resolveBudget } from './resolve.js';
import { validateBudget } from './validate.js';

export const BUDGET_WHAT = 'a coreml-doctor budget (JSON; schemas/budget.schema.json)';

/** Validates and resolves a parsed JSON value; `file` names it in errors, `at` is its JSON path there. */
export function budgetFromValue(value: unknown, file: string, at = '$'): Budget {
  return resolveBudget(validateBudget(value, file, at));
}

export async function loadBudgetFile(path: string, displayName: string, stdin?: NodeJS.ReadableStream): Promise<Budget> {
  return budgetFromValue(await readJson(path, { what: BUDGET_WHAT, displayName, stdin }), displayName);
}

/**
 * A pipeline manifest's `budget`: a preset name, a path relative to the manifest, or a budget
 * object. Null when the manifest has none. `gate` and `report` both read it here.
 */
export async function budgetFromManifest(value: unknown, manifest: { file: string; dir: string }, stdin?: NodeJS.ReadableStream): Promise<Budget | null> {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    if (findPreset(value)) return presetBudget(value);
    const path = isAbsolute(value) ? value : resolve(manifest.dir, value);
    if (!existsSync(path)) {
      throw new InputError(
        manifest.file,
        '$.budget',
        `no budget file ${JSON.stringify(value)} and no preset of that name`,
        `a path to a budget JSON file (relative to the manifest) or a preset: ${presetIds().join(', ')}`,
      );
    }
    return loadBudgetFile(path, value, stdin);
  }
  return { ...budgetFromValue(value, manifest.file, '$.budget'), file: `${manifest.file}:$.budget` };
}
