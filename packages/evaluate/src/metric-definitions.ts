import { KNN_K } from './knn-accuracy';
import { COVERAGE_SHARE } from './mode-coverage';
import { RECOGNISABLE_CONFIDENCE } from './recognisable-share';
import { DIVERSITY_PER_CLASS } from './within-class-diversity';

// The `definition` strings of metrics.json (docs/artifacts.md): a reader of a score must not have
// to guess what was computed. Paper 3.5 and 3.8 name FID, IS and reconstruction error; the
// scores here are on the evaluator classifier, not Inception, and say so.

export const FID_DEFINITION =
  'classifier-FID: Frechet distance ||mu1 - mu2||^2 + Tr(C1 + C2 - 2 (C1^1/2 C2 C1^1/2)^1/2) between Gaussians fitted (float64, unbiased covariance) ' +
  "to the evaluator's penultimate features of the generated samples and of the reference images (TF-GAN mnist_frechet_distance practice, not Inception); " +
  "a distance in that one classifier's feature space, so it is relative to the evaluator's weights (named by their SHA-256 beside every score): " +
  'scores from evaluators with other weights, even of the same spec, are not comparable, and a report refuses to set them side by side. ' +
  "The project's evaluator pins its weights (experiments/evaluator, `pinned`), so its scores are comparable on every machine";

export const IS_DEFINITION =
  "classifier-IS: exp(mean over samples of KL(p(y|x) || p(y))) with p(y|x) the evaluator's softmax and p(y) its mean over the split; " +
  'samples cut into contiguous splits, mean and population std over splits (TF-GAN mnist_score practice; 1 = no information, 10 = confident and balanced)';

export const MODE_COVERAGE_DEFINITION =
  `histogram = fraction of samples whose evaluator argmax is each class; a class is covered when its fraction >= ${COVERAGE_SHARE} x (1 / classes) ` +
  '(10% of a uniform share); klFromUniform = KL(histogram || uniform) in nats (0 = balanced, log(classes) = a single class)';

export const COVERAGE_BY_EPOCH_DEFINITION =
  "the mode-coverage histogram at each sampled epoch that has a checkpoint (and the final one): the evaluator's argmax class of " +
  'samples decoded from the same seeded N(0, 1) latents at every epoch, so epochs differ only by the weights; shows when a collapse ' +
  'happens and onto which digits';

export const SCORES_BY_EPOCH_DEFINITION =
  'classifier-FID and classifier-IS (defined as for the final `fid` and `is`) of the samples of coverageByEpoch at each of its epochs: ' +
  '`samples` images per epoch decoded from the same seeded latents, against the same test-set statistics as the final FID, IS splits ' +
  'min(isSplits, samples). Fewer images than the final score (evaluate.samples), so this FID is biased upwards (a Frechet distance ' +
  'estimated from fewer samples is larger) and is comparable only between epochs and runs scored with the same number of samples, ' +
  "not with the final `fid`; for imported samples it is the final score's one epoch";

export const PRECISION_RECALL_DEFINITION =
  "Kynkaanniemi et al. 2019 on evaluator features (Euclidean): a point is inside a set's manifold if it lies within the distance from some " +
  "point of that set to that point's k-th nearest neighbour (same set, self excluded); precision = fraction of generated points inside the " +
  'real manifold, recall = fraction of real points inside the generated manifold';

export const RECONSTRUCTION_DEFINITION =
  'VAE reconstruction error on the test images: encoder mean (no sampling) -> decoder of the final checkpoint, both images in [0, 1]; ' +
  'mse = mean squared error per pixel, bce = binary cross-entropy per pixel (outputs clipped to [1e-7, 1 - 1e-7])';

export const REFERENCE_DEFINITION =
  'real training images vs the test set: the same metrics with real data in place of samples (the ceiling to compare against)';

export const SHARPNESS_DEFINITION =
  'sharpness (paper 3.8.2 and 4: VAE samples "more blurry and less sharp"): per image with pixels in [0, 1], laplacianVariance = variance over the ' +
  '26x26 interior pixels of the 4-neighbour Laplacian 4p - up - down - left - right (Pech-Pacheco et al. 2000), gradientMagnitude = mean over ' +
  'pixels of sqrt(dx^2 + dy^2) of forward differences; each averaged over the images; real = the same on the test images; ratio = samples / real ' +
  '(1 = as sharp as real digits, < 1 = blurrier; speckle noise also raises both, so read it next to FID)';

export const RECOGNISABLE_DEFINITION = `recognisable digits (paper 3.8: "recognizably digits"): share of images whose evaluator top-class probability is >= ${RECOGNISABLE_CONFIDENCE}`;

export const DIVERSITY_DEFINITION =
  `within-class diversity (paper 3.8.3: mode collapse gives "repetitive" images): images grouped by evaluator argmax class, the first ${DIVERSITY_PER_CLASS} of each; ` +
  'mean Euclidean distance between the evaluator features of every pair in a class, averaged over the classes with >= 2 images; real = the same on ' +
  'the test images; ratio = value / real (1 = as varied as real digits, near 0 = near-copies)';

export const LATENT_CLASSES_DEFINITION =
  `latent class separation (paper figure 2: "VAE latent space clusters across classes"): leave-one-out ${KNN_K}-nearest-neighbour accuracy (Euclidean, ` +
  'majority vote, ties to the nearest) of the digit labels of the test images whose encoder means are mapped in figure 2, at each mapped epoch; ' +
  'pixelAccuracy = the same classifier on the raw pixels of the same images (what the 784-D images alone give); chance = 1 / classes';
