import type { ConversionLog, Severity, Stage } from '../../convlog/model.js';

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
