import type { MessagePattern } from './types.js';

export const SHAPE_PATTERNS: readonly MessagePattern[] = [
  {
    id: 'mil.rank-above-5',
    category: 'shape/dynamic',
    severity: 'error',
    re: /Core ML only supports tensors with rank <= 5\. Layer "(?<node>[^"]*)", with type "(?<op>[^"]*)", outputs a rank (?<rank>\d+) tensor/,
    op: { group: 'op' },
    node: { group: 'node' },
    opStatus: 'failed',
    frontend: 'mil',
    explain:
      'Core ML tensors have at most 5 dimensions; `{node}` ({op}) makes a rank-{rank} one. Merge two dimensions with a reshape before it and split them again after (window partitions and multi-head splits are the usual cause).',
    source: 'converters/mil/mil/operation.py',
    emitter: 'raise ValueError',
  },
];
