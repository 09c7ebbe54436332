/**
 * schemas/budget.schema.json, derived from the rows: a target's settings, one property per
 * assertion row (its form's schema, its docs as the description), the regression rows. The file in
 * schemas/ is this function's output (test/budget/generated.test.ts keeps them equal; run it with
 * UPDATE_GENERATED=1 to rewrite the file after changing a row).
 */
import { CATEGORIES } from '../convlog/model.js';
import { BUDGET_ROWS, type RowTable } from './assertions.js';
import type { JsonSchema } from './forms/form.js';
import { levelOptionsSchema, LEVEL_SCHEMA } from './forms/form.js';
import { LEVELS, REGRESSION_LATENCY_STATS } from './model.js';
import { presetIds } from './presets.js';
import { REGRESSION_ROWS, type RegressionRow } from './regressions.js';

const OPTION_SCHEMAS: Record<string, (row: RegressionRow) => JsonSchema> = {
  relative: () => ({ type: 'number', minimum: 0 }),
  absolute: (row) => ({ type: row.integerAbsolute ? 'integer' : 'number', minimum: 0 }),
  stats: () => ({ type: 'array', minItems: 1, items: { type: 'string', enum: [...REGRESSION_LATENCY_STATS] } }),
  metrics: () => ({ type: 'array', items: { $ref: '#/definitions/name' } }),
};

function regressionSchema(row: RegressionRow): JsonSchema {
  const options = Object.fromEntries(row.options.filter((o) => o !== 'message').map((o) => [o, (OPTION_SCHEMAS[o] as (r: RegressionRow) => JsonSchema)(row)]));
  return { anyOf: [...(row.bareRelative ? [{ type: 'number', minimum: 0 }] : []), LEVEL_SCHEMA, levelOptionsSchema(options)] };
}

export function budgetJsonSchema(table: RowTable = BUDGET_ROWS): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    $schema: { type: 'string' },
    $comment: { type: 'string' },
    name: { $ref: '#/definitions/name', description: 'Shown in reports; unique per file. Default: the preset, else "target N".' },
    description: { type: 'string' },
    preset: { type: 'string', enum: presetIds(), description: 'A named device budget (coreml-doctor gate --list-presets); the target overrides it field by field.' },
    step: { $ref: '#/definitions/name', description: 'The step to check. Default: --step, else the last step.' },
    baselineStep: { $ref: '#/definitions/name', description: 'The step accuracyDrop compares against. Default: the first step.' },
    lowerIsBetter: { type: 'array', items: { $ref: '#/definitions/name' }, description: 'Metrics where lower is better (WER, loss).' },
  };
  for (const row of table.rows) {
    properties[row.key] = { description: `${row.docs.limit[0]?.toUpperCase() ?? ''}${row.docs.limit.slice(1)}.`, ...row.form.schema(row) };
    for (const s of row.form.settings ?? []) properties[s.key] = s.schema;
  }
  properties.regression = {
    type: 'object',
    description: 'Limits against a baseline report (gate --baseline): worse by more than `relative` AND more than `absolute` fails. A number is the relative limit.',
    properties: Object.fromEntries(REGRESSION_ROWS.map((r) => [r.key, regressionSchema(r)])),
    additionalProperties: false,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'coreml-doctor budget',
    description:
      'What `coreml-doctor gate` checks: one target, or a list of targets (one per device or step). Each assertion is a number (an error-level maximum), a level ("error", "warn", "off"), or [level, options]. See docs/gate.md.',
    oneOf: [
      {
        type: 'object',
        required: ['targets'],
        properties: {
          $schema: { type: 'string' },
          $comment: { type: 'string' },
          description: { type: 'string' },
          targets: { type: 'array', minItems: 1, items: { allOf: [{ $ref: '#/definitions/target' }, { not: { required: ['$schema'] } }] } },
        },
        additionalProperties: false,
      },
      { $ref: '#/definitions/target' },
    ],
    definitions: {
      level: { type: 'string', enum: [...LEVELS] },
      message: { type: 'string', minLength: 1, pattern: '\\S', description: 'Shown with a violation.' },
      name: { type: 'string', minLength: 1, pattern: '\\S' },
      categories: { type: 'array', items: { type: 'string', enum: [...CATEGORIES] } },
      target: { type: 'object', properties, additionalProperties: false },
    },
  };
}

/** The schema file's text: two-space JSON and a final newline. */
export function budgetJsonSchemaText(table: RowTable = BUDGET_ROWS): string {
  return JSON.stringify(budgetJsonSchema(table), null, 2) + '\n';
}
