/**
 * Start-up: how long a model takes to load, to compile, and to give its first prediction after a
 * load — what a user waits for before anything happens (a 2 s load is what a Watch user sees first).
 *
 * The rules are data (`STARTUP_RULES`): for a table kind (the schema's name), the column that says
 * what a row is, which of its values are which phase, and the column that names the model (or the
 * asset). A row whose value matches no phase is not start-up (a Prediction is one only when it is
 * the first of its model after a load).
 *
 * The first prediction is the first prediction interval of a model that starts at or after the start
 * of that model's latest load, in the same table: xctrace writes rows in start order, so one pass
 * pairs them. A second load before any prediction replaces the first (that load had no prediction).
 * Predictions before any recorded load (a recording attached after the app loaded its model) are no
 * first predictions. Durations follow the interval tables' rules (intervals.ts): 0 is "no data".
 */
import { summarize } from '../core/stats.js';
import { Growable } from './intervals.js';
import type { StartupModel, StartupPhaseSummary, StartupSummary } from './model.js';
import { NO_TIME } from './profile.js';
import type { Column, RowConsumer, XctraceTable } from './xctrace/reader.js';
import { labelOf, numberOf, type Cell } from './xctrace/values.js';

/** What a row of a start-up table is. */
export type StartupEvent = 'load' | 'compile' | 'prediction';

/** The phases a start-up summary has (a first prediction is a prediction that follows a load). */
export type StartupPhase = 'load' | 'compile' | 'firstPrediction';

export const STARTUP_PHASES: readonly StartupPhase[] = ['load', 'compile', 'firstPrediction'];

export interface StartupColumn {
  /** Engineering type (or, with `by: 'mnemonic'`, mnemonic) of the column. */
  column: string;
  by?: 'type' | 'mnemonic';
  /** Drop an instance suffix ("PoseNet-2" → "PoseNet"): one model, several instances. */
  stripInstanceSuffix?: boolean;
}

export interface StartupRule {
  /** The table kinds (schema names) the rule is for. */
  schema: RegExp;
  /** The column that says what a row is. */
  event: StartupColumn;
  /** Its values, first match wins; a value that matches none is not start-up. */
  events: { value: RegExp; is: StartupEvent }[];
  /** The column that names the model (or asset); null: the table does not say. */
  model: StartupColumn | null;
  /** Where the column names and values come from. */
  source: string;
}

export const STARTUP_RULES: readonly StartupRule[] = [
  {
    schema: /^coreml-os-signpost$/,
    event: { column: 'coreml-model-event' },
    events: [
      { value: /^(model )?load(ing)?\b/i, is: 'load' },
      { value: /\bcompil(e|ation|ing)\b/i, is: 'compile' },
      { value: /^prediction$/i, is: 'prediction' },
    ],
    model: { column: 'coreml-model-name', stripInstanceSuffix: true },
    source:
      'research/TRACES.md §1.9 (the Core ML instrument: coreml-model-event "Prediction", "CPU", "GPU Request"; its Load and Compile phases; coreml-model-name with a -N instance suffix)',
  },
  {
    schema: /^ModelLoadingTable$/,
    event: { column: 'to-state', by: 'mnemonic' },
    events: [{ value: /^loaded$/, is: 'load' }],
    model: { column: 'asset-id', by: 'mnemonic' },
    source: 'real Xcode 27 export (corpus xcode27-ModelLoadingTable.xml): to-state "loaded" (from "unloaded" or "dynamicMode"), asset-id per model',
  },
];

/** Models listed per summary; more are counted, not named (memory stays bounded). */
export const MAX_MODELS = 50;

const INSTANCE_SUFFIX = /-\d+$/;

function find(cols: readonly Column[], c: StartupColumn): number {
  return cols.findIndex((x) => (c.by === 'mnemonic' ? x.mnemonic === c.column : x.engineeringType === c.column));
}

/** The start-up rule of a table, when its schema has one and the table has the rule's event column. */
export function startupRuleOf(t: XctraceTable): StartupRule | null {
  return STARTUP_RULES.find((r) => r.schema.test(t.schema) && find(t.columns, r.event) >= 0) ?? null;
}

interface ModelCounts {
  load: number;
  compile: number;
  firstPrediction: number;
}

/** Reads a start-up table's rows (beside its interval statistics). */
export class StartupAccumulator implements RowConsumer {
  readonly phases: Record<StartupPhase, Growable> = { load: new Growable(), compile: new Growable(), firstPrediction: new Growable() };
  readonly models = new Map<string, ModelCounts>();
  modelsOmitted = 0;
  private readonly eventIndex: number;
  private readonly modelIndex: number;
  /** Model → start (ns) of its latest load that no prediction followed yet. */
  private readonly pending = new Map<string, number>();
  private lastEventCell: Cell | undefined = undefined;
  private lastEvent: StartupEvent | null = null;

