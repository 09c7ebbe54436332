/**
 * What a model path holds, recognised by content, not by name: an `.mlpackage` folder, an `.mlmodel`
 * protobuf (plain or gzipped), or one of the things that users hand over in its place and that must be
 * refused with a line saying what they are: a macOS alias, an HTML page, a Git LFS pointer, a compiled
 * `.mlmodelc`, a package's Manifest.json, JSON, XML, a zip archive, text.
 */
import { isModelTypeField } from './tables/model-types.js';

export type ByteSniff =
  | { kind: 'protobuf' }
  | { kind: 'gzip' }
  | {
      kind: 'refuse';
      /** What it is, as the error line says it. */
      problem: string;
      /** What to pass instead. */
      expected: string;
    };

export const EXPECT_MODEL_INPUT = 'an .mlpackage folder, an .mlmodel file (gzipped too), or - for an .mlmodel on stdin';

const ascii = (bytes: Uint8Array, n: number): string => String.fromCharCode(...bytes.subarray(0, Math.min(n, bytes.length)));

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

const BOOKMARK = [0x62, 0x6f, 0x6f, 0x6b, 0, 0, 0, 0, 0x6d, 0x61, 0x72, 0x6b]; // "book\0\0\0\0mark"

/** Classifies the first bytes (a few KB) of a file or of stdin. */
export function sniffBytes(head: Uint8Array): ByteSniff {
  if (head.length === 0) return { kind: 'refuse', problem: 'the file is empty', expected: EXPECT_MODEL_INPUT };
  if (head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip' };
  if (startsWith(head, BOOKMARK)) {
    return {
      kind: 'refuse',
      problem: 'a macOS alias (a Finder bookmark file), not a model: it only points at where a model was on someone\'s Mac',
      expected: 'the .mlmodel or .mlpackage itself (copy the model, not its alias)',
    };
  }
  const text = ascii(head, 512).replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  const trimmed = text.replace(/^[\s]+/, '');
  if (trimmed.startsWith('version https://git-lfs.github.com/spec/')) {
    return { kind: 'refuse', problem: 'a Git LFS pointer, not the model: the repository was cloned without its LFS files', expected: 'the real file (run `git lfs pull`, or download it from the LFS store)' };
  }
  if (/^<!doctype html|^<html[\s>]|^<head[\s>]/i.test(trimmed)) {
    return { kind: 'refuse', problem: 'an HTML page, not a model (a download link that saved a web page?)', expected: 'the raw model file' };
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    return { kind: 'refuse', problem: 'a zip archive, not a model', expected: 'the .mlpackage folder or .mlmodel file inside it (unzip it first)' };
  }
  if (ascii(head, 8) === 'bplist00') return { kind: 'refuse', problem: 'a binary property list, not a model', expected: EXPECT_MODEL_INPUT };
  if (/^<\?xml|^<plist[\s>]|^<!DOCTYPE/i.test(trimmed)) return { kind: 'refuse', problem: 'an XML document, not a model', expected: EXPECT_MODEL_INPUT };
  if (/^[{[]/.test(trimmed) && isMostlyText(head)) {
    if (/"itemInfoEntries"|"rootModelIdentifier"/.test(text)) {
      return { kind: 'refuse', problem: "an .mlpackage's Manifest.json, not the model", expected: 'the .mlpackage folder that holds it' };
    }
    return { kind: 'refuse', problem: 'a JSON document, not a model', expected: EXPECT_MODEL_INPUT };
  }
  if (/^program\(|^main\(/.test(trimmed)) {
    return { kind: 'refuse', problem: "text MIL (a compiled model's model.mil), not a model", expected: 'the .mlpackage or .mlmodel it was compiled from' };
  }
  if (plausibleModelStart(head)) return { kind: 'protobuf' };
  if (isMostlyText(head)) return { kind: 'refuse', problem: 'text, not a model', expected: EXPECT_MODEL_INPUT };
  const hex = Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return { kind: 'refuse', problem: `binary data that is not a Core ML model (it starts with ${hex})`, expected: EXPECT_MODEL_INPUT };
}

/**
 * A Core ML model starts with a field of `Model`: specificationVersion (1, varint), description (2, LEN),
 * isUpdatable (10, varint) or a model type (200 and above, LEN). Writers put field 1 first.
 */
function plausibleModelStart(head: Uint8Array): boolean {
  const tag = firstTag(head);
  if (!tag) return false;
  const [no, wire] = tag;
  if (no === 1 || no === 10) return wire === 0;
  if (no === 2 || isModelTypeField(no)) return wire === 2 && no < 4000;
  return false;
}

/**
 * The first field tag (a varint of up to 5 bytes: field number << 3 | wire type), as the protobuf
 * wire reader reads it; null when it is cut short, longer, or not a legal tag. Hand-written so that
 * sniffing (which every command's inputs go through) does not load the wire reader.
 */
function firstTag(b: Uint8Array): [number, number] | null {
  let v = 0;
  for (let i = 0; i < 5 && i < b.length; i++) {
    const byte = b[i] as number;
    v |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) === 0) {
      v >>>= 0;
      const no = v >>> 3;
      const wire = v & 7;
      return no > 0 && wire <= 5 ? [no, wire] : null;
    }
  }
  return null;
}

function isMostlyText(head: Uint8Array): boolean {
  const n = Math.min(head.length, 512);
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    if (b === 0) return false;
    if (b === 9 || b === 10 || b === 13 || (b >= 0x20 && b < 0x7f) || b >= 0x80) printable++;
  }
  return n > 0 && printable / n > 0.95;
}

/** Folders: a package has Manifest.json; a compiled model has coremldata.bin (and model.mil, for ML programs). */
export function sniffFolder(entries: readonly string[], name: string): { kind: 'mlpackage' } | { kind: 'refuse'; problem: string; expected: string } {
  if (entries.includes('Manifest.json')) return { kind: 'mlpackage' };
  if (entries.includes('coremldata.bin') || entries.includes('model.mil') || /\.mlmodelc\/?$/i.test(name)) {
    return {
      kind: 'refuse',
      problem: 'a compiled model (.mlmodelc): what Xcode and coremlcompiler build for the device, which cannot be read back into a model',
      expected: 'the .mlpackage or .mlmodel it was compiled from',
    };
  }
  const inside = entries.filter((e) => /\.(mlpackage|mlmodel)$/i.test(e));
  if (inside.length) {
    return { kind: 'refuse', problem: `a folder, not a model package (it holds ${inside.slice(0, 3).join(', ')}${inside.length > 3 ? ', ...' : ''})`, expected: 'the path of one of those models' };
  }
  return { kind: 'refuse', problem: 'a folder without Manifest.json, so not an .mlpackage', expected: EXPECT_MODEL_INPUT };
}
