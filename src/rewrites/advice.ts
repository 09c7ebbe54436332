/**
 * From a catalogue entry and what a log tells (which coremltools printed it, whether a converter
 * existed) to the first thing to do. When a newer coremltools converts the op natively, the advice
 * starts with the upgrade; otherwise it is the entry's rewrite. Also attaches that advice to every
 * op of a parsed log (the `enrichLog` hook of `log`).
 */
import type { ConversionLog, Frontend, OpStatus, RewriteAttachment, UnsupportedOp, VersionInfo } from '../convlog/model.js';
import { compareVersions } from '../convlog/versions.js';
import { entryForDiagnostic, lookupRewrite } from './lookup.js';
import type { RewriteEntry } from './schema.js';

export interface FixContext {
  /** The coremltools version the log was printed by (as far as the log tells). */
  version?: Pick<VersionInfo, 'value' | 'min' | 'max'> | null;
  /** `unsupported`: the log's coremltools had no converter for the op. */
  opStatus?: OpStatus;
  /** The op as the log names it (defaults to the entry id). */
  op?: string;
}

type Relation = 'older' | 'newer-or-equal' | 'unknown';

/** Is the log's coremltools older than `release`? `unknown` when the log does not tell, or its range straddles it. */
function relationTo(release: string, version: FixContext['version']): Relation {
  if (version?.max && compareVersions(release, version.max) > 0) return 'older';
  if (version?.min && compareVersions(release, version.min) <= 0) return 'newer-or-equal';
  return 'unknown';
}

function thisLog(version: FixContext['version']): string {
  return version?.value ? ` (this log: ${version.value})` : '';
}

export function firstFix(entry: RewriteEntry, ctx: FixContext = {}): string {
  const name = ctx.op ?? entry.id;
  const s = entry.status;
  const otherwise = `Otherwise: ${entry.summary}`;
  const target = s.minTarget ? ` with minimum_deployment_target=ct.target.${s.minTarget}` : '';
  if (s.native === 'release' && s.nativeSince) {
    const rel = relationTo(s.nativeSince, ctx.version);
    if (rel === 'older') return `Upgrade coremltools to ${s.nativeSince} or newer${thisLog(ctx.version)}: it converts \`${name}\` natively${target}. ${otherwise}`;
    if (rel === 'unknown') {
      if (ctx.opStatus === 'unsupported') {
        return `Upgrade coremltools to ${s.nativeSince} or newer${thisLog(ctx.version)}: the version that printed this log had no converter for \`${name}\`; ${s.nativeSince} converts it natively${target}. ${otherwise}`;
      }
      return `Native since coremltools ${s.nativeSince}${target}: upgrade if you are older${thisLog(ctx.version)}. ${otherwise}`;
    }
  }
  if (s.fixedIn) {
    const rel = relationTo(s.fixedIn.version, ctx.version);
    if (rel === 'older') return `Upgrade coremltools to ${s.fixedIn.version} or newer${thisLog(ctx.version)}: it fixed ${s.fixedIn.what}. ${otherwise}`;
    if (rel === 'unknown') return `Fixed in coremltools ${s.fixedIn.version} (${s.fixedIn.what}): upgrade if you are older${thisLog(ctx.version)}. ${otherwise}`;
  }
  if (s.native === 'current' && ctx.opStatus === 'unsupported') {
    return `Upgrade coremltools: the version that printed this log had no converter for \`${name}\`, current releases convert it. ${otherwise}`;
  }
  if (s.native === 'main') return `coremltools main (unreleased) converts \`${name}\`; until a release does: ${entry.summary}`;
  if (s.native === 'release' && s.minTarget) return `Set minimum_deployment_target=ct.target.${s.minTarget} or newer. ${otherwise}`;
  return entry.summary;
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
  const diags = log.diagnostics.filter((d) => d.op === op.op || op.lines.includes(d.line));
  for (const d of diags) {
    const e = entryForDiagnostic(d.id, 'override');
    if (e) return e;
  }
  for (const spelling of [op.op, ...op.spellings]) {
    const hit = lookupRewrite(spelling, op.frontend);
    if (hit && fitsFrontend(hit.entry, op.frontend)) return hit.entry;
  }
  for (const d of diags) {
    const e = entryForDiagnostic(d.id, 'fallback');
    if (e) return e;
  }
  return null;
}

/** Attaches the matching rewrite (or null) to every op of the log. */
export function attachRewrites(log: ConversionLog): void {
  for (const op of log.unsupportedOps) {
    const entry = rewriteFor(op, log);
    op.rewrite = entry ? toAttachment(entry, { version: log.coremltools, opStatus: op.status, op: op.op }) : null;
  }
}
