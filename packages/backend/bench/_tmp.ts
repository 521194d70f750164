import { benchTrainSteps } from '/work/wt-native/packages/backend/bench/train-step-bench';
(async () => {
  const [kind, backend] = process.argv.slice(2);
  const r = await benchTrainSteps({ kind: kind as 'gan', backend: backend as 'native', batch: 64, warmup: 3, steps: 8 });
  console.log(kind, backend, r.imagesPerSec.toFixed(1), 'img/s', r.losses, r.backend.reason);
})();
