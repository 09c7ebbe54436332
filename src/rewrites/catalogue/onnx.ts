/**
 * ONNX ops from onnx-coreml and coremltools' own ONNX converter (coremltools/converters/onnx, in
 * releases 4.0-5.2 and removed in 6.0). The real fix is almost always to convert the source model.
 */
import type { RewriteEntry, Source } from '../schema.js';
import { never, py, removed, snippet } from './build.js';

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

/** For op types only the ND registry has (the op registry's ONNX rows say which). */
const ND_ONLY =
  'Only the ND registry of onnx-coreml (v1.0 and newer) and of coremltools 4.0-5.2\'s ONNX converter has it, and that registry is used only with minimum_ios_deployment_target="13" or newer: the default (legacy) registry refuses it. coremltools 6.0 removed the ONNX converter, so no current release converts ONNX at all.';

export const ONNX: readonly RewriteEntry[] = [
  {
    id: 'Cast',
    kind: 'op',
    title: 'ONNX Cast (and MIL cast to int64/float64)',
    aliases: ['onnx::Cast', 'ai.onnx.Cast', 'mb.cast'],
    frontends: ['onnx', 'mil'],
    status: removed('4.0', '6.0', ND_ONLY + ' In MIL, cast supports fp16, fp32, int32 and bool (more types from iOS17); int64/float64 targets are narrowed to int32/fp32.'),
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
    status: removed('4.0', '6.0', ND_ONLY + ' torch.floor and TF Floor map to MIL floor natively (iOS15 opset).'),
    summary: 'Convert the source model with ct.convert (the torch frontend maps floor natively); with onnx-coreml, set minimum_ios_deployment_target="13".',
    milOps: ['floor'],
    rewrite: ['Floor in an exported ONNX graph usually computes an Upsample output size from the input size; in a traced PyTorch model that is a constant.'],
    snippets: [CONVERT_SOURCE_MODEL, ONNX_COREML_IOS13],
    ane: { risk: 'low', notes: ['MIL floor is element-wise and runs on the Neural Engine.'], cost: 'None.' },
    sources: [ONNX_COREML_444],
    provenance: 'issue',
  },
  {
    id: 'Shape',
    kind: 'op',
    title: 'ONNX Shape (shape arithmetic from torch.onnx.export)',
    aliases: ['onnx::Shape', 'ai.onnx.Shape'],
    frontends: ['onnx'],
    status: removed('4.0', '6.0', ND_ONLY + ' torch.onnx.export emits Shape → Gather → Unsqueeze → Concat chains for every size computed from an input (x.size(2) * 2, flatten, view(b, -1)).'),
    summary: 'Convert the traced PyTorch model with ct.convert (its sizes are constants there); with onnx-coreml, set minimum_ios_deployment_target="13".',
    milOps: ['shape'],
    rewrite: [
      'Shape is export scaffolding: a traced PyTorch model with a fixed input size folds x.shape into constants, and the torch frontend converts it without any Shape op. If the ONNX file must be converted, export with fixed sizes (do_constant_folding=True, no dynamic_axes) so the chain folds away, or target iOS 13 in onnx-coreml.',
    ],
    snippets: [
      CONVERT_SOURCE_MODEL,
      snippet(
        'export',
        'If the ONNX file is what you convert: export with fixed sizes so Shape chains fold',
        py`
          import torch

          model.eval()
          torch.onnx.export(model, example_input, "model.onnx", do_constant_folding=True, opset_version=11)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['With fixed sizes nothing of it is left at runtime; a dynamic shape op runs on CPU.'], cost: 'None.' },
    sources: [ONNX_COREML_444, ONNX_TUTORIALS_150, CT_1056],
    provenance: 'research',
  },
  {
    id: 'Upsample',
    kind: 'op',
    title: 'ONNX Upsample / Resize (scales computed in the graph)',
    aliases: ['onnx::Upsample', 'Resize', 'onnx::Resize'],
    frontends: ['onnx'],
    status: removed(
      '4.0',
      '6.0',
      'Both registries convert Upsample: the default (legacy) one since onnx-coreml 0.1.0, the ND one (minimum_ios_deployment_target="13") since v1.0; Resize only the ND one. coremltools 4.0-5.2 shipped both and 6.0 removed the ONNX converter. What fails is the graph around an Upsample whose scales are computed at runtime: the Shape → Cast → Floor chain of a torch export, which the legacy registry refuses.',
    ),
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
    status: never('coremltools/converters/onnx exists in releases 4.0-5.2 and was removed in 6.0: no current coremltools converts ONNX, and onnx-coreml predates the ML program format.'),
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
