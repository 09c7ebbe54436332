/**
 * The op registry's facts in words, shared by the text and Markdown renderers: which releases
 * convert a spelling and under which key, what its converter refuses, the other frontends that
 * know the name. Presentation only: the facts come from src/rewrites/registry.
 */
import type { OpAnswer, OtherReading } from '../../rewrites/answer.js';
import type { RegistryVerdict, Segment } from '../../rewrites/registry/index.js';
import type { CatalogueFrontend, RewriteEntry } from '../../rewrites/schema.js';
import { ALL_RELEASES } from '../../rewrites/registry/releases.js';
import { torchCatalogueKey } from '../../rewrites/spelling.js';
import { nativeLong, nativeShort, type EntryView } from './common.js';

const FRONTEND_NAMES = new Map<CatalogueFrontend, string>([
  ['pytorch', 'PyTorch'],
  ['tensorflow', 'TensorFlow'],
  ['onnx', 'ONNX'],
  ['mil', 'MIL'],
]);

export function frontendName(f: CatalogueFrontend | null): string {
  return f ? (FRONTEND_NAMES.get(f) ?? f) : '';
}

function range(s: Pick<Segment, 'from' | 'to'>): string {
  return s.from === s.to ? s.from : `${s.from}–${s.to}`;
}

/** `4.0–5.0 as relu_; 5.1–main as relu (from 5.1 a trailing `_` is stripped)`. */
export function segmentsText(v: RegistryVerdict): string {
  if (!v.segments.length) return 'none';
  const plain = v.name.replace(/^(?:aten|prim)::/i, '').toLowerCase();
  const parts: string[] = [];
  v.segments.forEach((s, i) => {
    const prev = v.segments[i - 1];
    const gapFrom = prev ? ALL_RELEASES[ALL_RELEASES.indexOf(prev.to) + 1] : undefined;
    if (prev && gapFrom && gapFrom !== s.from) parts.push(`not ${range({ from: gapFrom, to: ALL_RELEASES[ALL_RELEASES.indexOf(s.from) - 1] as string })}`);
    const as = v.frontend === 'pytorch' && s.key !== plain ? ` as ${s.key}` : '';
    const rule = s.rule ? ` (from ${s.from} ${s.rule})` : '';
    parts.push(`${range(s)}${as}${rule}`);
  });
  return parts.join('; ');
}

/** The native status of a spelling, in one line. */
export function verdictText(v: RegistryVerdict): string {
  if (v.frontend === 'onnx') {
    if (!v.onnx) return 'no onnx-coreml or coremltools ONNX registry ever had it, and coremltools 6.0 removed the ONNX converter';
    const regs = [v.onnx.legacySince ? `the default (legacy) registry since onnx-coreml ${v.onnx.legacySince}` : '', v.onnx.ndSince ? `the ND registry (minimum_ios_deployment_target="13") since ${v.onnx.ndSince}` : ''].filter(Boolean).join(' and ');
    const ct = v.onnx.inCoremltools ? 'coremltools 4.0–5.2 shipped it' : 'coremltools never shipped it';
    return `onnx-coreml converted it in ${regs}; ${ct}; 6.0 removed the ONNX converter`;
  }
  switch (v.availability) {
    case 'release':
      return `natively since coremltools ${v.since}`;
    case 'main':
      return 'only on coremltools main (no release converts it yet)';
    case 'removed':
      return `converted in coremltools ${segmentsText(v)}; not since ${v.removedIn}`;
    default:
      return v.graphPass ? 'no release registers it: a graph pass handles it before the registry is asked' : 'no coremltools release registers it';
  }
}

/** Labelled facts about a spelling's registry history, for the detail of an answer. */
export function registryFacts(v: RegistryVerdict): [string, string][] {
  const out: [string, string][] = [];
  if (v.frontend !== 'onnx' && (v.segments.length > 1 || segmentsText(v).includes(' as '))) {
    out.push(['Releases', segmentsText(v)]);
  }
  if (v.namespaceDropped) {
    const d = v.namespaceDropped;
    out.push(['Namespace', `${range(d)} dropped the namespace and looked up ${d.key}, another op's converter`]);
  }
  if (v.torchScript) {
    const since = v.torchScript.since ? `converts since ${v.torchScript.since}` : 'is registered by no release';
    out.push(['torch.export', `a dotted overload is a torch.export spelling; the TorchScript kind ${v.torchScript.kind} ${since}`]);
  }
  if (v.caseDiffers) out.push(['Letter case', `${frontendName(v.frontend)} op types are matched exactly: the registry spells it ${v.name}`]);
  if (v.key?.aliases.length) {
    const shown = v.key.aliases.slice(0, 8);
    const more = v.key.aliases.length - shown.length;
    out.push(['Converter', `shared with ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`]);
  }
  if (v.key?.refusals.length) out.push(['Refuses', v.key.refusals.join(' | ')]);
  if (v.key?.tf2Only) out.push(['TensorFlow 2', 'registered by the TensorFlow 2 frontend only (tensorflow2/ops.py)']);
  if (v.key?.firstTag && (v.key.since === null || v.key.since === 'main')) out.push(['Pre-release', `first in the ${v.key.firstTag} tag`]);
  if (v.graphPass) out.push(['Graph pass', `${v.graphPass.what}: ${v.graphPass.how}`]);
  return out;
}

/** `the entry's lift_fresh: 7.0+`, when the spelling asked differs from the entry's own. */
export function entryNativeNote(entry: RewriteEntry, v: RegistryVerdict | null): string {
  if (!v) return ` (the entry's ${entry.id}: ${nativeShort(entry)})`;
  const own = v.frontend === 'pytorch' ? torchCatalogueKey(entry.id) === v.lookupKey : entry.id.toLowerCase() === v.name.toLowerCase();
  return own ? '' : ` (the entry's ${entry.id}: ${nativeShort(entry)})`;
}

export function otherText(o: OtherReading): string {
  const what = o.mil ? `MIL op (${o.mil.target} opset)` : o.registry ? verdictText(o.registry) : '';
  const entry = o.entry ? `; entry ${o.entry.id}` : '';
  return `${frontendName(o.frontend)} ${o.name}: ${what}${entry}`;
}

/** What kind of thing the answer is about: `PyTorch op`, `MIL op (iOS15 opset)`. */
export function answerKind(a: OpAnswer): string {
  if (a.mil && a.frontend === 'mil') return `MIL op (${a.mil.target} opset)`;
  return `${frontendName(a.frontend)} op`;
}

/** Patterns that explain failures on a MIL op's inputs. */
export const MIL_INPUT_PATTERNS = ['int64-fp64', 'bool-tensors', 'rank-above-5', 'dynamic-shapes'];

/** The Native line of an entry looked up by a spelling: what the registry says about that spelling. */
export function answerNative(view: EntryView): string {
  const { entry } = view;
  const a = view.answer;
  const v = a?.registry;
  if (!a || (!v && !a.mil)) return nativeLong(entry);
  if (!v) return `a MIL op (${a.mil?.target} opset): converters emit it, so a failure is about its inputs${entryNativeNote(entry, null)}`;
  const s = entry.status;
  let text = s.native === 'refused' && v.availability === 'release' ? `registered since coremltools ${v.since}, but every release refuses this case` : verdictText(v);
  if (s.minTarget) text += `, with minimum_deployment_target ${s.minTarget} or newer`;
  if (s.fixedIn) text += `; converter fix in ${s.fixedIn.version}: ${s.fixedIn.what}`;
  return text + entryNativeNote(entry, v);
}

