/**
 * The row types of the generated op registry (./data.ts, made by scripts/gen-op-registry.mjs from
 * ../shared/research/op_registry.json); tuples keep the shipped module small, ./index.ts reads them.
 * (One comment with the first type: the compiled module is then an empty `export {};`.)
 *
 * Since: a final release (`4.0` ... `9.0`), `main` (registered only on the unreleased main branch), or null (pre-release tags only). */
export type Since = string | null;

/**
 * One registry key: the first final release that registers it, the first release that no longer
 * converts the spelling (`removedIn`), the first release whose registry lacks the key although the
 * spelling still converts through that release's lookup rules (`keyDroppedIn`: `relu_` from 5.1),
 * the names that share its converter (an index into GROUPS, -1 for none) and the argument cases
 * its converter refuses (indices into REFUSALS).
 */
export type OpRow = readonly [name: string, since: Since, removedIn: string | null, keyDroppedIn: string | null, group: number, refusals?: readonly number[]];

/** An ONNX op type: the onnx-coreml tag from which each registry had it, and whether coremltools 4.0-5.2 shipped it. */
export type OnnxRow = readonly [name: string, legacySince: string | null, ndSince: string | null, inCoremltools: 0 | 1];

export type PrereleaseRow = readonly [frontend: 'pytorch' | 'tensorflow', name: string, firstTag: string];

export type GraphPassRow = readonly [frontend: 'pytorch' | 'tensorflow', names: readonly string[], what: string, how: string];

export interface RegistryProvenance {
  /** The research file the module was generated from, and its SHA-256. */
  source: string;
  sha256: string;
  /** The coremltools snapshot the research read (its main branch HEAD and that commit's date). */
  coremltools: { repo: string; commit: string; date: string };
  onnxCoreml: { repo: string; commit: string; date: string };
  generator: string;
}
