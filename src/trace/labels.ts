/**
 * How the rows of an interval table are grouped: by what each row is. The rules are data, checked
 * in order, first match wins:
 *
 * 1. `TABLE_RULES`: per table kind (the schema's name), the columns that say what a row is, found by
 *    engineering type (the column's meaning; mnemonics differ between tables and versions). The
 *    first part must be present for the rule to apply; later parts qualify it when present.
 * 2. `LABEL_TYPES`: any other table groups by its first column whose engineering type names what a
 *    row is (an event or activity name, a channel, a state, a hang type, a metric name …), in the
 *    order of the list. Columns that only identify one row (ids, addresses, free text such as
 *    `narrative`) never make groups.
 * 3. Else all rows of the table are one group, named after the table, and the output says so.
 *
 * Nesting columns (`QUALIFIERS`: containment-level, metal-nesting-level) are added to every rule, so
 * that a parent interval and the children it contains never share statistics (dyld's 12 s
 * "Launch Executable" and its 0.1 ms "Map Image" children).
 *
 * `--group-by COLUMN,...` replaces the rules (columns by mnemonic, engineering type or name).
 * docs/trace.md prints these tables; each row says where its column names come from.
 */

export interface LabelPart {
  /** Engineering type (or, with `by: 'mnemonic'`, mnemonic) of the column. */
  column: string;
  by?: 'type' | 'mnemonic';
  /** Drop an instance suffix ("MyModel-3" → "MyModel"): parsers of Core ML exports do this. */
  stripInstanceSuffix?: boolean;
  /** How the value reads in a label: "level {}" (for numbers that mean nothing alone). */
  format?: string;
  /** A value that adds nothing to the label (the top nesting level). */
  omit?: string;
}

export interface TableRule {
  /** The table kinds (schema names) the rule is for. */
  schema: RegExp;
  parts: LabelPart[];
  /** Where the column names come from. */
  source: string;
}

export const TABLE_RULES: readonly TableRule[] = [
  {
    schema: /^coreml-os-signpost$/,
    parts: [{ column: 'coreml-model-event' }, { column: 'coreml-model-name', stripInstanceSuffix: true }],
    source: 'research/TRACES.md §1.9 (parsers of Core ML exports: coreml-model-event "Prediction", "CPU", "GPU Request"; coreml-model-name with a -N instance suffix)',
  },
  {
    schema: /^ane-hw-intervals/,
    parts: [{ column: 'formatted-label' }],
    source: 'research/TRACES.md §1.9 (reported: formatted-label "Neural Engine Prediction", "<model>_… Prediction")',
  },
  {
    schema: /^metal-gpu-intervals$/,
    // The event label embeds the encoder id and the process ("Command Buffer 0:Compute Command 0 ( App (42) ) 0xabc"):
    // one group per row. The channel is what the row is; the table holds every process's GPU work.
    parts: [{ column: 'gpu-channel-name' }, { column: 'process' }],
    source: 'metal-gpu-intervals schema (Creation, Duration, Channel Name gpu-channel-name, Frame, CPU to GPU Latency, Depth metal-nesting-level, Label formatted-label, State, …, Process, …) as read by microsoft/Microsoft-Performance-Tools-Apple and parsers of real exports',
  },
  {
    schema: /^dyld-activity-interval$/,
    parts: [{ column: 'dyld-activity' }],
    source: 'dyld-activity-interval rows: type (dyld-activity: "Launch Executable", "Static Initializer", "Objc Image Init", "dlopen"), level (containment-level 1, 2, 3), as parsers of real App Launch exports read them',
  },
  {
    schema: /^ModelLoadingTable$/,
    parts: [{ column: 'transition', by: 'mnemonic' }],
    source: 'real Xcode 27 export (corpus xcode27-ModelLoadingTable.xml): transition "unloaded → loaded"',
  },
];

/**
 * Engineering types that say what a row is, most specific first (Apple's Engineering Type
 * Reference marks each as categorical: "cannot be summed or averaged").
 */
export const LABEL_TYPES: readonly string[] = [
  // Names of the event or activity.
  'signpost-name',
  'coreml-model-event',
  'ane-event-name',
  'mps-event-name',
  'metal-event-name',
  'gpu-event-name',
  'gpu-driver-event-name',
  'gpu-hardware-event',
  'dyld-activity',
  'app-period',
  'hang-type',
  'syscall',
  'vm-op',
  'sched-event',
  'swiftui-update',
  'display-event-name',
  'vsync-event',
  'hitch-phase',
  'location-event',
  'roi-kind',
  // Where the work ran.
  'gpu-channel-name',
  // States.
  'gpu-performance-state',
  'thermal-state',
  'gpu-power-state',
  'gpu-engine-state',
  'gpu-state',
  'thread-state',
  'core-state',
  'swift-task-state',
  'dispatch-work-state',
  'glass-state',
  'process-status-name',
  'state',
  // Metric names.
  'gpu-counter-name',
  'pmc-event-name',
  // Generic kinds.
  'event-type',
  'event',
  'category',
  // A label is "a smaller string that uniquely labels something": only when nothing else says what the row is.
  'formatted-label',
];

/** Mnemonics that say what a row is, when no column's engineering type does (string-typed tables). */
export const LABEL_MNEMONICS: readonly string[] = ['name', 'label', 'event', 'type', 'interval-type', 'kind', 'state', 'category'];

