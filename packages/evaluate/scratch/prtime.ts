import { precisionRecall } from '../src/precision-recall';
const n = 5000, d = 128;
const a = Float32Array.from({ length: n * d }, () => Math.random());
const b = Float32Array.from({ length: n * d }, () => Math.random() * 1.05);
const t = Date.now(); console.log(precisionRecall(a, b, n, n, d, 3), (Date.now() - t) / 1000);
