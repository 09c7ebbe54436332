import type { MessagePattern } from './types.js';

export const OTHER_PATTERNS: readonly MessagePattern[] = [
  {
    id: 'torch.tuple-output',
    category: 'other',
    severity: 'info',
    re: /Tuple detected at graph (?<where>output|input)\. This will be flattened in the converted model\./,
    explain: 'The model {where}s a tuple; Core ML has flat named {where}s, so each element becomes its own. Nothing to fix; map the names in your app.',
    source: 'converters/mil/frontend/torch/converter.py',
    emitter: 'logger.warning',
  },
  {
    id: 'torch.var-added-again',
    category: 'other',
    severity: 'info',
    re: /Torch var (?<name>\S+) is added again\./,
    explain: 'The torch value `{name}` was registered twice (typical of stateful KV caches); the later one wins. Harmless when conversion succeeds.',
    source: 'converters/mil/frontend/torch/converter.py',
    emitter: 'logger.warning',
  },
];
