/**
 * What a form is: how one kind of assertion is written in a budget and judged. A row of
 * src/budget/assertions.ts names its form (a plain maximum, a maximum per key, a frame rate, a list
 * of forbidden names, a set of forbidden or allowed values, allowed or not); the form validates the
 * JSON under the row's key, resolves it (with the preset's figure) into assertions, describes it in
 * the JSON Schema, and judges a measured value against it. Parsing, resolving, the schema and the
 * docs are therefore derived from the rows; the engine (src/budget/engine.ts) only asks the form.
 */
import type { AssertionSpec, Bound, FrameBudget, Level, Unit } from '../model.js';
import type { Preset } from '../presets.js';
import type { BudgetReader } from '../reader.js';

/** A JSON Schema fragment (draft-07). */
export type JsonSchema = Record<string, unknown>;

/** What a form needs to know about the row it serves. */
export interface FormRow {
  /** The key in a budget target, and the kind of its assertions. */
  key: string;
  unit: Unit;
  /** The preset's figure for this row, when presets set one (sizeMB). */
  presetFigure?: (preset: Preset) => number | undefined;
}

/** What resolving a target gives every form. */
export interface ResolveContext {
  file: string;
  preset: Preset | null;
  /** The target's frame budget (fps and uiOverheadMs, or the preset's), null when it has none. */
  frame: FrameBudget | null;
  /** `budget.json:$.sizeMB`, with `(limit from preset X)` when the limit came from the preset. */
  origin(path: string, limitFromPreset: boolean): string;
  fail(path: string, problem: string): never;
}

/** A measured value against an assertion: whether it holds, and the value as the verdict shows it. */
export interface Judgement {
  within: boolean;
  /** The value as a number (what `actual` reports); null for a value that is text. */
  actual: number | null;
  /** The value as text, for values that are not numbers. */
  actualText?: string;
  /** How far over the limit, in the row's unit, when that is a number. */
  over?: number;
}

/** A measured value: a number (a size, a count), or text (a version, a precision). */
export type MeasuredValue = number | string;

/** A setting as validated: its level (null when only options were given: inherited), and where it is. */
export interface ParsedLevel {
  level: Level | null;
  message: string | null;
  path: string;
}

export interface Form<P = unknown> {
  /** How the docs name the form: "a maximum", "a maximum per key", ... */
  readonly name: string;
  /** Validates the JSON value written under the row's key. */
  parse(r: BudgetReader, v: unknown, path: string): P;
  /** The assertions of a parsed value (null: the key is absent; a preset may still assert it). */
  resolve(row: FormRow, parsed: P | null, ctx: ResolveContext): AssertionSpec[];
  /** The JSON Schema of the value under the row's key. */
  schema(row: FormRow): JsonSchema;
  /** Judges a measured value. */
  judge(spec: AssertionSpec, value: MeasuredValue): Judgement;
  /** How the limit reads: its relation to the value and, for a limit that is not one number, its text. */
  bound(spec: AssertionSpec): { bound: Bound; text?: string };
  /** The frame rate a parsed value sets (only the frame-rate form): the frame budget derives from it. */
  frameRate?(parsed: P): { fps: number | null; path: string; level: Level | null } | null;
  /** How docs/gate.md writes the key (`latencyMs.p50` / `p90` ...); default: the key. */
  docsKey?(key: string): string;
  /** Other target keys that belong to this form (`uiOverheadMs` with `fps`), listed after the row's key. */
  readonly settings?: readonly TargetSetting[];
}

/** A plain setting of a target that asserts nothing itself (`uiOverheadMs`). */
export interface TargetSetting {
  key: string;
  parse(r: BudgetReader, v: unknown, path: string): number;
  schema: JsonSchema;
}

/** Numbers are compared with a tolerance for floating point: a size of exactly 8 MB passes an 8 MB budget. */
export function withinMax(actual: number, limit: number): boolean {
  return actual <= limit + 1e-9 * Math.max(1, Math.abs(Number.isFinite(limit) ? limit : 0));
}

/** The level form of every assertion as JSON Schema: [level] or [level, options]. */
export function levelOptionsSchema(options: Record<string, JsonSchema>): JsonSchema {
  return {
    type: 'array',
    minItems: 1,
    maxItems: 2,
    additionalItems: false,
    items: [{ $ref: '#/definitions/level' }, { type: 'object', properties: { ...options, message: { $ref: '#/definitions/message' } }, additionalProperties: false }],
  };
}

export const LEVEL_SCHEMA: JsonSchema = { $ref: '#/definitions/level' };
