/**
 * An `.mlpackage`'s Manifest.json (written by coremltools' ModelPackage and by Xcode):
 * `fileFormatVersion`, `itemInfoEntries` (identifier -> { author, name, path, description }, paths
 * relative to `Data/`) and `rootModelIdentifier`, the item that is the model spec. The model is found
 * through the root item, never by a fixed path (authors other than com.apple.CoreML exist). Overlay
 * items written by Xcode's model editor (Metadata.json, FeatureDescriptions.json) are read too.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { InputError } from '../core/errors.js';
import type { PackageItem, PackageSummary } from './summary.js';

const MAX_MANIFEST_BYTES = 4 << 20;
const MAX_OVERLAY_BYTES = 16 << 20;
const EXPECT = 'an .mlpackage Manifest.json: { "fileFormatVersion", "itemInfoEntries": { ID: { "author", "name", "path", "description" } }, "rootModelIdentifier" }';

export const OVERLAY_METADATA = 'External Metadata Overlay';
export const OVERLAY_FEATURES = 'External FeatureDescription Overlay';

export interface ResolvedPackage {
  summary: PackageSummary;
  /** Absolute path of the root model spec file. */
  modelFile: string;
  /** The spec file's name as messages show it (the package path as given + Data/...). */
  modelDisplay: string;
  /** The weights item (a folder), when the manifest has one: absolute path, and whether it exists. */
  weights: { path: string; exists: boolean } | null;
  overlays: { metadata: OverlayMetadata | null; features: OverlayFeatures | null };
}

export interface OverlayMetadata {
  userDefined: Map<string, string>;
  author?: string;
  license?: string;
  version?: string;
  shortDescription?: string;
}

/** Feature descriptions by list (Inputs, Outputs, TrainingInputs) -> name -> description. */
export type OverlayFeatures = Map<string, Map<string, string>>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readJson(path: string, display: string, max: number, expected: string): unknown {
  const st = statSync(path);
  if (st.size > max) throw new InputError(display, undefined, `${st.size} bytes, far more than a manifest holds`, expected);
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const m = /position (\d+)/.exec(e instanceof Error ? e.message : '');
    throw new InputError(display, m ? `byte ${m[1]}` : undefined, `not valid JSON (${e instanceof Error ? e.message.replace(/^[^:]*: /, '') : String(e)})`, expected);
  }
}

/** Item paths must stay inside Data/: no absolute paths, no `..` out of it. */
function insideData(dataDir: string, rel: string): string | null {
  if (!rel || isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) return null;
  const full = normalize(join(dataDir, rel));
  return full === dataDir || full.startsWith(dataDir + sep) ? full : null;
}

