/**
 * The JSON kinds src/report reads, told by their leading keys for the input registry
 * (src/inputs/registry.ts): a pipeline manifest (`steps`, no `schemaVersion`) and the report's own
 * JSON (`schemaVersion` with the report's fields).
 */

export function sniffManifest(keys: readonly string[]): boolean {
  return keys.includes('steps') && !keys.includes('schemaVersion');
}

export function sniffReportJson(keys: readonly string[]): boolean {
  return keys.includes('schemaVersion') && (keys.includes('sizeBudgetBytes') || keys.includes('frameBudget') || keys.includes('memoryPlan') || (keys.includes('steps') && keys.includes('device')));
}
