/**
 * Which frontend a spelling names, and the key it is looked up by there. A spelling can name an
 * op of several frontends (`Cast` is a TensorFlow and an ONNX op type; `gather` a PyTorch op and a
 * MIL op); it can also be no op at all (`F.interpolate(mode="bicubic")`, `rank-above-5`): then it
 * is a plain word that finds a catalogue entry.
 *
 * Keys follow each frontend's own rules: PyTorch spellings go through the newest coremltools
 * lookup (src/rewrites/registry/torch-kind.ts), so `aten::relu_` is `relu` but
 * `upsample_nearest2d.vec` stays dotted; TensorFlow and ONNX op types are matched by name without
 * regard to letter case (the registry answer says when the case differs); MIL op types as printed.
 */
import { stripQuotes } from '../convlog/ops.js';
import { MIL_OPS } from './mil-ops.js';
import { MAIN } from './registry/releases.js';
import { torchKey, torchKind, withoutOverload } from './registry/torch-kind.js';
import type { CatalogueFrontend } from './schema.js';

export type SpellingFrontend = CatalogueFrontend;

export interface Reading {
  frontend: SpellingFrontend;
  /** The op as that frontend names it: torch kind, TF/ONNX op type, MIL op type. */
  name: string;
  /** The catalogue key: lower-cased for TF/ONNX, the newest lookup key for PyTorch. */
  key: string;
  /**
   * `fits`: the spelling has that frontend's form (a prefix, or the letter case its op names
   * use); `loose`: it could be meant (a CamelCase name typed for PyTorch, a lower-case TF name).
   */
  fit: 'fits' | 'loose';
}

const API_PREFIX = /^(?:torch|F|nn|Tensor|torchvision|ct|coremltools|np|numpy|tf)\./;
const OP_NAME = /^[A-Za-z_][\w.>]*$/;

/** `F.interpolate(mode="bicubic")`, `rank-above-5`, `slice assignment`: words, not op names. */
export function isPlainWord(spelling: string): boolean {
  const s = stripQuotes(spelling);
  if (/^(?:tf\.raw_ops\.|raw_ops\.|torch\.ops\.|onnx::|ai\.onnx\.|mb\.|ios\d+\.)/i.test(s) || s.includes('::')) return false;
  return API_PREFIX.test(s) || !OP_NAME.test(s);
}

/** The key a word is found by: lower case, single spaces. */
export function wordKey(spelling: string): string {
  return stripQuotes(spelling).toLowerCase().replace(/\s+/g, ' ');
}

export function torchCatalogueKey(name: string): string {
  return torchKey(torchKind(name), MAIN);
}

/** The same op without its torch.export overload (`scatter.value_reduce` → `scatter`), or null. */
export function torchBaseKey(name: string): string | null {
  const base = withoutOverload(torchKind(name));
  const key = torchCatalogueKey(base);
  return key !== torchCatalogueKey(name) ? key : null;
}

function reading(frontend: SpellingFrontend, name: string, fit: Reading['fit']): Reading {
  const key = frontend === 'pytorch' ? torchCatalogueKey(name) : frontend === 'mil' ? name : name.toLowerCase();
  return { frontend, name, key, fit };
}

/**
 * Every frontend reading of a spelling, best first. `only` restricts it to some frontends (an
 * entry's, or the one `--frontend` names); `tfNames` tells which lower-case names are TF op types
 * (`while`), so they count as TensorFlow too.
 */
export function readingsOf(spelling: string, only?: readonly SpellingFrontend[], isTfName: (name: string) => boolean = () => false): Reading[] {
  const s = stripQuotes(spelling);
  const allowed = (f: SpellingFrontend) => !only || only.includes(f);
  const out: Reading[] = [];
  const add = (f: SpellingFrontend, name: string, fit: Reading['fit']) => {
    if (allowed(f) && name && !out.some((r) => r.frontend === f)) out.push(reading(f, name, fit));
  };
  let m: RegExpExecArray | null;
  if ((m = /^(?:tf\.raw_ops\.|raw_ops\.)(.+)$/.exec(s))) {
    add('tensorflow', m[1] as string, 'fits');
    return out;
  }
  if ((m = /^(?:onnx::|ai\.onnx\.)(.+)$/.exec(s))) {
    add('onnx', m[1] as string, 'fits');
    return out;
  }
  if ((m = /^(?:mb\.|ios\d+\.)(.+)$/i.exec(s))) {
    add('mil', m[1] as string, 'fits');
    return out;
  }
  if (/^torch\.ops\./.test(s) || s.includes('::')) {
    add('pytorch', s, 'fits');
    return out;
  }
  if (isPlainWord(s)) return out;
  const lower = /^[a-z_]/.test(s);
  if (lower) {
    add('pytorch', s, 'fits');
    if (MIL_OPS.has(s)) add('mil', s, 'fits');
    add('tensorflow', s, isTfName(s) ? 'fits' : 'loose');
    add('onnx', s, 'loose');
  } else {
    add('tensorflow', s, 'fits');
    add('onnx', s, 'fits');
    add('pytorch', s, 'loose');
    if (MIL_OPS.has(s.toLowerCase())) add('mil', s.toLowerCase(), 'loose');
  }
  return out;
}

/**
 * The readings under which a catalogue entry's spelling is indexed: only in the entry's
 * frontends, only where the spelling has that frontend's form. A pattern's plain names
 * (`int64`, `RangeDim`) and a PyTorch entry's class names (`ConvTranspose2d`) are words.
 */
export function entrySpellingReadings(spelling: string, frontends: readonly SpellingFrontend[], kind: 'op' | 'pattern', isTfName: (name: string) => boolean): Reading[] {
  const s = stripQuotes(spelling);
  const explicit = /^(?:tf\.raw_ops\.|raw_ops\.|torch\.ops\.|onnx::|ai\.onnx\.|mb\.|ios\d+\.)/i.test(s) || s.includes('::');
  if (kind === 'pattern' && !explicit) return [];
  return readingsOf(s, frontends, isTfName).filter((r) => r.fit === 'fits');
}
