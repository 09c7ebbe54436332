/**
 * How each coremltools release turns a PyTorch op kind into a registry key, exactly as its source
 * does (read at the release tags; the eras are in the research table's `lookup.torch`):
 *
 * - 4.0-5.0: `kind.split("::")[-1].lower()`, exact match (the namespace always goes);
 * - 5.1-6.1: the same, then one trailing `_` stripped (in-place → functional);
 * - 6.2-7.1: aten/prim namespaces dropped, others kept (`torchvision::nms`); `__x__` → `x`, else
 *   one trailing `_` stripped;
 * - 7.2: `sanitize_op_kind`: lower-case; `__x__` → `x`; aten/prim namespace dropped (`::` or `.`);
 *   one overload suffix out of default, tensor, tensor_mode, scalar, tensor_scalar dropped. It runs
 *   twice, when the node is made (internal_graph.py) and again in TorchOpsRegistry.get_func, so a
 *   dunder the first pass uncovers goes in the second (`aten::__and__` → `__and__` → `and`); then a
 *   trailing `_` is stripped;
 * - 8.0-9.0: `int` joins the suffix set;
 * - main: `__x__` is stripped again after the namespace and suffix are gone (`aten::__or__.Tensor`).
 *
 * Nothing here strips more than coremltools does: `upsample_nearest2d.vec` stays dotted, because
 * coremltools needed the `.vec` key (registered in 8.0).
 */
import { stripQuotes } from '../../convlog/ops.js';
import { TORCH_LOOKUP_ERAS } from './data.js';
import { releaseIndex } from './releases.js';

export type TorchEra = '4.0' | '5.1' | '6.2' | '7.1' | '7.2' | '8.0' | 'main';

interface EraRule {
  /** What changed in this era, in a few words, for "from 5.1 (...)" in answers. */
  change: string;
  key(kind: string): string;
}

const DEFAULT_NAMESPACES = new Set(['aten', 'prim']);
const SUFFIXES_72 = new Set(['default', 'tensor', 'tensor_mode', 'scalar', 'tensor_scalar']);
const SUFFIXES_80 = new Set([...SUFFIXES_72, 'int']);

function lastSegment(kind: string): string {
  return (kind.split('::').at(-1) as string).toLowerCase();
}

function stripDunder(k: string): string | null {
  return k.startsWith('__') && k.endsWith('__') ? k.slice(2, -2) : null;
}

function stripInplace(k: string): string {
  return k.endsWith('_') ? k.slice(0, -1) : k;
}

function skipPrefixAndSuffix(kind: string, delimiter: string, suffixes: ReadonlySet<string>): string {
  const split = kind.split(delimiter);
  const start = DEFAULT_NAMESPACES.has(split[0] as string) && split.length > 1 ? 1 : 0;
  const stop = suffixes.has(split.at(-1) as string) && split.length - start > 1 ? split.length - 1 : split.length;
  return split.slice(start, stop).join(delimiter);
}

function sanitizeOpKind(kind: string, suffixes: ReadonlySet<string>, dunderAgain: boolean): string {
  let k = kind.toLowerCase();
  k = stripDunder(k) ?? k;
  k = skipPrefixAndSuffix(k, '::', suffixes);
  k = skipPrefixAndSuffix(k, '.', suffixes);
  if (dunderAgain) k = stripDunder(k) ?? k;
  return k;
}

/** The node's kind is sanitised when the node is made, and the registry sanitises it again. */
function sanitizeTwice(kind: string, suffixes: ReadonlySet<string>, dunderAgain: boolean): string {
  return sanitizeOpKind(sanitizeOpKind(kind, suffixes, dunderAgain), suffixes, dunderAgain);
}

function namespacedKind(kind: string): string {
  const ns = (kind.split('::')[0] as string).toLowerCase();
  return DEFAULT_NAMESPACES.has(ns) ? lastSegment(kind) : kind.toLowerCase();
}

