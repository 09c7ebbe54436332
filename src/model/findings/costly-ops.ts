/**
 * Ops that the rewrites catalogue knows to be costly on the Neural Engine (its `ane.risk` high or
 * medium), with the catalogue's rewrite attached. Only an exact spelling match counts: the catalogue is
 * keyed by frontend op names, and a MIL op (or a neural-network layer) is matched only when one of the
 * entry's spellings is that op's own name.
 */
import { lookupRewrite } from '../../rewrites/lookup.js';
import type { FindingLevel } from '../summary.js';
import type { FindingRule, RuleHit } from './types.js';

const LEVEL: Record<string, FindingLevel | undefined> = { high: 'warning', medium: 'info' };

/** Ops whose cost the catalogue does not rate by name (the constants and casts every program has). */
const NEVER = new Set(['const', 'cast']);

function hit(op: string, n: number, where: string, fn?: string): RuleHit | null {
  if (NEVER.has(op) || op.startsWith('constexpr_')) return null;
  const found = lookupRewrite(op, 'mil');
  if (!found || found.spelling !== op) return null;
  const e = found.entry;
  const level = LEVEL[e.ane.risk];
  if (!level) return null;
  const src = e.sources[0];
  return {
    level,
    message: `${op} (${n}×${where}): the rewrites catalogue rates it ${e.ane.risk} risk on the Neural Engine: ${e.ane.notes[0] ?? e.ane.cost}`,
    evidence: `${n} ${op} op${n === 1 ? '' : 's'}${where}; catalogue entry ${e.id}`,
    op,
    ...(fn ? { function: fn } : {}),
    ...(src ? { source: { title: `rewrites catalogue: ${e.id} (${src.title})`, url: src.url, evidence: 'catalogue' as const } } : {}),
    rewrite: { id: e.id, summary: e.summary, risk: e.ane.risk },
  };
}

export const COSTLY_OP_RULES: readonly FindingRule[] = [
  {
    id: 'rewrite.costly-op',
    level: 'warning',
    source: { title: 'coreml-doctor rewrites catalogue', url: 'https://github.com/apple/coremltools/tree/main/coremltools/converters/mil', evidence: 'catalogue' },
    scope: 'part',
    check: (v) => {
      const hits: RuleHit[] = [];
      for (const fn of v.part.functions) {
        for (const [op, n] of fn.ops) {
          const h = hit(op, n, ` in ${fn.name}`, fn.name);
          if (h) hits.push(h);
        }
      }
      for (const [layer, n] of v.part.layers) {
        const h = hit(layer, n, ' layers');
        if (h) hits.push(h);
      }
      return hits;
    },
  },
];
