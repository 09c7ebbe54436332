/**
 * What `rewrites` is asked, answered as data for the renderers: one op (any frontend, with or
 * without a catalogue entry), the catalogue list, or the registry by release. Bad questions are
 * usage errors (exit 2), with what was expected.
 */
import { UsageError } from '../core/errors.js';
import { answerFix, firstFix } from './advice.js';
import { answerOp, type OpAnswer } from './answer.js';
import { catalogueEntries } from './lookup.js';
import { PROVENANCE } from './registry/data.js';
import { REGISTRY_FRONTENDS, type RegistryFrontend } from './registry/index.js';
import { listRegistry, parseRelease, type RegistryListing } from './registry/listing.js';
import { ALL_RELEASES } from './registry/releases.js';
import type { CatalogueFrontend, RewriteEntry } from './schema.js';

export interface AnswerResult {
  answer: OpAnswer;
  firstFix: string;
  /** The registry snapshot the facts come from. */
  source: { commit: string; date: string };
}

export interface CatalogueListing {
  entries: { entry: RewriteEntry; firstFix: string }[];
  total: number;
  filters: { frontend: CatalogueFrontend | null; ane: boolean };
}

export const REGISTRY_SOURCE = { commit: PROVENANCE.coremltools.commit, date: PROVENANCE.coremltools.date };

/** `rewrites OP [--frontend F]`. */
export function answerFor(query: string, frontend?: CatalogueFrontend): AnswerResult {
  if (!query.trim()) throw new UsageError('rewrites: the op name is empty; give an op or pattern name, or none to list the catalogue');
  const answer = answerOp(query, frontend);
  if (!answer) {
    throw new UsageError(
      `rewrites: ${JSON.stringify(query)} is no op name; expected an op as a log prints it (aten::x, x_, a TensorFlow or ONNX op type, mb.x) or a pattern name; run "coreml-doctor rewrites" for the list`,
    );
  }
  return { answer, firstFix: answerFix(answer), source: REGISTRY_SOURCE };
}

/** `rewrites [--frontend F] [--ane]`. */
export function catalogueList(filters: { frontend?: CatalogueFrontend; ane?: boolean }): CatalogueListing {
  const all = catalogueEntries();
  const entries = all
    .filter((e) => !filters.frontend || e.frontends.includes(filters.frontend))
    .filter((e) => !filters.ane || e.ane.risk !== 'low')
    .map((entry) => ({ entry, firstFix: firstFix(entry) }));
  return { entries, total: all.length, filters: { frontend: filters.frontend ?? null, ane: filters.ane === true } };
}

function releaseArg(flag: string, value: string): string {
  const r = parseRelease(value);
  if (!r) throw new UsageError(`rewrites: ${flag} ${JSON.stringify(value)} is not a coremltools release; expected one of ${ALL_RELEASES.join(', ')}`);
  return r;
}

/** `rewrites --since R` / `--in R`, for one frontend or every registry frontend. */
export function registryListingFor(opts: { since?: string; in?: string; frontend?: CatalogueFrontend; op?: string; ane?: boolean }): RegistryListing {
  if (opts.since !== undefined && opts.in !== undefined) throw new UsageError('rewrites: --since and --in exclude each other; expected one of them');
  const flag = opts.since !== undefined ? '--since' : '--in';
  if (opts.op !== undefined) throw new UsageError(`rewrites: ${flag} lists the op registry by release; expected no OP with it`);
  if (opts.ane) throw new UsageError(`rewrites: --ane filters the catalogue list; expected it without ${flag}`);
  if (opts.frontend === 'mil') throw new UsageError(`rewrites: MIL ops come with deployment targets, not coremltools releases; expected --frontend pytorch, tensorflow or onnx with ${flag}`);
  const release = releaseArg(flag, (opts.since ?? opts.in) as string);
  const frontends: RegistryFrontend[] = opts.frontend ? [opts.frontend] : [...REGISTRY_FRONTENDS];
  return listRegistry(opts.since !== undefined ? 'since' : 'in', release, frontends);
}
