// Measures how long the full MNIST training set takes to become a tensor (the brief: well
// under a second). Run: npx tsx packages/data/bench/to-image-tensor.bench.ts [backend]
import { initBackend, tf } from '@genlab/backend';
import { readMnist, toImageTensor } from '../src';

async function main(): Promise<void> {
  const choice = (process.argv[2] ?? 'auto') as 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  const info = await initBackend(choice);
  let t = performance.now();
  const { train } = readMnist();
  const readMs = performance.now() - t;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    const x = toImageTensor(train.images, train.count, 'signed');
    times.push(performance.now() - t);
    x.dispose();
  }
  const best = Math.min(...times);
  console.log(
    JSON.stringify({
      backend: info.name,
      images: train.count,
      readAndVerifyMs: Math.round(readMs),
      toImageTensorMs: times.map(Math.round),
      bestMs: Math.round(best),
      numTensors: tf.memory().numTensors,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
