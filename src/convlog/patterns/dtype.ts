import type { MessagePattern } from './types.js';

export const DTYPE_PATTERNS: readonly MessagePattern[] = [
  {
    id: 'mil.input-dtype-mismatch',
    category: 'dtype',
    severity: 'error',
    re: /Op "(?<node>[^"]*)" \(op_type: (?<op>[^)\s]+)\) Input (?<input>\w+)="(?<var>[^"]*)" expects (?<expected>.+?) but got (?<actual>.+?)\s*$/,
    op: { group: 'op' },
    node: { group: 'node' },
    opStatus: 'failed',
    frontend: 'mil',
    explain:
      'The MIL op `{op}` (node `{node}`) needs {expected} for `{input}` but got {actual}. Usually an integer tensor reaches a float-only op: cast to float in the model before it.',
    source: 'converters/mil/mil/operation.py',
    emitter: 'raise ValueError',
  },
];
