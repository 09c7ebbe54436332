/**
 * Interval tables (any table with start-time and duration columns: coreml-os-signpost,
 * ane-hw-intervals, OSSignpostIntervals, ModelLoadingTable, ...): rows grouped by label (labels.ts),
 * durations kept per label in a growable Float64Array for the statistics (stats.ts: the one
 * percentile definition) and the report's histograms. "No data" values stay out: a duration of 0
 * (Instruments' n/a for durations), a missing or non-integer duration, a start at 2^50 - 1.
 */
import { summarize, countAbove } from '../core/stats.js';
import { UsageError } from '../core/errors.js';
import { INFERENCE_LABEL, applyPart, columnIndex, describeColumn, planLabels, type LabelPlan } from './labels.js';
import type { IntervalSummary } from './model.js';
import { NO_TIME } from './profile.js';
import type { IntervalColumns } from './xctrace/columns.js';
import type { Column, RowConsumer, XctraceTable } from './xctrace/reader.js';
import { labelOf, numberOf, type Cell } from './xctrace/values.js';
import { grown } from '../core/typed.js';

export class Growable {
  private a = new Float64Array(64);
  length = 0;
  push(v: number): void {
    if (this.length === this.a.length) this.a = grown(this.a, this.length + 1);
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
  /** The columns the groups come from, and the rule that chose them (for the output). */
  groupedBy: string[] | null = null;
  groupRule: string | null = null;

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
        ...(this.groupedBy ? { groupedBy: this.groupedBy } : {}),
        ...(this.groupRule ? { groupRule: this.groupRule } : {}),
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

export type ResolvedPart = LabelPlan<Column>['parts'][number];

/** The label columns of a table: `--group-by` columns, else the rules of labels.ts. */
export function labelColumns(t: XctraceTable, groupBy: readonly string[] | undefined): LabelPlan<Column> {
  return planLabels(t.schema, t.columns, groupBy);
}

/** Above this many groups of this few rows on average, the label column looks like an identifier. */
const MANY_GROUPS = 20;
const FEW_ROWS = 3;

export class IntervalAccumulator implements RowConsumer {
  readonly groups: IntervalGroups;
  private readonly parts: ResolvedPart[];
  /** `--group-by` columns this table does not have. */
  readonly missingGroupBy: string[];
  private lastCells: Cell[] = [];
  private lastGroup: Group | null = null;
  private rows = 0;

  constructor(
    readonly table: XctraceTable,
    private readonly cols: IntervalColumns,
    groupBy: readonly string[] | undefined,
  ) {
    this.groups = new IntervalGroups(table);
    const plan = labelColumns(table, groupBy);
    this.parts = plan.parts;
    this.groups.groupedBy = plan.parts.map((p) => describeColumn(p.column));
    this.groups.groupRule = plan.rule;
    this.missingGroupBy = (groupBy ?? []).filter((g) => columnIndex(table.columns, g) < 0);
  }

  row(cells: readonly Cell[]): void {
    const start = numberOf(cells[this.cols.start]);
    const duration = numberOf(cells[this.cols.duration]);
    this.rows++;
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
      if (text === null || text === '') continue;
      const value = applyPart(p.part, text);
      if (value !== null) values.push({ column: p.column.mnemonic || p.column.engineeringType, value });
    }
    const label = values.length ? values.map((v) => v.value).join(' / ') : this.table.schema;
    this.lastGroup = this.groups.group(label, values);
    return this.lastGroup;
  }

  /** Findings about the grouping, for the notes. */
  notes(): string[] {
    const n = this.groups.groups.size;
    const by = this.groups.groupedBy ?? [];
    if (!by.length && this.rows > 0) {
      return [`${this.table.schema}: no column says what a row is, so its ${this.rows} rows are one group; --group-by COLUMN groups them (columns: ${this.table.columns.map(describeColumn).join(', ')})`];
    }
    if (n > MANY_GROUPS && this.rows / n < FEW_ROWS) {
      return [`${this.table.schema}: ${n} groups of ${(this.rows / n).toFixed(1)} rows on average by ${by.join(' / ')}: the values look like identifiers; --group-by COLUMN groups by another column`];
    }
    return [];
  }
}

/**
 * `--group-by` names columns of the interval tables: a column that no interval table of the
 * document has is a usage error listing the columns there are (a table without it keeps its rules).
 */
export function checkGroupBy(accs: readonly { table: XctraceTable; missingGroupBy: readonly string[] }[], groupBy: readonly string[] | undefined): string[] {
  if (!groupBy?.length) return [];
  const unknown = groupBy.filter((g) => accs.every((a) => a.missingGroupBy.includes(g)));
  if (accs.length && unknown.length) {
    const tables = accs.map((a) => `${a.table.schema} has ${a.table.columns.map(describeColumn).join(', ')}`).join('; ');
    throw new UsageError(`--group-by ${unknown.map((u) => JSON.stringify(u)).join(', ')} names no column of the interval tables: ${tables}`);
  }
  if (!accs.length) throw new UsageError('--group-by needs an interval table (start-time and duration columns); the file has none');
  return accs.filter((a) => a.missingGroupBy.length === groupBy.length).map((a) => `${a.table.schema} has none of the --group-by columns; it is grouped by its rules`);
}
