/**
 * Is this a coremltools conversion log, or `log --json`'s own output? From the first kilobytes of
 * the input (src/inputs/registry.ts lists these sniffers; a log is free text, so this one only
 * recognises logs by what coremltools and its frontends print, to tell a user who gave a log to
 * the wrong command where it goes).
 */

/** What a conversion log is, in messages. */
export const LOG_WHAT = 'a coremltools conversion log (text)';

/** Lines coremltools, its frontends and the Python around them print. */
const LOG_MARKERS = [
  /\bcoremltools\b/,
  /\bct\.convert\b/,
  /\bCore ML\b/,
  /Converting (PyTorch|TensorFlow|ONNX|Frontend)/i,
  /Running (MIL|TensorFlow|compiler) .*(pipeline|passes)/i,
  /\bMIL (default|backend|frontend|Ops)\b/i,
  /Conversion for (TF )?op\b/i,
  /\(op_type: \w+\)/,
  /^Traceback \(most recent call last\):/m,
  /\b(torch|tensorflow|onnx) version \d/i,
];

export function sniffConversionLog(text: string): boolean {
  return LOG_MARKERS.some((re) => re.test(text));
}

/** `coreml-doctor log --json` output: its leading keys. */
export function sniffLogJson(keys: readonly string[]): boolean {
  return keys.includes('schemaVersion') && keys.includes('frontend') && (keys.includes('outcome') || keys.includes('coremltools'));
}
