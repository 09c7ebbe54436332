/**
 * The first thing to do about an op, in one line: from what the op registry says about the
 * spelling (which releases convert it), the catalogue entry (the rewrite, the case it is about)
 * and what a log tells (the coremltools version it read or inferred, whether a converter existed).
 *
 * An upgrade is advised only where the registry shows it helps: the log's release has no
 * converter for this spelling and a later release has one. Never "upgrade to 4.0" (every log is
 * from 4.0 or newer), never for a case every release refuses (`max_pool2d` indices), never when
 * the log's release already has the converter. Also attaches that advice to every op of a parsed
 * log (`log` calls `attachRewrites`).
 */
import type { ConversionLog, Frontend, OpStatus, RewriteAttachment, UnsupportedOp, VersionInfo } from '../convlog/model.js';
import { compareVersions } from '../convlog/versions.js';
import { answerOp, type MilReading, type OpAnswer } from './answer.js';
import { entryForDiagnostic, entryStatusReading, queryReadings } from './lookup.js';
import { convertsIn, isKnown, registryVerdict, type RegistryFrontend, type RegistryVerdict } from './registry/index.js';
import { ALL_RELEASES, FINAL_RELEASES, MAIN, releaseIndex, releaseOf } from './registry/releases.js';
import type { RewriteEntry } from './schema.js';

export interface FixContext {
  /** The coremltools version the log was printed by (as far as the log tells). */
  version?: Pick<VersionInfo, 'value' | 'min' | 'max'> | null;
  /** `unsupported`: the log's coremltools had no converter for the op; `failed`: it had one, and it raised. */
  opStatus?: OpStatus;
  /** The op as the log (or the user) spells it; defaults to the entry id. */
  op?: string;
  /** The registry's verdict for that spelling, when the caller has it. */
  registry?: RegistryVerdict | null;
  mil?: MilReading | null;
}

const FIRST_RELEASE = FINAL_RELEASES[0] as string;
const OP_LABEL = new Map<string, string>([
  ['pytorch', ''],
  ['tensorflow', 'TF op '],
  ['onnx', 'ONNX op '],
  ['mil', 'MIL op '],
]);

function thisLog(version: FixContext['version']): string {
  return version?.value ? ` (this log: ${version.value})` : '';
}

/** The releases a log can be from: its min-max range (4.0 and main when it does not tell). */
function logReleases(version: FixContext['version']): string[] {
  const lo = version?.min ? releaseOf(version.min) : null;
  const hi = version?.max ? releaseOf(version.max) : null;
  const from = lo === null ? 0 : releaseIndex(lo);
  const to = hi === null ? ALL_RELEASES.length - 1 : releaseIndex(hi);
  return ALL_RELEASES.slice(Math.max(0, from), to + 1);
}

type Relation = 'older' | 'newer-or-equal' | 'unknown';

/** Is the log's coremltools older than `release`? `unknown` when the log does not tell, or its range straddles it. */
function relationTo(release: string, version: FixContext['version']): Relation {
  if (version?.max && compareVersions(release, version.max) > 0) return 'older';
  if (version?.min && compareVersions(release, version.min) <= 0) return 'newer-or-equal';
  return 'unknown';
}

/** The release from which the spelling converts in every later release, or null (it does not, or only main). */
function stableFrom(v: RegistryVerdict): string | null {
  const last = v.segments.at(-1);
  return last && last.to === MAIN ? last.from : null;
}

function keyNote(v: RegistryVerdict, from: string): string {
  const seg = v.segments.find((s) => s.from === from);
  if (!seg || v.frontend !== 'pytorch') return '';
  const asked = v.name.replace(/^(?:aten|prim)::/i, '').toLowerCase();
  return seg.key !== asked ? ` (as \`${seg.key}\`)` : '';
}

function targetNote(entry: RewriteEntry | null, mil: MilReading | null): string {
  const t = entry?.status.minTarget ?? (mil && mil.target !== 'iOS15' ? mil.target : null);
  return t ? ` with minimum_deployment_target=ct.target.${t}` : '';
}

