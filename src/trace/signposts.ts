/**
 * The raw `os-signpost` table: one row per Begin, End or Event. Intervals are made by pairing a
 * Begin with the next End of the same (subsystem, category, name, identifier, process), as
 * research/TRACES.md §1.8 describes; they join the interval statistics under the signpost's name.
 * Unpaired Begins and Ends are counted (a recording cut in the middle), never guessed.
 */
import { IntervalGroups, type Group } from './intervals.js';
import { applyPart, columnIndex, describeColumn, planLabels, type LabelPlan } from './labels.js';
import type { SignpostColumns } from './xctrace/columns.js';
import type { Column, RowConsumer, XctraceTable } from './xctrace/reader.js';
import { labelOf, numberOf, textOf, type Cell } from './xctrace/values.js';
import { NO_TIME } from './profile.js';

export class SignpostPairer implements RowConsumer {
  readonly groups: IntervalGroups;
  /** Open intervals: the Begin's time, and its group when `--group-by` labels by the Begin row. */
  private readonly open = new Map<string, { t: number; group: Group | null }>();
  private readonly plan: LabelPlan<Column> | null;
  /** `--group-by` columns this table does not have. */
  readonly missingGroupBy: string[];
  unmatchedBegins = 0;
  unmatchedEnds = 0;
  pointEvents = 0;
  /** Rows whose event type is neither Begin, End nor Event. */
  otherEvents = 0;

  constructor(
    readonly table: XctraceTable,
    private readonly cols: SignpostColumns,
    groupBy?: readonly string[],
  ) {
    this.groups = new IntervalGroups(table);
    this.plan = groupBy?.length ? planLabels(table.schema, table.columns, groupBy) : null;
    this.missingGroupBy = (groupBy ?? []).filter((g) => columnIndex(table.columns, g) < 0);
    if (this.plan && this.plan.parts.length) {
      this.groups.groupedBy = this.plan.parts.map((p) => describeColumn(p.column));
      this.groups.groupRule = '--group-by (the Begin row)';
    } else {
      this.groups.groupedBy = [c(cols.name), c(cols.subsystem), c(cols.category)].filter((x): x is string => x !== null);
      this.groups.groupRule = 'Begin and End paired by subsystem, category, name, identifier and process';
    }
    function c(i: number): string | null {
      return i >= 0 ? describeColumn(table.columns[i] as Column) : null;
    }
  }

  row(cells: readonly Cell[]): void {
    const c = this.cols;
    const type = eventType(cells[c.eventType]);
    if (type === 'event') {
      this.pointEvents++;
      return;
    }
    if (type === null) {
      this.otherEvents++;
      return;
    }
    const t = numberOf(cells[c.time]);
    const part = (i: number) => (i >= 0 ? (textOf(cells[i]) ?? '') : '');
    const key = [part(c.subsystem), part(c.category), part(c.name), part(c.identifier), processKey(c.process >= 0 ? cells[c.process] : undefined)].join('\u0000');
    if (type === 'begin') {
      if (this.open.has(key)) this.unmatchedBegins++;
      this.open.set(key, { t, group: this.plan?.parts.length ? this.userGroup(cells) : null });
      return;
    }
    const open = this.open.get(key);
    if (open === undefined) {
      this.unmatchedEnds++;
      return;
    }
    this.open.delete(key);
    const g = open.group ?? this.nameGroup(cells);
    const begin = open.t;
    const ok = begin >= 0 && begin !== NO_TIME && t >= 0 && t !== NO_TIME;
    this.groups.add(g, begin, ok ? t - begin : Number.NaN, true);
  }

  /** The group of a signpost by name, subsystem and category (the label is the name). */
  private nameGroup(cells: readonly Cell[]): Group {
    const c = this.cols;
    const name = (c.name >= 0 ? labelOf(cells[c.name]) : null) ?? '(unnamed signpost)';
    const parts = [{ column: 'signpost-name', value: name }];
    const sub = c.subsystem >= 0 ? labelOf(cells[c.subsystem]) : null;
    const cat = c.category >= 0 ? labelOf(cells[c.category]) : null;
    if (sub) parts.push({ column: 'subsystem', value: sub });
    if (cat) parts.push({ column: 'category', value: cat });
    return this.groups.group(name, parts, `${name}\u0000${sub ?? ''}\u0000${cat ?? ''}`);
  }

  /** The group of a Begin row by the `--group-by` columns. */
  private userGroup(cells: readonly Cell[]): Group {
    const values: { column: string; value: string }[] = [];
    for (const p of (this.plan as LabelPlan<Column>).parts) {
      const text = labelOf(cells[p.index]);
      const value = text ? applyPart(p.part, text) : null;
      if (value) values.push({ column: p.column.mnemonic || p.column.engineeringType, value });
    }
    const label = values.length ? values.map((v) => v.value).join(' / ') : this.table.schema;
    return this.groups.group(label, values);
  }

  finish(): void {
    this.unmatchedBegins += this.open.size;
    this.open.clear();
  }
}

function eventType(v: Cell): 'begin' | 'end' | 'event' | null {
  for (const s of [textOf(v), labelOf(v)]) {
    if (!s) continue;
    if (/^begin/i.test(s)) return 'begin';
    if (/^end/i.test(s)) return 'end';
    if (/^event/i.test(s)) return 'event';
  }
  return null;
}

function processKey(v: Cell): string {
  return textOf(v) ?? labelOf(v) ?? '';
}
