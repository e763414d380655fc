// Starts a worker running worker.js (a Web Worker in the browser, a
// worker_threads Worker in Node) with a single-build engine instance in it,
// and exchanges one message at a time with it.
import { abortError, errorFromJson } from './session.js';

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

export interface EngineWorker {
  /** Sends one message and resolves with the worker's `output` ('done'), or rejects. */
  request(message: unknown, transfer?: Transferable[]): Promise<any>;
  /** Ends the worker at once, whatever it is doing; a pending request rejects with an AbortError. */
  terminate(): void;
}

interface Endpoint {
  post(message: unknown, transfer?: Transferable[]): void;
  onMessage(handler: (data: any) => void): void;
  onError(handler: (error: Error) => void): void;
  terminate(): void;
}

// Workers started and not yet ended, so that tests (and the environment
// panel) can see that cancelling leaves none behind.
let live = 0;
export const liveWorkerCount = () => live;

async function spawn(): Promise<Endpoint> {
  if (isNode) {
    const { Worker } = await import(/* @vite-ignore */ 'node:worker_threads');
    const worker = new Worker(new URL('./worker.js', import.meta.url));
    return {
      post: (message, transfer) => worker.postMessage(message, transfer as any),
      onMessage: (handler) => worker.on('message', handler),
      onError: (handler) => {
        worker.on('error', handler);
        worker.on('exit', (code: number) => handler(new Error(`the engine worker exited (code ${code})`)));
      },
      terminate: () => void worker.terminate(),
    };
  }
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onMessage: (handler) => worker.addEventListener('message', (event) => handler(event.data)),
    onError: (handler) =>
      worker.addEventListener('error', (event) => handler(new Error(event.message || 'the engine worker failed'))),
    terminate: () => worker.terminate(),
  };
}

/** Starts a worker and waits until its engine instance has loaded. */
export async function startWorker(base: string): Promise<EngineWorker> {
  const endpoint = await spawn();
  live++;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    live--;
    endpoint.terminate();
  };
  let pending: { resolve(value: any): void; reject(error: unknown): void } | undefined;
  let dead: Error | undefined;
  const settle = (action: (p: NonNullable<typeof pending>) => void) => {
    const current = pending;
    pending = undefined;
    if (current) action(current);
  };
  endpoint.onMessage((data) => {
    if (data.type === 'failed') settle((p) => p.reject(errorFromJson(data.error)));
    else settle((p) => p.resolve(data.type === 'ready' ? undefined : data.output));
  });
  endpoint.onError((error) => {
    dead ??= error;
    settle((p) => p.reject(error));
    end();
  });
  const worker: EngineWorker = {
    request(message, transfer) {
      if (dead) return Promise.reject(dead);
      if (pending) return Promise.reject(new Error('the engine worker is busy'));
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        endpoint.post(message, transfer);
      });
    },
    terminate() {
      dead ??= abortError();
      settle((p) => p.reject(abortError()));
      end();
    },
  };
  try {
    await worker.request({ type: 'init', base });
  } catch (error) {
    end();
    throw error;
  }
  return worker;
}
