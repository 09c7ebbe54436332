/**
 * The raw `os-signpost` table: one row per Begin, End or Event. Intervals are made by pairing a
 * Begin with the next End of the same (subsystem, category, name, identifier, process), as
 * research/TRACES.md §1.8 describes; they join the interval statistics under the signpost's name.
 * Unpaired Begins and Ends are counted (a recording cut in the middle), never guessed.
 */
import { IntervalGroups } from './intervals.js';
import type { SignpostColumns } from './xctrace/columns.js';
import type { RowConsumer, XctraceTable } from './xctrace/reader.js';
import { labelOf, numberOf, textOf, type Cell } from './xctrace/values.js';
import { NO_TIME } from './profile.js';

export class SignpostPairer implements RowConsumer {
  readonly groups: IntervalGroups;
  private readonly open = new Map<string, number>();
  unmatchedBegins = 0;
  unmatchedEnds = 0;
  pointEvents = 0;
  /** Rows whose event type is neither Begin, End nor Event. */
  otherEvents = 0;

  constructor(
    readonly table: XctraceTable,
    private readonly cols: SignpostColumns,
  ) {
    this.groups = new IntervalGroups(table);
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
      this.open.set(key, t);
      return;
    }
    const begin = this.open.get(key);
    if (begin === undefined) {
      this.unmatchedEnds++;
      return;
    }
    this.open.delete(key);
    const name = (c.name >= 0 ? labelOf(cells[c.name]) : null) ?? '(unnamed signpost)';
    const parts = [{ column: 'signpost-name', value: name }];
    const sub = c.subsystem >= 0 ? labelOf(cells[c.subsystem]) : null;
    const cat = c.category >= 0 ? labelOf(cells[c.category]) : null;
    if (sub) parts.push({ column: 'subsystem', value: sub });
    if (cat) parts.push({ column: 'category', value: cat });
    const g = this.groups.group(name, parts, `${name}\u0000${sub ?? ''}\u0000${cat ?? ''}`);
    const ok = begin >= 0 && begin !== NO_TIME && t >= 0 && t !== NO_TIME;
    this.groups.add(g, begin, ok ? t - begin : Number.NaN, true);
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
