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
