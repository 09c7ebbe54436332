/**
 * `readModel(path)`: from a path (or `-`) to a ModelSummary. Sniffs what the path holds, reads the
 * package manifest, decodes the spec, checks every blob the program references against its weight
 * file (headers only), counts weights, applies the package's overlays and evaluates the findings.
 */
import { existsSync, readdirSync, readSync, openSync, closeSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { InputError } from '../core/errors.js';
import { blobAt, readBlobFile, type BlobFile, type BlobInfo } from './blob-storage.js';
import { evaluateFindings, type PartView } from './findings/index.js';
import { writtenBy } from './proto/description.js';
import { readPackage, type ResolvedPackage } from './manifest.js';
import type { BlobRef, StoredValue, WeightNode } from './proto/mil.js';
import { decodeModel, type DecodedModel } from './proto/model.js';
import { EXPECT_MODEL, Msg } from './proto/wire.js';
import { sniffBytes, sniffFolder } from './sniff.js';
import { openSpecFile, openSpecStream, type OpenedSpec } from './source.js';
import { flexibleInputNames, modelPrecision, summarizePart, weightSummary, type SummarizedPart } from './summarize.js';
import { MODEL_SCHEMA_VERSION, type BlobFileSummary, type Feature, type ModelFileKind, type ModelMetadata, type ModelSummary } from './summary.js';
import { milDtype } from './tables/dtypes.js';
import type { Platform } from './tables/spec-versions.js';
import type { ResolvedBlob } from './weights.js';

export interface ReadModelOptions {
  /** The name in messages (the path as the user typed it). */
  displayName?: string;
  /** The stream `-` reads. */
  stdin?: NodeJS.ReadableStream;
  /** Deployment targets to check the model's minimum OS against. */
  targets?: Readonly<Partial<Record<Platform, string>>>;
}

const MODEL_PATH = '@model_path/';

interface WeightFileState {
  reference: string;
  /** Absolute path, null when it cannot be resolved (stdin). */
  path: string | null;
  display: string;
  blob: BlobFile | null;
  /** Why the file cannot be read, when it cannot. */
  absent: string | null;
  referenced: Set<number>;
}

interface Where {
  kind: ModelFileKind;
  /** Folder of the model spec file (what @model_path means); null for stdin. */
  modelDir: string | null;
  /** References may not leave this folder (the package root, or the .mlmodel's folder). */
  container: string | null;
  /** Display name of the container, for weight file messages. */
  containerDisplay: string;
  pkg: ResolvedPackage | null;
}

function errnoCode(e: unknown): string {
  return typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : String(e);
}

export async function readModel(path: string, opts: ReadModelOptions = {}): Promise<ModelSummary> {
  const display = path === '-' ? '<stdin>' : (opts.displayName ?? path);
  let spec: OpenedSpec;
  let where: Where;
  if (path === '-') {
    if (!opts.stdin) throw new InputError(display, undefined, 'no standard input is available', 'an .mlmodel on stdin');
    spec = await openSpecStream(opts.stdin, display);
    where = { kind: 'mlmodel', modelDir: null, container: null, containerDisplay: display, pkg: null };
  } else {
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      const code = errnoCode(e);
      throw new InputError(display, undefined, code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : `cannot read (${code})`, 'an .mlpackage folder or an .mlmodel file');
    }
    if (st.isDirectory()) {
      let entries: string[];
      try {
        entries = readdirSync(path);
      } catch (e) {
        throw new InputError(display, undefined, `cannot list the folder (${errnoCode(e)})`, 'a readable .mlpackage folder');
      }
      const kind = sniffFolder(entries, path);
      if (kind.kind === 'refuse') throw new InputError(display, undefined, kind.problem, kind.expected);
      const pkg = readPackage(path, display);
      spec = await openSpecFile(pkg.modelFile, pkg.modelDisplay);
      where = { kind: 'mlpackage', modelDir: dirname(pkg.modelFile), container: normalize(path), containerDisplay: display.replace(/\/+$/, ''), pkg };
    } else if (st.isFile()) {
      spec = await openSpecFile(path, display);
      where = { kind: 'mlmodel', modelDir: dirname(path), container: dirname(path), containerDisplay: dirname(display), pkg: null };
    } else {
      throw new InputError(display, undefined, 'neither a file nor a folder', 'an .mlpackage folder or an .mlmodel file');
    }
  }
  try {
    return summarize(spec, where, display, opts);
  } finally {
    spec.close();
  }
}

