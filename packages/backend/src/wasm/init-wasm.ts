// Initialises tfjs's 'wasm' backend: the threaded-SIMD build when more than one thread is asked
// for and it loads, otherwise tfjs's own single-thread SIMD (or plain) build.
import { BackendWasm, getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BackendError } from '../backend-error';
import { BackendLog } from '../backend-info';
import { tf } from '../tf';
import { loadThreadedWasmModule, ThreadedWasmModule, unrefWorkers } from './threaded-wasm-module';
import { wasmDistDir } from './wasm-dist';

export interface WasmInit {
  threads: number;
  simd: boolean;
  /** How the build was chosen, e.g. "threaded-SIMD build, 2 threads". */
  note: string;
}

let pathsSet = false;

export async function initWasm(threads: number, log: BackendLog): Promise<WasmInit> {
  if (!pathsSet) {
    setWasmPaths(`${wasmDistDir()}/`); // file paths: emscripten reads them with fs, no fetch
    pathsSet = true;
  }
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  let threaded: ThreadedWasmModule | undefined;
  let note = simd ? 'single-thread SIMD build' : 'single-thread build (no wasm SIMD)';
  if (threads > 1 && simd && typeof SharedArrayBuffer !== 'undefined') {
    try {
      threaded = await loadThreadedWasmModule(threads);
      setThreadsCount(threads);
      tf.removeBackend('wasm');
      tf.registerBackend('wasm', () => new BackendWasm(threaded as never), 2);
    } catch (err) {
      note = `threaded build failed (${(err as Error).message}); ${note}`;
      log('wasm threads unavailable, using one thread', { error: (err as Error).message });
    }
  }
  if (!(await tf.setBackend('wasm'))) throw new BackendError(`tfjs could not initialise the wasm backend (${note})`);
  if (threaded) unrefWorkers(threaded);
  const actual = threaded ? getThreadsCount() : 1;
  if (threaded) note = `threaded-SIMD build, ${actual} threads`;
  return { threads: actual, simd, note };
}
