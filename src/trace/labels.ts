/**
 * How the rows of an interval table are grouped into labels ("Prediction / MyModel",
 * "Neural Engine Prediction", a signpost name). Data, first match wins: a rule applies to the
 * tables whose schema matches and whose columns it finds (by engineering type or mnemonic); the
 * label is the values of the rule's columns, in order, joined by " / ". Rows without any of the
 * columns share one label: the table's name. `--group-by COLUMN,...` replaces the rules.
 */

export interface LabelPart {
  /** Engineering type or mnemonic. */
  column: string;
  /** Drop an instance suffix ("MyModel-3" → "MyModel"): parsers of Core ML exports do this. */
  stripInstanceSuffix?: boolean;
}

export interface LabelRule {
  schema?: RegExp;
  parts: LabelPart[];
  /** Where the column names come from. */
  source: string;
}

export const LABEL_RULES: readonly LabelRule[] = [
  {
    schema: /^coreml-os-signpost$/,
    parts: [{ column: 'coreml-model-event' }, { column: 'coreml-model-name', stripInstanceSuffix: true }],
    source: 'research/TRACES.md §1.9 (reported by parser code: coreml-model-name, coreml-model-event with "Prediction", "CPU", "GPU Request")',
  },
  {
    schema: /^ane-hw-intervals/,
    parts: [{ column: 'formatted-label' }],
    source: 'research/TRACES.md §1.9 (reported: formatted-label "Neural Engine Prediction", "<model>_… Prediction")',
  },
  {
    schema: /^ModelLoadingTable$/,
    parts: [{ column: 'transition' }],
    source: 'real Xcode 27 export (corpus xcode27-ModelLoadingTable.xml): transition "unloaded → loaded"',
  },
  { parts: [{ column: 'formatted-label' }], source: 'generic' },
  { parts: [{ column: 'signpost-name' }], source: 'OSSignpostIntervals (Xcode 27 schema)' },
  { parts: [{ column: 'coreml-model-event' }], source: 'generic' },
  { parts: [{ column: 'ane-event-name' }], source: 'reported: ane-hw-intervals-internal' },
  { parts: [{ column: 'mps-event-name' }], source: 'reported: mps-hw-intervals' },
  { parts: [{ column: 'name' }], source: 'generic mnemonic' },
  { parts: [{ column: 'label' }], source: 'generic mnemonic' },
];

/** Label values that mark the inferences (for `report`'s default and CPU per inference). */
export const INFERENCE_LABEL = /\b(prediction|inference|predict)\b/i;

const INSTANCE_SUFFIX = /-\d+$/;

export function applyPart(part: LabelPart, value: string): string {
  return part.stripInstanceSuffix ? value.replace(INSTANCE_SUFFIX, '') : value;
}