function summarize(spec: OpenedSpec, where: Where, display: string, opts: ReadModelOptions): ModelSummary {
  const decoded = decodeModel(Msg.root(spec.src, 'Model'));
  if (decoded.specificationVersion <= 0 || decoded.typeField === null) {
    const what = [decoded.specificationVersion <= 0 ? `specification version ${decoded.specificationVersion}` : '', decoded.typeField === null ? 'no model type' : ''].filter(Boolean).join(', ');
    throw new InputError(spec.src.name, undefined, `a protobuf that is not a Core ML model (${what})`, EXPECT_MODEL);
  }
  const files = new Map<string, WeightFileState>();
  const checked = new Map<string, ResolvedBlob>();
  const resolve = (ref: BlobRef, value: StoredValue, node: WeightNode): ResolvedBlob => {
    const key = `${ref.file}@${ref.offset}`;
    const done = checked.get(key);
    if (done) return done;
    const file = weightFile(ref, files, where, spec.src.name);
    // A missing file still counts its distinct references (by offset).
    if (!file.blob && ref.offset <= BigInt(Number.MAX_SAFE_INTEGER)) file.referenced.add(Number(ref.offset));
    const r: ResolvedBlob = { key, info: file.blob ? checkBlob(file, ref, value, node) : null };
    checked.set(key, r);
    return r;
  };
  // Every blob any op references is checked, whether or not it ends up counted as a weight.
  forEachStored(decoded, (v, n) => {
    if (v.blob) resolve(v.blob, v, n);
  });
  const top = summarizePart(decoded, resolve);
  if (where.pkg) applyOverlays(top, where.pkg);

  const fileSummaries: BlobFileSummary[] = [...files.values()].map((f) => ({
    reference: f.reference,
    path: f.path ? f.display : null,
    present: !!f.blob,
    sizeBytes: f.blob?.size ?? null,
    version: f.blob?.version ?? null,
    count: f.blob?.count ?? null,
    referenced: f.referenced.size,
    unreferenced: f.blob ? [...f.blob.blobs.keys()].filter((o) => !f.referenced.has(o)).length : null,
    byDtype: f.blob ? blobBytesByDtype(f.blob) : new Map(),
  }));
  const blobs = fileSummaries.length
    ? {
        files: fileSummaries,
        referenced: fileSummaries.reduce((n, f) => n + f.referenced, 0),
        unreferenced: fileSummaries.every((f) => f.unreferenced !== null) ? fileSummaries.reduce((n, f) => n + (f.unreferenced ?? 0), 0) : null,
      }
    : null;
  const missingReason = [...files.values()].find((f) => f.absent)?.absent ?? undefined;
  const part = { ...top.part, weights: weightSummary(top.weights, blobs, missingReason) };
  const model: Omit<ModelSummary, 'findings'> = {
    schemaVersion: MODEL_SCHEMA_VERSION,
    source: display,
    kind: where.kind,
    gzip: spec.gzip,
    package: where.pkg?.summary ?? null,
    ...part,
    computePrecision: modelPrecision(part),
    flexibleInputs: flexibleInputNames(part),
    targets: opts.targets ?? {},
  };
  const views: PartView[] = [];
  const addViews = (s: SummarizedPart, path: string | undefined, isTop: boolean) => {
    views.push({ part: isTop ? model : s.part, decoded: s.decoded, subModel: path, model, isTop });
    s.subs.forEach((sub, i) => addViews(sub, path ? `${path}.${i + 1}` : `${i + 1}`, false));
  };
  addViews(top, undefined, true);
  return { ...model, findings: evaluateFindings(views) };
}

function forEachStored(d: DecodedModel, fn: (v: StoredValue, n: WeightNode) => void): void {
  for (const f of d.program?.functions ?? []) for (const n of f.weights) for (const v of n.stored) fn(v, n);
  for (const s of d.subModels) forEachStored(s, fn);
}

function blobBytesByDtype(file: BlobFile): Map<string, number> {
  const m = new Map<string, number>();
  for (const b of file.blobs.values()) m.set(b.dtypeName, (m.get(b.dtypeName) ?? 0) + b.sizeInBytes);
  return m;
}

