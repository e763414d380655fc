// @ts-check
// Starts a worker running worker.js (a Web Worker in the browser, a
// worker_threads Worker in Node) with a single-build engine instance in it,
// and exchanges one request at a time with it. Used from the caller's thread
// (single build, processes mode) and from worker.js itself: a processes
// parent talks to its children the same way, over MessagePorts.
//
// Only the caller's thread starts workers. A processes parent asks it for its
// children ('spawn'), and the caller starts them and hands the parent one end
// of a MessageChannel to each ('children'); the other end went to the child
// ('connect'). Firefox ESR 153 hangs, now and then, in `new Worker()` called
// inside a worker while that worker's other children load or compute (the
// constructor never returns: in 2 of 6 page loads, the cpu-bound lesson's
// processes mode never finished); workers started from the page do not.
//
// A worker that never answers must not hang a run: loading has a time limit
// (START_LIMIT_MS), and a request can have a silence limit (the processes
// parent sends news at least every 50 ms while it lives).
//
// Plain JavaScript (checked by tsc through its JSDoc types) because worker.js
// imports it and Node runs worker files as they are.
import { EngineError, abortError, errorFromJson } from './session.js';

/** How long a worker may take to load its engine instance before the run fails. */
export const START_LIMIT_MS = 30_000;

/**
 * A started worker, one request at a time.
 * @typedef {object} EngineWorker
 * @property {<Output = unknown, News = unknown>(message: WorkerRequest, onNews?: (news: News) => void, options?: RequestOptions) => Promise<Output>} request
 *   Sends one message; resolves with the worker's `output` ('done') or rejects ('failed', or the
 *   worker died, or it went silent). `onNews` receives what the worker reports meanwhile ('news'
 *   messages). What `output` and `news` are depends on the request (worker.js): the caller names them.
 * @property {() => void} terminate Ends the worker at once, whatever it is doing; a pending
 *   request rejects with an AbortError.
 * @property {number} [stepsPerMs] The CPU rate its engine sizes jobs with, when it was asked to
 *   measure or adopt one (WorkerInit's `cpuRate`).
 */

/**
 * @typedef {object} RequestOptions
 * @property {(count: number) => Promise<Port[]>} [onSpawn] Starts `count` connected workers for the
 *   worker's own use (its 'spawn' message; see spawnConnected) and returns the ports to them.
 * @property {{ ms: number, message: string }} [silenceLimit] Fails the request with this message
 *   when the worker sends nothing at all for that long.
 */

/**
 * A MessagePort (the browser's, or node:worker_threads'): one end of a MessageChannel.
 * @typedef {{ postMessage(message: unknown, transfer?: any[]): void, close(): void }} Port
 */

/**
 * The messages worker.js takes.
 * @typedef {{ type: 'init', base: string } & WorkerInit | { type: 'run', request: string }
 *   | { type: 'processes', request: string, stepsPerMs?: number } | { type: 'pool', count: number }
 *   | { type: 'child', protocol: string, request: string } | { type: 'connect', port: Port, wasmModule?: WebAssembly.Module }
 *   | { type: 'children', ports: Port[] }} WorkerRequest
 */

/**
 * What a worker is told as it loads, besides where the engine files are: `wasmModule`, the
 * single build already compiled (it is instantiated, not fetched and compiled again);
 * `cpuRate`, 'measure' to calibrate CPU work while it loads, or a rate to adopt.
 * @typedef {{ wasmModule?: WebAssembly.Module, cpuRate?: 'measure' | number }} WorkerInit
 */

/**
 * The messages worker.js sends back.
 * @typedef {{ type: 'ready', stepsPerMs?: number } | { type: 'news', news: unknown } | { type: 'done', output: unknown }
 *   | { type: 'failed', error: { kind: string, message: string } } | { type: 'spawn', count: number }
 *   | { type: 'alive' }} WorkerReply
 */

/**
 * Where messages to a worker go and its replies come from.
 * @typedef {{ post(message: WorkerRequest, transfer?: Port[]): void, onMessage(handler: (data: WorkerReply) => void): void,
 *   onError(handler: (error: Error) => void): void, terminate(): void }} Endpoint
 */

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

