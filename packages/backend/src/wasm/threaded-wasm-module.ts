// Loads the threaded-SIMD build of the tfjs wasm backend under Node, which tfjs itself refuses to
// do (WASM_HAS_MULTITHREAD_SUPPORT is false in Node, tfjs issue #3830). Three obstacles, three fixes:
// 1. tfjs hands emscripten its main script and pthread worker as Blob URLs, which worker_threads
//    cannot load: we write both to files and pass their paths.
// 2. The C++ side caps threads at emscripten_num_logical_cores() / 2 (= 1 on 2 cores): we
//    instantiate the module ourselves and answer that import with 2 * threads.
// 3. A running pthread worker is ref'd and keeps Node alive: callers unref it (unrefWorkers).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BackendError } from '../backend-error';
import { wasmDistDir, wasmPackageDir } from './wasm-dist';

const BUILD = 'tfjs-backend-wasm-threaded-simd';

/** The emscripten module, with the `tfjs` helpers BackendWasm's constructor expects. */
export interface ThreadedWasmModule {
  cwrap: (name: string, ret: string | null, args: string[]) => (...a: unknown[]) => unknown;
  PThread: { runningWorkers: { unref(): void }[]; unusedWorkers: { unref(): void }[]; terminateAllThreads(): void };
  tfjs?: Record<string, (...a: unknown[]) => unknown>;
  [key: string]: unknown;
}

type Factory = (config: Record<string, unknown>) => Promise<ThreadedWasmModule>;

// lib ES2022 without DOM has no WebAssembly typings; this is the little we use.
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: unknown; module: unknown }>;
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export async function loadThreadedWasmModule(threads: number, timeoutMs = 30_000): Promise<ThreadedWasmModule> {
  const { factory, mainJs, workerJs } = writeScripts();
  const wasmFile = path.join(wasmDistDir(), `${BUILD}.wasm`);
  const config: Record<string, unknown> = {
    locateFile: (file: string) => (file.endsWith('.worker.js') ? workerJs : file.endsWith('.wasm') ? wasmFile : file),
    mainScriptUrlOrBlob: mainJs,
    instantiateWasm: (info: { env: Record<string, unknown> }, receive: (i: unknown, m: unknown) => void) => {
      info.env.emscripten_num_logical_cores = () => 2 * threads; // see obstacle 2 above
      WebAssemblyApi.instantiate(fs.readFileSync(wasmFile), info).then(
        (r) => receive(r.instance, r.module),
        (err: unknown) => (config.onAbort as (e: unknown) => void)(err),
      );
      return {};
    },
  };
  const before = processListeners();
  const loaded = await withTimeout(loadWith(factory, config), timeoutMs, () => {
    (config.PThread as ThreadedWasmModule['PThread'] | undefined)?.terminateAllThreads();
  }).finally(() => restoreListeners(before));
  loaded.tfjs = tfjsHelpers(loaded);
  return loaded;
}

/** Lets the process exit while pthread workers sit idle (they are parked in Atomics.wait). */
export function unrefWorkers(wasm: ThreadedWasmModule): void {
  for (const w of wasm.PThread.runningWorkers) w.unref();
  for (const w of wasm.PThread.unusedWorkers) w.unref();
}

type Listener = (...args: unknown[]) => void;
const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;
// process.listeners/removeListener overloads are per event; we treat both alike.
const proc = process as unknown as { listeners(e: string): Listener[]; removeListener(e: string, l: Listener): void };

function processListeners(): Map<string, Listener[]> {
  return new Map(EVENTS.map((e) => [e, proc.listeners(e)]));
}

/**
 * emscripten adds process handlers that rethrow every uncaught error from inside its one-line
 * script, so Node prints 50 kB of minified source; Node's default handling is what we want.
 */
function restoreListeners(before: Map<string, Listener[]>): void {
  for (const e of EVENTS) {
    for (const l of proc.listeners(e)) if (!before.get(e)!.includes(l)) proc.removeListener(e, l);
  }
}

function loadWith(factory: Factory, config: Record<string, unknown>): Promise<ThreadedWasmModule> {
  return new Promise((resolve, reject) => {
    config.onAbort = (what: unknown) => reject(new BackendError(`threaded wasm aborted: ${String(what)}`));
    factory(config).then(resolve, reject);
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new BackendError(`threaded wasm did not initialise within ${ms} ms`));
    }, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Writes the main script and the pthread worker once per tfjs version into the OS temp dir. */
function writeScripts(): { factory: Factory; mainJs: string; workerJs: string } {
  const outDir = path.join(wasmPackageDir(), 'wasm-out');
  const factory = require(path.join(outDir, `${BUILD}.js`)) as Factory;
  const { wasmWorkerContents } = require(path.join(outDir, `${BUILD}.worker.js`)) as { wasmWorkerContents: string };
  const version = (require(path.join(wasmPackageDir(), 'package.json')) as { version: string }).version;
  const dir = path.join(os.tmpdir(), `genlab-tfjs-wasm-${version}`);
  fs.mkdirSync(dir, { recursive: true });
  // The worker evaluates this file with indirect eval and then calls the global factory.
  const mainJs = writeIfChanged(dir, `${BUILD}.main.js`, `var WasmBackendModuleThreadedSimd = ${factory.toString()}`);
  // The template literal turned the source's "\n" escapes into raw newlines; restore them (as tfjs does).
  const workerJs = writeIfChanged(dir, `${BUILD}.worker.js`, wasmWorkerContents.replace(/\n/g, '\\n'));
  return { factory, mainJs, workerJs };
}

function writeIfChanged(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return file;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file); // atomic, so a concurrent process never reads half a script
  return file;
}

function tfjsHelpers(m: ThreadedWasmModule): Record<string, (...a: unknown[]) => unknown> {
  return {
    init: m.cwrap('init', null, []),
    initWithThreadsCount: m.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: m.cwrap('get_threads_count', 'number', []),
    registerTensor: m.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: m.cwrap('dispose_data', null, ['number']),
    dispose: m.cwrap('dispose', null, []),
  };
}