export function readPackage(dir: string, display: string): ResolvedPackage {
  const manifestPath = join(dir, 'Manifest.json');
  const mDisplay = `${display.replace(/\/+$/, '')}/Manifest.json`;
  const doc = readJson(manifestPath, mDisplay, MAX_MANIFEST_BYTES, EXPECT);
  if (!isObject(doc)) throw new InputError(mDisplay, undefined, 'the manifest is not a JSON object', EXPECT);
  const fileFormatVersion = typeof doc.fileFormatVersion === 'string' ? doc.fileFormatVersion : '';
  if (!fileFormatVersion) throw new InputError(mDisplay, 'fileFormatVersion', 'missing or not a string', 'a version string such as "1.0.0"');
  const entries = doc.itemInfoEntries;
  if (!isObject(entries)) throw new InputError(mDisplay, 'itemInfoEntries', 'missing or not an object', EXPECT);
  const root = doc.rootModelIdentifier;
  if (typeof root !== 'string' || !root) throw new InputError(mDisplay, 'rootModelIdentifier', 'missing or not a string', 'the identifier of the item that is the model');
  const dataDir = normalize(join(dir, 'Data'));
  const items: PackageItem[] = [];
  const full = new Map<string, string>();
  for (const [id, raw] of Object.entries(entries)) {
    const at = `itemInfoEntries.${id}`;
    if (!isObject(raw)) throw new InputError(mDisplay, at, 'not an object', '{ "author", "name", "path", "description" }');
    const str = (k: string): string => {
      const v = raw[k];
      if (typeof v !== 'string') throw new InputError(mDisplay, `${at}.${k}`, 'missing or not a string', `a string (every item has "author", "name", "path" and "description")`);
      return v;
    };
    const item: PackageItem = { id, author: str('author'), name: str('name'), path: str('path'), description: str('description'), exists: false };
    const p = insideData(dataDir, item.path);
    if (!p) throw new InputError(mDisplay, `${at}.path`, `"${item.path}" leaves the package's Data folder`, 'a path relative to Data/, such as "com.apple.CoreML/model.mlmodel"');
    item.exists = existsSync(p);
    full.set(id, p);
    items.push(item);
  }
  const rootItem = items.find((i) => i.id === root);
  if (!rootItem) throw new InputError(mDisplay, 'rootModelIdentifier', `"${root}" names no item of itemInfoEntries`, 'the identifier of one of the items');
  const modelFile = full.get(root) as string;
  if (!rootItem.exists) {
    throw new InputError(mDisplay, `itemInfoEntries.${root}.path`, `the root model item "Data/${rootItem.path}" does not exist`, 'the model spec file the manifest names (an incomplete copy of the package?)');
  }
  if (!statSync(modelFile).isFile()) throw new InputError(mDisplay, `itemInfoEntries.${root}.path`, `the root model item "Data/${rootItem.path}" is not a file`, 'the model spec file (model.mlmodel)');
  const weightsItem = items.find((i) => i !== rootItem && (i.name === 'weights' || i.description === 'CoreML Model Weights'));
  const overlayMeta = items.find((i) => i.description === OVERLAY_METADATA || i.name === 'Metadata.json');
  const overlayFeat = items.find((i) => i.description === OVERLAY_FEATURES || i.name === 'FeatureDescriptions.json');
  const overlays = {
    metadata: overlayMeta?.exists ? readOverlayMetadata(full.get(overlayMeta.id) as string, `${display}/Data/${overlayMeta.path}`) : null,
    features: overlayFeat?.exists ? readOverlayFeatures(full.get(overlayFeat.id) as string, `${display}/Data/${overlayFeat.path}`) : null,
  };
  return {
    summary: {
      fileFormatVersion,
      rootModel: rootItem.path,
      items,
      overlays: [overlayMeta, overlayFeat].filter((i): i is PackageItem => !!i?.exists).map((i) => i.name),
    },
    modelFile,
    modelDisplay: `${display.replace(/\/+$/, '')}/Data/${rootItem.path}`,
    weights: weightsItem ? { path: full.get(weightsItem.id) as string, exists: weightsItem.exists } : null,
    overlays,
  };
}

const OVERLAY_EXPECT = 'an Xcode metadata overlay ({ "MLModelCreatorDefinedKey": { ... } })';

function readOverlayMetadata(path: string, display: string): OverlayMetadata {
  const doc = readJson(path, display, MAX_OVERLAY_BYTES, OVERLAY_EXPECT);
  if (!isObject(doc)) throw new InputError(display, undefined, 'not a JSON object', OVERLAY_EXPECT);
  const out: OverlayMetadata = { userDefined: new Map() };
  const user = doc.MLModelCreatorDefinedKey;
  if (isObject(user)) for (const [k, v] of Object.entries(user)) if (typeof v === 'string') out.userDefined.set(k, v);
  const s = (k: string): string | undefined => (typeof doc[k] === 'string' ? (doc[k] as string) : undefined);
  const author = s('MLModelAuthorKey');
  const license = s('MLModelLicenseKey');
  const version = s('MLModelVersionStringKey');
  const shortDescription = s('MLModelDescriptionKey');
  return { ...out, ...(author !== undefined ? { author } : {}), ...(license !== undefined ? { license } : {}), ...(version !== undefined ? { version } : {}), ...(shortDescription !== undefined ? { shortDescription } : {}) };
}

function readOverlayFeatures(path: string, display: string): OverlayFeatures {
  const expected = 'an Xcode feature-description overlay ({ "Inputs": { NAME: { "MLFeatureShortDescription": ... } } })';
  const doc = readJson(path, display, MAX_OVERLAY_BYTES, expected);
  if (!isObject(doc)) throw new InputError(display, undefined, 'not a JSON object', expected);
  const out: OverlayFeatures = new Map();
  for (const list of ['Inputs', 'Outputs', 'TrainingInputs']) {
    const group = doc[list];
    if (!isObject(group)) continue;
    const m = new Map<string, string>();
    for (const [name, v] of Object.entries(group)) {
      if (isObject(v) && typeof v.MLFeatureShortDescription === 'string') m.set(name, v.MLFeatureShortDescription);
    }
    out.set(list, m);
  }
  return out;
}
