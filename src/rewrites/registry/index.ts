/**
 * What the op registry says about one spelling in one frontend: in which coremltools releases it
 * converts, under which registry key (the lookup rules change between releases), what its
 * converter refuses, and which graph pass handles it when no release registers it. Built on the
 * generated ./data.ts; indexes are made on first use.
 */
import { GRAPH_PASSES, GROUPS, ONNX, PRERELEASE, REFUSALS, TENSORFLOW, TF2_ONLY, TORCH } from './data.js';
import { ALL_RELEASES, FINAL_RELEASES, MAIN, releaseIndex } from './releases.js';
import { hasOwnNamespace, overloadOf, startsEra, TORCH_ERAS, torchEraOf, torchKey, torchKind, withoutOverload, type TorchEra } from './torch-kind.js';
import type { OnnxRow, OpRow } from './types.js';
import { normalizeOnnxOp, normalizeTfOp } from '../../convlog/ops.js';

export type RegistryFrontend = 'pytorch' | 'tensorflow' | 'onnx';
export const REGISTRY_FRONTENDS: readonly RegistryFrontend[] = ['pytorch', 'tensorflow', 'onnx'];

/** One registry key and its history. */
export interface RegistryKey {
  name: string;
  /** First final release registering it; `main`; null when only pre-release tags did. */
  since: string | null;
  /** First release that no longer converts the spelling at all. */
  removedIn: string | null;
  /** First release whose registry lacks the key (the spelling may still convert through the lookup rules). */
  keyDroppedIn: string | null;
  /** Other names the same converter is registered under. */
  aliases: readonly string[];
  /** Argument cases the converter refuses (its `raise NotImplementedError` messages; a lower bound). */
  refusals: readonly string[];
  /** The pre-release or dev tag that first had it, when that came before `since` (or instead of it). */
  firstTag: string | null;
  /** TensorFlow: only the TensorFlow 2 frontend registers it. */
  tf2Only: boolean;
}

/** A run of consecutive releases in which the spelling converts under one key. */
export interface Segment {
  from: string;
  /** Last release of the run (`main` when it still converts). */
  to: string;
  key: string;
  /** Why the key changed at `from` (a lookup rule of that release), when it did. */
  rule: string | null;
}

/**
 * - `release`: converts natively since a final release and still does;
 * - `main`: only the unreleased main branch converts it;
 * - `removed`: some releases converted it, current ones do not (every ONNX op: the ONNX converter went in 6.0);
 * - `never`: no release, and not main, converts this spelling.
 */
export type Availability = 'release' | 'main' | 'removed' | 'never';

export interface RegistryVerdict {
  frontend: RegistryFrontend;
  /** The spelling as asked. */
  spelling: string;
  /** The op as the frontend names it: the torch node kind, the TF/ONNX op type in the registry's letter case. */
  name: string;
  availability: Availability;
  /** First final release that converts it (`main` when only main does). */
  since: string | null;
  /** First release after the last one that converts it, when current releases do not. */
  removedIn: string | null;
  /** The runs of releases that convert it, with the key each looks up. */
  segments: Segment[];
  /** The key in effect in the newest release that converts it, else the key the newest rules make. */
  key: RegistryKey | null;
  /** The key the newest rules look up (also when it is not registered). */
  lookupKey: string;
  /** PyTorch: releases before 6.2 drop a namespace such as `torchvision::` and so look up another op's converter. */
  namespaceDropped: { from: string; to: string; key: string } | null;
  /** PyTorch: a dotted overload (`.vec`) comes from torch.export; the TorchScript spelling converts from this release. */
  torchScript: { kind: string; since: string | null } | null;
  /** TF/ONNX: the registry spells it in another letter case (op types are matched exactly). */
  caseDiffers: boolean;
  /** The graph pass that handles it before the registry is asked (`Switch`, `prim::GetAttr`). */
  graphPass: { what: string; how: string } | null;
  /** ONNX: the onnx-coreml tags from which each registry had it, and whether coremltools 4.0-5.2 shipped it. */
  onnx: { legacySince: string | null; ndSince: string | null; inCoremltools: boolean } | null;
}

interface Tables {
  torch: Map<string, OpRow>;
  tensorflow: Map<string, OpRow>;
  tensorflowLower: Map<string, string>;
  onnx: Map<string, OnnxRow>;
  onnxLower: Map<string, string>;
  tf2Only: Set<string>;
  prerelease: Map<string, string>;
}

let tables: Tables | null = null;

function getTables(): Tables {
  if (tables) return tables;
  const lower = (names: Iterable<string>) => {
    const m = new Map<string, string>();
    for (const n of names) if (!m.has(n.toLowerCase())) m.set(n.toLowerCase(), n);
    return m;
  };
  const tensorflow = new Map(TENSORFLOW.map((r) => [r[0], r]));
  const onnx = new Map(ONNX.map((r) => [r[0], r]));
  tables = {
    torch: new Map(TORCH.map((r) => [r[0], r])),
    tensorflow,
    tensorflowLower: lower(tensorflow.keys()),
    onnx,
    onnxLower: lower(onnx.keys()),
    tf2Only: new Set(TF2_ONLY),
    prerelease: new Map(PRERELEASE.map(([f, n, t]) => [`${f}:${n}`, t])),
  };
  return tables;
}

