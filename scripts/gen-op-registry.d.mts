/** Types for scripts/gen-op-registry.mjs (the tests import it). */
export const DEFAULT_SOURCE: string;
export const DEFAULT_OUT: string;
export function readableMessage(raw: string): string | null;
export function generateRegistryModule(text: string): string;
