/**
 * What a specification version needs: the comment above `message Model` in Model.proto
 * (apple/coremltools e0e2f42b) lists each version's OS availability; `_OPSET` in coremltools/__init__.py
 * maps spec versions to ML program opsets (CoreML3 = spec 4 ... CoreML9 = spec 10).
 */

export type Platform = 'iOS' | 'macOS' | 'watchOS' | 'tvOS';
export const PLATFORMS: readonly Platform[] = ['iOS', 'macOS', 'watchOS', 'tvOS'];

export type OSVersions = Readonly<Record<Platform, string>>;

interface SpecRow {
  spec: number;
  os: OSVersions;
  coreml: string;
  /** What the version added, in the proto comment's words (shortened). */
  added: string;
}

const row = (spec: number, iOS: string, macOS: string, tvOS: string, watchOS: string, coreml: string, added: string): SpecRow => ({
  spec,
  os: { iOS, macOS, watchOS, tvOS },
  coreml,
  added,
});

export const SPEC_VERSIONS: readonly SpecRow[] = [
  row(1, '11.0', '10.13', '11.0', '4.0', '1', 'neural networks, GLMs, tree ensembles, SVMs, pipelines'),
  row(2, '11.2', '10.13.2', '11.2', '4.2', '1.2', 'custom layers, fp16 neural-network weights'),
  row(3, '12.0', '10.14', '12.0', '5.0', '2', 'flexible shapes, quantized weights, Vision feature print, NMS'),
  row(4, '13.0', '10.15', '13.0', '6.0', '3', 'updatable models, ND layers, control flow, kNN'),
  row(5, '14.0', '11.0', '14.0', '7.0', '4', 'new layers, int8 matmul, model encryption'),
  row(6, '15.0', '12.0', '15.0', '8.0', '5', 'ML programs, audio feature print'),
  row(7, '16.0', '13.0', '16.0', '9.0', '6', 'FLOAT16 arrays, GRAYSCALE_FLOAT16 images, iOS 16 ops'),
  row(8, '17.0', '14.0', '17.0', '10.0', '7', 'iOS 17 ops, scene print v2, ClassConfidenceThresholding'),
  row(9, '18.0', '15.0', '18.0', '11.0', '8', 'multiple functions, states, iOS 18 ops'),
  row(10, '26.0', '26.0', '26.0', '26.0', '9', 'Int8 MultiArray types for ML programs'),
];

export const NEWEST_KNOWN_SPEC = 10;

export function specRow(spec: number): SpecRow | undefined {
  return SPEC_VERSIONS.find((r) => r.spec === spec);
}

export function minimumOSFor(spec: number): OSVersions | null {
  return specRow(spec)?.os ?? null;
}

/** ML program opset -> the spec version that introduced it. */
export const OPSET_SPEC: ReadonlyMap<string, number> = new Map([
  ['CoreML3', 4],
  ['CoreML4', 5],
  ['CoreML5', 6],
  ['CoreML6', 7],
  ['CoreML7', 8],
  ['CoreML8', 9],
  ['CoreML9', 10],
]);

/** The iOS version that first runs an opset, as coremltools' targets name it (`iOS15` for CoreML5). */
export function opsetTarget(opset: string): string | null {
  const spec = OPSET_SPEC.get(opset);
  const os = spec === undefined ? undefined : specRow(spec)?.os.iOS;
  return os ? `iOS${os.replace(/\.0$/, '')}` : null;
}

/** Compares dotted versions numerically ("10.13.2" < "10.14"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
