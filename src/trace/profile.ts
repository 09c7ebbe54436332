/**
 * Aggregation of one profile table (time-profile, cpu-profile, counters-profile, time-sample) as its
 * rows stream by: weights are summed (rows are not counted) in the unit of the weight column; a row
 * without a stack adds to the "no stack" weight; per distinct stack, per thread, per process, per
 * thread state and per core. Nothing per row is kept except (time, weight) of the CPU samples, for
 * CPU time per inference. The summary is derived at the end from the weight per distinct stack; the
 * merged call tree is made from the same weights only when an output reads it.
 */
import { withTree } from './calltree.js';
import { buildTree, summarizeLeaves } from './compact-tree.js';
import type { ProfileSummary, ThreadWeight } from './model.js';
import { SampleStore } from './samples.js';
import type { ProfileColumns } from './xctrace/columns.js';
import type { RowConsumer, XctraceTable } from './xctrace/reader.js';
import type { StackTable } from './xctrace/stacks.js';
import { Stack, XNode, labelOf, numberOf, textOf, type Cell } from './xctrace/values.js';
import { grown } from '../core/typed.js';

/** Times at 2^50 - 1 are Instruments' "no value" for time types. */
export const NO_TIME = 2 ** 50 - 1;
/** Thread states whose weight is CPU time. A row without a state column counts as running. */
const CPU_STATES = new Set(['Running']);

interface Acc {
  value: Cell;
  weight: number;
  cpu: number;
}

/** Weight per value of a column (threads, processes): keyed by the value itself (refs share it). */
class WeightBy {
  readonly map = new Map<Cell, Acc>();
  private last: Cell = undefined;
  private lastAcc: Acc | null = null;

  add(key: Cell, w: number, cpu: boolean): void {
    let acc = this.lastAcc;
    if (key !== this.last || acc === null) {
      acc = this.map.get(key) ?? null;
      if (acc === null) {
        acc = { value: key, weight: 0, cpu: 0 };
        this.map.set(key, acc);
      }
      this.last = key;
      this.lastAcc = acc;
    }
    acc.weight += w;
    if (cpu) acc.cpu += w;
  }
}

export class ProfileAccumulator implements RowConsumer {
  samples = 0;
  totalWeight = 0;
  noStackWeight = 0;
  /** Weight of the samples whose stack is addresses only (`<text-addresses>`, no `<frame>`). */
  addressOnlyWeight = 0;
  /** Rows whose weight is missing or a "no data" value: counted as samples, not weighed. */
  invalidWeightRows = 0;
  cpuWeight = 0;
  minTime = Number.POSITIVE_INFINITY;
  maxTime = Number.NEGATIVE_INFINITY;
  private lastWeightAtMax = 0;
  /**
   * Weight per distinct stack, in slots (one per stack index or kperf-bt backtrace, the first time
   * it weighs): its node in the stack table and the weight of its samples. Nothing per node, so the
   * summaries need no call tree (the tree's self weights are made from these when an output asks).
   */
  private slotNodes = new Int32Array(1024);
  private slotWeights = new Float64Array(1024);
  private slots = 0;
  /** Slot + 1 by stack index (0: none yet). */
  private slotOfStack = new Int32Array(1024);
  /** Stacks seen with weight, by stack index (1 byte each). */
  private stackSeen = new Uint8Array(1024);
  private distinctStacks = 0;
  private addressOnlyStacks = 0;
  private addressOnlyNamed = 0;
  /** kperf-bt backtraces (time-sample): their node in the stack table. */
  private readonly rawStacks = new Map<XNode, { node: number; slot: number }>();
  private readonly threads = new WeightBy();
  private readonly processes = new WeightBy();
  private readonly states = new Map<string, number>();
  private readonly cores = new Uint8Array(4096);
  private coresObserved = 0;
  private lastState: Cell = undefined;
  private lastStateKey = '';
  private lastStateCpu = true;
  readonly store = new SampleStore();

  constructor(
    readonly table: XctraceTable,
    readonly cols: ProfileColumns,
    private readonly stackTable: StackTable,
  ) {}

