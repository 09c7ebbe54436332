/** Formatting shared by the trace renderers: weights in their unit, shares, engine names. */
import { formatInt } from '../../core/units.js';
import type { EngineName, IntervalSummary, ProfileSummary, StartupPhaseSummary, StartupSummary, TraceAnalysis, WeightUnit } from '../../trace/model.js';

export const ENGINE_LABELS = new Map<EngineName, string>([
  ['neuralEngine', 'Neural Engine (CPU side)'],
  ['gpu', 'GPU (Metal, MPS)'],
  ['cpuCompute', 'CPU compute (BNNS, Accelerate)'],
  ['coremlOverhead', 'Core ML / Espresso overhead'],
  ['app', "App's own code"],
  ['system', 'System'],
  ['unknown', 'Unknown (no binary or no stack)'],
]);

/** A weight in its unit, human-scaled: 1.25 s, 414.50 Kc, 12 samples. */
export function formatWeight(w: number, unit: WeightUnit): string {
  switch (unit) {
    case 'ns':
      return formatDurationMs(w / 1e6);
    case 'ms':
      return formatDurationMs(w);
    case 'cycles': {
      const a = Math.abs(w);
      if (a >= 1e12) return `${(w / 1e12).toFixed(2)} Tc`;
      if (a >= 1e9) return `${(w / 1e9).toFixed(2)} Gc`;
      if (a >= 1e6) return `${(w / 1e6).toFixed(2)} Mc`;
      if (a >= 1e3) return `${(w / 1e3).toFixed(2)} Kc`;
      return `${formatInt(w)} cycles`;
    }
    case 'bytes':
      return formatInstrumentsBytes(w);
    default:
      return `${formatInt(w)} ${w === 1 ? 'sample' : 'samples'}`;
  }
}

/**
 * Bytes the way Instruments writes them: KB, MB, GB of 2^10, 2^20, 2^30 bytes, two decimals
 * ("429.93 MB" is 429.93 · 2^20 bytes), whole bytes under 1 KB. Never an exponent.
 */
