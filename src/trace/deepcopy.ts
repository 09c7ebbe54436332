/**
 * Instruments "Deep Copy" of a call tree (Edit → Deep Copy, ⌘⇧C): tab-separated text, a header
 * line, then one line per call-tree node in pre-order, depth given by the leading spaces of the
 * symbol cell (research/TRACES.md §4). Header variants, read by column name:
 *
 *   Instruments 7      Running Time \t Self (ms) \t \t Symbol Name     "4273.0ms   99.9%", self "693" (ms)
 *   Instruments 7      Bytes Used \t Count \t \t Symbol Name          " 429.93 MB     100.0%" (allocations)
 *   Instruments 13     Weight \t Self Weight \t \t Symbol Name        "96.08 Gc  100.0%", self "404.75 Mc" or "-"
 *   Instruments 16     Weight \t Self Weight \t Symbol Names          "4.93 s  100.0%", depth offset by the first row
 *
 * Weights are display strings: the precision is the display's ("1.00 ms"), good for ranking, not for
 * exact latency. The percentage column is ignored (Instruments 16 prints 0.0 % for most rows);
 * shares are computed from the weights. There is no per-sample data: no times, no threads.
 */
import { InputError } from '../core/errors.js';
import { LineSplitter } from '../core/lines.js';
import { newRoot, summarizeTree, type MutableNode } from './calltree.js';
import type { ProfileSummary, WeightUnit } from './model.js';

export const DEEP_COPY_HEADER = /^[^\n]*\t[^\n]*\bSymbol Names?\s*$/;

const WEIGHT_HEADERS = ['Weight', 'Running Time', 'Bytes Used', 'Total Weight', 'Total'];
const SELF_HEADERS = ['Self Weight', 'Self (ms)', 'Self', 'Self Weight (ms)'];
const SYMBOL_HEADERS = ['Symbol Name', 'Symbol Names', 'Symbol'];

/** Unit factors to the profile unit: time in ms, cycles, bytes. */
const UNITS = new Map<string, { unit: WeightUnit; factor: number }>([
  ['ns', { unit: 'ms', factor: 1e-6 }],
  ['µs', { unit: 'ms', factor: 1e-3 }],
  ['us', { unit: 'ms', factor: 1e-3 }],
  ['ms', { unit: 'ms', factor: 1 }],
  ['s', { unit: 'ms', factor: 1000 }],
  ['min', { unit: 'ms', factor: 60_000 }],
  ['cycles', { unit: 'cycles', factor: 1 }],
  ['Kc', { unit: 'cycles', factor: 1e3 }],
  ['Mc', { unit: 'cycles', factor: 1e6 }],
  ['Gc', { unit: 'cycles', factor: 1e9 }],
  ['Tc', { unit: 'cycles', factor: 1e12 }],
  ['Bytes', { unit: 'bytes', factor: 1 }],
  ['KB', { unit: 'bytes', factor: 1024 }],
  ['MB', { unit: 'bytes', factor: 1024 ** 2 }],
  ['GB', { unit: 'bytes', factor: 1024 ** 3 }],
]);

const VALUE = /^\s*([\d.,]+)\s*([A-Za-zµ]+)?/;

export interface DeepCopyResult {
  profile: ProfileSummary;
  /** Which header variant it was. */
  variant: string;
  warnings: string[];
}

interface Columns {
  weight: number;
  self: number;
  symbol: number;
  /** The self column is a bare number in ms (Instruments 7's "Self (ms)"). */
  selfMs: boolean;
  header: string[];
}

