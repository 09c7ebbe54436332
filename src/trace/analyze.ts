/**
 * The entry point of `trace` (and of `report` for its trace steps): open, sniff by content, stream
 * the file through the right parser, aggregate, and return the typed TraceAnalysis. Durations
 * (IntervalSummary.durationsMs) and call trees (ProfileSummary.callTree) stay in memory for the
 * report; the JSON renderer leaves them out unless asked.
 */
import { InputError, UsageError } from '../core/errors.js';
import { parseDeepCopy } from './deepcopy.js';
import { openTraceInput, TRACE_WHAT, type TraceInput } from './input.js';
import { checkGroupBy, IntervalAccumulator, type IntervalGroups } from './intervals.js';
import { TRACE_SCHEMA_VERSION, type IntervalSummary, type ProfileSummary, type TableInfo, type TraceAnalysis } from './model.js';
import { ProfileAccumulator } from './profile.js';
import { SignpostPairer } from './signposts.js';
import { sniffTrace } from './sniff.js';
import { StartupAccumulator, startupRuleOf, startupSummary } from './startup.js';
import { parseToc } from './toc.js';
import { classifyTable } from './xctrace/columns.js';
import { StackTable } from './xctrace/stacks.js';
import { readXctrace, type RowConsumer, type Truncation, type XctraceDocument, type XctraceSink, type XctraceTable } from './xctrace/reader.js';

export interface AnalyzeOptions {
  /** The name used in messages (the path as the user typed it). */
  displayName?: string;
  /** Only this run (`run[N]` of the export, `<run number>` of a TOC). */
  run?: number;
  /** Count the intervals longer than this. */
  budgetMs?: number;
  /** The stream `-` reads. */
  stdin?: NodeJS.ReadableStream;
  onProgress?(bytesRead: number, size: number | undefined): void;
  /** Frames kept by self and by total weight (default 50). */
  top?: number;
  /** Columns (engineering types or mnemonics) that label intervals, instead of the built-in rules. */
  groupBy?: string[];
  /** The .trace path to put in the export commands printed for a TOC. */
  tracePath?: string;
  /** Most prefix-tree nodes of the stacks (default xctrace/stacks.ts MAX_NODES; tests make it small). */
  maxStackNodes?: number;
  /** Keep the call tree (ProfileSummary.callTree: --tree, folded, flame graphs). Default true; false keeps memory flat. */
  callTree?: boolean;
  /** A truncated export is an error (InputError), not a result flagged `truncated`. */
  strict?: boolean;
}

export const DEFAULT_TOP = 50;

/** Analyses a trace export (a file, or `-` for stdin). Throws InputError for bad input. */
export async function analyzeTraceFile(path: string, opts: AnalyzeOptions = {}): Promise<TraceAnalysis> {
  const input = await openTraceInput(path, { displayName: opts.displayName, stdin: opts.stdin, onProgress: opts.onProgress });
  const sniffed = sniffTrace(input.head);
  // Both readers copy what they keep of a chunk (the Deep Copy reader its carry, the XML scanner
  // its tail and values): the rest of the file can be read into buffers used in turn.
  input.reuseBuffers?.();
  switch (sniffed.kind) {
    case 'deep-copy':
      return analyzeDeepCopy(input.name, input.chunks, opts);
    case 'json':
      throw new InputError(input.name, undefined, `this is ${sniffed.what}`, TRACE_WHAT);
    case 'unknown':
      throw new InputError(input.name, 'line 1', `not an Instruments export: it starts with \`${sniffed.start}\``, TRACE_WHAT);
    default:
      return analyzeXctrace(input.name, input.chunks, opts, input.lineOf, input.size);
  }
}

async function analyzeDeepCopy(name: string, chunks: AsyncIterable<Buffer | string>, opts: AnalyzeOptions): Promise<TraceAnalysis> {
  const r = await parseDeepCopy(name, chunks, opts.top ?? DEFAULT_TOP, { callTree: opts.callTree !== false });
  const warnings = [...r.warnings];
  if (opts.run !== undefined) warnings.push('--run does not apply to a Deep Copy (it holds one call tree)');
  if (opts.budgetMs !== undefined) throw new UsageError(`--budget-ms needs interval tables (inference durations); ${name} is a Deep Copy of a call tree, which has no times`);
  return {
    schemaVersion: TRACE_SCHEMA_VERSION,
    source: name,
    format: 'deep-copy',
    profiles: [r.profile],
    intervals: [],
    otherTables: [],
    tables: [],
    notes: r.notes,
    warnings,
  };
}

