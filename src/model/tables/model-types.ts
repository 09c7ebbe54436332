/**
 * The model kinds of `Model.Type` (Model.proto, apple/coremltools e0e2f42b): field number -> the name as
 * the format spells it. `modelType` in the JSON is this name; an unknown field number reads `unknown(N)`.
 */

export const MODEL_TYPE_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [200, 'pipelineClassifier'], [201, 'pipelineRegressor'], [202, 'pipeline'],
  [300, 'glmRegressor'], [301, 'supportVectorRegressor'], [302, 'treeEnsembleRegressor'], [303, 'neuralNetworkRegressor'],
  [304, 'bayesianProbitRegressor'],
  [400, 'glmClassifier'], [401, 'supportVectorClassifier'], [402, 'treeEnsembleClassifier'], [403, 'neuralNetworkClassifier'],
  [404, 'kNearestNeighborsClassifier'],
  [500, 'neuralNetwork'], [501, 'itemSimilarityRecommender'], [502, 'mlProgram'],
  [555, 'customModel'], [556, 'linkedModel'], [560, 'classConfidenceThresholding'],
  [600, 'oneHotEncoder'], [601, 'imputer'], [602, 'featureVectorizer'], [603, 'dictVectorizer'], [604, 'scaler'],
  [606, 'categoricalMapping'], [607, 'normalizer'], [609, 'arrayFeatureExtractor'], [610, 'nonMaximumSuppression'],
  [900, 'identity'],
  [2000, 'textClassifier'], [2001, 'wordTagger'], [2002, 'visionFeaturePrint'], [2003, 'soundAnalysisPreprocessing'],
  [2004, 'gazetteer'], [2005, 'wordEmbedding'], [2006, 'audioFeaturePrint'],
  [3000, 'serializedModel'],
]);

export const MODEL_FIELD = {
  specificationVersion: 1,
  description: 2,
  isUpdatable: 10,
  pipelineClassifier: 200,
  pipelineRegressor: 201,
  pipeline: 202,
  glmClassifier: 400,
  treeEnsembleRegressor: 302,
  treeEnsembleClassifier: 402,
  neuralNetworkRegressor: 303,
  neuralNetworkClassifier: 403,
  neuralNetwork: 500,
  mlProgram: 502,
  customModel: 555,
  nonMaximumSuppression: 610,
  visionFeaturePrint: 2002,
  audioFeaturePrint: 2006,
} as const;

/** True for a field number in the `Model.Type` oneof range (known or not). */
export function isModelTypeField(no: number): boolean {
  return no >= 200;
}
