/**
 * Interval tables (any table with start-time and duration columns: coreml-os-signpost,
 * ane-hw-intervals, OSSignpostIntervals, ModelLoadingTable, ...): rows grouped by label (labels.ts),
 * durations kept per label in a growable Float64Array for the statistics (stats.ts: the one
 * percentile definition) and the report's histograms. "No data" values stay out: a duration of 0
 * (Instruments' n/a for durations), a missing or non-integer duration, a start at 2^50 - 1.
 */
import { summarize, countAbove } from '../core/stats.js';
import { INFERENCE_LABEL, LABEL_RULES, applyPart, type LabelPart } from './labels.js';
import type { IntervalSummary } from './model.js';
import { NO_TIME } from './profile.js';
import { findColumn, type IntervalColumns } from './xctrace/columns.js';
import type { Column, RowConsumer, XctraceTable } from './xctrace/reader.js';
import { labelOf, numberOf, type Cell } from './xctrace/values.js';

export class Growable {
  private a = new Float64Array(64);
  length = 0;
  push(v: number): void {
    if (this.length === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = v;
  }
  view(): Float64Array {
    return this.a.subarray(0, this.length);
  }
}

export interface Group {
  label: string;
  parts: { column: string; value: string }[];
  durationsNs: Growable;
  startsNs: Growable;
}

/** Interval groups of one table (or of the intervals paired from raw signposts). */
export class IntervalGroups {
  readonly groups = new Map<string, Group>();
  /** Rows left out of the statistics because their duration is a "no data" value. */
  excluded = 0;

  constructor(readonly table: XctraceTable) {}

  /** The group of a key (by default the label itself); groups with equal labels are told apart in summaries. */
  group(label: string, parts: { column: string; value: string }[], key: string = label): Group {
    let g = this.groups.get(key);
    if (!g) {
      g = { label, parts, durationsNs: new Growable(), startsNs: new Growable() };
      this.groups.set(key, g);
    }
    return g;
  }

  /** Adds an interval; a duration of 0 is "no data" unless `zeroIsReal` (paired signposts). */
  add(g: Group, start: number, duration: number, zeroIsReal = false): void {
    if (!(duration > 0 || (zeroIsReal && duration === 0))) {
      this.excluded++;
      return;
    }
    g.durationsNs.push(duration);
    g.startsNs.push(start >= 0 && start !== NO_TIME ? start : Number.NaN);
  }

  summaries(budgetMs: number | undefined): IntervalSummary[] {
    const out: IntervalSummary[] = [];
    const seen = new Map<string, number>();
    for (const g of this.groups.values()) seen.set(g.label, (seen.get(g.label) ?? 0) + 1);
    for (const g of this.groups.values()) {
      const label = (seen.get(g.label) ?? 0) > 1 ? `${g.label} (${g.parts.slice(1).map((p) => p.value).join(', ') || 'no detail'})` : g.label;
      const ns = g.durationsNs.view();
      const ms = new Float64Array(ns.length);
      for (let i = 0; i < ns.length; i++) ms[i] = (ns[i] as number) / 1e6;
      const s = summarize(ms);
      if (!s) continue;
      let total = 0;
      for (let i = 0; i < ms.length; i++) total += ms[i] as number;
      const summary: IntervalSummary = {
        run: this.table.run,
        table: this.table.schema,
        position: this.table.position,
        xpath: this.table.xpath,
        label,
        group: g.parts,
        inference: g.parts.some((p) => INFERENCE_LABEL.test(p.value)) || INFERENCE_LABEL.test(g.label),
        count: s.count,
        totalMs: total,
        meanMs: s.mean,
        stddevMs: s.stddev,
        minMs: s.min,
        p50Ms: s.p50,
        p90Ms: s.p90,
        p99Ms: s.p99,
        maxMs: s.max,
        durationsMs: ms,
        startsNs: g.startsNs.view().slice(),
      };
      if (budgetMs !== undefined) {
        summary.budgetMs = budgetMs;
        summary.overBudget = countAbove(ms, budgetMs);
      }
      out.push(summary);
    }
    return out.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
  }
}

interface ResolvedPart {
  index: number;
  part: LabelPart;
  column: Column;
}

/** The label columns of a table: `--group-by` columns, else the first label rule that applies. */
export function labelColumns(t: XctraceTable, groupBy: readonly string[] | undefined): ResolvedPart[] {
  const resolve = (parts: readonly LabelPart[]) =>
    parts
      .map((part) => ({ part, index: findColumn(t.columns, [part.column]) }))
      .filter((p) => p.index >= 0)
      .map((p) => ({ ...p, column: t.columns[p.index] as Column }));
  if (groupBy?.length) return resolve(groupBy.map((column) => ({ column })));
  for (const rule of LABEL_RULES) {
    if (rule.schema && !rule.schema.test(t.schema)) continue;
    const got = resolve(rule.parts);
    if (got.length) return got;
  }
  return [];
}

export class IntervalAccumulator implements RowConsumer {
  readonly groups: IntervalGroups;
  private readonly parts: ResolvedPart[];
  private lastCells: Cell[] = [];
  private lastGroup: Group | null = null;

  constructor(
    readonly table: XctraceTable,
    private readonly cols: IntervalColumns,
    groupBy: readonly string[] | undefined,
  ) {
    this.groups = new IntervalGroups(table);
    this.parts = labelColumns(table, groupBy);
  }

  row(cells: readonly Cell[]): void {
    const start = numberOf(cells[this.cols.start]);
    const duration = numberOf(cells[this.cols.duration]);
    this.groups.add(this.groupOf(cells), start, duration);
  }

  private groupOf(cells: readonly Cell[]): Group {
    const parts = this.parts;
    let same = this.lastGroup !== null;
    for (let k = 0; same && k < parts.length; k++) if (cells[(parts[k] as ResolvedPart).index] !== this.lastCells[k]) same = false;
    if (same) return this.lastGroup as Group;
    const values: { column: string; value: string }[] = [];
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k] as ResolvedPart;
      const v = cells[p.index];
      this.lastCells[k] = v;
      const text = labelOf(v);
      if (text !== null && text !== '') values.push({ column: p.column.mnemonic || p.column.engineeringType, value: applyPart(p.part, text) });
    }
    const label = values.length ? values.map((v) => v.value).join(' / ') : this.table.schema;
    this.lastGroup = this.groups.group(label, values);
    return this.lastGroup;
  }
}