  row(cells: readonly Cell[]): void {
    const c = this.cols;
    this.samples++;
    let w = 1;
    if (c.weight >= 0) {
      w = numberOf(cells[c.weight]);
      if (!(w >= 0)) {
        this.invalidWeightRows++;
        return;
      }
    }
    this.totalWeight += w;

    let cpu = true;
    if (c.state >= 0) {
      const st = cells[c.state];
      if (st !== this.lastState) {
        this.lastState = st;
        this.lastStateKey = labelOf(st) ?? '(no state)';
        this.lastStateCpu = st === null || st === undefined || CPU_STATES.has(textOf(st) ?? '');
      }
      this.states.set(this.lastStateKey, (this.states.get(this.lastStateKey) ?? 0) + w);
      cpu = this.lastStateCpu;
    }

    if (c.thread >= 0) this.threads.add(cells[c.thread], w, cpu);
    if (c.process >= 0) this.processes.add(cells[c.process], w, cpu);
    if (c.core >= 0) {
      const core = numberOf(cells[c.core]);
      if (core >= 0 && core < this.cores.length && this.cores[core] === 0) {
        this.cores[core] = 1;
        this.coresObserved++;
      }
    }

    const s = cells[c.stack];
    if (s instanceof Stack && s.node > 0) {
      const i = s.index;
      if (i >= this.stackSeen.length || this.stackSeen[i] === 0) this.firstSeen(s, w);
      else if (!s.symbolicated) this.addressOnlyWeight += w;
      let slot = i < this.slotOfStack.length ? (this.slotOfStack[i] as number) - 1 : -1;
      if (slot < 0) slot = this.stackSlot(i, s.node);
      this.slotWeights[slot] = (this.slotWeights[slot] as number) + w;
    } else if (s instanceof XNode && c.unsymbolicated) {
      let raw = this.rawStacks.get(s);
      if (raw === undefined) {
        const node = this.stackTable.intern(addressSymbols(s, this.stackTable));
        raw = { node, slot: node > 0 ? this.newSlot(node) : -1 };
        this.rawStacks.set(s, raw);
        if (node > 0) this.distinctStacks++;
      }
      if (raw.slot >= 0) this.slotWeights[raw.slot] = (this.slotWeights[raw.slot] as number) + w;
      else this.noStackWeight += w;
    } else {
      this.noStackWeight += w;
    }

    if (c.time >= 0) {
      const t = numberOf(cells[c.time]);
      if (t >= 0 && t !== NO_TIME) {
        if (t < this.minTime) this.minTime = t;
        if (t >= this.maxTime) {
          this.maxTime = t;
          this.lastWeightAtMax = w;
        }
        if (cpu) this.store.add(t, w);
      }
    }
    if (cpu) this.cpuWeight += w;
  }

  /** The slot of stack index i (made). */
  private stackSlot(i: number, node: number): number {
    if (i >= this.slotOfStack.length) this.slotOfStack = grown(this.slotOfStack, i + 1);
    const slot = this.newSlot(node);
    this.slotOfStack[i] = slot + 1;
    return slot;
  }

  private newSlot(node: number): number {
    const k = this.slots++;
    if (k >= this.slotNodes.length) {
      this.slotNodes = grown(this.slotNodes, k + 1);
      this.slotWeights = grown(this.slotWeights, k + 1);
    }
    this.slotNodes[k] = node;
    return k;
  }

  /** A stack's first sample: counted as distinct, and as unsymbolicated when it is. */
  private firstSeen(s: Stack, w: number): void {
    const i = s.index;
    if (i >= this.stackSeen.length) this.stackSeen = grown(this.stackSeen, i + 1);
    if (w <= 0) return;
    this.stackSeen[i] = 1;
    this.distinctStacks++;
    if (!s.symbolicated) {
      this.addressOnlyWeight += w;
      this.addressOnlyStacks++;
      if (s.leaf?.name != null) this.addressOnlyNamed++;
    }
  }

  /** Names of the profiled processes (their binaries are the app's own code). */
  processNames(): Set<string> {
    const names = new Set<string>();
    for (const p of this.processList()) if (p.name) names.add(p.name);
    return names;
  }

  private processList(): { name: string; pid: string | null; weight: number; cpu: number }[] {
    const out = new Map<string, { name: string; pid: string | null; weight: number; cpu: number }>();
    const add = (v: Cell, weight: number, cpu: number) => {
      const { name, pid } = processIdentity(v);
      const key = `${name}\u0000${pid ?? ''}`;
      const e = out.get(key) ?? { name, pid, weight: 0, cpu: 0 };
      e.weight += weight;
      e.cpu += cpu;
      out.set(key, e);
    };
    if (this.processes.map.size) for (const a of this.processes.map.values()) add(a.value, a.weight, a.cpu);
    else for (const a of this.threads.map.values()) if (a.value instanceof XNode && a.value.child('process') !== undefined) add(a.value.child('process'), a.weight, a.cpu);
    return [...out.values()].sort((a, b) => b.weight - a.weight);
  }

