// Where @tensorflow/tfjs-backend-wasm keeps its binaries; we hand tfjs file paths so nothing is
// fetched over the network.
import * as path from 'path';

export function wasmPackageDir(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
}

/** dist/ holds tfjs-backend-wasm{,-simd,-threaded-simd}.wasm. */
export function wasmDistDir(): string {
  return path.join(wasmPackageDir(), 'dist');
}
