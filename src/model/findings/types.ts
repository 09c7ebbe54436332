/**
 * Findings are rules in tables: each has an id, a level, the source its claim rests on, and a check that
 * looks at one part of the model (the top level, or a sub-model) and returns what it found. The engine
 * (index.ts) runs every rule on every part; rules never print and never decide the exit code.
 */
import type { DecodedModel } from '../proto/model.js';
import type { Finding, FindingLevel, FindingSource, ModelPart, ModelSummary } from '../summary.js';

export interface PartView {
  part: ModelPart;
  decoded: DecodedModel;
  /** "1", "1.2": where the part sits among sub-models; undefined for the top level. */
  subModel: string | undefined;
  /** The whole model (for rules about the model as a whole). */
  model: Omit<ModelSummary, 'findings'>;
  isTop: boolean;
}

export interface RuleHit {
  message: string;
  evidence: string;
  function?: string;
  op?: string;
  /** Overrides the rule's level (the catalogue's risk decides it per op). */
  level?: FindingLevel;
  source?: FindingSource;
  rewrite?: Finding['rewrite'];
}

export interface FindingRule {
  id: string;
  level: FindingLevel;
  source: FindingSource;
  /** `top`: the whole model once; `part`: every part (top level and each sub-model). */
  scope: 'top' | 'part';
  check(view: PartView): RuleHit[];
}
