import type { MessagePattern } from './types.js';

export const PRECISION_PATTERNS: readonly MessagePattern[] = [
  {
    id: 'mil.value-downcast',
    category: 'precision',
    severity: 'warning',
    re: /Saving value type of (?<from>\w+) into a builtin type of (?<to>\w+), might (?:lose precision|overflow or loses precision)!/,
    explain:
      'A constant of {from} was stored as {to}. Harmless unless the values exceed the {to} range (2^31 for int32); the usual source is int64 indices and shapes from torch.',
    source: 'converters/mil/mil/types/type_tensor.py',
    emitter: 'logger.warning',
  },
];
