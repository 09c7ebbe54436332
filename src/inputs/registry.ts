/**
 * Every kind of input coreml-doctor knows, told by content (never by name), in one list: each kind's
 * sniffer lives in its own folder (src/convlog/sniff.ts, src/trace/sniff-kinds.ts,
 * src/report/sniff.ts, src/budget/sniff.ts; generic ones below), and each kind names the reader
 * that takes it. Every command reads its inputs through `readInput` / `checkInput`, so that a file
 * given to the wrong command or flag is refused with one line saying what it is and what takes it
 * (exit 2), and a new format joins with one line here (and its reader below).
 *
 * Readers are imported when they are used: a command loads only its own modules.
 */
import { sniffBudget, sniffGateJson } from '../budget/sniff.js';
import type { Budget } from '../budget/model.js';
import { LOG_WHAT, sniffConversionLog, sniffLogJson } from '../convlog/sniff.js';
import type { ConversionLog } from '../convlog/model.js';
import { InputError } from '../core/errors.js';
import { leadingKeys } from '../core/json.js';
import { sniffBytes } from '../model/sniff.js';
import type { ModelSummary } from '../model/summary.js';
import type { Report, ResolvedManifest } from '../report/model.js';
import { sniffManifest, sniffReportJson } from '../report/sniff.js';
import type { TraceAnalysis } from '../trace/model.js';
import { sniffDeepCopy, sniffTraceJson, sniffXctraceExport, sniffXctraceToc } from '../trace/sniff-kinds.js';
import { headOf, type Head } from './head.js';

/** The readers, by the model each makes. */
export interface ReaderModels {
  log: ConversionLog;
  trace: TraceAnalysis;
  manifest: ResolvedManifest;
  budget: Budget;
  report: Report;
  model: ModelSummary;
}
export type ReaderId = keyof ReaderModels;

/** What a head looks like to the sniffers: its text, and the keys of a JSON object's first level. */
export interface Sniffable {
  head: Head;
  /** The text without leading white space. */
  start: string;
  /** Leading keys of a JSON object (empty when it is not one). */
  keys: string[];
}

export type Syntax = 'text' | 'json' | 'xml' | 'binary';

export interface InputKind {
  id: string;
  /** What it is, after "this is": "a coremltools conversion log". */
  what: string;
  /** What to do with it instead, a phrase after the colon: "use coreml-doctor log FILE"; empty when nothing more is to say. */
  takenBy: string;
  syntax: Syntax;
  /** The reader that takes it; null for kinds nothing reads (our own outputs, archives). */
  reader: ReaderId | null;
  /** A generic kind (any JSON, any XML): accepted by every reader of its syntax, which then says what is wrong. */
  generic?: boolean;
  sniff(s: Sniffable): boolean;
}

