/**
 * What a table is, from its columns (never from its name alone): a profile (a stack column), an
 * interval table (start-time + duration), the raw os-signpost event table (event-type + event-time),
 * or something else. Columns are found by engineering type or mnemonic, so a reordered schema
 * (counters-profile puts the stack before the weight) or a renamed table reads the same.
 */
import type { WeightUnit } from '../model.js';
import type { Column, XctraceTable } from './reader.js';

export interface ProfileColumns {
  kind: 'profile';
  time: number;
  thread: number;
  process: number;
  core: number;
  state: number;
  /** -1 when the table has no weight column (time-sample: one sample = one unit). */
  weight: number;
  stack: number;
  /** `kperf-bt`: raw addresses, no symbols (time-sample). */
  unsymbolicated: boolean;
  unit: WeightUnit;
}

export interface IntervalColumns {
  kind: 'intervals';
  start: number;
  duration: number;
}

export interface SignpostColumns {
  kind: 'signposts';
  time: number;
  eventType: number;
  name: number;
  subsystem: number;
  category: number;
  identifier: number;
  process: number;
}

export type TableColumns = ProfileColumns | IntervalColumns | SignpostColumns | { kind: 'other' };

/** Index of the first column whose engineering type or mnemonic is one of `names`, else -1. */
export function findColumn(cols: readonly Column[], names: readonly string[], by: 'type' | 'mnemonic' | 'either' = 'either'): number {
  for (const n of names) {
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i] as Column;
      if ((by !== 'mnemonic' && c.engineeringType === n) || (by !== 'type' && c.mnemonic === n)) return i;
    }
  }
  return -1;
}

export function classifyTable(t: XctraceTable): TableColumns {
  const cols = t.columns;
  const start = findColumn(cols, ['start-time'], 'type') >= 0 ? findColumn(cols, ['start-time'], 'type') : findColumn(cols, ['start'], 'mnemonic');
  const duration = findColumn(cols, ['duration'], 'type');
  let stack = findColumn(cols, ['stack'], 'mnemonic');
  if (stack >= 0 && !['backtrace', 'tagged-backtrace'].includes((cols[stack] as Column).engineeringType)) stack = -1;
  if (stack < 0) stack = findColumn(cols, ['backtrace', 'tagged-backtrace'], 'type');
  let unsymbolicated = false;
  if (stack < 0) {
    stack = findColumn(cols, ['cp-user-callstack'], 'mnemonic');
    if (stack < 0) stack = findColumn(cols, ['kperf-bt'], 'type');
    unsymbolicated = stack >= 0;
  }
  if (stack >= 0 && !(start >= 0 && duration >= 0)) {
    const weight = findColumn(cols, ['weight'], 'mnemonic') >= 0 ? findColumn(cols, ['weight'], 'mnemonic') : findColumn(cols, ['weight', 'cycle-weight'], 'type');
    return {
      kind: 'profile',
      time: findColumn(cols, ['sample-time'], 'type') >= 0 ? findColumn(cols, ['sample-time'], 'type') : findColumn(cols, ['time'], 'mnemonic'),
      thread: findColumn(cols, ['thread'], 'type'),
      process: findColumn(cols, ['process'], 'type'),
      core: findColumn(cols, ['core'], 'type'),
      state: findColumn(cols, ['thread-state'], 'type'),
      weight,
      stack,
      unsymbolicated,
      unit: weight < 0 ? 'samples' : weightUnit(cols[weight] as Column),
    };
  }
  if (start >= 0 && duration >= 0) return { kind: 'intervals', start, duration };
  const eventType = findColumn(cols, ['event-type']);
  const time = findColumn(cols, ['event-time'], 'type');
  if (eventType >= 0 && time >= 0) {
    return {
      kind: 'signposts',
      time,
      eventType,
      name: findColumn(cols, ['signpost-name'], 'type') >= 0 ? findColumn(cols, ['signpost-name'], 'type') : findColumn(cols, ['name'], 'mnemonic'),
      subsystem: findColumn(cols, ['subsystem']),
      category: findColumn(cols, ['category']),
      identifier: findColumn(cols, ['os-signpost-identifier'], 'type') >= 0 ? findColumn(cols, ['os-signpost-identifier'], 'type') : findColumn(cols, ['identifier'], 'mnemonic'),
      process: findColumn(cols, ['process'], 'type'),
    };
  }
  return { kind: 'other' };
}

/**
 * The unit of a weight column, from its engineering type: `weight` is ns of CPU time, `cycle-weight`
 * is cycles (CPU Profiler). counters-profile types its weight column `any` but writes `<weight>`
 * cells in ns (fmt "1.00 ms" for 1000000 in the real export).
 */
function weightUnit(c: Column): WeightUnit {
  if (c.engineeringType === 'cycle-weight') return 'cycles';
  return 'ns';
}
