import type { ConversionLog, Severity, Stage, VersionInfo } from '../../convlog/model.js';

const FRONTEND_NAMES = new Map<string, string>([
  ['pytorch', 'PyTorch'],
  ['tensorflow', 'TensorFlow'],
  ['onnx', 'ONNX'],
  ['mil', 'MIL'],
  ['unknown', 'not shown in the log'],
]);

export function frontendLabel(log: ConversionLog): string {
  const name = FRONTEND_NAMES.get(log.frontend) ?? log.frontend;
  return log.frontendVariant ? `${name} (${log.frontendVariant})` : name;
}

export function stageProgress(s: Stage): string {
  if (s.done !== null && s.total !== null) return `${s.done}/${s.total}`;
  return s.percent !== null ? `${s.percent}%` : '?';
}

export function severityOrder(s: Severity): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : 2;
}

/** The main graph's stages (a loop body's bar is nested in one of them) and how many nested bars there were. */
export function mainStages(stages: readonly Stage[]): { main: Stage[]; nested: number } {
  const main = stages.filter((s) => !s.nested);
  return { main, nested: stages.length - main.length };
}

/** A note when the inferred range spans so many releases that it barely tells the version (4.0-8.3). */
export function versionRangeNote(v: VersionInfo): string | null {
  if (v.source !== 'fingerprint' || !v.min || !v.max) return null;
  const major = (x: string) => Number(x.split('.')[0]);
  return major(v.max) - major(v.min) >= 3 ? 'a wide range: the log barely tells which release' : null;
}

export function outcomeWord(o: ConversionLog['outcome']): string {
  return o === 'failed' ? 'FAILED' : o === 'converted' ? 'CONVERTED' : 'UNKNOWN';
}

/** Runs shown when a log holds many: the first and the last few. */
export function shownConversions<T>(all: readonly T[], head = 5, tail = 5): { items: T[]; hidden: number; at: number } {
  if (all.length <= head + tail + 2) return { items: [...all], hidden: 0, at: all.length };
  return { items: [...all.slice(0, head), ...all.slice(-tail)], hidden: all.length - head - tail, at: head };
}
