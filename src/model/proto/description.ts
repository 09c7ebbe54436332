/**
 * `ModelDescription` and the feature types (Model.proto, FeatureTypes.proto): inputs, outputs, states,
 * training inputs, function descriptions (multifunction models) and metadata.
 */
import type { Feature, Flexibility, ImageFeature, ModelMetadata, MultiArrayFeature, SizeRange } from '../summary.js';
import { ARRAY_DTYPES, COLOR_SPACES } from '../tables/dtypes.js';
import type { Msg } from './wire.js';

/** More features than this in one list is not a model anyone wrote. */
const MAX_FEATURES = 100_000;
const MAX_DIMS = 1024;
const MAX_SHAPES = 4096;

export interface FunctionDescription {
  name: string;
  inputs: Feature[];
  outputs: Feature[];
  states: Feature[];
}

export interface DecodedDescription {
  inputs: Feature[];
  outputs: Feature[];
  states: Feature[];
  trainingInputs: Feature[];
  functions: FunctionDescription[];
  defaultFunction: string | null;
  predictedFeatureName: string | null;
  metadata: ModelMetadata;
}

export function emptyMetadata(): ModelMetadata {
  return { shortDescription: null, author: null, license: null, version: null, userDefined: new Map(), writtenBy: { coremltools: null, source: null, sourceDialect: null, createML: null } };
}

export function emptyDescription(): DecodedDescription {
  return { inputs: [], outputs: [], states: [], trainingInputs: [], functions: [], defaultFunction: null, predictedFeatureName: null, metadata: emptyMetadata() };
}

function push<T>(list: T[], item: T, msg: Msg, offset: number, what: string): void {
  if (list.length >= MAX_FEATURES) throw msg.error(offset, `more than ${MAX_FEATURES} ${what} in ${msg.path()}`, 'a model description of a real model');
  list.push(item);
}

export function decodeDescription(msg: Msg): DecodedDescription {
  const d = emptyDescription();
  msg.forEach((f) => {
    switch (f.no) {
      case 1:
        push(d.inputs, decodeFeature(f.message('input')), msg, f.offset, 'inputs');
        break;
      case 10:
        push(d.outputs, decodeFeature(f.message('output')), msg, f.offset, 'outputs');
        break;
      case 11:
        d.predictedFeatureName = f.string('predictedFeatureName');
        break;
      case 13:
        push(d.states, decodeFeature(f.message('state')), msg, f.offset, 'states');
        break;
      case 20:
        push(d.functions, decodeFunctionDescription(f.message('functions')), msg, f.offset, 'functions');
        break;
      case 21:
        d.defaultFunction = f.string('defaultFunctionName');
        break;
      case 50:
        push(d.trainingInputs, decodeFeature(f.message('trainingInput')), msg, f.offset, 'training inputs');
        break;
      case 100:
        d.metadata = decodeMetadata(f.message('metadata'));
        break;
    }
  });
  return d;
}

function decodeFunctionDescription(msg: Msg): FunctionDescription {
  const fd: FunctionDescription = { name: '', inputs: [], outputs: [], states: [] };
  msg.forEach((f) => {
    if (f.no === 1) fd.name = f.string('name');
    else if (f.no === 2) push(fd.inputs, decodeFeature(f.message('input')), msg, f.offset, 'inputs');
    else if (f.no === 3) push(fd.outputs, decodeFeature(f.message('output')), msg, f.offset, 'outputs');
    else if (f.no === 6) push(fd.states, decodeFeature(f.message('state')), msg, f.offset, 'states');
  });
  return fd;
}

function decodeMetadata(msg: Msg): ModelMetadata {
  const m = emptyMetadata();
  const user = new Map<string, string>();
  msg.forEach((f) => {
    if (f.no === 1) m.shortDescription = f.string('shortDescription');
    else if (f.no === 2) m.version = f.string('versionString');
    else if (f.no === 3) m.author = f.string('author');
    else if (f.no === 4) m.license = f.string('license');
    else if (f.no === 100) {
      if (user.size >= MAX_FEATURES) throw msg.error(f.offset, `more than ${MAX_FEATURES} user-defined metadata keys`, 'the metadata of a real model');
      let key = '';
      let value = '';
      f.message('userDefined').forEach((e) => {
        if (e.no === 1) key = e.string('a metadata key');
        else if (e.no === 2) value = e.string('a metadata value');
      });
      user.set(key, value);
    }
  });
  return { ...m, userDefined: user, writtenBy: writtenBy(user) };
}

