/** `gate --list-presets`: every preset with its figures, what each rests on, and its sources. */
import { PRESETS, type Preset, type PresetFigure } from '../../budget/presets.js';
import type { Colors } from '../../core/color.js';

function figure(name: string, unit: string, f: PresetFigure | undefined, c: Colors): string[] {
  if (!f) return [];
  const value = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(2);
  const flag = f.verified ? '' : c.yellow(' [unverified]');
  const out = [`  ${name.padEnd(16)}${value} ${unit}  ${c.dim(f.basis)}${flag}  ${f.note}`];
  for (const s of f.sources) out.push(c.dim(`                  source: ${s}`));
  return out;
}

export function renderPresetsText(c: Colors): string {
  const out: string[] = [];
  for (const p of PRESETS) {
    out.push(c.bold(p.id) + '  ' + p.title, c.dim(`  ${p.devices}`));
    out.push(...figure('sizeMB', 'MB', p.sizeMB, c));
    out.push(...figure('fps', 'fps', p.fps, c));
    out.push(...figure('uiOverheadMs', 'ms', p.uiOverheadMs, c));
    if (p.fps) {
      const per = 1000 / p.fps.value - (p.uiOverheadMs?.value ?? 0);
      out.push(`  ${'→ per inference'.padEnd(16)}${per.toFixed(2)} ms (1000 / fps − uiOverheadMs), checked on p99 by default`);
    }
    for (const n of p.notes) out.push(c.dim(`  note: ${n}`));
    for (const s of p.sources ?? []) out.push(c.dim(`  source: ${s}`));
    out.push('');
  }
  out.push('Figures marked [unverified] are conventions or could not be checked against a primary source: override them in your budget.');
  return out.join('\n') + '\n';
}

export function renderPresetsJson(): string {
  return JSON.stringify({ schemaVersion: 1, presets: PRESETS as readonly Preset[] }, null, 2) + '\n';
}