/** Resolves a program's file reference (`@model_path/weights/weight.bin`) once per file and reads its headers. */
function weightFile(ref: BlobRef, files: Map<string, WeightFileState>, where: Where, specName: string): WeightFileState {
  const known = files.get(ref.file);
  if (known) return known;
  const rel = ref.file.startsWith(MODEL_PATH) ? ref.file.slice(MODEL_PATH.length) : ref.file;
  const state: WeightFileState = { reference: ref.file, path: null, display: rel, blob: null, absent: null, referenced: new Set() };
  files.set(ref.file, state);
  if (!where.modelDir || !where.container) {
    state.absent = `the model came on stdin, so ${ref.file} has no folder to be found in (pass the .mlpackage)`;
    return state;
  }
  const full = normalize(join(where.modelDir, rel));
  if (!rel || (full !== where.container && !full.startsWith(where.container + sep))) {
    throw new InputError(specName, `byte ${ref.at}`, `the blob file "${ref.file}" lies outside the ${where.kind === 'mlpackage' ? 'package' : "model's folder"}`, 'a path under @model_path/ inside the package');
  }
  state.path = full;
  state.display = `${where.containerDisplay}/${relative(where.container, full).split(sep).join('/')}`;
  if (!existsSync(full)) {
    const weightsDir = dirname(full);
    if (where.kind === 'mlmodel') state.absent = `${ref.file} is not beside this .mlmodel: an ML program's model.mlmodel copied out of its .mlpackage? Pass the .mlpackage`;
    else if (!existsSync(weightsDir)) state.absent = `the package has no ${relative(where.container, weightsDir).split(sep).join('/')} folder (a clone without Git LFS, or a partial copy?)`;
    else state.absent = `${state.display} does not exist`;
    return state;
  }
  if (isLfsPointer(full)) {
    state.absent = `${state.display} is a Git LFS pointer, not the weights (run \`git lfs pull\`)`;
    return state;
  }
  state.blob = readBlobFile(full, state.display);
  return state;
}

function isLfsPointer(path: string): boolean {
  try {
    if (statSync(path).size > 1024) return false;
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(64);
      const n = readSync(fd, head, 0, 64, 0);
      const s = sniffBytes(head.subarray(0, n));
      return s.kind === 'refuse' && s.problem.startsWith('a Git LFS pointer');
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** A referenced blob: there, its dtype the one the program declares, its size the one the type implies. */
function checkBlob(file: WeightFileState, ref: BlobRef, value: StoredValue, node: WeightNode): BlobInfo {
  const blob = file.blob as BlobFile;
  const who = (): string => `${node.opType} "${node.opName}" (function ${node.fn}, ${value.param})`;
  const info = blobAt(blob, file.path as string, ref.offset);
  if (!info) {
    throw new InputError(file.display, `byte ${ref.offset}`, `${who()} references a blob at byte ${ref.offset}, past the end of the file (${blob.size} bytes)`, 'a blob offset inside weight.bin');
  }
  file.referenced.add(info.offset);
  if (value.type) {
    const declared = milDtype(value.type.dtype);
    if (declared.name !== info.dtypeName) {
      throw new InputError(file.display, `byte ${ref.offset + 4n}`, `the blob is ${info.dtypeName}, but ${who()} declares ${declared.name}`, `a ${declared.name} blob, as the program declares`);
    }
    if (value.declaredBytes !== null && value.declaredBytes !== info.sizeInBytes) {
      throw new InputError(
        file.display,
        `byte ${ref.offset + 8n}`,
        `the blob holds ${info.sizeInBytes} bytes, but ${who()} declares ${declared.name} [${value.type.dims.join(', ')}], ${value.declaredBytes} bytes`,
        'a blob of the size the program declares',
      );
    }
  }
  return info;
}

/** Xcode's overlays replace the spec's metadata and feature descriptions (precedence: overlay wins). */
function applyOverlays(top: SummarizedPart, pkg: ResolvedPackage): void {
  const meta = pkg.overlays.metadata;
  if (meta) {
    const user = new Map(top.part.metadata.userDefined);
    for (const [k, v] of meta.userDefined) user.set(k, v);
    const m: ModelMetadata = {
      shortDescription: meta.shortDescription ?? top.part.metadata.shortDescription,
      author: meta.author ?? top.part.metadata.author,
      license: meta.license ?? top.part.metadata.license,
      version: meta.version ?? top.part.metadata.version,
      userDefined: user,
      writtenBy: writtenBy(user),
    };
    top.part = { ...top.part, metadata: m };
  }
  const feats = pkg.overlays.features;
  if (feats) {
    const apply = (list: Feature[], group: string): Feature[] =>
      list.map((f) => {
        const d = feats.get(group)?.get(f.name);
        return d ? { ...f, description: d } : f;
      });
    top.part = { ...top.part, inputs: apply(top.part.inputs, 'Inputs'), outputs: apply(top.part.outputs, 'Outputs'), trainingInputs: apply(top.part.trainingInputs, 'TrainingInputs') };
  }
}