/** What to do when no catalogue entry covers the op: the generic way out of its frontend. */
export function genericWayOut(v: RegistryVerdict | null, mil: MilReading | null, name: string): string {
  if (mil) {
    const target = mil.target !== 'iOS15' ? `; it needs minimum_deployment_target=ct.target.${mil.target} or newer` : '';
    return `\`${name}\` is a MIL op (${mil.target} opset), so a converter reached it: the failure is about its inputs, their dtype (see int64-fp64, bool-tensors), rank (rank-above-5) or shape (dynamic-shapes)${target}.`;
  }
  if (v?.graphPass) {
    const redo = v.frontend === 'pytorch' ? 'trace the model (torch.jit.trace, eval mode) so the graph is plain' : 'export in inference mode (training=False), or rewrite that part of the graph';
    return `coremltools handles \`${name}\` in a graph pass before the registry is asked (${v.graphPass.how}); one that reaches the registry means the pass could not handle this graph: ${redo}.`;
  }
  const refuses = v?.key?.refusals.length ? `Its converter refuses: ${v.key.refusals.join('; ')}. ` : '';
  if (!v || v.frontend === 'pytorch') {
    return `${refuses}Write a @register_torch_op composite that builds \`${name}\` from MIL ops (coremltools guide: Composite Operators), or change the model so the op is not traced.`;
  }
  if (v.frontend === 'tensorflow') {
    return `${refuses}Register a @register_tf_op composite of MIL ops for \`${name}\`, or change the graph so the op is not in it.`;
  }
  const o = v.onnx;
  const nd = o && o.ndSince && !o.legacySince ? ' only with minimum_ios_deployment_target="13" (the ND registry)' : '';
  const had = o?.inCoremltools ? `coremltools 4.0-5.2 and onnx-coreml ${o.legacySince ?? o.ndSince} and newer converted ONNX \`${name}\`${nd}; ` : '';
  return `${had}coremltools 6.0 removed the ONNX converter: convert the source PyTorch or TensorFlow model with ct.convert instead.`;
}

function otherwise(entry: RewriteEntry | null, v: RegistryVerdict | null, mil: MilReading | null, name: string): string {
  return entry ? entry.summary : genericWayOut(v, mil, name);
}

/** The advice when the log shows no converter for the spelling. */
function unsupportedFix(entry: RewriteEntry | null, v: RegistryVerdict, mil: MilReading | null, name: string, ctx: FixContext): string | null {
  const possible = logReleases(ctx.version);
  const without = possible.filter((r) => !convertsIn(v, r));
  if (!without.length) return null;
  const latest = without.at(-1) as string;
  const from = stableFrom(v);
  if (!from || releaseIndex(from) <= releaseIndex(latest)) return null;
  const label = OP_LABEL.get(v.frontend) ?? '';
  const who = ctx.version?.value ? `coremltools ${ctx.version.value}` : 'The coremltools that printed this log';
  const rest = otherwise(entry, v, mil, name);
  if (from === MAIN) return `coremltools main (unreleased) converts ${label}\`${name}\`; until a release does: ${rest}`;
  if (entry?.status.native === 'refused') return `${rest} (coremltools ${from} and newer register ${label}\`${name}\`, but refuse this case.)`;
  return `${who} has no converter for ${label}\`${name}\`; ${from} adds it${keyNote(v, from)}${targetNote(entry, mil)}: upgrade to ${from} or newer. Otherwise: ${rest}`;
}

