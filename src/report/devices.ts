/**
 * What the report's advice may assume about the device, as data: the first family whose pattern
 * matches the manifest's `device` (or the budget's preset name) gives the advice. The figures rest on
 * coremltools' optimization guide, which names the A17 Pro and M4 (and later) Neural Engines as the
 * ones with the faster int8-int8 compute path that W8A8 (activation quantization) uses; on other
 * devices W8A8 saves memory, and latency gains are not documented.
 */
export interface DeviceFamily {
  family: string;
  /** Matched against the device text and the preset name. */
  matches: RegExp;
  /** The advice for a step made smaller but not faster: what to try for speed. */
  forSpeed: string;
}

export const DEVICE_FAMILIES: readonly DeviceFamily[] = [
  {
    family: 'Apple Watch',
    matches: /\bwatch/i,
    forSpeed:
      'shrink the network (fewer channels or layers, a smaller input); activation quantization (W8A8) has its documented speed-up on A17 Pro / M4 Neural Engines, not on Apple Watch',
  },
  {
    family: 'A17 Pro / M4 and later',
    matches: /\bA1[7-9]\b|\bA17 Pro\b|\bM[4-9]\b|iPhone 1[5-9] Pro|iPhone 1[6-9]\b|iPhone Air|iphone-15-pro|iphone-1[6-9]/i,
    forSpeed: 'quantize activations too (W8A8: the int8 compute path of this Neural Engine) or shrink the network',
  },
];

export const DEFAULT_FOR_SPEED = 'quantize activations too (W8A8, faster on A17 Pro / M4 and later Neural Engines) or shrink the network';

/** The advice for speed that fits the device (the manifest's device text, the budget's preset). */
export function speedAdvice(...about: (string | null | undefined)[]): string {
  const text = about.filter(Boolean).join(' ');
  return DEVICE_FAMILIES.find((f) => f.matches.test(text))?.forSpeed ?? DEFAULT_FOR_SPEED;
}
