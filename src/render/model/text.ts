/**
 * `coreml-doctor model` for a terminal: what the model is and needs, its inputs and outputs, its parts,
 * ops or layers, weights, and findings, in 80 columns. Strings from the model are sanitised.
 */
import { noColors, type Colors } from '../../core/color.js';
import { sanitizeTerminal as t } from '../../core/escape.js';
import { formatBytes } from '../../core/units.js';
import type { Feature, Finding, ModelPart, ModelSummary } from '../../model/summary.js';
import { bitsText, byCount, countText, featureType, osText, partDetails, subModelLabel } from './common.js';

export interface ModelTextOptions {
  colors?: Colors;
  /** Columns; 80 unless the terminal says otherwise. */
  width?: number;
  /** Op types listed per function before "and N more". */
  topOps?: number;
}

const NAME_COLUMN = 22;

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

// eslint-disable-next-line no-control-regex
const visible = (s: string): number => s.replace(/\u001b\[[0-9;]*m/g, '').length;

/** Greedy word wrap; a word longer than a line (a long op name from the model) is cut into pieces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (visible(word) > width) {
      if (line) lines.push(line);
      line = '';
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!line) line = word;
    else if (visible(line) + 1 + visible(word) <= width) line += ' ' + word;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function block(out: string[], text: string, width: number, indent: string): void {
  const lines = wrap(text, width - indent.length);
  for (const l of lines) out.push(indent + l);
}

function features(out: string[], title: string, list: readonly Feature[], c: Colors, width: number): void {
  if (!list.length) return;
  out.push(c.bold(title));
  for (const f of list.slice(0, 50)) {
    const name = clip(t(f.name), NAME_COLUMN);
    const extra = [f.optional ? 'optional' : '', f.flexible !== 'none' ? `flexible: ${f.flexible}` : ''].filter(Boolean);
    const type = t(featureType(f)) + (extra.length ? c.dim(` (${extra.join(', ')})`) : '');
    const lines = wrap(type, width - NAME_COLUMN - 4);
    out.push(`  ${name.padEnd(NAME_COLUMN)}  ${lines[0] ?? ''}`);
    for (const l of lines.slice(1)) out.push(' '.repeat(NAME_COLUMN + 4) + l);
  }
  if (list.length > 50) out.push(c.dim(`  ... and ${list.length - 50} more`));
}

/** "conv 88 · silu 77 · ...": items kept whole, wrapped between items. */
function countLines(counts: ReadonlyMap<string, number>, width: number, top: number): string[] {
  const entries = byCount(counts);
  const items = entries.slice(0, top).map(([k, n]) => `${clip(t(k), width - 12)} ${n}`);
  if (entries.length > top) items.push(`and ${entries.length - top} more types`);
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line && line.length + 3 + item.length > width - 4) {
      lines.push(line);
      line = item;
    } else line = line ? `${line} · ${item}` : item;
  }
  if (line) lines.push(line);
  return lines.map((l) => `    ${l}`);
}

function computeSections(out: string[], p: ModelPart, where: string, c: Colors, width: number, top: number): void {
  for (const fn of p.functions) {
    const prec = fn.computePrecision.precision;
    out.push(c.bold(`Ops in ${t(fn.name)}`) + c.dim(` (${[where, t(fn.opset), `${prec} compute`].filter(Boolean).join(', ')})`) + `: ${fn.opCount}`);
    out.push(...countLines(fn.ops, width, top));
  }
  const layerCount = [...p.layers.values()].reduce((a, b) => a + b, 0);
  if (layerCount) {
    out.push(c.bold('Layers') + c.dim(where ? ` (${where})` : '') + `: ${layerCount}${p.details.neuralNetwork ? c.dim(`, ${p.details.neuralNetwork.nestedNetworks} nested networks counted`) : ''}`);
    out.push(...countLines(p.layers, width, top));
  }
  p.subModels.forEach((s, i) => computeSections(out, s, where ? `${where}.${i + 1}` : `sub-model ${i + 1}`, c, width, top));
}