/** What wrote the model, from the keys coremltools and Create ML write. */
export function writtenBy(user: ReadonlyMap<string, string>): ModelMetadata['writtenBy'] {
  let createML: string | null = null;
  for (const [k, v] of user) if (k === 'com.apple.createml.version' || (createML === null && k.startsWith('com.apple.createml.') && k.endsWith('version'))) createML = v;
  return {
    coremltools: user.get('com.github.apple.coremltools.version') ?? null,
    source: user.get('com.github.apple.coremltools.source') ?? null,
    sourceDialect: user.get('com.github.apple.coremltools.source_dialect') ?? null,
    createML,
  };
}

function sizeRange(msg: Msg): SizeRange {
  // proto3 leaves zeros out: an absent upper bound is 0; a negative one means unbounded.
  let min = 0;
  let max: number | null = 0;
  msg.forEach((f) => {
    if (f.no === 1) min = f.uint64n('lowerBound');
    else if (f.no === 2) {
      const v = f.int64n('upperBound');
      max = v < 0 ? null : v;
    }
  });
  return { min, max };
}

export function decodeFeature(msg: Msg): Feature {
  let name = '';
  let description: string | null = null;
  let typeMsg: Msg | null = null;
  msg.forEach((f) => {
    if (f.no === 1) name = f.string('name');
    else if (f.no === 2) description = f.string('shortDescription') || null;
    else if (f.no === 3) typeMsg = f.message('type');
  });
  const base = { name, description, optional: false, flexible: 'none' as Flexibility };
  if (!typeMsg) return { ...base, type: 'unknown' };
  return decodeFeatureType(typeMsg, base);
}

function decodeFeatureType(msg: Msg, base: { name: string; description: string | null; optional: boolean; flexible: Flexibility }): Feature {
  let feature: Feature = { ...base, type: 'unknown' };
  let optional = false;
  msg.forEach((f) => {
    switch (f.no) {
      case 1:
        feature = { ...base, type: 'int64' };
        break;
      case 2:
        feature = { ...base, type: 'double' };
        break;
      case 3:
        feature = { ...base, type: 'string' };
        break;
      case 4:
        feature = decodeImage(f.message('imageType'), base);
        break;
      case 5:
        feature = decodeArray(f.message('multiArrayType'), base);
        break;
      case 6: {
        let keyType: 'int64' | 'string' | 'unknown' = 'unknown';
        f.message('dictionaryType').forEach((k) => {
          if (k.no === 1) keyType = 'int64';
          else if (k.no === 2) keyType = 'string';
        });
        feature = { ...base, type: 'dictionary', keyType };
        break;
      }
      case 7: {
        let elementType: 'int64' | 'string' | 'unknown' = 'unknown';
        let range: SizeRange | undefined;
        f.message('sequenceType').forEach((k) => {
          if (k.no === 1) elementType = 'int64';
          else if (k.no === 3) elementType = 'string';
          else if (k.no === 101) range = sizeRange(k.message('sizeRange'));
        });
        feature = { ...base, type: 'sequence', elementType, ...(range ? { sizeRange: range } : {}) };
        break;
      }
      case 8: {
        let arr: MultiArrayFeature | null = null;
        f.message('stateType').forEach((k) => {
          if (k.no === 1) arr = decodeArray(k.message('arrayType'), base);
        });
        const a = arr as MultiArrayFeature | null;
        feature = { ...base, type: 'state', dataType: a?.dataType ?? 'INVALID', shape: a?.shape ?? [] };
        break;
      }
      case 1000:
        optional = f.bool('isOptional');
        break;
    }
  });
  return { ...feature, optional };
}

