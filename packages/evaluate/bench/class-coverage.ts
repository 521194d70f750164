// Which digits a generator draws, epoch by epoch: the evaluator's class histogram and
// classifier-IS of samples from every epoch of a genlab train folder (its checkpoints), or of
// sample files written elsewhere (a NumPy .npy of uint8 [N, 28, 28], pixels 0-255, such as
// bench/paper_gan_torch.py writes after each epoch). The same evaluator scores both, so a
// genlab run and a PyTorch run are compared on one scale.
//
// usage: npx tsx packages/evaluate/bench/class-coverage.ts <evaluator stage folder> <source>... [--samples 2000] [--seed 1]
//   <source>: artifacts/<name>/<variant>/train (every checkpoint), or .npy files
// Prints one JSON line per epoch or file: {source, epoch, samples, histogram, classesCovered, is}.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { initBackend } from '@genlab/backend';
import { createRng } from '@genlab/data';
import { loadNetworks } from '@genlab/models';
import { drawSamples } from '@genlab/sample';
import { CLASSES, inceptionScore, loadEvaluatorExtractor, modeCoverage } from '../src';

/** uint8 [N, 28, 28] from a .npy file (NumPy format 1.0 / 2.0, C order). */
export function readNpyImages(file: string): { images: Uint8Array; count: number } {
  const buf = readFileSync(file);
  if (buf.subarray(0, 6).toString('latin1') !== '\x93NUMPY') throw new Error(`${file}: not a .npy file`);
  const major = buf[6]!;
  const headerLength = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLength;
  const header = buf.subarray(major === 1 ? 10 : 12, start).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/
    .exec(header)?.[1]
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (descr !== '|u1' || /'fortran_order':\s*True/.test(header) || !shape || shape.length !== 3 || shape[1] !== 28 || shape[2] !== 28) {
    throw new Error(`${file}: expected uint8 [N, 28, 28] in C order, found dtype ${descr} shape (${shape?.join(', ')})`);
  }
  return { images: new Uint8Array(buf.buffer, buf.byteOffset + start, shape[0]! * 784), count: shape[0]! };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(name);
    return at < 0 ? fallback : Number(args.splice(at, 2)[1]);
  };
  const samples = option('--samples', 2000);
  const seed = option('--seed', 1);
  const [evaluatorDir, ...sources] = args;
  if (!evaluatorDir || sources.length === 0) {
    console.error('usage: class-coverage.ts <evaluator stage folder> <train folder | file.npy>... [--samples 2000] [--seed 1]');
    process.exit(2);
  }
  await initBackend('auto');
  const extractor = await loadEvaluatorExtractor(evaluatorDir);
  const score = async (source: string, epoch: number | null, images: Uint8Array, count: number) => {
    const { probs } = await extractor.extract(images, count);
    const coverage = modeCoverage(probs, count, CLASSES);
    const is = inceptionScore(probs, count, CLASSES, 10);
    console.log(
      JSON.stringify({
        source,
        epoch,
        samples: count,
        histogram: coverage.histogram.map((h) => +h.toFixed(4)),
        classesCovered: coverage.classesCovered,
        is: +is.mean.toFixed(3),
        evaluatorWeights: extractor.weights,
      }),
    );
  };
  for (const source of sources) {
    if (statSync(source).isFile()) {
      const { images, count } = readNpyImages(source);
      const epoch = /epoch-0*(\d+)/.exec(basename(source))?.[1];
      await score(source, epoch ? Number(epoch) : null, images, count);
      continue;
    }
    const root = join(source, 'checkpoints');
    for (const name of readdirSync(root)
      .filter((n) => /^epoch-\d+$/.test(n))
      .sort()) {
      const { generator } = await loadNetworks(join(root, name), ['generator']);
      const latentDim = generator!.inputs[0]!.shape[1]!;
      const images = drawSamples(generator!, samples, latentDim, createRng(seed), 'signed');
      generator!.dispose();
      await score(source, Number(name.slice('epoch-'.length)), images, samples);
    }
  }
  extractor.dispose?.();
}

void main();
