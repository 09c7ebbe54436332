/** What the model renderers share: words for features, versions, counts and sizes. */
import type { Feature, ModelPart, SizeRange } from '../../model/summary.js';
import type { OSVersions } from '../../model/tables/spec-versions.js';

export function rangeText(r: SizeRange): string {
  return r.min === r.max ? `${r.min}` : `${r.min}…${r.max === null ? '∞' : r.max}`;
}

/** `FLOAT32 [1, 3, 224, 224]`, `image 640×640 RGB`, `double`: a feature's type in a few words. */
export function featureType(f: Feature): string {
  switch (f.type) {
    case 'multiArray': {
      const shape = f.ranges ? `[${f.ranges.map(rangeText).join(', ')}]` : `[${f.shape.join(', ')}]`;
      const shapes = f.shapes && f.shapes.length > 1 ? ` (${f.shapes.length} shapes: ${f.shapes.slice(0, 3).map((s) => `[${s.join(', ')}]`).join(', ')}${f.shapes.length > 3 ? ', ...' : ''})` : '';
      return `${f.dataType} ${shape}${shapes}`;
    }
    case 'image': {
      const size = f.sizeRange && f.flexible === 'range' ? `${rangeText(f.sizeRange.width)}×${rangeText(f.sizeRange.height)}` : `${f.width}×${f.height}`;
      const sizes = f.sizes && f.sizes.length > 1 ? ` (${f.sizes.length} sizes)` : '';
      return `image ${size} ${f.colorSpace}${sizes}`;
    }
    case 'state':
      return `state ${f.dataType} [${f.shape.join(', ')}]`;
    case 'dictionary':
      return `dictionary (${f.keyType} keys)`;
    case 'sequence':
      return `sequence of ${f.elementType}${f.sizeRange ? ` [${rangeText(f.sizeRange)}]` : ''}`;
    default:
      return f.type;
  }
}

export function osText(os: OSVersions | null): string {
  return os ? `iOS ${os.iOS}, macOS ${os.macOS}, watchOS ${os.watchOS}, tvOS ${os.tvOS}` : 'unknown (a specification version newer than this tool knows)';
}

/** 2.64 M, 38.6 K, 512. */
export function countText(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} K`;
  return `${n}`;
}

export function bitsText(b: number | null): string {
  return b === null ? '—' : `${b.toFixed(b >= 10 ? 1 : 2)}`;
}

/** Entries of a count map, largest first, then by name. */
export function byCount(m: ReadonlyMap<string, number>): [string, number][] {
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** What a part is, in a few words: "mlProgram, spec 7", plus what is particular to its kind. */
export function partDetails(p: ModelPart): string[] {
  const out: string[] = [];
  const d = p.details;
  if (p.functions.length) {
    out.push(p.functions.map((f) => `${f.name}: ${f.opCount} ops, ${f.opset}, ${f.computePrecision.precision}`).join('; '));
  }
  const layers = [...p.layers.values()].reduce((a, b) => a + b, 0);
  if (layers) out.push(`${layers} layers${d.neuralNetwork ? ` (${d.neuralNetwork.nestedNetworks} nested networks)` : ''}`);
  if (d.treeEnsemble) out.push(`${d.treeEnsemble.trees} trees, ${d.treeEnsemble.nodes} nodes`);
  if (d.classLabels !== undefined) out.push(`${d.classLabels} class labels`);
  if (d.nonMaximumSuppression) {
    const n = d.nonMaximumSuppression;
    out.push([n.iouThreshold !== null ? `IoU ${n.iouThreshold}` : '', n.confidenceThreshold !== null ? `confidence ${n.confidenceThreshold}` : ''].filter(Boolean).join(', ') || 'NMS');
  }
  if (d.featurePrint) out.push(`feature print ${d.featurePrint}`);
  if (d.customModel) out.push(`class ${d.customModel.className}`);
  if (d.updatable) out.push(`updatable: ${d.updatable.layers} layers${d.updatable.optimizer ? `, ${d.updatable.optimizer}` : ''}${d.updatable.losses.length ? `, ${d.updatable.losses.join('+')} loss` : ''}`);
  return out;
}

/** "the first sub-model" paths: "1.2" -> "sub-model 1.2". */
export function subModelLabel(path: string | undefined): string {
  return path ? `sub-model ${path}` : '';
}
