// @ts-check
// A worker holding one single-build engine instance (a Web Worker in the
// browser, a worker_threads Worker in Node). It serves two callers:
// - the single build's engine (single.ts): whole runs, off the page's thread;
// - processes mode (processes.ts): one "process" of a run, which shares no
//   memory with its parent: its work arrives as a message and its results
//   leave as one.
// Cancelling either is terminating the worker: nothing of it is left behind.
//
// Messages in:  {type: 'init', base}
//               {type: 'run', request}            request: the engine's request JSON text
//               {type: 'process', request}        request: distance worker protocol text
// Messages out: {type: 'ready'} | {type: 'done', output} | {type: 'failed', error: {kind, message}}
import { loadModule } from './module.js';
import { RunHandle, errorToJson } from './session.js';

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

/** @type {{ post(message: unknown): void, listen(handler: (message: any) => void): void }} */
const port = isNode
  ? await (async () => {
      const { parentPort } = await import(/* @vite-ignore */ 'node:worker_threads');
      return {
        post: (message) => parentPort.postMessage(message),
        listen: (handler) => parentPort.on('message', handler),
      };
    })()
  : {
      post: (message) => self.postMessage(message),
      listen: (handler) => self.addEventListener('message', (event) => handler(/** @type {MessageEvent} */ (event).data)),
    };

/** @type {Promise<any> | undefined} */
let module;

/** @param {any} message */
async function handle(message) {
  try {
    if (message.type === 'init') {
      module = loadModule('single', { base: message.base });
      await module;
      port.post({ type: 'ready' });
    } else if (message.type === 'run') {
      const engine = await module;
      // The single build runs the whole demo here, synchronously: this worker
      // is busy until it ends, and its owner cancels by terminating it.
      const run = new RunHandle(engine, message.request);
      try {
        port.post({ type: 'done', output: run.output() });
      } finally {
        run.dispose();
      }
    } else if (message.type === 'process') {
      const engine = await module;
      const started = performance.now();
      const response = JSON.parse(engine.processWorker(message.request));
      if (response.error) throw new Error(response.error.message);
      port.post({ type: 'done', output: { response: response.response, busy_ms: performance.now() - started } });
    }
  } catch (error) {
    port.post({ type: 'failed', error: errorToJson(error) });
  }
}

port.listen((message) => void handle(message));