export async function parseDeepCopy(source: string, chunks: AsyncIterable<string>, top: number): Promise<DeepCopyResult> {
  const root = newRoot();
  const stack: MutableNode[] = [];
  const warnings: string[] = [];
  let cols: Columns | null = null;
  let unit: WeightUnit | null = null;
  let baseIndent = -1;
  let rows = 0;
  let depthJumps = 0;
  let badLines = 0;
  let firstBad = 0;
  const noSelf = new Set<MutableNode>();

  const toUnit = (cell: string, bareMs: boolean, line: number): number | null => {
    const t = cell.replace(/[\u2007\u00a0]/g, ' ').trim();
    if (t === '-' || t === '') return 0;
    const m = VALUE.exec(t);
    if (!m) return null;
    const n = Number((m[1] as string).replace(/,/g, ''));
    if (!Number.isFinite(n)) return null;
    const u = m[2] ?? (bareMs ? 'ms' : undefined);
    if (u === undefined) return null;
    const spec = UNITS.get(u);
    if (!spec) throw new InputError(source, `line ${line}`, `unknown weight unit "${u}"`, 'ms, s, min, cycles, Kc, Mc, Gc, Bytes, KB, MB or GB');
    if (unit === null) unit = spec.unit;
    else if (unit !== spec.unit) throw new InputError(source, `line ${line}`, `weights mix ${unit} and ${spec.unit}`, 'one kind of weight per Deep Copy');
    return n * spec.factor;
  };

  const splitter = new LineSplitter((text, info) => {
    if (cols === null) {
      if (text.trim() === '') return;
      cols = headerColumns(text.replace(/^\uFEFF/, ''), source, info.line);
      return;
    }
    if (text.trim() === '') return;
    const cells = text.split('\t');
    const symCell = cells[cols.symbol];
    const weightCell = cells[cols.weight];
    if (symCell === undefined || weightCell === undefined) {
      badLines++;
      firstBad ||= info.line;
      return;
    }
    const total = toUnit(weightCell, false, info.line);
    if (total === null) {
      badLines++;
      firstBad ||= info.line;
      return;
    }
    const selfCell = cols.self >= 0 ? cells[cols.self] : undefined;
    const self = selfCell === undefined ? null : toUnit(selfCell, cols.selfMs, info.line);
    const indent = symCell.length - symCell.trimStart().length;
    if (baseIndent < 0) baseIndent = indent;
    let depth = Math.max(0, indent - baseIndent);
    if (depth > stack.length) {
      depthJumps++;
      depth = stack.length;
    }
    stack.length = depth;
    const parent = depth === 0 ? root : (stack[depth - 1] as MutableNode);
    const node = parent.child({ name: symCell.trim() || '(blank symbol)', binary: null, binaryPath: null });
    node.total += total;
    if (self === null) noSelf.add(node);
    else node.self += self;
    if (depth === 0) root.total += total;
    stack.push(node);
    rows++;
  });
  for await (const chunk of chunks) splitter.push(chunk);
  splitter.end();

  const c = cols as Columns | null;
  if (c === null) throw new InputError(source, undefined, 'no header line', 'a Deep Copy of an Instruments call tree');
  if (rows === 0) throw new InputError(source, undefined, 'the Deep Copy has a header but no rows', 'call-tree lines after the header');
  // A tree without a self column (allocations' "Count"): self = total − Σ children.
  for (const n of noSelf) {
    let kids = 0;
    for (const k of n.children.values()) kids += k.total;
    n.self = Math.max(0, n.total - kids);
  }
  if (depthJumps) warnings.push(`${depthJumps} line(s) are indented more than one level below their parent; they were attached to the line above`);
  if (badLines) warnings.push(`${badLines} line(s) have no readable weight or symbol (first: line ${firstBad}); they were left out`);

  const summary = summarizeTree(root, top, new Set());
  const processes: ProfileSummary['processes'] = [];
  for (const n of root.children.values()) {
    const m = /^(.*) \((\d+)\)$/.exec(n.name);
    if (m) processes.push({ name: m[1] as string, pid: m[2] as string, weight: n.total });
  }
  const profile: ProfileSummary = {
    run: null,
    table: 'deep-copy',
    position: null,
    xpath: null,
    unit: unit ?? 'ms',
    samples: 0,
    samplesKnown: false,
    totalWeight: root.total,
    noStackWeight: 0,
    topFrames: summary.topFrames,
    binaries: [],
    threads: [],
    processes,
    states: [],
    engines: summary.engines,
    spanNs: null,
    cpuUsage: null,
    cpuTimeNs: null,
    coresObserved: 0,
    cpuUsagePerCore: null,
    unsymbolicated: false,
    invalidWeightRows: 0,
    stacks: 0,
    callTree: summary.tree,
  };
  return { profile, variant: c.header.filter((h) => h.trim() !== '').join(' | '), warnings };
}

function headerColumns(line: string, source: string, lineNo: number): Columns {
  const header = line.split('\t');
  const find = (names: string[]) => {
    for (const n of names) {
      const i = header.findIndex((h) => h.trim() === n);
      if (i >= 0) return i;
    }
    return -1;
  };
  const weight = find(WEIGHT_HEADERS);
  const symbol = find(SYMBOL_HEADERS);
  if (weight < 0 || symbol < 0) {
    throw new InputError(source, `line ${lineNo}`, `the header has no ${weight < 0 ? 'weight' : 'symbol'} column (${header.map((h) => JSON.stringify(h)).join(', ')})`, 'a Deep Copy header such as "Weight\\tSelf Weight\\tSymbol Names"');
  }
  const self = find(SELF_HEADERS);
  return { weight, self, symbol, selfMs: self >= 0 && (header[self] as string).trim() === 'Self (ms)', header };
}
