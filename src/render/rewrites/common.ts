/** Labels shared by the rewrites renderers (presentation only). */
import type { AnswerResult } from '../../rewrites/query.js';
import type { RegistryListing } from '../../rewrites/registry/listing.js';
import type { AneRisk, CatalogueFrontend, Provenance, RewriteEntry, SnippetKind } from '../../rewrites/schema.js';
import type { LookupHit } from '../../rewrites/lookup.js';
import { ALL_RELEASES } from '../../rewrites/registry/releases.js';

/** What a renderer needs for one entry: the entry, its first fix without log context, how it was found. */
export interface EntryView {
  entry: RewriteEntry;
  firstFix: string;
  /** The spelling the user typed and the catalogue spelling it matched, when looked up. */
  query?: string;
  matched?: LookupHit['spelling'];
  /** The whole answer (registry facts for the spelling, other readings), when looked up. */
  answer?: AnswerResult['answer'];
}

/** `rewrites OP`: the answer for any op, with or without a catalogue entry (src/rewrites/query.ts). */
export type AnswerView = AnswerResult;

export type ListingView = RegistryListing;

/** The entry form of an answer that has an entry. */
export function entryViewOf(view: AnswerView): EntryView | null {
  const a = view.answer;
  return a.entry ? { entry: a.entry, firstFix: view.firstFix, query: a.query, matched: a.matched ?? a.entry.id, answer: a } : null;
}

export interface ListView {
  entries: EntryView[];
  total: number;
  filters: { frontend: CatalogueFrontend | null; ane: boolean };
}

const FRONTEND_LABELS = new Map<CatalogueFrontend, string>([
  ['pytorch', 'PyTorch'],
  ['tensorflow', 'TensorFlow'],
  ['onnx', 'ONNX'],
  ['mil', 'MIL'],
]);

export function frontendList(fs: readonly CatalogueFrontend[]): string {
  return fs.map((f) => FRONTEND_LABELS.get(f) ?? f).join(', ');
}

/** Short form for the list: `7.0+`, `main only`, `current`, `never`, plus the target. */
export function nativeShort(e: RewriteEntry): string {
  const s = e.status;
  const base =
    s.native === 'release'
      ? `${s.nativeSince}+`
      : s.native === 'refused'
        ? `${s.nativeSince}+ refused`
        : s.native === 'removed'
          ? `${s.nativeSince}–${lastBefore(s.removedIn)}`
          : s.native === 'main'
            ? 'main only'
            : s.native === 'never' && e.kind === 'pattern'
              ? 'pattern'
              : s.native;
  return s.minTarget ? `${base} (${s.minTarget})` : base;
}

/** The release before `release` (5.2 before 6.0). */
function lastBefore(release: string | undefined): string {
  const i = release ? ALL_RELEASES.indexOf(release) : -1;
  return i > 0 ? (ALL_RELEASES[i - 1] as string) : (release ?? '');
}

/** Long form for one entry. */
export function nativeLong(e: RewriteEntry): string {
  const s = e.status;
  let text: string;
  if (s.native === 'release') text = `natively since coremltools ${s.nativeSince}`;
  else if (s.native === 'refused') text = `registered since coremltools ${s.nativeSince}, but every release refuses this case`;
  else if (s.native === 'removed') text = `natively in coremltools ${s.nativeSince}–${lastBefore(s.removedIn)}; removed in ${s.removedIn}`;
  else if (s.native === 'current') text = 'natively in current coremltools (first release not established)';
  else if (s.native === 'main') text = 'only on coremltools main (no release converts it yet)';
  else text = e.kind === 'pattern' ? 'a pattern, not an op: no coremltools release removes it, the rewrite does' : 'no coremltools converts it natively: rewrite it';
  if (s.minTarget) text += `, with minimum_deployment_target ${s.minTarget} or newer`;
  if (s.fixedIn) text += `; converter fix in ${s.fixedIn.version}: ${s.fixedIn.what}`;
  return text;
}

const KIND_LABELS = new Map<SnippetKind, string>([
  ['model', 'PyTorch model change'],
  ['composite', '@register_torch_op composite'],
  ['convert', 'ct.convert settings'],
  ['tensorflow', 'TensorFlow change'],
  ['export', 'export / tracing'],
]);

export function snippetKind(k: SnippetKind): string {
  return KIND_LABELS.get(k) ?? k;
}

const PROVENANCE_LABELS = new Map<Provenance, string>([
  ['source', 'verified in the coremltools source'],
  ['research', 'from the research table (release tags parsed from coremltools sources)'],
  ['docs', 'from coremltools / Apple documentation'],
  ['issue', 'from issue threads and maintainers\' answers'],
]);

export function provenanceLabel(p: Provenance): string {
  return PROVENANCE_LABELS.get(p) ?? p;
}

export function aneLabel(r: AneRisk): string {
  return r === 'high' ? 'off ANE' : r === 'medium' ? 'costly' : 'ok';
}

export function entryKind(e: RewriteEntry): string {
  if (e.kind === 'pattern') return 'pattern';
  return `${frontendList(e.frontends.slice(0, 1))} op`;
}

/** How a looked-up spelling relates to the entry: `"tf.raw_ops.Einsum" is an alias of einsum`. */
export function matchedText(query: string, matched: string, id: string): string {
  return query.trim() === matched ? `"${matched}" is an alias of ${id}` : `"${query.trim()}" matched the alias "${matched}" of ${id}`;
}
