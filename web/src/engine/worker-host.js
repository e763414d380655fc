// @ts-check
// Starts a worker running worker.js (a Web Worker in the browser, a
// worker_threads Worker in Node) with a single-build engine instance in it,
// and exchanges one request at a time with it. Used from the caller's thread
// (single build, processes mode) and from worker.js itself, whose processes
// parent starts its children as nested workers.
//
// Plain JavaScript (typed by worker-host.d.ts) because worker.js imports it
// and Node runs worker files as they are.
import { abortError, errorFromJson } from './session.js';

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

// Workers started from this thread and not yet ended, so that tests (and the
// environment panel) can see that cancelling leaves none behind.
let live = 0;
export const liveWorkerCount = () => live;

/** @returns {Promise<{ post(message: unknown): void, onMessage(handler: (data: any) => void): void,
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
    onError: (handler) =>
      worker.addEventListener('error', (event) => handler(new Error(event.message || 'the engine worker failed'))),
    terminate: () => worker.terminate(),
  };
}

/**
 * Starts a worker and waits until its engine instance has loaded. Aborting
 * `signal` ends the worker at once, loaded or not, and rejects with an AbortError.
 * @param {string} base directory URL of the engine files
 * @param {AbortSignal} [signal]
 * @returns {Promise<import('./worker-host').EngineWorker>}
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
  /** @type {{ resolve(value: any): void, reject(error: unknown): void, onNews?: (news: any) => void } | undefined} */
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
  /** @type {import('./worker-host').EngineWorker} */
  const worker = {
    request(message, onNews) {
      if (dead) return Promise.reject(dead);
      if (pending) return Promise.reject(new Error('the engine worker is busy'));
      return new Promise((resolve, reject) => {
        pending = { resolve, reject, onNews };
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
