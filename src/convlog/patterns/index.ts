import { AROUND_PATTERNS } from './around.js';
import { COMPRESSION_PATTERNS } from './compression.js';
import { DEPLOYMENT_TARGET_PATTERNS } from './deployment-target.js';
import { DTYPE_PATTERNS } from './dtype.js';
import { OTHER_PATTERNS } from './other.js';
import { PRECISION_PATTERNS } from './precision.js';
import { SHAPE_PATTERNS } from './shape.js';
import type { MessagePattern } from './types.js';
import { UNSUPPORTED_OP_PATTERNS } from './unsupported-op.js';
import { VERSION_COMPAT_PATTERNS } from './version-compat.js';

export type { MessagePattern, VersionExtractor } from './types.js';

/** Every message pattern, most specific first: the first match wins. */
export const MESSAGE_PATTERNS: readonly MessagePattern[] = [
  ...UNSUPPORTED_OP_PATTERNS,
  ...AROUND_PATTERNS,
  ...DTYPE_PATTERNS,
  ...SHAPE_PATTERNS,
  ...DEPLOYMENT_TARGET_PATTERNS,
  ...COMPRESSION_PATTERNS,
  ...PRECISION_PATTERNS,
  ...VERSION_COMPAT_PATTERNS,
  ...OTHER_PATTERNS,
];
