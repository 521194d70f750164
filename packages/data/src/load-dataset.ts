import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError, readManifest } from '@genlab/artifacts';
import { DATA_FILES } from './data-stage';
import { PIXELS, type Dataset } from './read-mnist';

/**
 * One split of a data-stage artifact. The manifest says how many images there are; files of
 * any other size are an ArtifactError (a truncated copy must not train silently on less data).
 */
export function loadDataset(dir: string, split: 'train' | 'test'): Dataset {
  const { manifest } = readManifest(dir, { stage: 'data' });
  const count = (manifest.result?.[split] as { count?: unknown } | undefined)?.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw new ArtifactError(dir, `manifest.json has no result.${split}.count; rerun the data stage`);
  }
  const images = readSized(dir, DATA_FILES[split].images, count * PIXELS);
  const labels = readSized(dir, DATA_FILES[split].labels, count);
  return { images, labels, count };
}

function readSized(dir: string, file: string, bytes: number): Uint8Array {
  const path = join(dir, file);
  if (!existsSync(path)) throw new ArtifactError(dir, `${file} is missing; rerun the data stage`);
  const buf = readFileSync(path);
  if (buf.length !== bytes) {
    throw new ArtifactError(dir, `${file} has ${buf.length} bytes, expected ${bytes} from the manifest's count; rerun the data stage`);
  }
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}
