import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import { dirname, join } from 'node:path';
async function main() {
  setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  await tf.setBackend('wasm'); await tf.ready();
  console.log(tf.getBackend());
  const a = tf.randomNormal([5000, 128]); const b = tf.randomNormal([5000, 128]);
  for (let i = 0; i < 3; i++) {
    const t = Date.now();
    const c = tf.matMul(a, b, false, true); const d = c.dataSync();
    console.log('matmul 5000x5000x128', (Date.now() - t) / 1000, d.length);
    c.dispose();
  }
}
main();