  /**
   * The summary; `tree`: keep the call tree (ProfileSummary.compactTree and callTree, made on
   * first use from the same per-stack weights: an output that never reads it never makes it).
   */
  summary(top: number, tree = true): ProfileSummary {
    const apps = this.processNames();
    const t = summarizeLeaves(this.stackTable, this.slotNodes, this.slotWeights, this.slots, top, apps);
    const engines = t.engines;
    engines.unknown += this.noStackWeight;
    const span = this.maxTime >= this.minTime ? this.maxTime - this.minTime + (this.cols.unit === 'ns' ? this.lastWeightAtMax : 0) : null;
    const timeUnit = this.cols.unit === 'ns';
    const cpuUsage = timeUnit && span !== null && span > 0 ? this.cpuWeight / span : null;
    const threads: ThreadWeight[] = [...this.threads.map.values()]
      .map((a) => ({ ...threadIdentity(a.value), weight: a.weight }))
      .sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : 1));
    const summary: ProfileSummary = {
      run: this.table.run,
      table: this.table.schema,
      position: this.table.position,
      xpath: this.table.xpath,
      unit: this.cols.unit,
      samples: this.samples,
      totalWeight: this.totalWeight,
      noStackWeight: this.noStackWeight,
      topFrames: t.topFrames,
      binaries: t.binaries,
      threads,
      processes: this.processList().map(({ name, pid, weight }) => ({ name, pid, weight })),
      states: [...this.states].map(([state, weight]) => ({ state, weight })).sort((a, b) => b.weight - a.weight),
      engines,
      spanNs: span,
      cpuUsage,
      cpuTimeNs: timeUnit ? this.cpuWeight : null,
      coresObserved: this.coresObserved,
      cpuUsagePerCore: cpuUsage !== null && this.coresObserved > 0 ? cpuUsage / this.coresObserved : null,
      unsymbolicated: this.cols.unsymbolicated || this.addressOnlyWeight > 0,
      ...(this.addressOnlyWeight > 0 ? { addressOnly: { weight: this.addressOnlyWeight, stacks: this.addressOnlyStacks, leafNamed: this.addressOnlyNamed } } : {}),
      invalidWeightRows: this.invalidWeightRows,
      stacks: this.distinctStacks,
    };
    if (tree) {
      const [table, nodes, weights, count] = [this.stackTable, this.slotNodes, this.slotWeights, this.slots];
      withTree(summary, () => buildTree(table, nodes, weights, count, apps));
    }
    return summary;
  }
}

/** Name and tid of a thread value: the display string, and the `tid` child. */
export function threadIdentity(v: Cell): { name: string; tid: string | null } {
  if (v instanceof XNode) {
    const tid = v.child('tid');
    return { name: labelOf(v) ?? '(unnamed thread)', tid: tid === undefined ? null : textOf(tid) };
  }
  return { name: labelOf(v) ?? '(no thread)', tid: null };
}

/** Name and pid of a process value: "java (23369)" → java, and the `pid` child. */
export function processIdentity(v: Cell): { name: string; pid: string | null } {
  const label = labelOf(v) ?? '(no process)';
  let pid: string | null = null;
  if (v instanceof XNode) {
    const p = v.child('pid');
    if (p !== undefined) pid = textOf(p);
  }
  const m = /^(.*) \((\d+)\)$/.exec(label);
  if (m) return { name: m[1] as string, pid: pid ?? (m[2] as string) };
  return { name: label, pid };
}

/**
 * Symbols of an unsymbolicated `kperf-bt` (time-sample): the PC (`text-address`) then the return
 * addresses (`text-addresses`, decimal), leaf first, named by their hex address.
 */
function addressSymbols(bt: XNode, table: StackTable): number[] {
  const addrs: string[] = [];
  const pc = bt.child('text-address');
  const pcText = pc === undefined ? null : textOf(pc);
  if (pcText && /^\d+$/.test(pcText)) addrs.push(pcText);
  const rest = bt.child('text-addresses');
  const restText = rest === undefined ? null : textOf(rest);
  if (restText) {
    const list = restText.split(/\s+/).filter((a) => /^\d+$/.test(a));
    if (list[0] === addrs[0]) list.shift();
    addrs.push(...list);
  }
  return addrs.map((a) => table.symbolOf('0x' + BigInt(a).toString(16), null, null));
}
