/**
 * The typed summary of a Core ML model: what `coreml-doctor model` prints, and (as JSON) what CI scripts
 * read. The JSON names are fixed by issue 11; fields are added, never renamed. Keys that come from the
 * model (op types, layer types, dtype names, metadata keys) are Maps here; the JSON renderer turns them
 * into objects.
 */
import type { OSVersions, Platform } from './tables/spec-versions.js';

export const MODEL_SCHEMA_VERSION = 1;

export type ModelFileKind = 'mlpackage' | 'mlmodel';

export interface ModelMetadata {
  shortDescription: string | null;
  author: string | null;
  license: string | null;
  version: string | null;
  /** `userDefined`, in the file's order; overlay keys (Metadata.json) replace the spec's. */
  userDefined: ReadonlyMap<string, string>;
  /** What wrote it, read from well-known metadata keys (coremltools, its source framework, Create ML). */
  writtenBy: {
    coremltools: string | null;
    source: string | null;
    sourceDialect: string | null;
    createML: string | null;
  };
}

export interface SizeRange {
  min: number;
  /** null: unbounded. */
  max: number | null;
}

export type Flexibility = 'none' | 'enumerated' | 'range';

interface FeatureBase {
  name: string;
  description: string | null;
  optional: boolean;
  /** How the shape may vary at run time. */
  flexible: Flexibility;
}

export interface MultiArrayFeature extends FeatureBase {
  type: 'multiArray';
  dataType: string;
  shape: number[];
  /** `enumeratedShapes` (flexible: 'enumerated'). */
  shapes?: number[][];
  /** `shapeRange`, one range per dimension (flexible: 'range'). */
  ranges?: SizeRange[];
  defaultValue?: number;
}

export interface ImageFeature extends FeatureBase {
  type: 'image';
  width: number;
  height: number;
  colorSpace: string;
  /** `enumeratedSizes`. */
  sizes?: { width: number; height: number }[];
  /** `imageSizeRange`. */
  sizeRange?: { width: SizeRange; height: SizeRange };
}

export interface StateFeature extends FeatureBase {
  type: 'state';
  dataType: string;
  shape: number[];
}

export interface ScalarFeature extends FeatureBase {
  type: 'int64' | 'double' | 'string';
}

export interface DictionaryFeature extends FeatureBase {
  type: 'dictionary';
  keyType: 'int64' | 'string' | 'unknown';
}

export interface SequenceFeature extends FeatureBase {
  type: 'sequence';
  elementType: 'int64' | 'string' | 'unknown';
  sizeRange?: SizeRange;
}

export interface UnknownFeature extends FeatureBase {
  type: 'unknown';
}

export type Feature = MultiArrayFeature | ImageFeature | StateFeature | ScalarFeature | DictionaryFeature | SequenceFeature | UnknownFeature;

export type ComputePrecision = 'fp16' | 'fp32' | 'mixed' | 'unknown';

export interface PrecisionTally {
  precision: ComputePrecision;
  /** Outputs of compute ops (not const, constexpr or cast) by float dtype. */
  outputs: ReadonlyMap<string, number>;
}

export interface MilFunctionSummary {
  name: string;
  opset: string;
  /** Every op of the function's block by type, `const` included, nested blocks included. */
  ops: ReadonlyMap<string, number>;
  opCount: number;
  computePrecision: PrecisionTally;
  /** The highest tensor rank an op outputs, and the first op that does. */
  maxRank: { rank: number; op: string; opType: string } | null;
  /** Inputs, outputs and states from the model description's function entry (multifunction models). */
  inputs?: Feature[];
  outputs?: Feature[];
  states?: Feature[];
}

/** One kind of weight storage: compressed ("palettized 8-bit") or not ("fp16"). */
export interface WeightStorage {
  label: string;
  compressed: boolean;
  /** The constexpr ops (ML programs) or quantization (neural networks) that make it. */
  ops: string[];
  tensors: number;
  parameters: number;
  /** Bytes as stored, null when the weights are missing. */
  bytes: number | null;
  bitsPerWeight: number | null;
  /** Compression details: LUT bits, vector size, block size, share of non-zeros. */
  bits?: number;
  vectorSize?: number;
  blockSize?: number;
  granularity?: 'per-tensor' | 'per-channel' | 'per-block' | 'per-group';
  density?: number;
}

