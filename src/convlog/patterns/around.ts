import type { MessagePattern } from './types.js';

/** A regex source matching any non-empty start of `s` (a message cut at the end of a paste). */
function prefixOf(s: string): string {
  const chars = [...s].map((c) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  let src = '';
  for (let i = chars.length - 1; i >= 1; i--) src = `(?:${chars[i]}${src})?`;
  return chars[0] + src;
}

/**
 * What is printed around a conversion and read wrong without its own entry: torch's trace check,
 * Python's runpy notice, numpy's overflow in a cast, a truncated libcoremlpython notice, and what a
 * log of a model loading or running (not converting) shows.
 */
const TRACE_CHECK =
  'torch.jit.trace checked its trace by running it again, and the outputs differ from the model run in eager mode: the traced model (and so the Core ML model) does not compute what your model does. Call `model.eval()` before tracing (dropout, batch-norm statistics), remove random ops and Python control flow that depends on the input (or script that part), and trace again until the check is silent.';

export const AROUND_PATTERNS: readonly MessagePattern[] = [
  {
    id: 'torch.trace-check-failed',
    category: 'shape/dynamic',
    severity: 'warning',
    re: /of the traced function does not match the corresponding output of the python function/,
    frontend: 'pytorch',
    event: { key: 'torch-trace-check', within: 12 },
    explain: TRACE_CHECK,
    source: 'torch/jit/_trace.py (_check_trace)',
    emitter: 'warnings.warn (TracerWarning)',
  },
  {
    id: 'torch.trace-check-mismatch',
    category: 'shape/dynamic',
    severity: 'warning',
    re: /^Mismatched elements: \d+ \/ \d+/,
    frontend: 'pytorch',
    event: { key: 'torch-trace-check', within: 12 },
    explain: TRACE_CHECK,
    source: 'torch/jit/_trace.py (_check_trace)',
    emitter: 'warnings.warn (TracerWarning)',
  },
  {
    id: 'torch.trace-check-difference',
    category: 'shape/dynamic',
    severity: 'warning',
    re: /^Greatest (?:absolute|relative) difference: /,
    frontend: 'pytorch',
    event: { key: 'torch-trace-check', within: 12 },
    explain: TRACE_CHECK,
    source: 'torch/jit/_trace.py (_check_trace)',
    emitter: 'warnings.warn (TracerWarning)',
  },
  {
    id: 'torch.trace-check-source',
    category: 'shape/dynamic',
    severity: 'warning',
    re: /^\s*_check_trace\($/,
    frontend: 'pytorch',
    event: { key: 'torch-trace-check', within: 12 },
    explain: TRACE_CHECK,
    source: 'torch/jit/_trace.py (_check_trace)',
    emitter: 'warnings.warn (TracerWarning)',
  },
  {
    id: 'python.runpy-sys-modules',
    category: 'other',
    severity: 'info',
    re: /'(?<module>[\w.]+)' found in sys\.modules after import of package '(?<package>[\w.]+)', but prior to execution of '[\w.]+'; this may result in unpredictable behaviou?r/,
    explain:
      'An import notice from Python: `python -m {module}` ran a module that its package `{package}` had already imported. It is about how the script was started, not about numbers or the conversion; harmless unless the module keeps state at import.',
    source: 'Python runpy.py',
    emitter: 'warnings.warn (RuntimeWarning)',
  },
  {
    id: 'numpy.fp16-overflow-cast',
    category: 'precision',
    severity: 'warning',
    re: /overflow encountered in (?:cast|cast_fp16|cast_fp32)\b/,
    explain:
      'A value too large for float16 was cast during conversion (usually an fp32 constant such as a -1e9 or -inf attention mask, or a big scale): it becomes inf in the fp16 model, and the outputs can turn NaN. Use a mask value float16 can hold (-1e4, or torch.finfo(torch.float16).min), or keep the ops involved in fp32 with `compute_precision=ct.transform.FP16ComputePrecision(op_selector=lambda op: op.op_type not in {...})`, or convert with `compute_precision=ct.precision.FLOAT32`.',
    source: 'numpy (astype during fp16 casting passes)',
    emitter: 'warnings.warn (RuntimeWarning)',
  },
  {
    // The complete notice is env.libcoremlpython-missing; a paste cut inside it is the same notice.
    id: 'env.libcoremlpython-cut',
    category: 'version-compat',
    severity: 'info',
    re: new RegExp(`Failed to load (?<proxy>_ML\\w+Proxy): (?!No module named 'coremltools\\.libcoremlpython'$)${prefixOf("No module named 'coremltools.libcoremlpython'")}$`),
    platform: 'Linux or Windows',
    explain:
      'The Core ML framework is macOS-only: on Linux or Windows coremltools can convert and save models but not load or run them (predict, compute plans). Harmless for conversion (this line is cut, but it is that notice).',
    source: 'models/model.py',
    emitter: 'logger.warning',
  },
  {
    id: 'runtime.mil-parse-error',
    category: 'deployment-target',
    severity: 'error',
    re: /Error parsing MIL model/,
    shows: 'runtime',
    explain:
      'Core ML could not load the model: it failed to parse the ML Program. This is the model loading (or compiling) on this machine, not the conversion. Usually the OS is older than the model\'s deployment target, or the coremltools that wrote it is newer than this OS\'s Core ML: load it on an OS that supports its target, or convert with a lower `minimum_deployment_target`.',
    source: 'Core ML framework (model load)',
    emitter: 'raise RuntimeError / NSError',
  },
  {
    id: 'runtime.coreml-error',
    category: 'other',
    severity: 'error',
    re: /Error Domain=com\.apple\.CoreML Code=(?<code>-?\d+)(?: "(?<reason>[^"]*))?/,
    shows: 'runtime',
    explain:
      'The Core ML framework returned error {code} while loading or running the model ({reason}): this shows the model running, not converting. Check the model against this OS and device (deployment target, compute units), and the inputs you pass.',
    source: 'Core ML framework (NSError)',
    emitter: 'NSError',
  },
  {
    id: 'runtime.image-generation',
    category: 'other',
    severity: 'info',
    re: /Beginning image generation/,
    shows: 'runtime',
    explain: 'An app or pipeline started running a converted model (image generation): this part of the log is about running the model, not converting it.',
    source: 'apple/ml-stable-diffusion pipeline',
    emitter: 'logger.info',
  },
];