/** The first fix for an op: its entry (or none), the registry's verdict on the spelling, what the log tells. */
export function adviseOp(entry: RewriteEntry | null, v: RegistryVerdict | null, ctx: FixContext = {}): string {
  const mil = ctx.mil ?? null;
  const name = ctx.op ?? v?.name ?? entry?.id ?? '';
  const label = v ? (OP_LABEL.get(v.frontend) ?? '') : '';
  const rest = otherwise(entry, v, mil, name);
  const s = entry?.status;
  // The release the spelling converts from: the registry's word where it has one, else the entry's (patterns).
  const since = v ? (v.availability === 'release' ? v.since : null) : s?.native === 'release' ? s.nativeSince : null;
  const native = v ? v.availability === 'release' : s?.native === 'release';
  // A MIL op: the converter emitted it, so the torch registry's releases say nothing about it.
  if (!v && mil) return entry ? entry.summary : genericWayOut(null, mil, name);
  if (v && ctx.opStatus === 'unsupported' && v.frontend !== 'onnx') {
    const fix = unsupportedFix(entry, v, mil, name, ctx);
    if (fix) return fix;
  }
  // A spelling no release registers, under an entry that says otherwise for its own name.
  if (v && v.availability === 'never' && ctx.opStatus !== 'failed' && v.frontend !== 'onnx' && s?.native !== 'never' && entry?.kind !== 'pattern') {
    return `No coremltools release registers ${label}\`${name}\`. ${rest}`;
  }
  if (v && v.availability === 'main' && s?.native !== 'refused') return `coremltools main (unreleased) converts ${label}\`${name}\`; until a release does: ${rest}`;
  if (s?.native === 'refused') return `Every release from ${since ?? s.nativeSince} registers ${label}\`${name}\`, but none converts this case: ${rest}`;
  if (since && since !== FIRST_RELEASE && ctx.opStatus !== 'failed') {
    const rel = relationTo(since, ctx.version);
    const key = v ? keyNote(v, since) : '';
    const target = targetNote(entry, mil);
    if (rel === 'older') return `Upgrade coremltools to ${since} or newer${thisLog(ctx.version)}: it converts ${label}\`${name}\` natively${key}${target}. Otherwise: ${rest}`;
    if (rel === 'unknown') return `Native since coremltools ${since}${key}${target}: upgrade if you are older${thisLog(ctx.version)}. Otherwise: ${rest}`;
  }
  if (s?.fixedIn) {
    const rel = relationTo(s.fixedIn.version, ctx.version);
    if (rel === 'older') return `Upgrade coremltools to ${s.fixedIn.version} or newer${thisLog(ctx.version)}: it fixed ${s.fixedIn.what}. Otherwise: ${rest}`;
    if (rel === 'unknown') return `Fixed in coremltools ${s.fixedIn.version} (${s.fixedIn.what}): upgrade if you are older${thisLog(ctx.version)}. Otherwise: ${rest}`;
  }
  if (s?.minTarget && native) return `Set minimum_deployment_target=ct.target.${s.minTarget} or newer. Otherwise: ${rest}`;
  if (!entry && v && v.frontend !== 'onnx' && v.availability === 'release') {
    const refuses = v.key?.refusals.length ? ` (its converter refuses: ${v.key.refusals.join('; ')})` : '';
    const composite = v.frontend === 'pytorch' ? '@register_torch_op(override=True)' : '@register_tf_op(override=True)';
    return `coremltools converts ${label}\`${name}\` natively since ${v.since}${keyNote(v, v.since ?? FIRST_RELEASE)}: no rewrite is needed. A conversion that fails on it fails on its arguments or inputs${refuses}; a ${composite} composite can replace its converter.`;
  }
  if (!entry && v && v.frontend !== 'onnx' && v.availability === 'removed') {
    return `coremltools converted ${label}\`${name}\` from ${v.since} until ${v.removedIn}; current releases do not. ${genericWayOut(v, mil, name)}`;
  }
  if (!entry && v && v.availability === 'never' && v.frontend !== 'onnx') return `No coremltools release registers ${label}\`${name}\`. ${rest}`;
  return rest;
}

/** The registry verdict for the spelling an entry is looked up by (its id when no spelling is given). */
function verdictForEntry(entry: RewriteEntry, spelling: string | undefined): RegistryVerdict | null {
  const r = (spelling ? queryReadings(spelling).find((x) => x.frontend !== 'mil' && entry.frontends.includes(x.frontend)) : null) ?? entryStatusReading(entry);
  return r && r.frontend !== 'mil' ? registryVerdict(r.name, r.frontend as RegistryFrontend) : null;
}