function keyOf(row: OpRow, frontend: 'pytorch' | 'tensorflow'): RegistryKey {
  const [name, since, removedIn, keyDroppedIn, group, refusals] = row;
  const t = getTables();
  return {
    name,
    since,
    removedIn,
    keyDroppedIn,
    aliases: group >= 0 ? (GROUPS[group] as string).split(' ').filter((n) => n !== name) : [],
    refusals: (refusals ?? []).map((i) => REFUSALS[i] as string),
    firstTag: t.prerelease.get(`${frontend}:${name}`) ?? null,
    tf2Only: frontend === 'tensorflow' && t.tf2Only.has(name),
  };
}

/** Is the key in release `release`'s registry? */
export function registeredAt(row: OpRow, release: string): boolean {
  const [, since, removedIn, keyDroppedIn] = row;
  if (since === null) return false;
  const i = releaseIndex(release);
  if (i < releaseIndex(since)) return false;
  const gone = removedIn ?? keyDroppedIn;
  return gone === null || i < releaseIndex(gone);
}

function graphPassFor(frontend: 'pytorch' | 'tensorflow', name: string): RegistryVerdict['graphPass'] {
  for (const [f, names, what, how] of GRAPH_PASSES) {
    if (f !== frontend) continue;
    for (const n of names) {
      const hit = n.endsWith('*') ? name.startsWith(n.slice(0, -1)) : frontend === 'pytorch' ? n === name.toLowerCase() : n === name;
      if (hit) return { what, how };
    }
  }
  return null;
}

function summarise(frontend: RegistryFrontend, spelling: string, name: string, steps: readonly { release: string; key: string; ok: boolean }[]) {
  const segments: Segment[] = [];
  let prevKey: string | null = null;
  for (const s of steps) {
    const last = segments.at(-1);
    const contiguous = last && ALL_RELEASES[releaseIndex(last.to) + 1] === s.release;
    if (s.ok && last && contiguous && last.key === s.key) last.to = s.release;
    else if (s.ok) {
      const changed = frontend === 'pytorch' && prevKey !== null && prevKey !== s.key && startsEra(s.release);
      segments.push({ from: s.release, to: s.release, key: s.key, rule: changed ? (TORCH_ERAS.get(s.release as TorchEra)?.change ?? null) : null });
    }
    prevKey = s.key;
  }
  const converting = steps.filter((s) => s.ok);
  const first = converting[0]?.release ?? null;
  const atMain = steps.at(-1)?.ok === true;
  const lastOk = converting.at(-1)?.release ?? null;
  const availability: Availability = first === null ? 'never' : !atMain ? 'removed' : first === MAIN ? 'main' : 'release';
  const removedIn = availability === 'removed' && lastOk ? (ALL_RELEASES[releaseIndex(lastOk) + 1] ?? null) : null;
  return { segments, since: first, availability, removedIn, spelling, name };
}

/** The verdict for a PyTorch spelling (`aten::relu_`, `upsample_nearest2d.vec`, `torchvision::nms`). */
export function torchVerdict(spelling: string): RegistryVerdict {
  const t = getTables();
  const kind = torchKind(spelling);
  const ownNs = hasOwnNamespace(kind);
  let dropped: RegistryVerdict['namespaceDropped'] = null;
  const steps = ALL_RELEASES.map((release) => {
    const key = torchKey(kind, release);
    const row = t.torch.get(key);
    let ok = row !== undefined && registeredAt(row, release);
    // Before 6.2 `torchvision::nms` was looked up as `nms`: another op's converter, if any.
    if (ok && ownNs && !key.includes('::')) {
      dropped = dropped ? { ...dropped, to: release } : { from: release, to: release, key };
      ok = false;
    }
    return { release, key, ok };
  });
  const s = summarise('pytorch', spelling, kind, steps);
  const lastSeg = s.segments.at(-1);
  const lookupKey = steps.at(-1)?.key ?? kind.toLowerCase();
  const row = t.torch.get(lastSeg?.key ?? lookupKey);
  let torchScript: RegistryVerdict['torchScript'] = null;
  if (overloadOf(kind) !== null) {
    const base = withoutOverload(kind);
    if (base !== kind && torchKey(base, MAIN) !== lookupKey) torchScript = { kind: base, since: torchVerdict(base).since };
  }
  return {
    frontend: 'pytorch',
    ...s,
    key: row ? keyOf(row, 'pytorch') : null,
    lookupKey,
    namespaceDropped: dropped,
    torchScript,
    caseDiffers: false,
    graphPass: graphPassFor('pytorch', lookupKey),
    onnx: null,
  };
}

