import type { MessagePattern } from './types.js';

export const COMPRESSION_PATTERNS: readonly MessagePattern[] = [];
