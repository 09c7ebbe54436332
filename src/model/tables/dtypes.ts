/**
 * Data-type codes of the three enumerations a model uses, with short names (`fp16`, `int8`, `uint4`) and
 * widths in bits. Sources: MIL.proto `DataType`, MILBlob `BlobDataType.hpp` (the blob header's
 * `mil_dtype`), FeatureTypes.proto `ArrayFeatureType.ArrayDataType` (apple/coremltools e0e2f42b).
 */

export interface DtypeInfo {
  /** Short name: fp16, fp32, bf16, int8, uint4, bool, string ... */
  name: string;
  /** Width of one element in bits; null for strings. */
  bits: number | null;
  float: boolean;
}

const d = (name: string, bits: number | null, float = false): DtypeInfo => ({ name, bits, float });

/** MIL.proto `DataType`. */
export const MIL_DTYPES: ReadonlyMap<number, DtypeInfo> = new Map<number, DtypeInfo>([
  [1, d('bool', 8)], [2, d('string', null)],
  [10, d('fp16', 16, true)], [11, d('fp32', 32, true)], [12, d('fp64', 64, true)], [13, d('bf16', 16, true)],
  [21, d('int8', 8)], [22, d('int16', 16)], [23, d('int32', 32)], [24, d('int64', 64)], [25, d('int4', 4)],
  [31, d('uint8', 8)], [32, d('uint16', 16)], [33, d('uint32', 32)], [34, d('uint64', 64)],
  [35, d('uint4', 4)], [36, d('uint2', 2)], [37, d('uint1', 1)], [38, d('uint6', 6)], [39, d('uint3', 3)],
  [40, d('fp8e4m3fn', 8, true)], [41, d('fp8e5m2', 8, true)],
]);

/** MILBlob `BlobDataType` (the dtype code in a weight.bin blob header). */
export const BLOB_DTYPES: ReadonlyMap<number, DtypeInfo> = new Map<number, DtypeInfo>([
  [1, d('fp16', 16, true)], [2, d('fp32', 32, true)], [3, d('uint8', 8)], [4, d('int8', 8)], [5, d('bf16', 16, true)],
  [6, d('int16', 16)], [7, d('uint16', 16)], [8, d('int4', 4)], [9, d('uint1', 1)], [10, d('uint2', 2)],
  [11, d('uint4', 4)], [12, d('uint3', 3)], [13, d('uint6', 6)], [14, d('int32', 32)], [15, d('uint32', 32)],
  [16, d('fp8e4m3fn', 8, true)], [17, d('fp8e5m2', 8, true)],
]);

/** FeatureTypes.proto `ArrayFeatureType.ArrayDataType`: code -> the format's name. */
export const ARRAY_DTYPES: ReadonlyMap<number, string> = new Map([
  [65568, 'FLOAT32'],
  [65600, 'DOUBLE'],
  [65552, 'FLOAT16'],
  [131104, 'INT32'],
  [131080, 'INT8'],
]);

/** FeatureTypes.proto `ImageFeatureType.ColorSpace`. */
export const COLOR_SPACES: ReadonlyMap<number, string> = new Map([
  [10, 'GRAYSCALE'],
  [20, 'RGB'],
  [30, 'BGR'],
  [40, 'GRAYSCALE_FLOAT16'],
]);

export function milDtype(code: number): DtypeInfo {
  return MIL_DTYPES.get(code) ?? { name: `dtype(${code})`, bits: null, float: false };
}

export function blobDtype(code: number): DtypeInfo {
  return BLOB_DTYPES.get(code) ?? { name: `dtype(${code})`, bits: null, float: false };
}

/** Bytes that `elements` values of `bits` each take when bit-packed into whole bytes. */
export function packedBytes(elements: number, bits: number): number {
  return Math.ceil((elements * bits) / 8);
}
