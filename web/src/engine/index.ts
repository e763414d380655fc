// The engine's JavaScript API, for the web app, the tests and the Node CLI (scripts/cli-wasm/):
//
//   const engine = await loadEngine();            // threads where possible, else single
//   const output = await engine.run(request, { onProgress, signal });
//   engine.exportTrace(output);                    // Chrome Trace Event JSON
//   engine.dispose();
//
// Runs never block the caller's thread: pthreads (threads build) or a worker
// (single build). Aborting the signal stops the run and rejects the promise
// with a DOMException named 'AbortError'; bad parameters or CSV reject with
// an EngineError carrying the engine's own message.
import type { BuildFlavour, Engine } from './types';
import { defaultEngineBase, loadModule } from './module.js';
import { detectThreadSupport, type ThreadSupport } from './detect';
import { ThreadsEngine, warmUp } from './threads';
import { SingleEngine } from './single';

export type * from './types';
export { EngineError } from './session.js';
export { detectThreadSupport, type ThreadSupport } from './detect';

export interface LoadOptions {
  /** Force a build; default: threads when detectThreadSupport() says so. */
  flavour?: BuildFlavour;
  /** Directory URL of the engine files (default: engine/ beside the page; Node: web/public/engine/). */
  base?: string;
  /** Cores to plan for (default: navigator.hardwareConcurrency or os.cpus()). */
  cores?: number;
}

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

export async function machineCores(): Promise<number> {
  if (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) return navigator.hardwareConcurrency;
  if (isNode) {
    const os = await import(/* @vite-ignore */ 'node:os');
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  return 1;
}

/** Most threads a run may ask for: 4 per core, at most 16 (the UI's cap). */
export const maxRunThreads = (cores: number) => Math.min(16, 4 * Math.max(1, cores));

export interface LoadedEngine extends Engine {
  /** Why the threads build is not loaded ('' when it is). */
  readonly threadSupport: ThreadSupport;
}

export async function loadEngine(options: LoadOptions = {}): Promise<LoadedEngine> {
  const cores = options.cores ?? (await machineCores());
  const support = await detectThreadSupport();
  const flavour = options.flavour ?? (support.threads ? 'threads' : 'single');
  const engine = await createEngine(flavour, { ...options, cores });
  return Object.assign(engine, {
    threadSupport: flavour === 'threads' ? { threads: true, reason: '' } : support,
  });
}

/** A build of the engine; both hold their Emscripten module (`module`: for the wasm CLI's report). */
export async function createEngine(flavour: BuildFlavour, options: LoadOptions = {}): Promise<ThreadsEngine | SingleEngine> {
  const cores = options.cores ?? (await machineCores());
  const base = options.base ?? defaultEngineBase();
  const processes = { base, maxWorkers: maxRunThreads(cores) };
  if (flavour === 'threads') {
    // The pool holds the most threads a run may use, the run's own thread,
    // and slack for threads that are ending while new ones start (thread per
    // task). Each run's demand is checked against the limit before it starts
    // (wasm/run/request.cpp); after a fault the engine loads a fresh module.
    const load = async () => {
      const module = await loadModule('threads', { base, pthreadPoolSize: maxRunThreads(cores) + 8 });
      module.setThreadLimit(maxRunThreads(cores));
      await warmUp(module);
      return module;
    };
    return new ThreadsEngine(await load(), cores, processes, load);
  }
  const module = await loadModule('single', { base });
  return new SingleEngine(module, cores, base, processes);
}