class Collector implements XctraceSink {
  readonly profiles: ProfileAccumulator[] = [];
  readonly intervals: IntervalAccumulator[] = [];
  readonly signposts: SignpostPairer[] = [];
  readonly startup: StartupAccumulator[] = [];
  readonly infos: TableInfo[] = [];
  readonly notes: string[] = [];
  private lastConsumer: RowConsumer | null = null;
  private lastInfo: TableInfo | null = null;
  readonly runs = new Set<number>();

  /** Backtraces of the document, interned (the reader fills it, profiles weigh its nodes). */
  readonly stacks: StackTable;

  /** `size`: the document's bytes when known (0: not), to size the stack table's hashes. */
  constructor(
    private readonly opts: AnalyzeOptions,
    size: number,
  ) {
    this.stacks = new StackTable(opts.maxStackNodes, size);
  }

  beginTable(t: XctraceTable): RowConsumer | null {
    if (t.run !== null) this.runs.add(t.run);
    if (t.continued && this.lastInfo) {
      this.notes.push(`<node> ${t.node + 1} has no <schema>: its rows were read as more rows of ${this.lastInfo.table}`);
      return this.lastConsumer;
    }
    const cols = classifyTable(t);
    const read = this.opts.run === undefined || t.run === this.opts.run || t.run === null;
    const info: TableInfo = { run: t.run, table: t.schema, position: t.position, xpath: t.xpath, kind: cols.kind, rows: 0, read };
    this.infos.push(info);
    this.lastInfo = info;
    let c: RowConsumer | null = null;
    if (read) {
      if (cols.kind === 'profile') {
        const p = new ProfileAccumulator(t, cols, this.stacks);
        this.profiles.push(p);
        c = p;
      } else if (cols.kind === 'intervals') {
        const a = new IntervalAccumulator(t, cols, this.opts.groupBy);
        this.intervals.push(a);
        c = a;
        const rule = startupRuleOf(t);
        if (rule) {
          // Start-up reads the same rows beside the statistics.
          const s = new StartupAccumulator(t, cols, rule);
          this.startup.push(s);
          c = {
            row(cells) {
              a.row(cells);
              s.row(cells);
            },
          };
        }
      } else if (cols.kind === 'signposts') {
        const s = new SignpostPairer(t, cols, this.opts.groupBy);
        this.signposts.push(s);
        c = s;
      }
    }
    this.lastConsumer = c;
    return c;
  }

  endTable(t: XctraceTable, rows: number): void {
    if (this.lastInfo) this.lastInfo.rows += rows;
    void t;
  }
}