export function formatInstrumentsBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const a = Math.abs(bytes);
  if (a >= 1024 ** 4) return `${(bytes / 1024 ** 4).toFixed(2)} TB`;
  if (a >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (a >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(2)} MB`;
  if (a >= 1024) return `${(bytes / 1024).toFixed(2)} KB`;
  return `${formatInt(bytes)} Bytes`;
}

/** The words the profile's section uses for its weights: time, cycles, samples or allocated bytes. */
export function weightWords(unit: WeightUnit): { where: string; self: string } {
  if (unit === 'bytes') return { where: 'Where the memory goes  (bytes allocated, by the engine that asked for them)', self: 'where the allocation was made' };
  return { where: 'Where the time goes  (by the engine each sample works for)', self: 'where the CPU was' };
}

export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const a = Math.abs(ms);
  if (a >= 60_000) return `${(ms / 60_000).toFixed(2)} min`;
  if (a >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (a >= 1) return `${ms.toFixed(2)} ms`;
  if (a === 0) return '0 ms';
  return `${(ms * 1000).toFixed(1)} µs`;
}

/** Milliseconds with a fixed precision, for latency columns. */
export function ms(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '—' : v >= 100 ? v.toFixed(1) : v.toFixed(2);
}

export function share(part: number, whole: number): string {
  if (!(whole > 0)) return '—';
  return `${((part / whole) * 100).toFixed(1)} %`;
}

export function profileTitle(p: ProfileSummary): string {
  const where = [p.run !== null ? `run ${p.run}` : null, p.position != null ? `table ${p.position}` : null].filter(Boolean).join(', ');
  return where ? `${p.table} (${where})` : p.table;
}

/** Interval summaries by table (run, position, schema), in order of first appearance. */
export function intervalBlocks(list: IntervalSummary[]): IntervalSummary[][] {
  const blocks = new Map<string, IntervalSummary[]>();
  for (const i of list) {
    const key = `${i.run}\u0000${i.position ?? ''}\u0000${i.xpath ?? ''}\u0000${i.table}`;
    const b = blocks.get(key);
    if (b) b.push(i);
    else blocks.set(key, [i]);
  }
  return [...blocks.values()];
}

export function intervalTitle(i: IntervalSummary): string {
  const where = [i.run !== null ? `run ${i.run}` : null, i.position != null ? `table ${i.position}` : null].filter(Boolean).join(', ');
  return where ? `${i.table} (${where})` : i.table;
}

/** Which columns the groups come from, in words. */
export function groupingLine(i: IntervalSummary): string {
  const by = i.groupedBy ?? [];
  if (!by.length) return `one group: no column says what a row is (${i.groupRule ?? 'no rule'}); --group-by COLUMN groups the rows`;
  return `grouped by ${by.join(' · ')}: ${i.groupRule ?? ''}`;
}


/** CPU per interval, in words: "3.20 ms (mean of 120)". */
export function cpuPerInterval(i: IntervalSummary): string {
  const c = i.cpuPerInterval;
  if (!c) return '—';
  return formatWeight(c.mean, c.unit);
}

/** A short string for a long name: keeps the start and the end. */
export function clipMiddle(s: string, max: number): string {
  if (s.length <= max) return s;
  const keep = max - 1;
  const head = Math.ceil(keep * 0.7);
  return s.slice(0, head) + '…' + s.slice(s.length - (keep - head));
}

/** The two parts of the unknown engine, each in its own row (a stack without a binary is not "no stack"). */
export const UNKNOWN_PARTS = { noBinary: 'Unknown: no binary (unsymbolicated, JIT)', noStack: 'No stack (samples without a backtrace)' } as const;

/**
 * Engines sorted by weight, zero weights left out. The unknown engine is shown as its two parts:
 * frames without a binary (unsymbolicated addresses, JIT code) and samples without a stack.
 */
export function engineRows(p: ProfileSummary): { engine: EngineName | 'noStack'; label: string; weight: number }[] {
  const rows: { engine: EngineName | 'noStack'; label: string; weight: number }[] = [];
  for (const [engine, label] of ENGINE_LABELS) {
    const weight = p.engines[engine] ?? 0;
    if (engine !== 'unknown') rows.push({ engine, label, weight });
    else {
      const noStack = Math.min(weight, p.noStackWeight);
      rows.push({ engine, label: UNKNOWN_PARTS.noBinary, weight: weight - noStack }, { engine: 'noStack', label: UNKNOWN_PARTS.noStack, weight: noStack });
    }
  }
  return rows.filter((e) => e.weight > 0).sort((a, b) => b.weight - a.weight);
}

export function unitNote(unit: WeightUnit): string {
  switch (unit) {
    case 'ns':
      return 'CPU time';
    case 'ms':
      return 'time (Deep Copy display values)';
    case 'cycles':
      return 'CPU cycles';
    case 'bytes':
      return 'bytes allocated';
    default:
      return 'samples';
  }
}

/** The line that flags a truncated export, before everything it read. */
export function truncatedLine(t: NonNullable<TraceAnalysis['truncated']>): string {
  const at = t.line !== null ? `byte ${t.byte} (line ${t.line})` : `byte ${t.byte}`;
  const where = t.table !== null ? ` in ${t.table}` : '';
  return `TRUNCATED at ${at}${where}: what follows is what the ${formatInt(t.rows)} complete row${t.rows === 1 ? '' : 's'} before it say (--strict: exit 2)`;
}

/** The start-up phases as the renderers show them, in order; phases without intervals left out. */
export function startupRows(s: StartupSummary): { label: string; phase: StartupPhaseSummary }[] {
  const rows: [string, StartupPhaseSummary | null][] = [
    ['Load', s.load],
    ['Compile', s.compile],
    ['First prediction', s.firstPrediction],
  ];
  return rows.filter((r): r is [string, StartupPhaseSummary] => r[1] !== null).map(([label, phase]) => ({ label, phase }));
}

/** Where the start-up intervals come from, in words: "coreml-os-signpost (run 1)". */
export function startupSources(s: StartupSummary): string {
  return [...new Set(s.tables.map((t) => (t.run !== null ? `${t.table} (run ${t.run})` : t.table)))].join(', ');
}

/** A model's start-up counts in words: "2 loads, 1 compile, 2 first predictions". */
export function startupCounts(m: StartupSummary['models'][number]): string {
  const n = (k: number, one: string, many: string) => (k ? `${formatInt(k)} ${k === 1 ? one : many}` : null);
  return [n(m.load, 'load', 'loads'), n(m.compile, 'compile', 'compiles'), n(m.firstPrediction, 'first prediction', 'first predictions')].filter(Boolean).join(', ');
}
