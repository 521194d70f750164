import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError, type UpstreamArtifact } from '@genlab/artifacts';

const PIXELS = 784;

/**
 * The first `want` images of each earlier epoch an imported sample stage holds
 * (result.earlierEpochs: epoch, file, count), ascending; none for a trained experiment.
 */
export function readEarlierSamples(sample: UpstreamArtifact, want: number): { epoch: number; images: Uint8Array }[] {
  const listed = (sample.manifest.result as { earlierEpochs?: unknown }).earlierEpochs;
  if (listed === undefined) return [];
  if (!Array.isArray(listed))
    throw new ArtifactError(sample.dir, 'manifest.json result.earlierEpochs is not a list; rerun the sample stage');
  return (listed as { epoch: number; file: string; count: number }[]).map(({ epoch, file, count }) => {
    const path = join(sample.dir, file);
    if (!existsSync(path)) throw new ArtifactError(sample.dir, `${file} is missing; rerun the sample stage`);
    const buf = readFileSync(path);
    if (buf.length !== count * PIXELS || count < want)
      throw new ArtifactError(sample.dir, `${file} has ${buf.length} bytes, expected ${count} x ${PIXELS} and at least ${want} images`);
    return { epoch, images: new Uint8Array(buf.buffer, buf.byteOffset, want * PIXELS) };
  });
}

/**
 * The first `want` images of the sample stage's samples.u8 (docs/artifacts.md: count x 784
 * uint8 from the final checkpoint). The file must hold exactly the manifest's count.
 */
export function readSamples(sample: UpstreamArtifact, want: number): { images: Uint8Array; count: number } {
  const result = sample.manifest.result as { count?: unknown; samplesFile?: unknown };
  const file = typeof result.samplesFile === 'string' ? result.samplesFile : 'samples.u8';
  const count = result.count;
  if (typeof count !== 'number' || !Number.isInteger(count))
    throw new ArtifactError(sample.dir, 'manifest.json has no result.count; rerun the sample stage');
  const path = join(sample.dir, file);
  if (!existsSync(path)) throw new ArtifactError(sample.dir, `${file} is missing; rerun the sample stage`);
  const buf = readFileSync(path);
  if (buf.length !== count * PIXELS)
    throw new ArtifactError(sample.dir, `${file} has ${buf.length} bytes, expected ${count} x ${PIXELS} from the manifest`);
  if (want > count)
    throw new ArtifactError(sample.dir, `evaluate.samples is ${want} but the sample stage drew only ${count}; raise sample.count`);
  return { images: new Uint8Array(buf.buffer, buf.byteOffset, want * PIXELS), count: want };
}

/** checkpoints/epoch-0010 of the train artifact, checked against its manifest's list. */
export function checkpointDir(train: UpstreamArtifact, epoch: number): string {
  const listed = (train.manifest.result as { checkpoints?: unknown }).checkpoints;
  const available = Array.isArray(listed) ? (listed as number[]) : [];
  const dir = join(train.dir, 'checkpoints', `epoch-${String(epoch).padStart(4, '0')}`);
  if (!available.includes(epoch) || !existsSync(dir)) {
    throw new ArtifactError(
      train.dir,
      `no checkpoint of epoch ${epoch} (checkpoints: ${available.join(', ') || 'none'}); check evaluate.latent.epochs and train.checkpointEvery`,
    );
  }
  return dir;
}

/** The last trained epoch: the train result's `epochs`, else its last checkpoint. */
export function finalEpoch(train: UpstreamArtifact): number {
  const result = train.manifest.result as { epochs?: unknown; checkpoints?: unknown };
  if (typeof result.epochs === 'number') return result.epochs;
  const listed = Array.isArray(result.checkpoints) ? (result.checkpoints as number[]) : [];
  if (listed.length === 0) throw new ArtifactError(train.dir, 'manifest.json lists no epochs or checkpoints; rerun the train stage');
  return Math.max(...listed);
}

/** An upstream artifact the stage needs, or a clear error naming what is missing. */
export function requireUpstream(upstream: Record<string, UpstreamArtifact>, stage: string, stageDir: string): UpstreamArtifact {
  const u = upstream[stage];
  if (!u)
    throw new ArtifactError(
      stageDir,
      `the evaluate stage needs the ${stage} artifact as an upstream (found: ${Object.keys(upstream).join(', ') || 'none'})`,
    );
  return u;
}