async function analyzeXctrace(name: string, chunks: AsyncIterable<Buffer | string>, opts: AnalyzeOptions, lineOf: TraceInput['lineOf'], size: number | undefined): Promise<TraceAnalysis> {
  const collector = new Collector(opts, size ?? 0);
  const doc = await readXctrace({ name, chunks }, collector, { ...(lineOf ? { lineOf } : {}), keepTruncated: opts.strict !== true, stacks: collector.stacks });
  if (doc.kind === 'toc') return tocAnalysis(name, doc, opts);

  const warnings = documentWarnings(doc);
  const truncated = doc.truncated ? truncationOf(doc.truncated) : null;
  if (truncated) warnings.unshift(truncated.warning);
  const notes = [...collector.notes];
  const merged = collector.stacks.mergedStacks;
  const stacksMerged = merged > 0 ? { stacks: merged, maxNodes: collector.stacks.maxNodes } : null;
  if (stacksMerged) {
    warnings.push(
      `${merged.toLocaleString('en')} distinct stack(s) have their deepest frames merged into their caller: the call tree holds at most ${stacksMerged.maxNodes.toLocaleString('en')} nodes (memory stays bounded); the frames merged weigh in their caller's self weight`,
    );
  }
  if (opts.run !== undefined && collector.runs.size > 0 && !collector.runs.has(opts.run)) {
    throw new InputError(name, undefined, `there is no run ${opts.run}: the file holds run ${[...collector.runs].sort((a, b) => a - b).join(', ')}`, 'a --run that the export holds');
  }
  const known = collector.infos.filter((i) => i.kind !== 'other');
  if (known.length === 0) {
    const held = collector.infos.length ? collector.infos.map((i) => `${i.table} (${i.rows} rows)`).join(', ') : 'no table at all';
    throw new InputError(
      name,
      undefined,
      `holds no table that trace reads: it holds ${held}`,
      'a profile (time-profile, cpu-profile, counters-profile, time-sample), an interval table (start-time and duration columns) or os-signpost',
    );
  }

  const top = opts.top ?? DEFAULT_TOP;
  const profiles: ProfileSummary[] = [];
  for (const p of collector.profiles) {
    const s = p.summary(top, opts.callTree !== false);
    profiles.push(s);
    if (s.invalidWeightRows) warnings.push(`${s.table}: ${s.invalidWeightRows} row(s) have no usable weight (a sentinel or a "no data" value); they count as samples but weigh nothing`);
    if (s.addressOnly) notes.push(unsymbolicatedNote(s.table, s.addressOnly, s.totalWeight));
    else if (s.unsymbolicated) notes.push(`${s.table} holds unsymbolicated addresses only (kperf-bt): frames are addresses and weights are sample counts; export time-profile (Time Profiler) or cpu-profile for symbols and times`);
    const waiting = (s.states ?? []).filter((x) => x.state !== 'Running' && x.state !== '(no state)').reduce((a, x) => a + x.weight, 0);
    if (waiting > 0 && s.totalWeight > 0) {
      notes.push(`${s.table}: ${((waiting / s.totalWeight) * 100).toFixed(1)} % of the weight is in threads that were not running (waiting threads were recorded); CPU usage counts running samples only`);
    }
  }

  notes.push(...checkGroupBy([...collector.intervals, ...collector.signposts], opts.groupBy), ...collector.intervals.flatMap((a) => a.notes()));
  const groups: IntervalGroups[] = [...collector.intervals.map((a) => a.groups)];
  for (const s of collector.signposts) {
    s.finish();
    groups.push(s.groups);
    if (s.unmatchedBegins || s.unmatchedEnds) {
      warnings.push(`${s.table.schema}: ${s.unmatchedBegins} Begin(s) without an End and ${s.unmatchedEnds} End(s) without a Begin were left unpaired (a recording cut mid-interval?)`);
    }
    if (s.pointEvents) notes.push(`${s.table.schema}: ${s.pointEvents} point event(s) (no duration) are not intervals`);
  }
  const intervals: IntervalSummary[] = [];
  for (const g of groups) {
    intervals.push(...g.summaries(opts.budgetMs));
    if (g.excluded) notes.push(`${g.table.schema}: ${g.excluded} interval(s) without a usable duration (0, missing, negative, not an integer or beyond 2^53 ns: Instruments' "no data" values and damage) were left out of the statistics`);
  }
  for (const info of collector.infos) {
    if (!info.read || info.rows > 0 || info.kind === 'other') continue;
    if (info.table === 'coreml-os-signpost') {
      notes.push(
        'coreml-os-signpost has no rows: the Core ML instrument often records none from the command line; the Neural Engine table ane-hw-intervals usually does (record with --instrument "Neural Engine", export table[@schema="ane-hw-intervals"])',
      );
    } else notes.push(`${info.table} has no rows`);
  }
  if (opts.budgetMs !== undefined && intervals.length === 0) {
    throw new UsageError(`--budget-ms needs intervals (inference durations); ${name} has none`);
  }
  attributeCpu(profiles, collector.profiles, intervals, notes);
  const startup = startupSummary(collector.startup);

  return {
    schemaVersion: TRACE_SCHEMA_VERSION,
    source: name,
    format: 'xctrace-export',
    profiles,
    intervals,
    ...(startup ? { startup } : {}),
    otherTables: collector.infos.filter((i) => i.kind === 'other').map((i) => ({ run: i.run, table: i.table, rows: i.rows })),
    tables: collector.infos,
    ...(truncated ? { truncated: truncated.model } : {}),
    ...(stacksMerged ? { stacksMerged } : {}),
    notes,
    warnings,
  };
}

/** A truncated export, as the model says it and as the warning reads. */
function truncationOf(t: Truncation): { model: NonNullable<TraceAnalysis['truncated']>; warning: string } {
  const at = t.line !== null ? `byte ${t.byte} (line ${t.line})` : `byte ${t.byte}`;
  const rows = `${t.rows.toLocaleString('en-US')} complete row${t.rows === 1 ? '' : 's'}`;
  return {
    model: { byte: t.byte, line: t.line, rows: t.rows, table: t.table, tableRows: t.tableRows, message: t.message },
    warning: `the export is truncated at ${at}${t.table !== null ? ` in ${t.table}` : ''} (${t.ends}): the results are what its ${rows} say; --strict makes this an error`,
  };
}