function decodeArray(msg: Msg, base: { name: string; description: string | null; optional: boolean; flexible: Flexibility }): MultiArrayFeature {
  const shape: number[] = [];
  let dataType = 'INVALID';
  let shapes: number[][] | undefined;
  let ranges: SizeRange[] | undefined;
  let defaultValue: number | undefined;
  msg.forEach((f) => {
    switch (f.no) {
      case 1:
        for (const v of f.varints('shape', MAX_DIMS)) shape.push(Number(BigInt.asIntN(64, v)));
        if (shape.length > MAX_DIMS) throw msg.error(f.offset, `a shape of more than ${MAX_DIMS} dimensions`, 'a tensor shape');
        break;
      case 2: {
        const code = f.int32('dataType');
        dataType = ARRAY_DTYPES.get(code) ?? (code === 0 ? 'INVALID' : `dataType(${code})`);
        break;
      }
      case 21: {
        const list: number[][] = [];
        f.message('enumeratedShapes').forEach((s) => {
          if (s.no !== 1) return;
          if (list.length >= MAX_SHAPES) throw msg.error(s.offset, `more than ${MAX_SHAPES} enumerated shapes`, 'enumerated shapes of a real model');
          const dims: number[] = [];
          s.message('shapes').forEach((d) => {
            if (d.no === 1) for (const v of d.varints('shape', MAX_DIMS)) dims.push(Number(BigInt.asIntN(64, v)));
          });
          list.push(dims);
        });
        shapes = list;
        break;
      }
      case 31: {
        const list: SizeRange[] = [];
        f.message('shapeRange').forEach((s) => {
          if (s.no !== 1) return;
          if (list.length >= MAX_DIMS) throw msg.error(s.offset, `more than ${MAX_DIMS} size ranges`, 'a shape range');
          list.push(sizeRange(s.message('sizeRanges')));
        });
        ranges = list;
        break;
      }
      case 41:
        defaultValue = f.int32('intDefaultValue');
        break;
      case 51:
        defaultValue = f.float('floatDefaultValue');
        break;
      case 61:
        defaultValue = f.double('doubleDefaultValue');
        break;
    }
  });
  const flexible: Flexibility = shapes && shapes.length > 1 ? 'enumerated' : ranges && ranges.some((r) => r.max === null || r.max !== r.min) ? 'range' : 'none';
  return {
    ...base,
    type: 'multiArray',
    dataType,
    shape,
    flexible,
    ...(shapes ? { shapes } : {}),
    ...(ranges ? { ranges } : {}),
    ...(defaultValue !== undefined ? { defaultValue } : {}),
  };
}

function decodeImage(msg: Msg, base: { name: string; description: string | null; optional: boolean; flexible: Flexibility }): ImageFeature {
  let width = 0;
  let height = 0;
  let colorSpace = 'INVALID';
  let sizes: { width: number; height: number }[] | undefined;
  let sizeRangeV: { width: SizeRange; height: SizeRange } | undefined;
  msg.forEach((f) => {
    switch (f.no) {
      case 1:
        width = f.int64n('width');
        break;
      case 2:
        height = f.int64n('height');
        break;
      case 3: {
        const c = f.int32('colorSpace');
        colorSpace = COLOR_SPACES.get(c) ?? (c === 0 ? 'INVALID' : `colorSpace(${c})`);
        break;
      }
      case 21: {
        const list: { width: number; height: number }[] = [];
        f.message('enumeratedSizes').forEach((s) => {
          if (s.no !== 1) return;
          if (list.length >= MAX_SHAPES) throw msg.error(s.offset, `more than ${MAX_SHAPES} enumerated image sizes`, 'enumerated sizes of a real model');
          let w = 0;
          let h = 0;
          s.message('sizes').forEach((d) => {
            if (d.no === 1) w = d.uint64n('width');
            else if (d.no === 2) h = d.uint64n('height');
          });
          list.push({ width: w, height: h });
        });
        sizes = list;
        break;
      }
      case 31: {
        let w: SizeRange = { min: 0, max: 0 };
        let h: SizeRange = { min: 0, max: 0 };
        f.message('imageSizeRange').forEach((d) => {
          if (d.no === 1) w = sizeRange(d.message('widthRange'));
          else if (d.no === 2) h = sizeRange(d.message('heightRange'));
        });
        sizeRangeV = { width: w, height: h };
        break;
      }
    }
  });
  const ranged = sizeRangeV && [sizeRangeV.width, sizeRangeV.height].some((r) => r.max === null || r.max !== r.min);
  const flexible: Flexibility = sizes && sizes.length > 1 ? 'enumerated' : ranged ? 'range' : 'none';
  return { ...base, type: 'image', width, height, colorSpace, flexible, ...(sizes ? { sizes } : {}), ...(sizeRangeV ? { sizeRange: sizeRangeV } : {}) };
}
