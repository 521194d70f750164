// @genlab/evaluate: the evaluator classifier, classifier-FID / -IS, mode coverage,
// precision/recall, reconstruction error and latent maps (paper 3.5, 3.8, 3.8.3, figure 2).
export { symmetricEigen, type SymmetricEigen } from './symmetric-eigen';
export { featureStats, type FeatureStats } from './feature-stats';
export { frechetDistance, psdSqrt } from './frechet-distance';
export { inceptionScore, type InceptionScore } from './inception-score';
export { modeCoverage, COVERAGE_SHARE, type ModeCoverage } from './mode-coverage';
export { coverageByEpoch, epochSamples, COVERAGE_SAMPLES, type EpochCoverage, type EpochScores } from './coverage-by-epoch';
export { precisionRecall, type PrecisionRecall } from './precision-recall';
export { pca2d } from './pca2d';
export { umap2d } from './umap2d';
export {
  FID_DEFINITION,
  IS_DEFINITION,
  MODE_COVERAGE_DEFINITION,
  PRECISION_RECALL_DEFINITION,
  RECONSTRUCTION_DEFINITION,
  REFERENCE_DEFINITION,
  SHARPNESS_DEFINITION,
  RECOGNISABLE_DEFINITION,
  DIVERSITY_DEFINITION,
  LATENT_CLASSES_DEFINITION,
  SCORES_BY_EPOCH_DEFINITION,
} from './metric-definitions';
export { sharpness, sharpnessRatio, type Sharpness } from './sharpness';
export { knnAccuracy, KNN_K } from './knn-accuracy';
export { recognisableShare, RECOGNISABLE_CONFIDENCE } from './recognisable-share';
export { withinClassDiversity, DIVERSITY_PER_CLASS } from './within-class-diversity';
export { buildClassifier, featureDimOf, FEATURES_LAYER, PROBS_LAYER, CLASSES, CLASSIFIER_NETWORK } from './build-classifier';
export { trainClassifier, classifierAccuracy, type TrainClassifierOptions } from './train-classifier';
export { gatherImages, gatherOneHot, pickRows } from './gather-images';
export { extractBatched, EXTRACT_BATCH, type FeatureExtractor } from './feature-extractor';
export { loadEvaluatorExtractor, classifierExtractor } from './evaluator-extractor';
export { loadGraphModelExtractor, type GraphModelFeaturesSpec } from './graph-model-extractor';
export { reconstructionError, type ReconstructionError } from './reconstruction-error';
export { writeLatentMaps, encodeMeans, type LatentMapEntry, type LatentMapOptions, type LatentMethod } from './latent-maps';
export { scoreSet, type ExtractedSet, type ReferenceSide, type SetScores, type ScoreOptions } from './score-set';
export { metricsJson, type MetricsJson, type MetricsInput, type LatentClasses, type SharpnessInput } from './metrics-json';
export { readSamples, checkpointDir, finalEpoch, requireUpstream } from './read-artifact-files';
export { runEvaluatorStage } from './run-evaluator-stage';
export { runEvaluateStage, METRICS_FILE, MAX_REFERENCE_IMAGES } from './run-evaluate-stage';
