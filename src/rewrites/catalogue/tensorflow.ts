/** TensorFlow / Keras ops and graph constructs the TF frontends refuse. */
import type { RewriteEntry } from '../schema.js';
import { never, py, since, snippet } from './build.js';
import { FILE, issue, tfOps } from './refs.js';

function tf(title: string, code: string) {
  return snippet('tensorflow', title, code);
}

export const TENSORFLOW: readonly RewriteEntry[] = [
  {
    id: 'Switch',
    kind: 'op',
    title: 'TF1 control flow Switch/Merge (Keras learning-phase cond, e.g. in BatchNormalization)',
    aliases: ['tf.raw_ops.Switch', 'Merge', 'RefSwitch', 'tf.cond'],
    frontends: ['tensorflow'],
    status: never('Switch and Merge are not TF ops the converter registers: the TF1 graph passes (functionalize_loops, cond_to_where) rewrite Switch/Merge patterns into select before conversion; a Switch they cannot rewrite fails with "Conversion for TF op \'Switch\' not implemented" (#1129).'),
    summary: 'Export the graph in inference mode (learning phase 0, training=False) so the training/inference cond folds away; convert a concrete function.',
    milOps: ['select', 'cond'],
    rewrite: [
      'A Switch fed by keras_learning_phase is the train/infer branch of a Keras layer (BatchNormalization, Dropout). In inference mode that predicate is a constant and the branch disappears: set the learning phase to 0 before building the model (TF1 Keras), or trace a tf.function that calls the model with training=False (TF2).',
    ],
    snippets: [
      tf(
        'TF2: convert a concrete function called with training=False',
        py`
          import tensorflow as tf
          import coremltools as ct

          @tf.function(input_signature=[tf.TensorSpec([1, 224, 224, 3], tf.float32)])
          def serve(x):
              return model(x, training=False)

          mlmodel = ct.convert([serve.get_concrete_function()], source="tensorflow")
        `,
      ),
      tf(
        'TF1 Keras: build and load the model in inference mode',
        py`
          import tensorflow as tf

          tf.keras.backend.set_learning_phase(0)  # before the model is built or loaded
          model = tf.keras.models.load_model("model.h5")
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Once folded there is no control flow left; BatchNorm fuses into the preceding conv.'], cost: 'None.' },
    sources: [issue(1129, "Conversion for TF op 'Switch' not implemented"), FILE.condToWhere],
    provenance: 'research',
  },
  {
    id: 'StatefulPartitionedCall',
    kind: 'op',
    title: 'StatefulPartitionedCall / PartitionedCall left in a SavedModel or TF-Hub graph',
    aliases: ['PartitionedCall', 'tf.raw_ops.StatefulPartitionedCall'],
    frontends: ['tensorflow'],
    status: never('Not registered: the converter expects function calls to be inlined and variables frozen.'),
    summary: 'Freeze the concrete function (convert_variables_to_constants_v2) and convert that, or convert the Keras model object.',
    milOps: ['const'],
    rewrite: ['Loading a TF-Hub layer or an unfrozen SavedModel signature keeps its functions as calls. Freezing inlines them and turns variables into constants.'],
    snippets: [
      tf(
        'Freeze variables, then convert',
        py`
          import tensorflow as tf
          import coremltools as ct
          from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

          concrete = tf.function(model).get_concrete_function(tf.TensorSpec([1, 224, 224, 3], tf.float32))
          frozen = convert_variables_to_constants_v2(concrete)
          mlmodel = ct.convert([frozen], source="tensorflow")
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Depends on the ops inside the frozen graph.'], cost: 'None.' },
    sources: [{ title: 'tensorflow #61509: StatefulPartitionedCall left after export', url: 'https://github.com/tensorflow/tensorflow/issues/61509' }, tfOps()],
    provenance: 'research',
  },
  {
    id: 'MLCMatMul',
    kind: 'op',
    title: 'ML Compute ops from tensorflow-macos (MLCMatMul)',
    aliases: ['tf.raw_ops.MLCMatMul'],
    frontends: ['tensorflow'],
    status: never('Not registered: the op only exists in Apple\'s tensorflow-macos fork with ML Compute (#1503).'),
    summary: 'Rebuild the model in stock TensorFlow, load the trained weights, and convert that.',
    milOps: ['matmul'],
    rewrite: ['Training with tensorflow-macos rewrote MatMul into ML Compute ops in the saved graph. The architecture code and weights are portable: rebuild with stock TensorFlow and load_weights.'],
    snippets: [
      tf(
        'Rebuild with stock TensorFlow, reuse the weights',
        py`
          import coremltools as ct

          model = build_model()  # the same architecture code, in a stock TensorFlow environment
          model.load_weights("weights.h5")  # saved from the tensorflow-macos run
          mlmodel = ct.convert(model)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Plain MatMul converts to matmul/linear.'], cost: 'None.' },
    sources: [issue(1503, 'MLCMatMul not supported')],
    provenance: 'research',
  },
  {
    id: 'NonMaxSuppressionV5',
    kind: 'op',
    title: 'tf.image.non_max_suppression (soft-NMS) / ONNX NonMaxSuppression',
    aliases: ['NonMaxSuppression', 'NonMaxSuppressionV3', 'tf.image.non_max_suppression_with_scores'],
    frontends: ['tensorflow', 'onnx'],
    status: since('6.0', 'MIL non_maximum_suppression. Soft-NMS is not available: with soft_nms_sigma ≠ 0 the converter warns and runs hard NMS with iou_threshold 0.5 and score_threshold -inf.'),
    summary: 'End the model at boxes and scores and run NMS in the app (Vision or a Core ML NMS pipeline), especially for soft-NMS.',
    milOps: ['non_maximum_suppression'],
    rewrite: ['NMS is post-processing with a data-dependent output size. Keeping it out of the model keeps shapes static and thresholds adjustable.'],
    snippets: [
      tf(
        'Export a model without the NMS tail',
        py`
          import tensorflow as tf

          boxes, scores = detector.outputs[0], detector.outputs[1]  # tensors before NMS
          raw_model = tf.keras.Model(inputs=detector.inputs, outputs=[boxes, scores])
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['non_maximum_suppression runs on CPU.'], cost: 'Soft-NMS semantics are lost if left to the converter; in the app you choose.' },
    sources: [tfOps(2635)],
    provenance: 'research',
  },
  {
    id: 'ResizeBilinear',
    kind: 'op',
    title: 'TF ResizeBilinear / ResizeNearestNeighbor with align_corners or dynamic sizes',
    aliases: ['ResizeNearestNeighbor', 'tf.image.resize', 'tf.compat.v1.image.resize_bilinear'],
    frontends: ['tensorflow'],
    status: since('4.0', 'ResizeNearestNeighbor raises for align_corners=True; ResizeBilinear raises only with align_corners and half_pixel_centers both True. A dynamic output size needs the iOS17 `resize` op (iOS16: a scale pattern); otherwise ValueError.'),
    summary: 'Use tf.image.resize (half-pixel centres, align_corners=False) with a static size; target iOS17 for sizes computed at runtime.',
    milOps: ['resize_bilinear', 'resize_nearest_neighbor', 'upsample_bilinear', 'resize'],
    rewrite: ['TF2\'s tf.image.resize already uses half-pixel centres without align_corners. Static target sizes map to resize ops with constant sizes.'],
    snippets: [
      tf(
        'Static-size TF2 resize',
        py`
          import tensorflow as tf

          def upsample2x(x):
              h, w = x.shape[1], x.shape[2]  # static in the Keras model
              return tf.image.resize(x, (2 * h, 2 * w), method="bilinear")
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Integer-scale resizes run on the Neural Engine.'], cost: 'align_corners=True and half-pixel results differ at the borders: retrain or accept a small shift.' },
    sources: [tfOps(2771)],
    provenance: 'research',
  },
  {
    id: 'TensorArrayV3',
    kind: 'op',
    title: 'TF TensorArray / TensorList with unknown element shapes',
    aliases: ['TensorListReserve', 'TensorListFromTensor', 'TensorListStack', 'TensorArrayWriteV3', 'tf.TensorArray'],
    frontends: ['tensorflow'],
    status: since('4.0', 'TensorArray*V3 and TensorList* convert to MIL lists; a TensorArray with infer_shape=False raises "Only fixed size TensorArray is supported".'),
    summary: 'Give TensorArrays a static element_shape (infer_shape=True), or unroll short loops with a static length.',
    milOps: ['make_list', 'list_write', 'list_read', 'list_gather'],
    rewrite: ['List ops need the element shape at conversion time; a static element_shape (and ideally a static size) is enough.'],
    snippets: [
      tf(
        'TensorArray with a static element shape',
        py`
          import tensorflow as tf

          ta = tf.TensorArray(tf.float32, size=16, element_shape=(1, 128), infer_shape=True)
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['Lists and loops run on CPU; unrolled static loops can run on the Neural Engine.'], cost: 'Unrolling grows the model with the loop length.' },
    sources: [tfOps(3257), FILE.tf2Ops],
    provenance: 'research',
  },
  {
    id: 'BatchToSpaceND',
    kind: 'op',
    title: 'TF SpaceToBatchND / BatchToSpaceND (dilated convs in TF1 graphs)',
    aliases: ['SpaceToBatchND'],
    frontends: ['tensorflow'],
    status: since('4.0', 'Converted when block_shape is constant; a dynamic block_shape raises. The TF graph pass fuses the pattern around a Conv2D back into a dilated conv.'),
    summary: 'Keep block_shape constant, or build the layer as Conv2D(dilation_rate=...) so no space-to-batch appears.',
    milOps: ['space_to_batch', 'batch_to_space', 'conv'],
    rewrite: ['TF1 lowers atrous convolution to SpaceToBatchND → Conv2D → BatchToSpaceND; coremltools fuses that back into a dilated conv when the block shape is constant.'],
    snippets: [
      tf(
        'Dilated conv as one layer',
        py`
          import tensorflow as tf

          layer = tf.keras.layers.Conv2D(64, 3, padding="same", dilation_rate=2)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['A dilated conv runs on the Neural Engine; standalone space_to_batch moves data.'], cost: 'None.' },
    sources: [tfOps(378)],
    provenance: 'research',
  },
  {
    id: 'CropAndResize',
    kind: 'op',
    title: 'tf.image.crop_and_resize with extrapolation_value ≠ 0',
    aliases: ['tf.image.crop_and_resize'],
    frontends: ['tensorflow'],
    status: since('4.0', 'MIL crop_resize; a non-zero extrapolation_value raises before the iOS16 opset.'),
    summary: 'Set minimum_deployment_target=ct.target.iOS16 (or newer), or use extrapolation_value=0.',
    milOps: ['crop_resize'],
    rewrite: ['iOS16 crop_resize has the extrapolation value parameter; for older targets pad with zeros instead.'],
    snippets: [
      snippet(
        'convert',
        'Target iOS16 for crop_resize with an extrapolation value',
        py`
          import coremltools as ct

          mlmodel = ct.convert(model, minimum_deployment_target=ct.target.iOS16)
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['crop_resize runs on CPU/GPU.'], cost: 'None with the iOS16 target (the model then needs iOS16+).' },
    sources: [tfOps(3166)],
    provenance: 'research',
  },
  {
    id: 'UnravelIndex',
    kind: 'op',
    title: 'tf.unravel_index (flat argmax to coordinates)',
    aliases: ['tf.unravel_index', 'tf.raw_ops.UnravelIndex'],
    frontends: ['tensorflow'],
    status: never('Not registered (#1195).'),
    summary: 'Compute coordinates with floor division and modulo: row = i // W, col = i % W.',
    milOps: ['floor_div', 'mod'],
    rewrite: ['For a 2-D shape (H, W) the flat index i is row·W + col. Higher ranks repeat the division.'],
    snippets: [
      tf(
        'unravel_index for a 2-D map',
        py`
          import tensorflow as tf

          def unravel_index_2d(flat_index, width):
              return tf.math.floordiv(flat_index, width), tf.math.floormod(flat_index, width)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['Integer floor_div/mod run on CPU; do it in the app if the argmax is the model\'s last step.'], cost: 'Exact.' },
    sources: [issue(1195, "Conversion for TF op 'UnravelIndex' not implemented")],
    provenance: 'issue',
  },
];
