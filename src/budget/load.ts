/** Loading a budget: a file (or `-`), an inline manifest value, or named presets. */
import { readJson } from './read-json.js';
import type { Budget } from './model.js';
import { resolveBudget } from './resolve.js';
import { validateBudget } from './validate.js';

export const BUDGET_WHAT = 'a coreml-doctor budget (JSON; schemas/budget.schema.json)';

/** Validates and resolves a parsed JSON value; `file` names it in errors, `at` is its JSON path there. */
export function budgetFromValue(value: unknown, file: string, at = '$'): Budget {
  return resolveBudget(validateBudget(value, file, at));
}

export async function loadBudgetFile(path: string, displayName: string, stdin?: NodeJS.ReadableStream): Promise<Budget> {
  return budgetFromValue(await readJson(path, { what: BUDGET_WHAT, displayName, stdin }), displayName);
}