function weights(out: string[], m: ModelSummary, c: Colors, width: number): void {
  const w = m.weights;
  if (w.parameters === null) {
    block(out, c.bold('Weights') + c.dim(`: not counted for a ${t(m.modelType)} (only for neural networks and ML programs)`), width, '');
    return;
  }
  if (w.missing) {
    out.push(c.bold(c.red('Weights: MISSING')));
    block(out, t(w.missingReason ?? 'the weight file is not there'), width, '  ');
    const d = w.declared;
    block(out, `the program declares ${countText(w.parameters)} parameters${d ? `, ${formatBytes(d.bytes)} at ${bitsText(d.bitsPerWeight)} bits per weight (not checked: no weight file)` : ''}`, width, '  ');
  } else if (w.parameters === 0) {
    out.push(c.bold('Weights') + ': none');
    return;
  } else {
    out.push(c.bold('Weights') + `: ${countText(w.parameters)} parameters · ${formatBytes(w.bytes ?? 0)} · ${bitsText(w.bitsPerWeight)} bits per weight`);
  }
  if (w.storage.length) out.push(c.dim(`  ${'stored as'.padEnd(STORAGE_LABEL)} tensors  parameters      bytes   bits`));
  for (const s of w.storage.slice(0, 12)) {
    const label = clip(t(s.label), STORAGE_LABEL).padEnd(STORAGE_LABEL);
    const cols = ` ${String(s.tensors).padStart(7)}  ${countText(s.parameters).padStart(10)}  ${(s.bytes === null ? '—' : formatBytes(s.bytes)).padStart(9)}  ${bitsText(s.bitsPerWeight).padStart(5)}`;
    out.push(`  ${label}${cols}${s.density !== undefined ? c.dim(` ${(s.density * 100).toFixed(0)} % nz`) : ''}`);
  }
  if (w.storage.length > 12) out.push(c.dim(`  ... and ${w.storage.length - 12} more kinds`));
  if (w.byDtype.size) out.push(c.dim(`  by dtype: ${byCount(w.byDtype).map(([k, v]) => `${t(k)} ${formatBytes(v)}`).join(' · ')}`));
  for (const f of w.blobs?.files ?? []) {
    const name = t(f.reference.replace(/^@model_path\//, ''));
    if (!f.present) {
      block(out, c.red(`${name}: missing (${f.referenced} blob${f.referenced === 1 ? '' : 's'} referenced)`), width, '  ');
      continue;
    }
    const line = `${name}: ${formatBytes(f.sizeBytes ?? 0)}, ${f.count} blob${f.count === 1 ? '' : 's'}, ${f.referenced} referenced${f.unreferenced ? `, ${f.unreferenced} unreferenced` : ''}, all checked`;
    block(out, line, width, '  ');
  }
}

const LEVEL_WIDTH = 8;
const STORAGE_LABEL = 28;

function findings(out: string[], list: readonly Finding[], c: Colors, width: number): void {
  if (!list.length) {
    out.push(c.bold('Findings') + ': none');
    return;
  }
  const counts = ['error', 'warning', 'info'].map((l) => [l, list.filter((f) => f.level === l).length] as const).filter(([, n]) => n > 0);
  out.push(c.bold(`Findings (${counts.map(([l, n]) => `${n} ${l}${n === 1 ? '' : 's'}`).join(', ')})`));
  const indent = ' '.repeat(LEVEL_WIDTH + 3);
  for (const f of list) {
    const paint = f.level === 'error' ? c.red : f.level === 'warning' ? c.yellow : c.dim;
    const where = [subModelLabel(f.subModel), f.function ? `function ${f.function}` : ''].filter(Boolean).join(', ');
    out.push(`  ${paint(f.level.padEnd(LEVEL_WIDTH))} ${c.bold(f.id)}${where ? c.dim(` (${t(where)})`) : ''}`);
    block(out, t(f.message), width, indent);
    block(out, c.dim(`evidence: ${t(f.evidence)}`), width, indent);
    if (f.rewrite) block(out, `rewrite (${t(f.rewrite.id)}): ${t(f.rewrite.summary)}`, width, indent);
    block(out, c.dim(`source (${f.source.evidence}): ${t(f.source.title)}`), width, indent);
    // A link that fits is printed on its own line; longer ones are in --json and --format markdown.
    if (f.source.url.length <= width - 4) out.push(c.dim(`    ${f.source.url}`));
  }
}

export function renderModelText(m: ModelSummary, opts: ModelTextOptions = {}): string {
  const c = opts.colors ?? noColors;
  const width = Math.max(60, Math.min(opts.width ?? 80, 160));
  const top = opts.topOps ?? 12;
  const out: string[] = [];
  const spec = m.effectiveSpecificationVersion !== m.specificationVersion ? `spec ${m.specificationVersion}, effectively ${m.effectiveSpecificationVersion}` : `spec ${m.specificationVersion}`;
  const what = `${t(m.modelType)} · ${spec}${m.gzip ? ' · gzipped' : ''}`;
  // The path as the user typed it stays whole; when it leaves no room, what the model is goes below it.
  if (t(m.source).length + 2 + what.length <= width) out.push(c.bold(t(m.source)) + `  ${what}`);
  else out.push(c.bold(t(m.source)), `  ${what}`);
  block(out, `Runs on: ${osText(m.effectiveMinimumOS)} and newer${m.effectiveSpecificationVersion !== m.specificationVersion ? ` (the top level alone says ${m.minimumOS ? `iOS ${m.minimumOS.iOS}` : 'an unknown OS'})` : ''}`, width, '  ');
  const md = m.metadata;
  const who = [md.author, md.license ? `license ${md.license}` : null, md.version ? `version ${md.version}` : null].filter((x): x is string => !!x);
  if (who.length) block(out, `By: ${t(who.join(' · '))}`, width, '  ');
  // A pipeline's writer is often named only in its parts (Ultralytics: the ML program's metadata).
  const sub = m.subModels.findIndex((p) => p.metadata.writtenBy.coremltools || p.metadata.writtenBy.createML);
  const own = md.writtenBy.coremltools || md.writtenBy.createML || sub < 0;
  const wb = own ? md.writtenBy : (m.subModels[sub] as ModelPart).metadata.writtenBy;
  const writer = [wb.coremltools ? `coremltools ${wb.coremltools}` : null, wb.source, wb.createML ? `Create ML ${wb.createML}` : null].filter((x): x is string => !!x);
  if (writer.length) block(out, `Written by: ${t(writer.join(', from '))}${own ? '' : ` (sub-model ${sub + 1}'s metadata)`}`, width, '  ');
  if (md.shortDescription) block(out, `About: ${t(md.shortDescription)}`, width, '  ');
  if (md.userDefined.size) {
    const keys = [...md.userDefined.keys()].filter((k) => !k.startsWith('com.github.apple.coremltools.'));
    if (keys.length) block(out, c.dim(`Metadata keys: ${t(keys.slice(0, 8).join(', '))}${keys.length > 8 ? `, and ${keys.length - 8} more` : ''}`), width, '  ');
  }
  if (m.package) block(out, c.dim(`Package: ${m.package.items.length} items (${t(m.package.items.map((i) => i.name).join(', '))})${m.package.overlays.length ? `; Xcode overlays ${t(m.package.overlays.join(', '))} applied` : ''}`), width, '  ');
  if (m.computePrecision !== 'unknown') out.push(`  Compute: ${m.computePrecision}` + c.dim(' (op outputs; casts and input scaling not counted)'));
  if (m.isUpdatable) out.push('  Updatable: yes (on-device training)');
  out.push('');
  features(out, 'Inputs', m.inputs, c, width);
  features(out, 'Outputs', m.outputs, c, width);
  features(out, 'States', m.states, c, width);
  features(out, 'Training inputs', m.trainingInputs, c, width);
  for (const fn of m.functions) {
    if (fn.inputs && m.functions.length > 1) {
      features(out, `Inputs of ${t(fn.name)}${fn.name === m.defaultFunction ? ' (default)' : ''}`, fn.inputs, c, width);
      features(out, `Outputs of ${t(fn.name)}`, fn.outputs ?? [], c, width);
    }
  }
  if (m.subModels.length) {
    out.push(c.bold('Sub-models'));
    const walk = (parts: readonly ModelPart[], prefix: string) =>
      parts.forEach((p, i) => {
        const path = prefix ? `${prefix}.${i + 1}` : `${i + 1}`;
        const head = `  ${path.padEnd(4)} ${t(p.modelType)}, spec ${p.specificationVersion}${p.effectiveMinimumOS ? ` (iOS ${p.effectiveMinimumOS.iOS})` : ''}`;
        out.push(head);
        for (const d of partDetails(p)) block(out, c.dim(t(d)), width, '         ');
        walk(p.subModels, path);
      });
    walk(m.subModels, '');
  } else {
    for (const d of partDetails(m).filter((x) => !/ops, /.test(x) && !/ layers/.test(x))) block(out, c.dim(t(d)), width, '  ');
  }
  if (m.inputs.length || m.outputs.length || m.subModels.length) out.push('');
  const before = out.length;
  computeSections(out, m, '', c, width, top);
  if (out.length > before) out.push('');
  weights(out, m, c, width);
  out.push('');
  findings(out, m.findings, c, width);
  return out.join('\n') + '\n';
}
