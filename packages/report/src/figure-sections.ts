import type { ReportSpec } from '@genlab/spec';
import { coverageChart, withCoverage } from './coverage-figure';
import { figureId, titleFor, writeChartFigure, type Figure } from './figure';
import { findSweptFields } from './find-swept-fields';
import { groupBySeed } from './seed-groups';
import { latentEntries, latentMapChart, readLatentMap } from './latent-map-figure';
import { lossCurveChart, lossNames } from './loss-curve-figure';
import { metricComparisonCharts } from './metric-comparison-figure';
import type { FigureSection } from './report-model';
import { sampledGrids, writeSampleGridFigure } from './sample-grid-figure';
import { epochWarnings, figureEpochs, finalEpochOf, stoppedNote } from './reached-epochs';
import { sweepChart } from './sweep-figure';
import type { VariantArtifacts } from './variant-artifacts';

type Spec = Pick<ReportSpec, 'sampleEpochs' | 'figureTitles'> & Partial<Pick<ReportSpec, 'figureExperiments'>>;

/** The variants figures 1 and 2 show: those `figureExperiments` names, or all when it is empty. */
export function figureVariants(spec: Spec, variants: VariantArtifacts[]): VariantArtifacts[] {
  const named = spec.figureExperiments ?? [];
  if (named.length === 0) return variants;
  return variants.filter((v) => named.includes(v.experiment) || named.includes(v.key));
}

/** Variants grouped by experiment, in table order. */
export function byExperiment(variants: VariantArtifacts[]): Map<string, VariantArtifacts[]> {
  const groups = new Map<string, VariantArtifacts[]>();
  for (const v of variants) groups.set(v.experiment, [...(groups.get(v.experiment) ?? []), v]);
  return groups;
}

/** Paper figure 1: sample grids over training, one figure per variant. */
export async function samplesSection(outDir: string, spec: Spec, variants: VariantArtifacts[], warnings: string[]): Promise<FigureSection> {
  const figures: Figure[] = [];
  for (const v of figureVariants(spec, variants)) {
    const have = [...sampledGrids(v).keys()];
    const chosen = figureEpochs(spec.sampleEpochs ?? [], have, finalEpochOf(v));
    warnings.push(...epochWarnings(v.key, 'sample grid', chosen, have));
    const { epochs } = chosen;
    if (epochs.length === 0) continue;
    const id = figureId('fig1-samples', v.experiment, v.variant);
    const title = titleFor(spec, id, 'fig1-samples', `Samples of ${v.key} during training`, v.key) + stoppedNote(chosen);
    figures.push(await writeSampleGridFigure(outDir, v, epochs, id, title));
  }
  return {
    heading: 'Paper figure 1: samples during training',
    intro: 'Fixed-seed sample grids from the checkpoints of each variant, left to right by epoch (sample artifact grids/).',
    figures,
  };
}

/** Paper figure 2: VAE latent maps coloured by digit, one figure per variant and projection. */
export async function latentSection(outDir: string, spec: Spec, variants: VariantArtifacts[], warnings: string[]): Promise<FigureSection> {
  const figures: Figure[] = [];
  for (const v of figureVariants(spec, variants)) {
    for (const [method, entries] of latentEntries(v)) {
      const have = entries.map((x) => x.epoch);
      const chosen = figureEpochs(spec.sampleEpochs ?? [], have, finalEpochOf(v));
      warnings.push(...epochWarnings(v.key, `${method} latent map`, chosen, have));
      const { epochs } = chosen;
      if (epochs.length === 0) continue;
      const maps = entries.filter((x) => epochs.includes(x.epoch)).map((x) => readLatentMap(v, x.file));
      const id =
        method === 'pca' ? figureId('fig2-latent', v.experiment, v.variant) : figureId('fig2-latent', method, v.experiment, v.variant);
      const title =
        titleFor(spec, id, 'fig2-latent', `Latent space of ${v.key} by digit class (${method.toUpperCase()} of the latent means)`, v.key) +
        stoppedNote(chosen);
      figures.push(await writeChartFigure(outDir, id, title, latentMapChart(maps, method), [v.key]));
    }
  }
  return {
    heading: 'Paper figure 2: VAE latent space',
    intro: 'Latent means of test images projected to 2-D (evaluate artifact latent/), coloured by digit class; one panel per epoch.',
    figures,
  };
}

