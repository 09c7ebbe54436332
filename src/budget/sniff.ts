/**
 * The JSON kinds src/budget reads or writes, told by their leading keys for the input registry
 * (src/inputs/registry.ts): a budget (no `steps`, no `schemaVersion`, and a key only budgets have)
 * and gate's own JSON result. Kept free of the rows so that sniffing loads nothing else;
 * test/budget/generated.test.ts checks every key here is a budget key.
 */

/** Keys only budgets have (a budget that writes none of them is still read as JSON; it only loses the hint). */
export const BUDGET_SIGNS: readonly string[] = ['targets', 'preset', 'sizeMB', 'latencyMs', 'fps', 'uiOverheadMs', 'overBudgetFrames', 'accuracyDrop', 'unsupportedOps', 'forbid', 'regression', 'lowerIsBetter', 'baselineStep'];

export function sniffBudget(keys: readonly string[]): boolean {
  return !keys.includes('steps') && !keys.includes('schemaVersion') && keys.some((k) => BUDGET_SIGNS.includes(k));
}

/** `coreml-doctor gate --json` output. */
export function sniffGateJson(keys: readonly string[]): boolean {
  return keys.includes('schemaVersion') && keys.includes('passed') && keys.includes('budgetFile');
}