/** What an unsymbolicated profile means, and how to symbolicate it. */
export function unsymbolicatedNote(table: string, a: NonNullable<ProfileSummary['addressOnly']>, total: number): string {
  const share = total > 0 ? `${((a.weight / total) * 100).toFixed(1)} % of the weight` : 'its samples';
  const named = `${a.leafNamed.toLocaleString('en-US')} of ${a.stacks.toLocaleString('en-US')} stacks`;
  return (
    `${table} is unsymbolicated (${share}: backtraces of addresses only, no symbols, no binaries): frames are shown by address, ` +
    `the leaf by its symbol where Instruments' display string names it (${named}), and their engine is unknown. ` +
    `Symbolicate the recording on the Mac that has it and export again: xcrun xctrace symbolicate --input X.trace --dsym App.dSYM --output X-symbolicated.trace`
  );
}

/**
 * CPU time per interval: for each run that holds both a profile and intervals, the weight of the
 * profile's running samples whose time falls inside each interval [start, start + duration).
 */
function attributeCpu(summaries: ProfileSummary[], accs: ProfileAccumulator[], intervals: IntervalSummary[], notes: string[]): void {
  for (const iv of intervals) {
    const candidates = accs.filter((a, i) => a.store.count > 0 && (summaries[i] as ProfileSummary).unit !== 'samples' && sameRun(a.table.run, iv.run));
    const acc = candidates[0];
    if (!acc || !iv.startsNs || !iv.durationsMs) continue;
    acc.store.sort();
    let total = 0;
    let n = 0;
    for (let k = 0; k < iv.startsNs.length; k++) {
      const s = iv.startsNs[k] as number;
      if (!(s >= 0)) continue;
      total += acc.store.sumBetween(s, s + (iv.durationsMs[k] as number) * 1e6);
      n++;
    }
    if (n === 0) continue;
    iv.cpuPerInterval = { unit: acc.cols.unit, total, mean: total / n, profile: acc.table.schema, intervals: n };
    if (candidates.length > 1) notes.push(`CPU per interval of "${iv.label}" uses ${acc.table.schema} (the run has ${candidates.length} profiles)`);
  }
}

function sameRun(a: number | null, b: number | null): boolean {
  return a === b || a === null || b === null;
}

function where(f: { line: number; offset: number } | null): string {
  if (!f) return '?';
  return f.line > 0 ? `line ${f.line}` : `byte ${f.offset}`;
}

function documentWarnings(doc: XctraceDocument): string[] {
  const w: string[] = [];
  if (doc.danglingRefs) {
    const f = doc.firstDanglingRef;
    w.push(`${doc.danglingRefs} ref(s) point to an id not defined before them (xctrace defines every id before its refs; first: ref="${f?.ref}" at ${where(f)}); they were read as empty cells`);
  }
  if (doc.cellCountMismatches) {
    const f = doc.firstMismatch;
    w.push(`${doc.cellCountMismatches} row(s) have a cell count that differs from their schema's columns (first: ${where(f)}, ${f?.cells} cells for ${f?.columns} columns); cells were matched by position`);
  }
  if (doc.rowsWithoutSchema) w.push(`${doc.rowsWithoutSchema} row(s) in a <node> without a <schema> could not be read`);
  if (doc.unknownEntities) w.push(`${doc.unknownEntities} entity reference(s) other than XML's five were left as written (entities declared in a DOCTYPE are never expanded)`);
  if (doc.trailingBytes) w.push(`${doc.trailingBytes} byte(s) after the end of the document were ignored`);
  return w;
}

function tocAnalysis(name: string, doc: XctraceDocument, opts: AnalyzeOptions): TraceAnalysis {
  const root = doc.toc;
  let runs = root ? parseToc(root, opts.tracePath ?? null) : [];
  if (opts.run !== undefined) {
    const all = runs.map((r) => r.number);
    runs = runs.filter((r) => r.number === opts.run);
    if (!runs.length) throw new InputError(name, undefined, `there is no run ${opts.run}: the TOC lists run ${all.join(', ') || '(none)'}`, 'a --run that the trace holds');
  }
  if (opts.budgetMs !== undefined) throw new UsageError(`--budget-ms needs interval tables; ${name} is a table of contents: export the tables it lists first`);
  const notes: string[] = [];
  if (runs.some((r) => r.tables.some((t) => t.schema === 'coreml-os-signpost'))) {
    notes.push('The Core ML table (coreml-os-signpost) often exports with no rows; export ane-hw-intervals too when the TOC lists it');
  }
  if (runs.length > 1) notes.push(`${runs.length} runs: export each one (run[@number="N"]) and read them separately, or pass --run N`);
  return {
    schemaVersion: TRACE_SCHEMA_VERSION,
    source: name,
    format: 'xctrace-toc',
    profiles: [],
    intervals: [],
    otherTables: [],
    tables: [],
    toc: { runs },
    notes,
    warnings: [],
  };
}
