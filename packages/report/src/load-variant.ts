import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ArtifactError, readManifest, type UpstreamArtifact } from '@genlab/artifacts';
import { STAGES, type LossRecord, type MetricsJson, type VariantArtifacts } from './variant-artifacts';

/**
 * Reads one compared variant: its evaluate artifact (from ctx.upstream) and the sibling stage
 * folders `<dir>/../{data,model,train,sample}`, each through its manifest, so a missing or
 * corrupt one is an ArtifactError naming it and the command to run.
 */
export function loadVariant(key: string, evaluate: UpstreamArtifact): VariantArtifacts {
  const { name, variant } = evaluate.manifest;
  const base = dirname(evaluate.dir);
  const read = (stage: (typeof STAGES)[number]) => readManifest(join(base, stage), { stage, name, variant });
  const stages = { data: read('data'), sample: read('sample'), evaluate } as VariantArtifacts['stages'];
  // Imported samples (samples.from) have no model or train folder: their sample manifest says so.
  const imported = stages.sample.manifest.result.kind === 'imported';
  if (!imported) Object.assign(stages, { model: read('model'), train: read('train') });
  const kind = imported ? 'imported' : String(stages.model?.manifest.result.kind ?? '');
  if (kind === '') throw new ArtifactError(join(base, 'model'), 'model manifest result has no kind');
  return {
    key,
    experiment: name,
    variant,
    kind,
    stages,
    metrics: readMetrics(evaluate.dir),
    losses: stages.train ? readLosses(stages.train.dir) : [],
  };
}

function readJson(dir: string, file: string): unknown {
  const path = join(dir, file);
  if (!existsSync(path)) throw new ArtifactError(dir, `${file} is missing`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ArtifactError(dir, `${file} is not valid JSON (${(err as Error).message})`);
  }
}

export function readMetrics(dir: string): MetricsJson {
  const m = readJson(dir, 'metrics.json') as MetricsJson;
  if (typeof m !== 'object' || m === null || typeof m.metrics !== 'object' || typeof m.evaluator !== 'object') {
    throw new ArtifactError(dir, 'metrics.json lacks `metrics` or `evaluator`');
  }
  return m;
}

/** losses.jsonl: one JSON object per epoch; a line that does not parse names its line number. */
export function readLosses(dir: string): LossRecord[] {
  const path = join(dir, 'losses.jsonl');
  if (!existsSync(path)) throw new ArtifactError(dir, 'losses.jsonl is missing');
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    let rec: LossRecord;
    try {
      rec = JSON.parse(line) as LossRecord;
    } catch (err) {
      throw new ArtifactError(dir, `losses.jsonl line ${i + 1} is not JSON (${(err as Error).message})`);
    }
    if (typeof rec.epoch !== 'number') throw new ArtifactError(dir, `losses.jsonl line ${i + 1} has no numeric epoch`);
    return rec;
  });
}

/** A JSON file inside an artifact folder (latent maps), checked like metrics.json. */
export function readArtifactJson<T>(dir: string, file: string): T {
  return readJson(dir, file) as T;
}
