import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError, type StageContext, type StageResult } from '@genlab/artifacts';
import { claimsTables, type ReportSpec } from '@genlab/spec';
import { buildClaimsTable } from './claims-table';
import { buildComparisonTable } from './comparison-table';
import { buildEqualTimeTable, type EqualTimeRow, type EqualTimeTable } from './equal-time';
import { fidByEpochSection } from './fid-by-epoch-figure';
import { groupBySeed } from './seed-groups';
import { seedDetailsTable } from './seed-group-rows';
import { coverageSection, latentSection, lossSection, metricsSection, samplesSection, sweepSection } from './figure-sections';
import { loadVariant } from './load-variant';
import { orderVariantKeys } from './order-variants';
import { PAPER_NOTE } from './paper-figures';
import { provenanceOf } from './provenance';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';
import type { ReportModel } from './report-model';
import { requireOneEvaluator } from './one-evaluator';
import type { VariantArtifacts } from './variant-artifacts';

const METRICS_NOTE =
  'Classifier-FID: Fréchet distance between the penultimate-layer features of generated and real test images; ' +
  'classifier-IS: exp(E KL(p(y|x) || p(y))) over the evaluator’s class probabilities, mean ± std over splits; ' +
  'precision/recall: k-NN manifold estimates (Kynkäänniemi et al. 2019); mode coverage: the digit classes the samples ' +
  'fall into as the evaluator classifies them, and the KL divergence of that class histogram from uniform (high = mode collapse). ' +
  'The real-data rows score real images the same way: the floor of FID and the ceiling of IS.';

const SEED_NOTE =
  'Rows that list several seeds aggregate variants differing only in their seed: each metric is the mean ± sample standard ' +
  'deviation (n − 1) over the seeds, n = number of seeds with that metric (classifier-IS: of each seed’s IS mean). ' +
  'Each seed’s own values are in the per-seed table.';

/**
 * The report stage: turns the cached artifacts of the compared variants (ctx.upstream, keyed
 * `exp/variant`, each an evaluate artifact) into figures/, report.md and index.html. It only
 * reads artifacts; nothing is trained or sampled here.
 */
export async function runReportStage(ctx: StageContext<ReportSpec>): Promise<StageResult> {
  const keys = orderVariantKeys(ctx.spec.experiments ?? [], Object.keys(ctx.upstream));
  if (keys.length === 0) throw new ArtifactError(ctx.outDir, 'the report has no upstream evaluate artifacts to compare');
  const variants = keys.map((k) => loadVariant(k, ctx.upstream[k]));
  requireOneEvaluator(variants);
  ctx.log.info({ variants: keys }, `reporting on ${keys.length} experiment variant(s)`);
  const model = await buildReportModel(ctx.root, ctx.outDir, ctx.spec, variants);
  writeFileSync(join(ctx.outDir, 'report.md'), renderMarkdown(model));
  writeFileSync(join(ctx.outDir, 'index.html'), renderHtml(model));
  for (const w of model.warnings) ctx.log.warn(w);
  const figures = model.sections.flatMap((s) => s.figures).map(({ id, title, png, svg }) => ({ id, title, png, ...(svg ? { svg } : {}) }));
  ctx.log.info({ figures: figures.length }, `wrote report.md, index.html and ${figures.length} figures`);
  const claimRows = model.claims.flatMap((t) =>
    t.rows.map(({ claim, verdict, gan, vae }) => ({ ...(t.title ? { table: t.title } : {}), claim, verdict, gan, vae })),
  );
  const claims = claimRows.length > 0 ? { claims: claimRows } : {};
  const equalTime = model.equalTime ? { equalTime: model.equalTime.rows.map(equalTimeSummary) } : {};
  return { result: { figures, experiments: variants.map((v) => experimentSummary(ctx.root, v)), ...claims, ...equalTime }, backend: null };
}

/** Figures are written into outDir as a side effect; the model describes them for the renderers. */
export async function buildReportModel(root: string, outDir: string, spec: ReportSpec, variants: VariantArtifacts[]): Promise<ReportModel> {
  const warnings: string[] = [];
  const sections = [
    await samplesSection(outDir, spec, variants, warnings),
    await latentSection(outDir, spec, variants, warnings),
    await lossSection(outDir, spec, variants),
    await coverageSection(outDir, spec, variants),
    await fidByEpochSection(outDir, spec, variants),
    await metricsSection(outDir, spec, variants),
    await sweepSection(outDir, spec, variants, warnings),
  ].filter((s) => s.figures.length > 0);
  const seedDetails = seedDetailsTable(groupBySeed(variants));
  const seedNote = seedDetails ? [SEED_NOTE] : [];
  const refNotes = [...new Set(variants.map((v) => v.metrics.reference?.definition).filter((d): d is string => !!d))].map(
    (d) => `Real-data reference: ${d}.`,
  );
  return {
    title: spec.title,
    description: spec.description ?? '',
    table: buildComparisonTable(variants, spec.paperFigures ?? true),
    seedDetails,
    tableNotes: [METRICS_NOTE, ...seedNote, ...refNotes, ...((spec.paperFigures ?? true) ? [PAPER_NOTE] : [])],
    sections,
    warnings,
    provenance: variants.map((v) => provenanceOf(root, v, variants)),
    claims: claimsTables(spec).map(({ claims }) => ({
      ...buildClaimsTable(claims, variants),
      ...(claims.title ? { title: claims.title } : {}),
    })),
    ...equalTimeOfAll(spec, variants),
  };
}

/** The manifest's `equalTime`: each pair's budget, chosen epochs and scores (null where a side has none). */
function equalTimeSummary(r: EqualTimeRow): Record<string, unknown> {
  const side = (s: EqualTimeRow['gan']) => ({ key: s.key, ...(s.point ?? { epoch: null }), samples: s.samples ?? null });
  return { budgetSeconds: r.budget ?? null, gan: side(r.gan), vae: side(r.vae), verdict: r.verdict };
}

/** Every claims table's pairs at equal training time, as one table; an overall verdict names its claims table. */
function equalTimeOfAll(spec: ReportSpec, variants: VariantArtifacts[]): { equalTime?: EqualTimeTable } {
  const tables = claimsTables(spec).map(({ claims }) => ({ title: claims.title, table: buildEqualTimeTable(claims, variants) }));
  if (tables.length === 0) return {};
  return {
    equalTime: {
      rows: tables.flatMap((t) => t.table.rows),
      overall: tables.flatMap((t) => t.table.overall.map((o) => ({ ...o, label: [t.title, o.label].filter((x) => x).join(', ') }))),
    },
  };
}

/** The manifest's `experiments`: what was compared and the provenance of its numbers. */
function experimentSummary(root: string, v: VariantArtifacts): Record<string, unknown> {
  const p = provenanceOf(root, v);
  const m = v.metrics.metrics;
  return {
    key: v.key,
    experiment: v.experiment,
    variant: v.variant,
    kind: v.kind,
    fingerprints: Object.fromEntries(p.stages.map((s) => [s.stage, s.fingerprint])),
    evaluator: p.evaluator,
    backend: p.backend,
    metrics: {
      fid: m.fid?.value ?? null,
      isMean: m.is?.mean ?? null,
      isStd: m.is?.std ?? null,
      precision: m.precision?.value ?? null,
      recall: m.recall?.value ?? null,
      reconstructionMse: m.reconstruction?.mse ?? null,
    },
  };
}
