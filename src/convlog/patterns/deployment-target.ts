import type { MessagePattern } from './types.js';

export const DEPLOYMENT_TARGET_PATTERNS: readonly MessagePattern[] = [
  {
    id: 'convert.default-target',
    category: 'deployment-target',
    severity: 'info',
    re: /When both 'convert_to' and 'minimum_deployment_target' not specified, 'convert_to' is set to "(?<convertTo>\w+)" and 'minimum_deployment_target' is set to ct\.target\.(?<target>\w+)/,
    versions: { min: '7.0' },
    explain:
      'No target was given, so the model is an {convertTo} for {target} and later. Set minimum_deployment_target yourself: newer targets unlock ops (stateful models and SDPA need iOS18) and older devices need an older one.',
    source: 'converters/_converters_entry.py',
    emitter: 'logger.warning',
  },
];