/** The first fix for a catalogue entry, for the spelling in `ctx.op` (or the entry's id). */
export function firstFix(entry: RewriteEntry, ctx: FixContext = {}): string {
  const v = ctx.registry !== undefined ? ctx.registry : verdictForEntry(entry, ctx.op);
  return adviseOp(entry, v, ctx);
}

/** The first fix for a `rewrites OP` answer (no log: no version, no status). */
export function answerFix(a: OpAnswer): string {
  return adviseOp(a.entry, a.registry, { op: a.name, mil: a.mil });
}

export function toAttachment(entry: RewriteEntry, ctx: FixContext = {}): RewriteAttachment {
  return {
    id: entry.id,
    summary: entry.summary,
    nativeSince: entry.status.nativeSince,
    snippet: entry.snippets[0]?.code ?? null,
    firstFix: firstFix(entry, ctx),
  };
}

function fitsFrontend(entry: RewriteEntry, frontend: Frontend): boolean {
  if (entry.kind === 'pattern' || frontend === 'mil' || frontend === 'unknown') return true;
  return entry.frontends.includes(frontend);
}

/**
 * The entry for an op a log names: a diagnostic that overrides the op's own entry (a rank-6 reshape
 * is a rank problem, not a reshape problem), else the op's own entry for its frontend, else an
 * entry a diagnostic falls back to (any ONNX op onnx-coreml refused).
 */
export function rewriteFor(op: UnsupportedOp, log: Pick<ConversionLog, 'diagnostics'>): RewriteEntry | null {
  return resolve(op, log).entry;
}

interface Resolved {
  entry: RewriteEntry | null;
  answer: OpAnswer | null;
  spelling: string;
}

function resolve(op: UnsupportedOp, log: Pick<ConversionLog, 'diagnostics'>): Resolved {
  const diags = log.diagnostics.filter((d) => d.op === op.op || op.lines.includes(d.line));
  // The spelling as printed (coremltools' own rules apply to it), then the log's normalised name.
  const spellings = [...op.spellings, op.op].filter((s, i, all) => s && all.indexOf(s) === i);
  let answer: OpAnswer | null = null;
  let spelling = spellings[0] ?? op.op;
  for (const s of spellings) {
    const a = answerOp(s, op.frontend === 'unknown' ? undefined : op.frontend);
    if (!a) continue;
    answer ??= a;
    if (a.entry && fitsFrontend(a.entry, op.frontend)) {
      answer = a;
      spelling = s;
      break;
    }
  }
  for (const d of diags) {
    const e = entryForDiagnostic(d.id, 'override');
    if (e) return { entry: e, answer, spelling };
  }
  if (answer?.entry && fitsFrontend(answer.entry, op.frontend)) return { entry: answer.entry, answer, spelling };
  for (const d of diags) {
    const e = entryForDiagnostic(d.id, 'fallback');
    if (e) return { entry: e, answer, spelling };
  }
  return { entry: null, answer, spelling };
}

/**
 * Attaches the first fix to every op of the log: the catalogue entry's (with the registry's facts
 * for the spelling the log printed and the version it read or inferred), or, for an op the
 * catalogue lacks, what the registry says (`rewrites <op>` shows it in full).
 */
export function attachRewrites(log: ConversionLog): void {
  for (const op of log.unsupportedOps) {
    const { entry, answer } = resolve(op, log);
    const ctx: FixContext = { version: log.coremltools, opStatus: op.status, op: answer?.name ?? op.op };
    if (entry) {
      const own = answer !== null && answer.entry === entry;
      op.rewrite = { ...toAttachment(entry, own ? { ...ctx, registry: answer.registry, mil: answer.mil } : { ...ctx, op: op.op }), inCatalogue: true };
      continue;
    }
    if (!answer) {
      op.rewrite = null;
      continue;
    }
    const v = answer.registry;
    const fix = adviseOp(null, v, { ...ctx, mil: answer.mil });
    op.rewrite = {
      id: answer.name,
      summary: fix,
      nativeSince: v && v.availability !== 'never' && v.since !== MAIN ? v.since : null,
      snippet: null,
      firstFix: fix,
      inCatalogue: false,
    };
  }
}
