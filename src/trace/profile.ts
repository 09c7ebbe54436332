/**
 * Aggregation of one profile table (time-profile, cpu-profile, counters-profile, time-sample) as its
 * rows stream by: weights are summed (rows are not counted) in the unit of the weight column; a row
 * without a stack adds to the "no stack" weight; per distinct stack, per thread, per process, per
 * thread state and per core. Nothing per row is kept except (time, weight) of the CPU samples, for
 * CPU time per inference. The summary is derived at the end from the merged call tree.
 */
import { addPath, newRoot, summarizeTree, type MutableNode, type TreeFrame } from './calltree.js';
import type { ProfileSummary, ThreadWeight } from './model.js';
import { SampleStore } from './samples.js';
import type { ProfileColumns } from './xctrace/columns.js';
import type { RowConsumer, XctraceTable } from './xctrace/reader.js';
import { Frame, Stack, XNode, labelOf, numberOf, textOf, type Cell } from './xctrace/values.js';

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
  private stackWeights = new Float64Array(1024);
  private readonly touched: Stack[] = [];
  private readonly rawStacks = new Map<XNode, { frames: TreeFrame[]; weight: number }>();
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
    if (s instanceof Stack && s.frames.length > 0) {
      if (!s.symbolicated) this.addressOnlyWeight += w;
      const i = s.index;
      if (i >= this.stackWeights.length) this.growStacks(i);
      const sw = this.stackWeights;
      const before = sw[i] as number;
      if (before === 0 && w > 0) this.touched.push(s);
      sw[i] = before + w;
    } else if (s instanceof XNode && c.unsymbolicated) {
      let r = this.rawStacks.get(s);
      if (!r) {
        r = { frames: addressFrames(s), weight: 0 };
        this.rawStacks.set(s, r);
      }
      if (r.frames.length) r.weight += w;
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

  private growStacks(i: number): void {
    let n = this.stackWeights.length;
    while (n <= i) n *= 2;
    const a = new Float64Array(n);
    a.set(this.stackWeights);
    this.stackWeights = a;
  }

  /** The call tree of the weighted stacks. */
  buildTree(): MutableNode {
    const root = newRoot();
    const cache = new Map<Frame, TreeFrame>();
    const frameOf = (f: Frame): TreeFrame => {
      let t = cache.get(f);
      if (!t) {
        t = { name: f.label, binary: f.binary?.name ?? null, binaryPath: f.binary?.path ?? null };
        cache.set(f, t);
      }
      return t;
    };
    for (const s of this.touched) {
      const w = this.stackWeights[s.index] as number;
      const path: TreeFrame[] = [];
      for (let k = s.frames.length - 1; k >= 0; k--) path.push(frameOf(s.frames[k] as Frame));
      addPath(root, path, w);
    }
    for (const r of this.rawStacks.values()) if (r.weight > 0) addPath(root, [...r.frames].reverse(), r.weight);
    return root;
  }

  /** The unsymbolicated stacks (addresses only): their weight, how many, how many with a named leaf. */
  private addressOnlySummary(): { weight: number; stacks: number; leafNamed: number } {
    let stacks = 0;
    let leafNamed = 0;
    for (const st of this.touched) {
      if (st.symbolicated) continue;
      stacks++;
      if ((st.frames[0] as Frame).name !== null) leafNamed++;
    }
    return { weight: this.addressOnlyWeight, stacks, leafNamed };
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

  summary(top: number): ProfileSummary {
    const tree = this.buildTree();
    const t = summarizeTree(tree, top, this.processNames());
    const engines = t.engines;
    engines.unknown += this.noStackWeight;
    const span = this.maxTime >= this.minTime ? this.maxTime - this.minTime + (this.cols.unit === 'ns' ? this.lastWeightAtMax : 0) : null;
    const timeUnit = this.cols.unit === 'ns';
    const cpuUsage = timeUnit && span !== null && span > 0 ? this.cpuWeight / span : null;
    const threads: ThreadWeight[] = [...this.threads.map.values()]
      .map((a) => ({ ...threadIdentity(a.value), weight: a.weight }))
      .sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : 1));
    return {
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
      ...(this.addressOnlyWeight > 0 ? { addressOnly: this.addressOnlySummary() } : {}),
      invalidWeightRows: this.invalidWeightRows,
      stacks: this.touched.length + this.rawStacks.size,
      callTree: t.tree,
    };
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
 * Frames of an unsymbolicated `kperf-bt` (time-sample): the PC (`text-address`) then the return
 * addresses (`text-addresses`, decimal), leaf first, named by their hex address.
 */
function addressFrames(bt: XNode): TreeFrame[] {
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
  return addrs.map((a) => ({ name: '0x' + BigInt(a).toString(16), binary: null, binaryPath: null }));
}