export interface BlobFileSummary {
  /** As the program names it: `@model_path/weights/weight.bin`. */
  reference: string;
  /** Where it was looked for, relative to the model path the user gave. */
  path: string | null;
  present: boolean;
  sizeBytes: number | null;
  /** Blob storage format version from the file header (2). */
  version: number | null;
  /** Blobs in the file (the header's count, every one walked). */
  count: number | null;
  /** Distinct blobs the program references. */
  referenced: number;
  unreferenced: number | null;
  /** Bytes of blob data by the blob header's dtype. */
  byDtype: ReadonlyMap<string, number>;
}

export interface BlobsSummary {
  files: BlobFileSummary[];
  referenced: number;
  unreferenced: number | null;
}

export interface WeightSummary {
  /** Bytes of weights as stored (blob payloads and inline tensors); null when missing or not counted. */
  bytes: number | null;
  byDtype: ReadonlyMap<string, number>;
  /** Number of weight elements (dense), from the types the model declares. */
  parameters: number | null;
  bitsPerWeight: number | null;
  /** True when weights the model references are not there (no weight.bin; a bare model.mlmodel). */
  missing: boolean;
  /** Why, in one line, when missing. */
  missingReason?: string;
  blobs: BlobsSummary | null;
  storage: WeightStorage[];
  /** What the model declares when the stored weights cannot be read (missing): bytes from the types. */
  declared?: { bytes: number; bitsPerWeight: number | null };
}

/** The part of a summary that sub-models share ("same shape"). */
export interface ModelPart {
  specificationVersion: number;
  effectiveSpecificationVersion: number;
  minimumOS: OSVersions | null;
  effectiveMinimumOS: OSVersions | null;
  modelType: string;
  isUpdatable: boolean;
  metadata: ModelMetadata;
  inputs: Feature[];
  outputs: Feature[];
  states: Feature[];
  trainingInputs: Feature[];
  functions: MilFunctionSummary[];
  defaultFunction: string | null;
  /** Neural-network layers by the format's layer names, nested networks included. */
  layers: ReadonlyMap<string, number>;
  subModels: ModelPart[];
  weights: WeightSummary;
  /** Facts particular to some model kinds. */
  details: ModelDetails;
}

export interface ModelDetails {
  classLabels?: number;
  treeEnsemble?: { trees: number; nodes: number };
  nonMaximumSuppression?: { iouThreshold: number | null; confidenceThreshold: number | null };
  featurePrint?: string;
  customModel?: { className: string };
  updatable?: { layers: number; optimizer: string | null; losses: string[] };
  neuralNetwork?: { nestedNetworks: number };
  programVersion?: number;
  /** ML programs: the program's `buildInfo` attributes (coremltools-version, coremltools-component-torch, ...). */
  buildInfo?: ReadonlyMap<string, string>;
}

export type FindingLevel = 'error' | 'warning' | 'info';

/**
 * How strong the evidence is: `documented` (Apple's format or coremltools' docs say so), `reported`
 * (issues and third-party notes), `catalogue` (our rewrites catalogue).
 */
export type Evidence = 'documented' | 'reported' | 'catalogue';

export interface FindingSource {
  title: string;
  url: string;
  evidence: Evidence;
}

export interface Finding {
  id: string;
  level: FindingLevel;
  message: string;
  /** What in the model shows it (counts, names). */
  evidence: string;
  function?: string;
  op?: string;
  /** Index path of the sub-model ("1" = the first sub-model, "1.2" nested), when not the top level. */
  subModel?: string;
  source: FindingSource;
  /** The rewrites catalogue's entry, when a costly op is known there. */
  rewrite?: { id: string; summary: string; risk: string };
}

export interface PackageItem {
  id: string;
  name: string;
  path: string;
  description: string;
  author: string;
  exists: boolean;
}

export interface PackageSummary {
  fileFormatVersion: string;
  rootModel: string;
  items: PackageItem[];
  overlays: string[];
}

export interface ModelSummary extends ModelPart {
  schemaVersion: typeof MODEL_SCHEMA_VERSION;
  /** The path as given, or <stdin>. */
  source: string;
  kind: ModelFileKind;
  /** The .mlmodel was gzip-compressed. */
  gzip: boolean;
  package: PackageSummary | null;
  findings: Finding[];
  /** The whole model's compute precision (over every ML program function). */
  computePrecision: ComputePrecision;
  /** Inputs with flexible shapes (ranges or enumerations), over the model and its sub-models. */
  flexibleInputs: string[];
  /** Deployment targets the user asked to check (`--target watchOS=10`). */
  targets: Readonly<Partial<Record<Platform, string>>>;
}
