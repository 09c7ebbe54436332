/**
 * Op names as logs print them, normalised so that one op has one name.
 *
 * PyTorch: coremltools looks ops up by a sanitised kind (`sanitize_op_kind` in
 * frontend/torch/utils.py): lower case, no `aten::`/`prim::` namespace, no `__` affixes, no
 * overload suffix (`.default`, `.Tensor`, `.Scalar`, `.int`, ...). In-place variants (`relu_`) are
 * converted as their out-of-place op, so the trailing underscore goes too. Other namespaces stay:
 * `torchvision::roi_align`, `quantized::linear_dynamic`.
 * TensorFlow and ONNX op types are kept as printed (`Switch`, `Cast`), without quotes.
 */
import type { Frontend } from './model.js';
import { own } from '../core/strings.js';

const OVERLOAD_SUFFIX = /\.(?:default|tensor|scalar|int|float|self|out|tensor_mode|tensor_scalar|scalar_tensor|scalar_mode|self_int|self_tensor|vec|dim|dimname|using_ints|using_tensor|str|list|t|bool|names|memory_format|array|start|end|step)$/i;

export function stripQuotes(raw: string): string {
  let s = raw.trim();
  for (;;) {
    const m = /^(['"`])(.*)\1$/s.exec(s);
    if (!m) break;
    s = (m[2] as string).trim();
  }
  return s;
}

export function normalizeTorchOp(raw: string): string {
  let s = stripQuotes(raw).toLowerCase();
  s = s.replace(/^torch\.ops\./, '').replace(/^(aten|prim)(::|\.)/, '');
  // Overload suffixes can stack in torch.export names: `upsample_bicubic2d.vec`.
  for (let i = 0; i < 3 && OVERLOAD_SUFFIX.test(s); i++) s = s.replace(OVERLOAD_SUFFIX, '');
  const ns = s.lastIndexOf('::');
  const prefix = ns >= 0 ? s.slice(0, ns + 2) : '';
  let name = ns >= 0 ? s.slice(ns + 2) : s;
  if (/^__\w+__$/.test(name)) name = name.slice(2, -2);
  // In-place variant: `relu_` is `relu`. Keep a lone `_` or names that are only underscores.
  if (name.length > 1 && name.endsWith('_') && !name.endsWith('__') && /[a-z0-9]/.test(name)) name = name.slice(0, -1);
  return prefix + name;
}

/** TF op types are CamelCase (`Switch`, `ResizeBilinear`); `tf.raw_ops.Einsum` and `tf.Einsum` name `Einsum`. */
export function normalizeTfOp(raw: string): string {
  return stripQuotes(raw).replace(/^(?:tf\.raw_ops\.|tf\.|raw_ops\.)/, '');
}

export function normalizeOnnxOp(raw: string): string {
  return stripQuotes(raw).replace(/^(?:onnx::|ai\.onnx\.)/, '');
}

/** MIL op types (`inverse`, `reshape`, `conv_transpose`) and anything we cannot place. */
export function normalizeMilOp(raw: string): string {
  return stripQuotes(raw).replace(/^(?:ios\d+\.|mb\.)/i, '');
}

const normalized = new Map<Frontend, Map<string, string>>();
const NORMALIZED_LIMIT = 4096;

/** The op's one name (remembered: logs name the same ops again and again), its own copy: a caller may keep it without copying it again. */
export function normalizeOp(raw: string, frontend: Frontend): string {
  let memo = normalized.get(frontend);
  if (!memo) normalized.set(frontend, (memo = new Map()));
  let name = memo.get(raw);
  if (name === undefined) {
    name = own(normalizeFresh(raw, frontend));
    if (memo.size >= NORMALIZED_LIMIT) memo.clear();
    memo.set(own(raw), name);
  }
  return name;
}

function normalizeFresh(raw: string, frontend: Frontend): string {
  switch (frontend) {
    case 'pytorch':
      return normalizeTorchOp(raw);
    case 'tensorflow':
      return normalizeTfOp(raw);
    case 'onnx':
      return normalizeOnnxOp(raw);
    default:
      return normalizeMilOp(raw);
  }
}

/** A captured name that is really a template placeholder from a source line, not an op. */
export function isPlaceholder(name: string): boolean {
  return name === '' || name.includes('{') || name.includes('}') || name === '%s' || name === '?';
}
