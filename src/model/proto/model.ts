/**
 * `CoreML.Specification.Model` (Model.proto): the specification version, the description, and the
 * model type, decoded for the kinds whose insides we report (ML programs, neural networks, pipelines,
 * tree ensembles, GLM classifiers, NMS, feature prints, custom models). Other kinds are named only.
 */
import type { ModelDetails } from '../summary.js';
import { MODEL_FIELD, MODEL_TYPE_NAMES, isModelTypeField } from '../tables/model-types.js';
import { decodeDescription, emptyDescription, type DecodedDescription } from './description.js';
import { decodeProgram, type DecodedProgram } from './mil.js';
import { countVector, decodeNeuralNetwork, type DecodedNetwork } from './neural-network.js';
import { EXPECT_MODEL, type Field, type Msg } from './wire.js';

/** Sub-models of one pipeline; a real pipeline has a handful. */
const MAX_SUB_MODELS = 10_000;

export interface DecodedModel {
  specificationVersion: number;
  isUpdatable: boolean;
  /** The `Model.Type` field number, or null when the model names none. */
  typeField: number | null;
  modelType: string;
  description: DecodedDescription;
  program: DecodedProgram | null;
  network: DecodedNetwork | null;
  subModels: DecodedModel[];
  details: ModelDetails;
}

export function decodeModel(msg: Msg): DecodedModel {
  const m: DecodedModel = {
    specificationVersion: 0,
    isUpdatable: false,
    typeField: null,
    modelType: 'none',
    description: emptyDescription(),
    program: null,
    network: null,
    subModels: [],
    details: {},
  };
  let typeMsg: Msg | null = null;
  msg.forEach((f) => {
    if (f.no === MODEL_FIELD.specificationVersion) m.specificationVersion = f.int32('specificationVersion');
    else if (f.no === MODEL_FIELD.description) m.description = decodeDescription(f.message('description'));
    else if (f.no === MODEL_FIELD.isUpdatable) m.isUpdatable = f.bool('isUpdatable');
    else if (isModelTypeField(f.no)) {
      m.typeField = f.no;
      m.modelType = MODEL_TYPE_NAMES.get(f.no) ?? `unknown(${f.no})`;
      typeMsg = f.message(m.modelType);
    }
  });
  // The type is decoded after the loop: a writer may put the description after it.
  const t = typeMsg as Msg | null;
  if (t && m.typeField !== null) decodeType(m.typeField, t, m);
  return m;
}

/** `f` is the type's message, `no` its field number in Model. */
function decodeType(no: number, f: Msg, m: DecodedModel): void {
  switch (no) {
    case MODEL_FIELD.mlProgram:
      m.program = decodeProgram(f);
      m.details.programVersion = m.program.version;
      if (m.program.buildInfo.size) m.details.buildInfo = m.program.buildInfo;
      break;
    case MODEL_FIELD.neuralNetwork:
    case MODEL_FIELD.neuralNetworkClassifier:
    case MODEL_FIELD.neuralNetworkRegressor: {
      m.network = decodeNeuralNetwork(f, no === MODEL_FIELD.neuralNetworkClassifier);
      if (m.network.classLabels !== null) m.details.classLabels = m.network.classLabels;
      if (m.network.nestedNetworks) m.details.neuralNetwork = { nestedNetworks: m.network.nestedNetworks };
      if (m.network.updatableLayers || m.network.updateParams) {
        m.details.updatable = { layers: m.network.updatableLayers, optimizer: m.network.updateParams?.optimizer ?? null, losses: m.network.updateParams?.losses ?? [] };
      }
      break;
    }
    case MODEL_FIELD.pipeline:
      decodePipeline(f, m);
      break;
    case MODEL_FIELD.pipelineClassifier:
    case MODEL_FIELD.pipelineRegressor:
      f.forEach((p) => {
        if (p.no === 1) decodePipeline(p.message('pipeline'), m);
      });
      break;
    case MODEL_FIELD.treeEnsembleClassifier:
    case MODEL_FIELD.treeEnsembleRegressor:
      f.forEach((p) => {
        if (p.no === 1) m.details.treeEnsemble = countTrees(p.message('treeEnsemble'));
        else if (p.no === 100 || p.no === 101) m.details.classLabels = (m.details.classLabels ?? 0) + countVector(p, p.no === 100 ? 'stringClassLabels' : 'int64ClassLabels');
      });
      break;
    case MODEL_FIELD.glmClassifier:
      f.forEach((p) => {
        if (p.no === 100 || p.no === 101) m.details.classLabels = (m.details.classLabels ?? 0) + countVector(p, p.no === 100 ? 'stringClassLabels' : 'int64ClassLabels');
      });
      break;
    case MODEL_FIELD.nonMaximumSuppression: {
      const nms = { iouThreshold: null as number | null, confidenceThreshold: null as number | null };
      f.forEach((p) => {
        if (p.no === 100 || p.no === 101) m.details.classLabels = (m.details.classLabels ?? 0) + countVector(p, p.no === 100 ? 'stringClassLabels' : 'int64ClassLabels');
        else if (p.no === 110) nms.iouThreshold = p.double('iouThreshold');
        else if (p.no === 111) nms.confidenceThreshold = p.double('confidenceThreshold');
      });
      m.details.nonMaximumSuppression = nms;
      break;
    }
    case MODEL_FIELD.visionFeaturePrint:
      f.forEach((p) => {
        if (p.no === 20 || p.no === 21) m.details.featurePrint = `${p.no === 20 ? 'scene' : 'objects'} v${printVersion(p)}`;
      });
      break;
    case MODEL_FIELD.audioFeaturePrint:
      f.forEach((p) => {
        if (p.no === 20) m.details.featurePrint = `sound v${printVersion(p)}`;
      });
      break;
    case MODEL_FIELD.customModel:
      f.forEach((p) => {
        if (p.no === 10) m.details.customModel = { className: p.string('className') };
      });
      break;
  }
}

function printVersion(f: Field): number {
  let v = 0;
  f.message('version').forEach((x) => {
    if (x.no === 1) v = x.int32('version');
  });
  return v;
}

function decodePipeline(msg: Msg, m: DecodedModel): void {
  msg.forEach((f) => {
    if (f.no !== 1) return;
    if (m.subModels.length >= MAX_SUB_MODELS) throw msg.error(f.offset, `a pipeline of more than ${MAX_SUB_MODELS} models`, EXPECT_MODEL);
    m.subModels.push(decodeModel(f.message('models')));
  });
}

/** Tree ensembles: nodes (TreeEnsembleParameters.nodes, field 1) and distinct tree ids (TreeNode.treeId). */
function countTrees(msg: Msg): { trees: number; nodes: number } {
  const trees = new Set<bigint>();
  let nodes = 0;
  msg.forEach((f) => {
    if (f.no !== 1) return;
    nodes++;
    let id = 0n;
    f.message('nodes').forEach((n) => {
      if (n.no === 1) id = n.uint64('treeId');
    });
    trees.add(id);
  });
  return { trees: trees.size, nodes };
}
