/**
 * How `report` and `gate` read a step's files: through the input registry (a step's "log" that is
 * really a manifest or an export is refused with what it is), each reader imported when it is used.
 */
import type { LogReader, TraceReader } from '../report/pipeline.js';

export const readTrace: TraceReader = async (path, o) =>
  (await import('../inputs/registry.js')).readInput('trace', { path, displayName: o.displayName, ...(o.callTree === false ? { callTree: false } : {}) });

export const readLog: LogReader = async (path, displayName) => (await import('../inputs/registry.js')).readInput('log', { path, displayName });