// Workers started from this thread and not yet ended, so that tests (and the
// environment panel) can see that cancelling leaves none behind.
let live = 0;
/** Workers started from this thread and not yet ended. @returns {number} */
export const liveWorkerCount = () => live;

/** A new worker running worker.js, not yet loaded. @returns {Promise<Endpoint>} */
async function spawn() {
  if (isNode) {
    const { Worker } = await import(/* @vite-ignore */ 'node:worker_threads');
    const worker = new Worker(new URL('./worker.js', import.meta.url));
    return {
      post: (message, transfer) => worker.postMessage(message, /** @type {any} */ (transfer)),
      onMessage: (handler) => worker.on('message', handler),
      onError: (handler) => {
        worker.on('error', handler);
        worker.on('exit', (/** @type {number} */ code) => handler(new Error(`the engine worker exited (code ${code})`)));
      },
      terminate: () => void worker.terminate(),
    };
  }
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  return {
    post: (message, transfer) => worker.postMessage(message, /** @type {Transferable[]} */ (transfer ?? [])),
    onMessage: (handler) => worker.addEventListener('message', (event) => handler(event.data)),
    onError: (handler) => worker.addEventListener('error', (event) => handler(new Error(event.message || 'the engine worker failed'))),
    terminate: () => worker.terminate(),
  };
}

/** A new MessageChannel (the browser's, or node:worker_threads'). @returns {Promise<{ port1: Port, port2: Port }>} */
async function channel() {
  if (isNode) {
    const { MessageChannel } = await import(/* @vite-ignore */ 'node:worker_threads');
    return new MessageChannel();
  }
  return new MessageChannel();
}

/**
 * Listens on a port: the browser's MessagePort delivers events, Node's the data.
 * @param {Port} port @param {(data: any) => void} handler
 */
export function listenOnPort(port, handler) {
  if (isNode) /** @type {import('node:worker_threads').MessagePort} */ (/** @type {unknown} */ (port)).on('message', handler);
  else {
    const p = /** @type {MessagePort} */ (/** @type {unknown} */ (port));
    p.addEventListener('message', (event) => handler(event.data));
    p.start();
  }
}

/**
 * Starts a worker on this thread for another worker's use: it is told to
 * answer on one end of a new MessageChannel ('connect'), and the other end is
 * returned, to be handed to the worker that will drive it (startPortWorker).
 * Only this thread can end it: `terminate`. `onError` hears of its death.
 * `wasmModule`, the single build compiled on this thread, goes with the port, to be instantiated
 * when the driving worker says 'init' (this thread hands it on itself: see startWorker's caller).
 * @param {(error: Error) => void} onError @param {WebAssembly.Module} [wasmModule]
 * @returns {Promise<{ port: Port, terminate(): void }>}
 */
export async function spawnConnected(onError, wasmModule) {
  const endpoint = await spawn();
  live++;
  let ended = false;
  const terminate = () => {
    if (ended) return;
    ended = true;
    live--;
    endpoint.terminate();
  };
  endpoint.onError((error) => {
    if (!ended) onError(error);
    terminate();
  });
  const { port1, port2 } = await channel();
  endpoint.post({ type: 'connect', port: port1, wasmModule }, [port1]);
  return { port: port2, terminate };
}

/**
 * Starts a worker and waits until its engine instance has loaded. Aborting
 * `signal` ends the worker at once, loaded or not, and rejects with an AbortError.
 * @param {string} base directory URL of the engine files
 * @param {AbortSignal} [signal]
 * @param {number} [startLimitMs] how long it may take to load (tests shorten it)
 * @param {WorkerInit} [init]
 * @returns {Promise<EngineWorker>}
 */
export async function startWorker(base, signal, startLimitMs = START_LIMIT_MS, init = {}) {
  if (signal?.aborted) throw abortError();
  const endpoint = await spawn();
  live++;
  return openWorker(endpoint, base, signal, () => live--, startLimitMs, init);
}

