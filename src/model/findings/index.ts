/**
 * Runs every finding rule on every part of a model and returns the findings, errors first. A costly op
 * that an ANE rule already names (in the same part and function) is not reported twice.
 */
import type { Finding, FindingLevel } from '../summary.js';
import { ANE_RULES } from './ane.js';
import { COSTLY_OP_RULES } from './costly-ops.js';
import { DEPLOYMENT_RULES } from './deployment.js';
import type { FindingRule, PartView } from './types.js';
import { WEIGHT_RULES } from './weights.js';

export type { PartView } from './types.js';

export const FINDING_RULES: readonly FindingRule[] = [...WEIGHT_RULES, ...DEPLOYMENT_RULES, ...ANE_RULES, ...COSTLY_OP_RULES];

const LEVEL_ORDER: Record<FindingLevel, number> = { error: 0, warning: 1, info: 2 };

/** `views[0]` is the top level; the rest are sub-models (any depth). */
export function evaluateFindings(views: readonly PartView[]): Finding[] {
  const out: Finding[] = [];
  const named = new Set<string>();
  for (const rule of FINDING_RULES) {
    for (const view of rule.scope === 'top' ? views.filter((v) => v.isTop) : views) {
      for (const h of rule.check(view)) {
        const key = `${view.subModel ?? ''}|${h.function ?? ''}|${h.op ?? ''}`;
        if (rule.id === 'rewrite.costly-op' && h.op && named.has(key)) continue;
        if (h.op) named.add(key);
        out.push({
          id: rule.id,
          level: h.level ?? rule.level,
          message: h.message,
          evidence: h.evidence,
          ...(h.function !== undefined ? { function: h.function } : {}),
          ...(h.op !== undefined ? { op: h.op } : {}),
          ...(view.subModel !== undefined ? { subModel: view.subModel } : {}),
          source: h.source ?? rule.source,
          ...(h.rewrite ? { rewrite: h.rewrite } : {}),
        });
      }
    }
  }
  return out.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
}