/** In order: the first kind whose sniffer says yes is the input's kind. */
export const INPUT_KINDS: readonly InputKind[] = [
  { id: 'zip', what: 'a zip archive (a zipped .trace bundle or .mlpackage?)', takenBy: 'unzip it first', syntax: 'binary', reader: null, sniff: ({ head }) => head.bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) },
  { id: 'bplist', what: 'a binary property list (a file from inside a .trace bundle?)', takenBy: 'export the whole trace with `xcrun xctrace export` on a Mac, then use coreml-doctor trace', syntax: 'binary', reader: null, sniff: ({ head }) => head.bytes.subarray(0, 6).toString('latin1') === 'bplist' },
  { id: 'coreml-model', what: 'a Core ML model (.mlmodel)', takenBy: 'use coreml-doctor model FILE, or "model" in a manifest step', syntax: 'binary', reader: 'model', sniff: ({ head }) => sniffBytes(head.bytes).kind === 'protobuf' },
  { id: 'binary', what: 'binary data (a NUL byte in its first 4 KB), not text', takenBy: 'coreml-doctor reads text: logs, exports and JSON', syntax: 'binary', reader: null, sniff: ({ head }) => head.binary },
  { id: 'report-json', what: 'the JSON of `coreml-doctor report --json`', takenBy: 'use coreml-doctor gate --report FILE (or --baseline FILE)', syntax: 'json', reader: 'report', sniff: ({ keys }) => sniffReportJson(keys) },
  { id: 'gate-json', what: 'the JSON output of `coreml-doctor gate`', takenBy: 'it is a result: give gate the report or manifest it was made from', syntax: 'json', reader: null, sniff: ({ keys }) => sniffGateJson(keys) },
  { id: 'trace-json', what: 'the JSON output of `coreml-doctor trace`', takenBy: 'use coreml-doctor trace on the export it was made from', syntax: 'json', reader: null, sniff: ({ keys }) => sniffTraceJson(keys) },
  { id: 'log-json', what: 'the JSON output of `coreml-doctor log`', takenBy: 'use coreml-doctor log on the log it was made from', syntax: 'json', reader: null, sniff: ({ keys }) => sniffLogJson(keys) },
  { id: 'pipeline-manifest', what: 'a pipeline manifest (JSON with "steps")', takenBy: 'use coreml-doctor report FILE, or coreml-doctor gate FILE', syntax: 'json', reader: 'manifest', sniff: ({ keys }) => sniffManifest(keys) },
  { id: 'budget', what: 'a coreml-doctor budget (JSON)', takenBy: 'use coreml-doctor gate --budget FILE, or "budget": "FILE" in a pipeline manifest', syntax: 'json', reader: 'budget', sniff: ({ keys }) => sniffBudget(keys) },
  { id: 'json', what: 'JSON', takenBy: '', syntax: 'json', reader: null, generic: true, sniff: ({ start }) => /^(\{\s*("|\})|\[\s*(\{|\[|"|\]))/.test(start) },
  { id: 'xctrace-export', what: 'an Instruments export (`xctrace export` XML)', takenBy: 'use coreml-doctor trace FILE, or "trace" in a manifest step', syntax: 'xml', reader: 'trace', sniff: ({ head }) => sniffXctraceExport(head.text) },
  { id: 'xctrace-toc', what: 'an Instruments table of contents (`xctrace export --toc`)', takenBy: 'use coreml-doctor trace FILE (it prints the export commands)', syntax: 'xml', reader: 'trace', sniff: ({ head }) => sniffXctraceToc(head.text) },
  { id: 'html', what: 'an HTML page (`report --html`?)', takenBy: 'open it in a browser', syntax: 'xml', reader: null, sniff: ({ start }) => /^<(!doctype html|html)[\s>]/i.test(start) },
  { id: 'xml', what: 'an XML document', takenBy: '', syntax: 'xml', reader: null, generic: true, sniff: ({ start }) => start.startsWith('<') },
  { id: 'deep-copy', what: 'a Deep Copy of an Instruments call tree', takenBy: 'use coreml-doctor trace FILE', syntax: 'text', reader: 'trace', sniff: ({ head }) => sniffDeepCopy(head.text) },
  { id: 'conversion-log', what: 'a coremltools conversion log', takenBy: 'use coreml-doctor log FILE, or "log" in a manifest step', syntax: 'text', reader: 'log', sniff: ({ head }) => sniffConversionLog(head.text) },
];

/**
 * What each reader expects (for messages), the syntaxes whose generic kinds it takes, and the kinds
 * it explains better itself (trace names zip archives, bundles and other tools' JSON; every text
 * reader names the byte where binary data starts).
 */
const READER_EXPECTS: Readonly<Record<ReaderId, { what: string; syntax: readonly Syntax[]; explains: readonly string[] }>> = {
  log: { what: 'a coremltools conversion log', syntax: ['text'], explains: ['binary'] },
  trace: { what: 'an Instruments export', syntax: ['xml', 'text'], explains: ['zip', 'bplist', 'binary', 'json', 'trace-json'] },
  manifest: { what: 'a pipeline manifest', syntax: ['json'], explains: ['binary'] },
  budget: { what: 'a budget', syntax: ['json'], explains: ['binary'] },
  report: { what: 'a report JSON', syntax: ['json'], explains: ['binary'] },
  // The model reader names aliases, LFS pointers, HTML pages, Manifest.json, zips and other binary data itself.
  model: { what: 'a Core ML model', syntax: ['binary'], explains: ['zip', 'bplist', 'binary', 'json', 'xml', 'html'] },
};