/**
 * Drives a worker that another thread started and connected to this port
 * (spawnConnected) and waits until its engine instance has loaded.
 * `terminate` closes the port; the thread that started the worker ends it.
 * @param {Port} port @param {string} base @param {WorkerInit} [init]
 * @returns {Promise<EngineWorker>}
 */
export function startPortWorker(port, base, init = {}) {
  /** @type {Endpoint} */
  const endpoint = {
    post: (message, transfer) => port.postMessage(message, transfer),
    onMessage: (handler) => listenOnPort(port, handler),
    onError: () => {}, // its death is heard by the thread that started it
    terminate: () => port.close(),
  };
  return openWorker(endpoint, base, undefined, () => {}, START_LIMIT_MS, init);
}

/**
 * @param {Endpoint} endpoint @param {string} base @param {AbortSignal | undefined} signal
 * @param {() => void} onEnd called once, when the worker is ended
 * @param {number} startLimitMs @param {WorkerInit} init
 * @returns {Promise<EngineWorker>}
 */
async function openWorker(endpoint, base, signal, onEnd, startLimitMs, init) {
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(silence);
    onEnd();
    endpoint.terminate();
  };
  /** @type {{ resolve(value: unknown): void, reject(error: unknown): void, onNews?: (news: unknown) => void, options: RequestOptions } | undefined} */
  let pending;
  /** @type {unknown} */
  let dead;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let silence;
  /** @param {(p: NonNullable<typeof pending>) => void} action */
  const settle = (action) => {
    const current = pending;
    pending = undefined;
    clearTimeout(silence);
    if (current) action(current);
  };
  /** Fails the pending request (and ends the worker) if the worker says nothing for its limit. */
  const listenForSilence = () => {
    clearTimeout(silence);
    const limit = pending?.options.silenceLimit;
    if (!limit) return;
    silence = setTimeout(() => {
      dead ??= new EngineError(limit.message, 'internal');
      settle((p) => p.reject(dead));
      end();
    }, limit.ms);
  };
  endpoint.onMessage((data) => {
    listenForSilence();
    if (data.type === 'alive') return;
    if (data.type === 'news') pending?.onNews?.(data.news);
    else if (data.type === 'spawn') {
      const onSpawn = pending?.options.onSpawn;
      if (!onSpawn) {
        settle((p) => p.reject(new EngineError('the engine worker asked for workers it cannot have here', 'internal')));
        end();
        return;
      }
      onSpawn(data.count).then(
        (ports) => {
          if (!ended) endpoint.post({ type: 'children', ports }, ports);
        },
        (error) => {
          settle((p) => p.reject(error));
          end();
        },
      );
    } else if (data.type === 'failed') settle((p) => p.reject(errorFromJson(data.error)));
    else settle((p) => p.resolve(data.type === 'ready' ? data.stepsPerMs : data.output));
  });
  endpoint.onError((error) => {
    dead ??= error;
    settle((p) => p.reject(error));
    end();
  });
  /** @type {EngineWorker} */
  const worker = {
    request(message, onNews, options = {}) {
      if (dead) return Promise.reject(dead);
      if (pending) return Promise.reject(new Error('the engine worker is busy'));
      return new Promise((resolve, reject) => {
        // What crosses from the worker is what it sends for this request (structured clone: no types).
        pending = {
          resolve: /** @type {(value: unknown) => void} */ (resolve),
          reject,
          onNews: /** @type {((news: unknown) => void) | undefined} */ (onNews),
          options,
        };
        listenForSilence();
        endpoint.post(message);
      });
    },
    terminate() {
      dead ??= abortError();
      settle((p) => p.reject(abortError()));
      end();
    },
  };
  const onAbort = () => worker.terminate();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal?.aborted) throw abortError();
    const limit = { ms: startLimitMs, message: `the engine worker did not load within ${startLimitMs / 1000} s` };
    worker.stepsPerMs = await worker.request({ type: 'init', base, ...init }, undefined, { silenceLimit: limit });
  } catch (error) {
    end();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return worker;
}