  constructor(
    readonly table: XctraceTable,
    private readonly cols: { start: number; duration: number },
    readonly rule: StartupRule,
  ) {
    this.eventIndex = find(table.columns, rule.event);
    this.modelIndex = rule.model ? find(table.columns, rule.model) : -1;
  }

  private eventOf(v: Cell): StartupEvent | null {
    // Cells are interned: the same value is the same object, so a run of equal rows is one lookup.
    if (v === this.lastEventCell && v !== undefined) return this.lastEvent;
    this.lastEventCell = v;
    const text = labelOf(v);
    this.lastEvent = text === null ? null : (this.rule.events.find((e) => e.value.test(text))?.is ?? null);
    return this.lastEvent;
  }

  private modelOf(cells: readonly Cell[]): string {
    if (this.modelIndex < 0) return '';
    const text = labelOf(cells[this.modelIndex]) ?? '';
    return this.rule.model?.stripInstanceSuffix ? text.replace(INSTANCE_SUFFIX, '') : text;
  }

  private count(model: string, phase: StartupPhase): void {
    if (model === '') return;
    let m = this.models.get(model);
    if (!m) {
      if (this.models.size >= MAX_MODELS) {
        this.modelsOmitted++;
        return;
      }
      m = { load: 0, compile: 0, firstPrediction: 0 };
      this.models.set(model, m);
    }
    m[phase]++;
  }

  row(cells: readonly Cell[]): void {
    const event = this.eventOf(cells[this.eventIndex]);
    if (event === null) return;
    const duration = numberOf(cells[this.cols.duration]);
    if (!(duration > 0)) return;
    const rawStart = numberOf(cells[this.cols.start]);
    const start = rawStart >= 0 && rawStart !== NO_TIME ? rawStart : Number.NaN;
    const model = this.modelOf(cells);
    if (event === 'load') {
      this.phases.load.push(duration);
      this.count(model, 'load');
      this.pending.set(model, start);
    } else if (event === 'compile') {
      this.phases.compile.push(duration);
      this.count(model, 'compile');
    } else {
      const loadStart = this.pending.get(model);
      if (loadStart === undefined || start < loadStart) return;
      this.pending.delete(model);
      this.phases.firstPrediction.push(duration);
      this.count(model, 'firstPrediction');
    }
  }
}

function phaseSummary(ns: Float64Array): StartupPhaseSummary | null {
  const ms = new Float64Array(ns.length);
  for (let i = 0; i < ns.length; i++) ms[i] = (ns[i] as number) / 1e6;
  const s = summarize(ms);
  if (!s) return null;
  let total = 0;
  for (let i = 0; i < ms.length; i++) total += ms[i] as number;
  return { count: s.count, p50Ms: s.p50, p90Ms: s.p90, maxMs: s.max, minMs: s.min, meanMs: s.mean, totalMs: total, durationsMs: ms };
}

/** The start-up of a document: the phases of all its start-up tables together; null when it has none. */
export function startupSummary(accs: readonly StartupAccumulator[]): StartupSummary | null {
  if (!accs.length) return null;
  const all: Record<StartupPhase, Growable> = { load: new Growable(), compile: new Growable(), firstPrediction: new Growable() };
  const models = new Map<string, StartupModel>();
  let omitted = 0;
  for (const a of accs) {
    for (const p of STARTUP_PHASES) {
      const v = a.phases[p].view();
      for (let i = 0; i < v.length; i++) all[p].push(v[i] as number);
    }
    for (const [id, c] of a.models) {
      const m = models.get(id);
      if (m) {
        m.load += c.load;
        m.compile += c.compile;
        m.firstPrediction += c.firstPrediction;
      } else if (models.size < MAX_MODELS) models.set(id, { id, ...c });
      else omitted++;
    }
    omitted += a.modelsOmitted;
  }
  const summary: StartupSummary = {
    tables: accs.map((a) => ({ run: a.table.run, table: a.table.schema, rule: `the ${a.table.schema} rule` })),
    load: phaseSummary(all.load.view()),
    compile: phaseSummary(all.compile.view()),
    firstPrediction: phaseSummary(all.firstPrediction.view()),
    models: [...models.values()],
    ...(omitted ? { modelsOmitted: omitted } : {}),
  };
  return summary.load || summary.compile || summary.firstPrediction ? summary : null;
}
