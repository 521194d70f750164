import { tf } from '@genlab/backend';
import { yieldToEventLoop } from '@genlab/artifacts';
import { createRng } from '@genlab/data';
import { CLASSES } from './build-classifier';
import { gatherImages, gatherOneHot } from './gather-images';

export interface TrainClassifierOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Multiplies the learning rate after every epoch (1 = constant). */
  learningRateDecay?: number;
  /** Seeds the per-epoch shuffling. */
  seed: number;
  /** Called after each epoch (the stage logs it). */
  onEpoch?: (e: { epoch: number; loss: number; accuracy: number; seconds: number }) => void;
  /** Called after each batch: images done in this epoch and the epoch's running mean loss. */
  onBatch?: (b: { epoch: number; done: number; loss: number }) => void;
}

/**
 * Trains `model` (softmax output) in place with Adam and cross-entropy on images[indices] in
 * [0, 1], shuffled each epoch by a seeded Rng (model.fit's shuffle uses Math.random).
 * Returns the wall time and the last epoch's mean loss.
 */
export async function trainClassifier(
  model: tf.LayersModel,
  images: Uint8Array,
  labels: Uint8Array,
  indices: Uint32Array,
  o: TrainClassifierOptions,
): Promise<{ seconds: number; loss: number }> {
  const optimizer = tf.train.adam(o.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  try {
    return await trainEpochs(model, images, labels, indices, o);
  } finally {
    optimizer.dispose(); // a model does not own an optimizer instance passed to compile
  }
}

async function trainEpochs(
  model: tf.LayersModel,
  images: Uint8Array,
  labels: Uint8Array,
  indices: Uint32Array,
  o: TrainClassifierOptions,
): Promise<{ seconds: number; loss: number }> {
  const rng = createRng(o.seed);
  const order = Uint32Array.from(indices);
  const started = Date.now();
  let loss = NaN;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const epochStart = Date.now();
    rng.shuffle(order);
    // Adam reads its learningRate field on every step; a decayed rate for the last epochs buys
    // the last few tenths of a percent of accuracy without more epochs.
    (model.optimizer as unknown as { learningRate: number }).learningRate = o.learningRate * (o.learningRateDecay ?? 1) ** (epoch - 1);
    let lossSum = 0,
      accSum = 0,
      seen = 0;
    for (let start = 0; start < order.length; start += o.batchSize) {
      const count = Math.min(o.batchSize, order.length - start);
      const x = gatherImages(images, order, start, count); // [count, 28, 28, 1]
      const y = gatherOneHot(labels, order, start, count, CLASSES); // [count, 10]
      await yieldToEventLoop(); // lets Ctrl-C / SIGTERM in between batches (see yieldToEventLoop)
      const [l, a] = (await model.trainOnBatch(x, y)) as number[];
      tf.dispose([x, y]);
      lossSum += l * count;
      accSum += a * count;
      seen += count;
      o.onBatch?.({ epoch, done: seen, loss: lossSum / seen });
    }
    loss = lossSum / seen;
    if (!Number.isFinite(loss)) throw new RangeError(`trainClassifier: loss became ${loss} in epoch ${epoch}; lower the learning rate`);
    o.onEpoch?.({ epoch, loss, accuracy: accSum / seen, seconds: (Date.now() - epochStart) / 1000 });
  }
  return { seconds: (Date.now() - started) / 1000, loss };
}

/** Fraction of `count` images (row-major uint8) whose argmax prediction equals the label. */
export function classifierAccuracy(model: tf.LayersModel, images: Uint8Array, labels: Uint8Array, count: number, batchSize = 500): number {
  const all = Uint32Array.from({ length: count }, (_, i) => i);
  const output = model.outputs[0].name;
  let correct = 0;
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    // execute(), not predict(), which would cut the batch into slices of 32 and concatenate them.
    const predicted = tf.tidy(() => (model.execute(gatherImages(images, all, start, n), output) as tf.Tensor).argMax(-1).dataSync()); // [n]
    for (let i = 0; i < n; i++) if (predicted[i] === labels[start + i]) correct++;
  }
  return correct / count;
}