/** The verdict for a TensorFlow op type (`Einsum`, `tf.raw_ops.Einsum`; matched exactly, else by letter case). */
export function tensorflowVerdict(spelling: string): RegistryVerdict {
  const t = getTables();
  const asked = normalizeTfOp(spelling);
  const name = t.tensorflow.has(asked) ? asked : (t.tensorflowLower.get(asked.toLowerCase()) ?? asked);
  const row = t.tensorflow.get(name);
  const steps = ALL_RELEASES.map((release) => ({ release, key: name, ok: row !== undefined && registeredAt(row, release) }));
  return {
    frontend: 'tensorflow',
    ...summarise('tensorflow', spelling, name, steps),
    key: row ? keyOf(row, 'tensorflow') : null,
    lookupKey: name,
    namespaceDropped: null,
    torchScript: null,
    caseDiffers: name !== asked,
    graphPass: graphPassFor('tensorflow', name),
    onnx: null,
  };
}

/** The verdict for an ONNX op type: onnx-coreml and coremltools 4.0-5.2 converted it, or never did; 6.0 removed the converter. */
export function onnxVerdict(spelling: string): RegistryVerdict {
  const t = getTables();
  const asked = normalizeOnnxOp(spelling);
  const name = t.onnx.has(asked) ? asked : (t.onnxLower.get(asked.toLowerCase()) ?? asked);
  const row = t.onnx.get(name);
  const inCt = row?.[3] === 1;
  const steps = ALL_RELEASES.map((release) => ({ release, key: name, ok: inCt && releaseIndex(release) < releaseIndex('6.0') }));
  return {
    frontend: 'onnx',
    ...summarise('onnx', spelling, name, steps),
    key: null,
    lookupKey: name,
    namespaceDropped: null,
    torchScript: null,
    caseDiffers: row !== undefined && name !== asked,
    graphPass: null,
    onnx: row ? { legacySince: row[1], ndSince: row[2], inCoremltools: inCt } : null,
  };
}

export function registryVerdict(spelling: string, frontend: RegistryFrontend): RegistryVerdict {
  return frontend === 'pytorch' ? torchVerdict(spelling) : frontend === 'tensorflow' ? tensorflowVerdict(spelling) : onnxVerdict(spelling);
}

/** Does the frontend's registry know the name at all (any release, main, pre-release tags, or onnx-coreml)? */
export function isKnown(v: RegistryVerdict): boolean {
  if (v.frontend === 'onnx') return v.onnx !== null;
  return v.key !== null || v.segments.length > 0;
}

/** Does release `release` convert the spelling (by the verdict's segments)? */
export function convertsIn(v: RegistryVerdict, release: string): boolean {
  const i = releaseIndex(release);
  return v.segments.some((s) => releaseIndex(s.from) <= i && i <= releaseIndex(s.to));
}

/** Every registry key (torch, TF) or op type (ONNX) the data lists. */
export function registryNames(frontend: RegistryFrontend): string[] {
  return frontend === 'pytorch' ? TORCH.map((r) => r[0]) : frontend === 'tensorflow' ? TENSORFLOW.map((r) => r[0]) : ONNX.map((r) => r[0]);
}

/** Registry keys in release `release`'s registry (ONNX: op types coremltools shipped, 4.0-5.2). */
export function namesIn(frontend: RegistryFrontend, release: string): string[] {
  if (frontend === 'onnx') return releaseIndex(release) < releaseIndex('6.0') ? ONNX.filter((r) => r[3] === 1).map((r) => r[0]) : [];
  const rows = frontend === 'pytorch' ? TORCH : TENSORFLOW;
  return rows.filter((r) => registeredAt(r, release)).map((r) => r[0]);
}

/** Keys first registered in `release` (and, for `main`, those only main has). */
export function namesAddedIn(frontend: RegistryFrontend, release: string): string[] {
  if (frontend === 'onnx') return release === '4.0' ? namesIn('onnx', '4.0') : [];
  const rows = frontend === 'pytorch' ? TORCH : TENSORFLOW;
  return rows.filter((r) => r[1] === release).map((r) => r[0]);
}

/** Keys that left release `release`'s registry (the spelling may still convert; see keyDroppedIn). */
export function namesGoneIn(frontend: RegistryFrontend, release: string): { name: string; removed: boolean }[] {
  if (frontend === 'onnx') return release === '6.0' ? ONNX.filter((r) => r[3] === 1).map((r) => ({ name: r[0], removed: true })) : [];
  const rows = frontend === 'pytorch' ? TORCH : TENSORFLOW;
  return rows.filter((r) => r[2] === release || r[3] === release).map((r) => ({ name: r[0], removed: r[2] === release }));
}

export { FINAL_RELEASES, torchEraOf };

/** Is `name` a TensorFlow op type the registry lists, in exactly this letter case (`while` is)? */
export function isTensorflowName(name: string): boolean {
  return getTables().tensorflow.has(name);
}
