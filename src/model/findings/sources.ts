/** What findings rest on: Apple's format, coremltools' documentation, and reports (issues). */
import type { FindingSource } from '../summary.js';

const CT = 'https://github.com/apple/coremltools';
const DOCS = 'https://apple.github.io/coremltools/docs-guides/source';

export const SOURCES = {
  typedExecution: { title: 'coremltools: Typed Execution ("Only the NE is barred ... float 32")', url: `${DOCS}/typed-execution.html`, evidence: 'documented' },
  flexibleInputs: { title: 'coremltools: Flexible Input Shapes (EnumeratedShapes, up to 128)', url: `${DOCS}/flexible-inputs.html`, evidence: 'documented' },
  faqsNeFlexible: { title: 'coremltools FAQ: Neural Engine with flexible input shapes', url: `${DOCS}/faqs.html`, evidence: 'documented' },
  rangeShapesReport: { title: 'coremltools#2370: RangeDim inputs run on the Neural Engine only at the default shape', url: `${CT}/issues/2370`, evidence: 'reported' },
  recurrentReport: { title: 'coremltools#1780: "RNN or LSTM are not supported on the neural engine" (a maintainer)', url: `${CT}/issues/1780`, evidence: 'reported' },
  customReport: { title: 'hollance/neural-engine: custom layers run on the CPU or GPU only', url: 'https://github.com/hollance/neural-engine/blob/master/docs/unsupported-layers.md', evidence: 'reported' },
  rank6Report: { title: 'onnxruntime#14212: "ANE does not support blob with rank: 6"', url: 'https://github.com/microsoft/onnxruntime/issues/14212', evidence: 'reported' },
  sizeLimit: { title: 'coremltools: model utilities (a model on the NE of an iPhone cannot be larger than 1 GB)', url: `${DOCS}/mlmodel-utilities.html`, evidence: 'documented' },
  stateWidthReport: { title: 'coremltools#2631: stateful model fails on the NE when the state width is not a multiple of 32', url: `${CT}/issues/2631`, evidence: 'reported' },
  perBlockPerf: { title: 'coremltools: quantization performance (per-block for the GPU; per-channel on the NE)', url: `${DOCS}/opt-quantization-perf.html`, evidence: 'documented' },
  modelProto: { title: 'Model.proto: specification versions and the OS that first runs each', url: `${CT}/blob/main/mlmodel/format/Model.proto`, evidence: 'documented' },
  opsets: { title: 'coremltools: the opset each deployment target introduces (ops/defs/iOS15..iOS18)', url: `${CT}/tree/main/coremltools/converters/mil/mil/ops/defs`, evidence: 'documented' },
  packageFormat: { title: 'coremltools ModelPackage and MIL blob storage: weights live in Data/com.apple.CoreML/weights/weight.bin', url: `${CT}/blob/main/mlmodel/src/MILBlob/Blob/StorageFormat.hpp`, evidence: 'documented' },
} as const satisfies Record<string, FindingSource>;