/** Columns that tell nested rows apart: added to every rule (by type, then by mnemonic). */
export const QUALIFIERS: readonly LabelPart[] = [
  { column: 'containment-level', format: 'level {}' },
  { column: 'metal-nesting-level', format: 'depth {}', omit: '0' },
  { column: 'containment-level', by: 'mnemonic', format: 'level {}' },
];

/** Label values that mark the inferences (for `report`'s default and CPU per inference). */
export const INFERENCE_LABEL = /\b(prediction|inference|predict)\b/i;

const INSTANCE_SUFFIX = /-\d+$/;

/** A value as it reads in a label, or null when it adds nothing (an omitted value). */
export function applyPart(part: LabelPart, value: string): string | null {
  if (part.omit !== undefined && value === part.omit) return null;
  const v = part.stripInstanceSuffix ? value.replace(INSTANCE_SUFFIX, '') : value;
  return part.format ? part.format.replace('{}', v) : v;
}

export interface ColumnLike {
  mnemonic: string;
  name: string;
  engineeringType: string;
}

export interface LabelPlan<C extends ColumnLike = ColumnLike> {
  parts: { index: number; part: LabelPart; column: C }[];
  /** Which rule chose the columns, in words: "the metal-gpu-intervals rule", "--group-by". */
  rule: string;
}

function find<C extends ColumnLike>(cols: readonly C[], part: LabelPart, taken: ReadonlySet<number>): number {
  for (let i = 0; i < cols.length; i++) {
    if (taken.has(i)) continue;
    const c = cols[i] as C;
    if (part.by === 'mnemonic' ? c.mnemonic === part.column : c.engineeringType === part.column) return i;
  }
  return -1;
}

/** The columns that label the rows of a table (`groupBy`: the user's columns, which must exist). */
export function planLabels<C extends ColumnLike>(schema: string, cols: readonly C[], groupBy?: readonly string[]): LabelPlan<C> {
  const taken = new Set<number>();
  const parts: LabelPlan<C>['parts'] = [];
  const add = (part: LabelPart): boolean => {
    const index = find(cols, part, taken);
    if (index < 0) return false;
    taken.add(index);
    parts.push({ index, part, column: cols[index] as C });
    return true;
  };
  if (groupBy?.length) {
    for (const g of groupBy) {
      const index = columnIndex(cols, g);
      if (index >= 0 && !taken.has(index)) {
        taken.add(index);
        parts.push({ index, part: { column: g }, column: cols[index] as C });
      }
    }
    return { parts, rule: '--group-by' };
  }
  let rule = '';
  const table = TABLE_RULES.find((r) => r.schema.test(schema) && find(cols, r.parts[0] as LabelPart, taken) >= 0);
  if (table) {
    for (const p of table.parts) add(p);
    rule = `the ${schema} rule`;
  } else {
    for (const type of LABEL_TYPES) if (add({ column: type })) break;
    if (!parts.length) for (const m of LABEL_MNEMONICS) if (add({ column: m, by: 'mnemonic' })) break;
    rule = parts.length ? 'what the column is (its engineering type)' : 'no column names what a row is';
  }
  if (parts.length) for (const q of QUALIFIERS) add(q);
  return { parts, rule };
}

/** A column by mnemonic, engineering type or display name (case-insensitive for the name). */
export function columnIndex(cols: readonly ColumnLike[], wanted: string): number {
  for (const by of ['mnemonic', 'engineeringType'] as const) {
    const i = cols.findIndex((c) => c[by] === wanted);
    if (i >= 0) return i;
  }
  const lower = wanted.toLowerCase();
  return cols.findIndex((c) => c.name.toLowerCase() === lower);
}

/** How a column is named in messages: "event-label (formatted-label)". */
export function describeColumn(c: ColumnLike): string {
  const name = c.mnemonic || c.engineeringType || c.name || '?';
  return c.engineeringType && c.engineeringType !== name ? `${name} (${c.engineeringType})` : name;
}

// ---- naming the inference interval (`--interval`, a manifest's "interval") ----

export interface LabelledSeries {
  label: string;
  group?: { column: string; value: string }[];
}

export interface IntervalMatch<T> {
  matches: T[];
  /** How they matched: the whole label, its first part (the event: what the row is), or another part. */
  by: 'label' | 'event' | 'part' | 'none';
  /** Several series matched on a part that is not what the rows are ("PoseNet" in "Prediction / PoseNet" and "CPU / PoseNet"). */
  ambiguous: boolean;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The interval series a user means by `wanted`, as they would write it reading Instruments' track:
 * the whole label ("Prediction / PoseNet"), or its event part ("Prediction"), case-insensitively.
 * Several series of one event (one per model) are one answer; a match on another part (a model name)
 * is an answer only when it names one event.
 */
export function matchIntervals<T extends LabelledSeries>(series: readonly T[], wanted: string): IntervalMatch<T> {
  const w = norm(wanted);
  const parts = (s: T) => (s.group?.length ? s.group.map((g) => g.value) : s.label.split(' / '));
  const byLabel = series.filter((s) => norm(s.label) === w);
  if (byLabel.length) return { matches: byLabel, by: 'label', ambiguous: false };
  const byEvent = series.filter((s) => norm(parts(s)[0] ?? '') === w);
  if (byEvent.length) return { matches: byEvent, by: 'event', ambiguous: false };
  const byPart = series.filter((s) => parts(s).some((p) => norm(p) === w));
  if (!byPart.length) return { matches: [], by: 'none', ambiguous: false };
  const events = new Set(byPart.map((s) => norm(parts(s)[0] ?? '')));
  return { matches: byPart, by: 'part', ambiguous: events.size > 1 };
}
