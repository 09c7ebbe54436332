/**
 * The stable JSON form (schemaVersion 1): the analysis as it is, without what only lives in memory
 * (interval durations and start times; call trees unless `tree` is asked for).
 */
import { jsonTree, type JsonTreeSource } from '../../core/json-tree.js';
import { callTreeMembers } from '../../trace/calltree.js';
import type { CallTreeNode, CompactCallTree, ProfileSummary, StartupPhaseSummary, StartupSummary, TraceAnalysis } from '../../trace/model.js';

export interface TraceJsonOptions {
  /** Keep each profile's call tree. */
  tree?: boolean;
}

export function traceJsonValue(a: TraceAnalysis, opts: TraceJsonOptions = {}): unknown {
  return {
    ...a,
    profiles: a.profiles.map((p) => (opts.tree && p.callTree ? { ...summaryOnly(p), callTree: p.callTree } : summaryOnly(p))),
    intervals: a.intervals.map((i) => {
      const { durationsMs: _d, startsNs: _s, ...rest } = i;
      void _d;
      void _s;
      return rest;
    }),
    ...(a.startup ? { startup: startupJson(a.startup) } : {}),
  };
}

/** Start-up without its durations (in memory only). */
export function startupJson(s: StartupSummary) {
  const phase = (p: StartupPhaseSummary | null) => {
    if (!p) return null;
    const { durationsMs: _d, ...rest } = p;
    void _d;
    return rest;
  };
  return { ...s, load: phase(s.load), compile: phase(s.compile), firstPrediction: phase(s.firstPrediction) };
}

const MARK = '@@coreml-doctor-call-tree-';

/** A profile's fields without its tree (read without touching a lazily made one). */
function summaryOnly(p: ProfileSummary): Omit<ProfileSummary, 'callTree' | 'compactTree'> {
  return Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'callTree' && k !== 'compactTree')) as Omit<ProfileSummary, 'callTree' | 'compactTree'>;
}

/** A call tree made of objects (a tree without a compact form), written as the compact one is. */
const OBJECT_TREE: JsonTreeSource<CallTreeNode, null> = { open: (n) => ({ members: callTreeMembers(n), children: n.children, pass: null }) };

/**
 * The JSON in pieces: with `tree`, each profile's call tree is written from its compact form as
 * it is walked (a tree of millions of nodes never becomes one string); `extra` fields (the
 * budget's result) are added at the end.
 */
export function* traceJsonPieces(a: TraceAnalysis, opts: TraceJsonOptions & { extra?: Record<string, unknown> } = {}): Generator<string> {
  const trees: (CompactCallTree | CallTreeNode)[] = [];
  const value = {
    ...(traceJsonValue(a, {}) as object),
    profiles: a.profiles.map((p) => {
      if (!opts.tree) return summaryOnly(p);
      // The compact form first: reading callTree would make the objects.
      const tree = p.compactTree ?? p.callTree;
      if (!tree) return summaryOnly(p);
      trees.push(tree);
      return { ...summaryOnly(p), callTree: `${MARK}${trees.length - 1}@@` };
    }),
    ...(opts.extra ?? {}),
  };
  const text = JSON.stringify(value, null, 2) + '\n';
  let at = 0;
  for (let k = 0; k < trees.length; k++) {
    const mark = `"${MARK}${k}@@"`;
    const i = text.indexOf(mark, at);
    const lineStart = text.lastIndexOf('\n', i) + 1;
    const indent = /^ */.exec(text.slice(lineStart, i))?.[0] ?? '';
    yield text.slice(at, i);
    const tree = trees[k] as CompactCallTree | CallTreeNode;
    yield* 'json' in tree ? tree.json(indent) : jsonTree<CallTreeNode, null>(tree, null, OBJECT_TREE, indent);
    at = i + mark.length;
  }
  yield text.slice(at);
}

export function renderTraceJson(a: TraceAnalysis, opts: TraceJsonOptions = {}): string {
  return [...traceJsonPieces(a, opts)].join('');
}
