// @ts-check
// Starts a worker running worker.js (a Web Worker in the browser, a
// worker_threads Worker in Node) with a single-build engine instance in it,
// and exchanges one request at a time with it. Used from the caller's thread
// (single build, processes mode) and from worker.js itself, whose processes
// parent starts its children as nested workers.
//
// Plain JavaScript (checked by tsc through its JSDoc types) because worker.js
// imports it and Node runs worker files as they are.
import { abortError, errorFromJson } from './session.js';

/**
 * A started worker, one request at a time.
 * @typedef {object} EngineWorker
 * @property {<Output = unknown, News = unknown>(message: WorkerRequest, onNews?: (news: News) => void) => Promise<Output>} request
 *   Sends one message; resolves with the worker's `output` ('done') or rejects ('failed', or the
 *   worker died). `onNews` receives what the worker reports meanwhile ('news' messages). What
 *   `output` and `news` are depends on the request (worker.js): the caller names them.
 * @property {() => void} terminate Ends the worker at once, whatever it is doing; a pending
 *   request rejects with an AbortError.
 */

/**
 * The messages worker.js takes.
 * @typedef {{ type: 'init', base: string } | { type: 'run', request: string } | { type: 'processes', request: string }
 *   | { type: 'child', protocol: string, request: string }} WorkerRequest
 */

/**
 * The messages worker.js sends back.
 * @typedef {{ type: 'ready' } | { type: 'news', news: unknown } | { type: 'done', output: unknown }
 *   | { type: 'failed', error: { kind: string, message: string } }} WorkerReply
 */

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

// Workers started from this thread and not yet ended, so that tests (and the
// environment panel) can see that cancelling leaves none behind.
let live = 0;
/** Workers started from this thread and not yet ended. @returns {number} */
export const liveWorkerCount = () => live;

/** @returns {Promise<{ post(message: WorkerRequest): void, onMessage(handler: (data: WorkerReply) => void): void,
 *   onError(handler: (error: Error) => void): void, terminate(): void }>} */
async function spawn() {
  if (isNode) {
    const { Worker } = await import(/* @vite-ignore */ 'node:worker_threads');
    const worker = new Worker(new URL('./worker.js', import.meta.url));
    return {
      post: (message) => worker.postMessage(message),
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
    post: (message) => worker.postMessage(message),
    onMessage: (handler) => worker.addEventListener('message', (event) => handler(event.data)),
    onError: (handler) => worker.addEventListener('error', (event) => handler(new Error(event.message || 'the engine worker failed'))),
    terminate: () => worker.terminate(),
  };
}

/**
 * Starts a worker and waits until its engine instance has loaded. Aborting
 * `signal` ends the worker at once, loaded or not, and rejects with an AbortError.
 * @param {string} base directory URL of the engine files
 * @param {AbortSignal} [signal]
 * @returns {Promise<EngineWorker>}
 */
export async function startWorker(base, signal) {
  if (signal?.aborted) throw abortError();
  const endpoint = await spawn();
  live++;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    live--;
    endpoint.terminate();
  };
  /** @type {{ resolve(value: unknown): void, reject(error: unknown): void, onNews?: (news: unknown) => void } | undefined} */
  let pending;
  /** @type {unknown} */
  let dead;
  /** @param {(p: NonNullable<typeof pending>) => void} action */
  const settle = (action) => {
    const current = pending;
    pending = undefined;
    if (current) action(current);
  };
  endpoint.onMessage((data) => {
    if (data.type === 'news') pending?.onNews?.(data.news);
    else if (data.type === 'failed') settle((p) => p.reject(errorFromJson(data.error)));
    else settle((p) => p.resolve(data.type === 'ready' ? undefined : data.output));
  });
  endpoint.onError((error) => {
    dead ??= error;
    settle((p) => p.reject(error));
    end();
  });
  /** @type {EngineWorker} */
  const worker = {
    request(message, onNews) {
      if (dead) return Promise.reject(dead);
      if (pending) return Promise.reject(new Error('the engine worker is busy'));
      return new Promise((resolve, reject) => {
        // What crosses from the worker is what it sends for this request (structured clone: no types).
        pending = {
          resolve: /** @type {(value: unknown) => void} */ (resolve),
          reject,
          onNews: /** @type {((news: unknown) => void) | undefined} */ (onNews),
        };
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
    await worker.request({ type: 'init', base });
  } catch (error) {
    end();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return worker;
}
