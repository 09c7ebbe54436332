/** Loading a budget: a file (or `-`), an inline manifest value, named presets; and choosing which one a run uses. */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { InputError, UsageError } from '../core/errors.js';
import { readJson } from '../core/json.js';
import { BUDGET_ROWS, type RowTable } from './assertions.js';
import type { Budget, BudgetSource } from './model.js';
import { findPreset, presetIds } from './presets.js';
import { presetBudget, presetsBudget, resolveBudget } from './resolve.js';
import { validateBudget } from './validate.js';

export const BUDGET_WHAT = 'a coreml-doctor budget (JSON; schemas/budget.schema.json)';

/** Validates and resolves a parsed JSON value; `file` names it in errors, `at` is its JSON path there. */
export function budgetFromValue(value: unknown, file: string, at = '$', rows: RowTable = BUDGET_ROWS, source?: BudgetSource): Budget {
  return resolveBudget(validateBudget(value, file, at, rows), source ?? (at === '$' ? { kind: 'file', file } : { kind: 'inline', file, path: at }), rows);
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

export interface BudgetChoice {
  /** --budget FILE (`-`: stdin), resolved and as typed. */
  file?: { path: string; display: string } | undefined;
  /** --preset a,b */
  presets?: string | undefined;
  /** The manifest being measured, whose `budget` is the default. */
  manifest?: { file: string; dir: string; budget: unknown } | null;
  stdin?: NodeJS.ReadableStream;
}

/** The budget a run checks: --budget, else --preset, else the manifest's own `budget`; a usage error when there is none. */
export async function chooseBudget(c: BudgetChoice): Promise<Budget> {
  if (c.file !== undefined && c.presets !== undefined) throw new UsageError('give --budget or --preset, not both (a budget file can name a preset)');
  if (c.file !== undefined) return loadBudgetFile(c.file.path, c.file.display, c.stdin);
  if (c.presets !== undefined) {
    const ids = c.presets
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0) throw new UsageError('--preset: no preset named; see coreml-doctor gate --list-presets');
    return presetsBudget(ids);
  }
  const fromManifest = c.manifest ? await budgetFromManifest(c.manifest.budget, c.manifest, c.stdin) : null;
  if (fromManifest) return fromManifest;
  throw new UsageError(`no budget: give --budget FILE (${BUDGET_WHAT}) or --preset NAME${c.manifest ? `, or a "budget" in ${c.manifest.file}` : ''}`);
}