export function sniffable(head: Head): Sniffable {
  const start = head.text.replace(/^\uFEFF/, '').trimStart();
  return { head, start, keys: start.startsWith('{') ? leadingKeys(start) : [] };
}

/** The kind of an input's head; null when no sniffer knows it (free text). */
export function identify(head: Head): InputKind | null {
  const s = sniffable(head);
  return INPUT_KINDS.find((k) => k.sniff(s)) ?? null;
}

/** Throws the one-line refusal when the head is a kind the reader does not take. */
export function refuseOtherKinds(head: Head, name: string, reader: ReaderId): void {
  const kind = identify(head);
  if (!kind || kind.reader === reader) return;
  const expects = READER_EXPECTS[reader];
  if ((kind.generic && expects.syntax.includes(kind.syntax)) || expects.explains.includes(kind.id)) return;
  throw new InputError(name, undefined, `this is ${kind.what}, not ${expects.what}${kind.takenBy ? `: ${kind.takenBy}` : ''}`);
}

export interface ReadRequest {
  /** The path to read (`-`: stdin). */
  path: string;
  /** The name in messages (the path as the user typed it, or as the manifest writes it). */
  displayName: string;
  stdin?: NodeJS.ReadableStream | undefined;
  /** Where the relative paths of a manifest read from stdin resolve. */
  cwd?: string;
  /** Traces: keep the profiles' call trees (default true; false lets the reader keep memory flat). */
  callTree?: boolean;
}

/**
 * Refuses an input of another kind than `reader` takes. Returns the stream to read stdin from
 * afterwards (the head read from it is replayed); undefined for files.
 */
export async function checkInput(reader: ReaderId, req: ReadRequest): Promise<NodeJS.ReadableStream | undefined> {
  const { head, stdin } = await headOf(req.path, req.stdin);
  if (head) refuseOtherKinds(head, req.displayName, reader);
  return stdin;
}

const READERS: { [R in ReaderId]: (req: ReadRequest) => Promise<ReaderModels[R]> } = {
  async log(req) {
    const [{ openText }, { parseConversionLog }] = await Promise.all([import('../core/input.js'), import('../convlog/parser.js')]);
    return parseConversionLog(await openText(req.path, { what: LOG_WHAT, displayName: req.displayName, stdin: req.stdin }));
  },
  async trace(req) {
    const { analyzeTraceFile } = await import('../trace/analyze.js');
    return analyzeTraceFile(req.path, { displayName: req.displayName, ...(req.stdin ? { stdin: req.stdin } : {}), ...(req.callTree === false ? { callTree: false } : {}) });
  },
  async manifest(req) {
    const { loadManifest } = await import('../report/manifest.js');
    return loadManifest(req.path, { displayName: req.displayName, ...(req.stdin ? { stdin: req.stdin } : {}), ...(req.cwd ? { cwd: req.cwd } : {}) });
  },
  async budget(req) {
    const { loadBudgetFile } = await import('../budget/load.js');
    return loadBudgetFile(req.path, req.displayName, req.stdin);
  },
  async model(req) {
    const { readModel } = await import('../model/read.js');
    return readModel(req.path, { displayName: req.displayName, ...(req.stdin ? { stdin: req.stdin } : {}) });
  },
  async report(req) {
    const [{ readJsonText }, { readReportJson, REPORT_JSON_WHAT }] = await Promise.all([import('../core/json.js'), import('../report/json-codec.js')]);
    return readReportJson(await readJsonText(req.path, { what: REPORT_JSON_WHAT, displayName: req.displayName, stdin: req.stdin }), req.displayName);
  },
};

/** Reads an input with the reader for its kind, after refusing one of another kind. */
export async function readInput<R extends ReaderId>(reader: R, req: ReadRequest): Promise<ReaderModels[R]> {
  const stdin = await checkInput(reader, req);
  return READERS[reader]({ ...req, ...(stdin ? { stdin } : {}) });
}
