/**
 * Weak signals in paths and frames: which frontend raised, which Python, which OS. Data, in order.
 */
import type { Frontend } from './model.js';

export interface PathHint {
  re: RegExp;
  frontend?: Frontend;
  variant?: string;
  weight: number;
}

/** Frames inside coremltools (and onnx-coreml) say which frontend was converting. */
export const FRAME_HINTS: readonly PathHint[] = [
  { re: /coremltools[\\/]converters[\\/]mil[\\/]frontend[\\/]torch[\\/]/, frontend: 'pytorch', weight: 3 },
  { re: /coremltools[\\/]converters[\\/]mil[\\/]frontend[\\/]tensorflow2[\\/]/, frontend: 'tensorflow', variant: 'tf2', weight: 3 },
  { re: /coremltools[\\/]converters[\\/]mil[\\/]frontend[\\/]tensorflow[\\/]/, frontend: 'tensorflow', weight: 3 },
  { re: /coremltools[\\/]converters[\\/]keras[\\/]/, frontend: 'tensorflow', variant: 'keras', weight: 3 },
  { re: /coremltools[\\/]converters[\\/]onnx[\\/]/, frontend: 'onnx', variant: 'onnx (coremltools 4-5)', weight: 3 },
  { re: /onnx_coreml[\\/]/, frontend: 'onnx', variant: 'onnx-coreml', weight: 3 },
  { re: /torch[\\/]jit[\\/]_script\.py/, frontend: 'pytorch', variant: 'torchscript-scripted', weight: 1 },
  { re: /torch[\\/]jit[\\/]_trace\.py/, frontend: 'pytorch', variant: 'torchscript-traced', weight: 1 },
  { re: /torch[\\/]export[\\/]/, frontend: 'pytorch', variant: 'torch.export', weight: 1 },
];

export const PLATFORM_HINTS: readonly { re: RegExp; platform: string }[] = [
  { re: /(?:^|[\s"'(~])\/Users\/[^/\s]+\//, platform: 'macOS' },
  { re: /(?:^|[\s"'(])[A-Za-z]:\\(?:Users|Program Files|ProgramData|Python|Anaconda|Miniconda)/i, platform: 'Windows' },
  { re: /(?:^|[\s"'(])\/(?:home|root)\/[^/\s]*|\/usr\/lib\/python3|\/usr\/local\/lib\/python3\.\d+\/dist-packages/, platform: 'Linux' },
];

export const PYTHON_VERSION_HINT = /[\\/]python(?<v>[23]\.\d{1,2})[\\/](?:site|dist)-packages[\\/]|[\\/]lib[\\/]python(?<v2>[23]\.\d{1,2})[\\/]/;

/**
 * Frames inside a frontend's op converters: `…/frontend/torch/ops.py:5283, in log2(context, node)`
 * names the converter that raised (the op), even when the exception line is cut. Helpers in the same
 * files are not ops.
 */
export const CONVERTER_FRAMES: readonly { re: RegExp; frontend: Frontend }[] = [
  { re: /coremltools[\\/]converters[\\/]mil[\\/]frontend[\\/]torch[\\/](?:ops|quantization_ops|exir_utils)\.py$/, frontend: 'pytorch' },
  { re: /coremltools[\\/]converters[\\/]mil[\\/]frontend[\\/]tensorflow2?[\\/]ops\.py$/, frontend: 'tensorflow' },
];
export const NOT_CONVERTERS: ReadonlySet<string> = new Set(['convert_nodes', 'convert_single_node', 'convert_block', 'convert', '<module>', 'wrapper', 'inner']);

/**
 * Lines a script prints that name the model a conversion is about: `Converting encoder...`,
 * `Exporting the decoder to Core ML`, `Saved Decoder.mlpackage`. `before`: printed before its run
 * (a heading), else after it (a save). Names too generic to tell models apart are not names.
 */
export const MODEL_NAME_HINTS: readonly { re: RegExp; before: boolean }[] = [
  { re: /^(?:\W{0,3}\s*)?(?:Converting|Exporting|Tracing|Compiling)\s+(?:the\s+)?(?<model>[A-Za-z][\w.-]{1,60}?)(?:\s+(?:model|network|part))?(?:\s+(?:to|into)\s+Core\s?ML\b.*|\s*(?:\.\.\.|…|:)\s*)?$/i, before: true },
  { re: /(?:^|[\s'"/\\])(?<model>[A-Za-z][\w-]{0,60})\.(?:mlpackage|mlmodel)\b/, before: false },
];
export const NOT_MODEL_NAMES: ReadonlySet<string> = new Set(['a', 'an', 'the', 'model', 'models', 'tensor', 'pytorch', 'tf', 'frontend', 'op', 'ops', 'node', 'graph', 'it', 'to', 'coreml', 'mlmodel', 'mlpackage']);
