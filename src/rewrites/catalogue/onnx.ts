/**
 * ONNX ops from onnx-coreml and coremltools' own ONNX converter (coremltools/converters/onnx, in
 * releases 4.0-5.2 and removed in 6.0). The real fix is almost always to convert the source model.
 */
import type { RewriteEntry, Source } from '../schema.js';
import { never, py, snippet } from './build.js';

const ONNX_COREML_444: Source = { title: 'onnx-coreml #444: Unsupported ONNX ops of type: Cast, Floor (PyTorch Upsample export)', url: 'https://github.com/onnx/onnx-coreml/issues/444' };
const ONNX_TUTORIALS_150: Source = { title: 'onnx/tutorials #150: ONNX to Core ML conversion problems', url: 'https://github.com/onnx/tutorials/issues/150' };
const CT_1056: Source = { title: 'coremltools #1056: the ONNX converter and its deprecation', url: 'https://github.com/apple/coremltools/issues/1056' };

const CONVERT_SOURCE_MODEL = snippet(
  'export',
  'Skip ONNX: trace the PyTorch model and convert it directly',
  py`
    import torch
    import coremltools as ct

    model.eval()
    traced = torch.jit.trace(model, example_input)
    mlmodel = ct.convert(traced, inputs=[ct.TensorType(shape=example_input.shape)],
                         minimum_deployment_target=ct.target.iOS16)
  `,
);

const ONNX_COREML_IOS13 = snippet(
  'convert',
  'If you must stay on onnx-coreml: target iOS 13 (enables Cast, Floor, Shape, Gather, ...)',
  py`
    from onnx_coreml import convert

    mlmodel = convert(onnx_model, minimum_ios_deployment_target="13")
  `,
);

const ONNX_STATUS =
  'onnx-coreml (and coremltools 4.0-5.2\'s ONNX converter) supports this op only with minimum_ios_deployment_target="13" or newer; coremltools 6.0 removed the ONNX frontend, so no current release converts ONNX at all.';

export const ONNX: readonly RewriteEntry[] = [
  {
    id: 'Cast',
    kind: 'op',
    title: 'ONNX Cast (and MIL cast to int64/float64)',
    aliases: ['onnx::Cast', 'ai.onnx.Cast', 'mb.cast'],
    frontends: ['onnx', 'mil'],
    status: never(ONNX_STATUS + ' In MIL, cast supports fp16, fp32, int32 and bool (more types from iOS17); int64/float64 targets are narrowed to int32/fp32.'),
    summary: 'Convert the PyTorch (or TF) model directly with ct.convert instead of going through ONNX; with onnx-coreml, set minimum_ios_deployment_target="13".',
    milOps: ['cast'],
    rewrite: [
      'PyTorch\'s ONNX export inserts Cast around shape computations (Upsample scales, Floor of sizes). ct.convert on the traced model never sees them: the same model converts through the torch frontend.',
    ],
    snippets: [CONVERT_SOURCE_MODEL, ONNX_COREML_IOS13],
    ane: { risk: 'low', notes: ['Casts between fp16 and fp32 are cheap; integer casts push the following ops to CPU.'], cost: 'None.' },
    sources: [ONNX_COREML_444, CT_1056],
    provenance: 'issue',
  },
  {
    id: 'Floor',
    kind: 'op',
    title: 'ONNX Floor (torch.floor and TF Floor convert natively)',
    aliases: ['onnx::Floor', 'ai.onnx.Floor'],
    frontends: ['onnx'],
    status: never(ONNX_STATUS + ' torch.floor and TF Floor map to MIL floor natively (iOS15 opset).'),
    summary: 'Convert the source model with ct.convert (the torch frontend maps floor natively); with onnx-coreml, set minimum_ios_deployment_target="13".',
    milOps: ['floor'],
    rewrite: ['Floor in an exported ONNX graph usually computes an Upsample output size from the input size; in a traced PyTorch model that is a constant.'],
    snippets: [CONVERT_SOURCE_MODEL, ONNX_COREML_IOS13],
    ane: { risk: 'low', notes: ['MIL floor is element-wise and runs on the Neural Engine.'], cost: 'None.' },
    sources: [ONNX_COREML_444],
    provenance: 'issue',
  },
  {
    id: 'Upsample',
    kind: 'op',
    title: 'ONNX Upsample / Resize (scales computed in the graph)',
    aliases: ['onnx::Upsample', 'Resize', 'onnx::Resize'],
    frontends: ['onnx'],
    status: never(ONNX_STATUS + ' Upsample with scales computed at runtime (Shape → Cast → Floor chains from torch export) needs the iOS13 dynamic layers.'),
    summary: 'Convert the PyTorch model directly (F.interpolate becomes upsample_nearest2d/upsample_bilinear2d); with onnx-coreml, target iOS 13.',
    milOps: ['upsample_nearest_neighbor', 'upsample_bilinear', 'resize_bilinear'],
    rewrite: ['In PyTorch use F.interpolate with an integer scale_factor or a fixed size: the traced graph has a constant scale and the torch frontend maps it to a native resize op.'],
    snippets: [CONVERT_SOURCE_MODEL, ONNX_COREML_IOS13],
    ane: { risk: 'low', notes: ['Integer-scale upsampling runs on the Neural Engine.'], cost: 'None.' },
    sources: [ONNX_COREML_444, ONNX_TUTORIALS_150],
    provenance: 'issue',
  },
  {
    id: 'onnx-converter',
    kind: 'pattern',
    title: 'Any op refused by onnx-coreml or coremltools\' removed ONNX converter',
    aliases: ['onnx', 'onnx-coreml', 'onnx_coreml', 'coremltools.converters.onnx'],
    frontends: ['onnx'],
    status: never('coremltools/converters/onnx exists in releases 4.0-5.2 and is gone from 6.0: no current coremltools converts ONNX, and onnx-coreml predates the ML program format.'),
    summary: 'Convert from the source framework: trace the PyTorch model (or use the TF/Keras model) and call ct.convert on it.',
    milOps: ['const'],
    rewrite: [
      'ONNX graphs from torch.onnx.export carry export-time scaffolding (Shape, Gather, Cast, Floor, Unsqueeze chains) that the ONNX converters handled poorly. The torch frontend converts the same model from its TorchScript trace without it.',
      'If only an ONNX file exists, onnx2torch can rebuild a PyTorch module to trace; check the outputs against onnxruntime.',
    ],
    snippets: [CONVERT_SOURCE_MODEL],
    ane: { risk: 'low', notes: ['The torch frontend produces ML programs (iOS15+) with fp16 compute by default.'], cost: 'None; the model must be available in PyTorch or TensorFlow.' },
    sources: [CT_1056, ONNX_COREML_444, ONNX_TUTORIALS_150],
    provenance: 'research',
    logMatch: { fallback: ['onnx.unsupported-ops', 'onnx.node-not-supported', 'onnx.op-configuration'] },
  },
];