/** Loss curves, one figure per experiment with a line per variant. */
export async function lossSection(outDir: string, spec: Spec, variants: VariantArtifacts[]): Promise<FigureSection> {
  const figures: Figure[] = [];
  for (const [exp, vs] of byExperiment(variants)) {
    if (lossNames(vs).length === 0) continue;
    const id = figureId('loss', exp);
    const title = titleFor(spec, id, 'loss', `Training losses of ${exp} (mean per epoch)`, exp);
    figures.push(
      await writeChartFigure(
        outDir,
        id,
        title,
        lossCurveChart(vs),
        vs.map((v) => v.key),
      ),
    );
  }
  return { heading: 'Training losses', intro: "Mean loss per epoch from each train artifact's losses.jsonl.", figures };
}

/** Class coverage during training, one figure per experiment with a panel per variant. */
export async function coverageSection(outDir: string, spec: Spec, variants: VariantArtifacts[]): Promise<FigureSection> {
  const figures: Figure[] = [];
  for (const [exp, vs] of byExperiment(variants)) {
    const scored = withCoverage(vs);
    if (scored.length === 0) continue;
    const id = figureId('coverage', exp);
    const title = titleFor(spec, id, 'coverage', `${exp}: share of each digit among the samples, by epoch`, exp);
    figures.push(
      await writeChartFigure(
        outDir,
        id,
        title,
        coverageChart(scored),
        scored.map((v) => v.key),
      ),
    );
  }
  return {
    heading: 'Class coverage during training',
    intro:
      'The evaluator’s class of samples decoded from the same latents at every scored checkpoint (evaluate’s coverageByEpoch), or for imported samples of each epoch’s file (samples.earlierEpochs): when a model collapses, onto which digits, and whether its seeds, or another framework’s run, agree.',
    figures,
  };
}

export async function metricsSection(outDir: string, spec: Spec, variants: VariantArtifacts[]): Promise<FigureSection> {
  const figures: Figure[] = [];
  for (const c of metricComparisonCharts(variants)) {
    figures.push(
      await writeChartFigure(
        outDir,
        c.base,
        titleFor(spec, c.base, c.base, c.fallbackTitle),
        c.spec,
        variants.map((v) => v.key),
      ),
    );
  }
  return {
    heading: 'Metrics across experiments',
    intro: 'Classifier-FID, classifier-IS and precision/recall of every compared variant; the dashed line is the real-data reference.',
    figures,
  };
}

/** For each experiment with several variants: every metric against the field the sweep varies. */
export async function sweepSection(outDir: string, spec: Spec, variants: VariantArtifacts[], warnings: string[]): Promise<FigureSection> {
  const figures: Figure[] = [];
  for (const [exp, vs] of byExperiment(variants)) {
    if (vs.length < 2) continue;
    // Seeds repeated at each setting are averaged into error bars, so the x axis is what else varies.
    const seeded = groupBySeed(vs).some((g) => g.members.length > 1);
    const swept = findSweptFields(vs);
    const [field, series] = seeded && swept.some((f) => f.path !== 'seed') ? swept.filter((f) => f.path !== 'seed') : swept;
    if (!field) {
      warnings.push(`${exp}: its variants ${vs.map((v) => v.variant).join(', ')} do not differ in any spec field; no sweep figure.`);
      continue;
    }
    const id = figureId('sweep', exp);
    const title = titleFor(spec, id, 'sweep', `${exp}: metrics against ${field.path}`, exp);
    figures.push(
      await writeChartFigure(
        outDir,
        id,
        title,
        sweepChart(vs, field, series),
        vs.map((v) => v.key),
      ),
    );
  }
  return {
    heading: 'Sweeps',
    intro: 'Each metric against the swept spec field (read from the stage manifests), paper section 3.6.',
    figures,
  };
}