export const TORCH_ERAS: ReadonlyMap<TorchEra, EraRule> = new Map<TorchEra, EraRule>([
  ['4.0', { change: 'exact match; the namespace is dropped', key: (kind) => lastSegment(kind) }],
  ['5.1', { change: 'a trailing `_` is stripped', key: (kind) => stripInplace(lastSegment(kind)) }],
  ['6.2', { change: 'namespaces other than aten/prim are kept', key: (kind) => { const k = namespacedKind(kind); return stripDunder(k) ?? stripInplace(k); } }],
  ['7.1', { change: 'the same rules in TorchOpsRegistry.get_func', key: (kind) => { const k = namespacedKind(kind); return stripDunder(k) ?? stripInplace(k); } }],
  ['7.2', { change: 'overload suffixes .default/.Tensor/.Scalar/.Tensor_mode/.Tensor_Scalar are dropped', key: (kind) => stripInplace(sanitizeTwice(kind, SUFFIXES_72, false)) }],
  ['8.0', { change: 'the .int suffix is dropped too', key: (kind) => stripInplace(sanitizeTwice(kind, SUFFIXES_80, false)) }],
  ['main', { change: '`__x__` is stripped again after the suffix', key: (kind) => stripInplace(sanitizeTwice(kind, SUFFIXES_80, true)) }],
]);

const ERA_STARTS: readonly [TorchEra, number][] = [...TORCH_ERAS.keys()].map((era) => [era, releaseIndex(era)]);
const SINCE_62 = releaseIndex('6.2');

/** The era a release (or `main`) belongs to. */
export function torchEraOf(release: string): TorchEra {
  const i = releaseIndex(release);
  let era: TorchEra = '4.0';
  for (const [e, start] of ERA_STARTS) if (start >= 0 && i >= start) era = e;
  return era;
}

/** True when a release starts a lookup era (its rules differ from the release before). */
export function startsEra(release: string): boolean {
  return TORCH_ERAS.has(release as TorchEra) && release !== '4.0';
}

/** The era table matches the research file's (a test holds the two together). */
export function erasAgreeWithData(): boolean {
  const mine = [...TORCH_ERAS.keys()];
  return mine.length === TORCH_LOOKUP_ERAS.length && TORCH_LOOKUP_ERAS.every(([from], i) => from === mine[i]);
}

/**
 * A spelling as a user or a log gives it, as the node kind coremltools would see: quotes off,
 * `torch.ops.aten.x.default` (the Python handle of a torch.export target) as `aten::x.default`.
 * Letter case is kept: the rules lower-case it themselves.
 */
export function torchKind(spelling: string): string {
  let s = stripQuotes(spelling);
  const m = /^torch\.ops\.([A-Za-z_]\w*)\.(.+)$/.exec(s);
  if (m) s = `${m[1]}::${m[2]}`;
  return s;
}

const PLAIN = /^[a-z0-9_]+$/;

/** The registry key release `release` looks up for `kind`. */
export function torchKey(kind: string, release: string): string {
  // A plain lower-case name (most spellings) has no namespace or overload: from 6.2 every era
  // makes `__x__` into `x`, else strips one trailing `_`.
  if (PLAIN.test(kind) && releaseIndex(release) >= SINCE_62) return stripDunder(kind) ?? stripInplace(kind);
  return (TORCH_ERAS.get(torchEraOf(release)) as EraRule).key(kind);
}

/** True when `kind` names a namespace other than aten/prim (`torchvision::nms`, `quantized::linear`). */
export function hasOwnNamespace(kind: string): boolean {
  const i = kind.indexOf('::');
  return i > 0 && !DEFAULT_NAMESPACES.has(kind.slice(0, i).toLowerCase());
}

/**
 * The overload suffix a torch.export spelling carries (`vec` in `upsample_nearest2d.vec`), or null.
 * TorchScript node kinds never carry one, so a dotted spelling comes from the export path.
 */
export function overloadOf(kind: string): string | null {
  const name = kind.split('::').at(-1) as string;
  const parts = name.replace(/^(?:aten|prim)\./i, '').split('.');
  return parts.length > 1 ? (parts.at(-1) as string) : null;
}

/** The kind without its overload suffix (`aten::upsample_nearest2d.vec` → `aten::upsample_nearest2d`). */
export function withoutOverload(kind: string): string {
  const i = kind.lastIndexOf('::');
  const head = i >= 0 ? kind.slice(0, i + 2) : '';
  const name = i >= 0 ? kind.slice(i + 2) : kind;
  const ns = /^(aten|prim)\./i.exec(name);
  const rest = ns ? name.slice(ns[0].length) : name;
  const dot = rest.indexOf('.');
  return dot > 0 ? `${head}${ns ? ns[1] + '::' : ''}${rest.slice(0, dot)}` : kind;
}
