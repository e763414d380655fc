// @ts-check
// A worker holding one single-build engine instance (a Web Worker in the
// browser, a worker_threads Worker in Node). It plays one of three parts:
// - a whole run of the single build (single.ts), off the page's thread;
// - the parent of processes-mode runs (processes.ts): it runs the parent's
//   stages and drives its children, which it keeps between runs;
// - one child "process": it shares no memory with its parent; its work
//   arrives as a message and its output leaves as messages, as a pipe would
//   carry it.
// Cancelling any of them is terminating the worker (the caller's thread
// started the children of a processes parent, and ends them with it).
//
// Messages in:  {type: 'init', base, wasmModule?, cpuRate?}: load the engine (instantiate the
//                 compiled wasmModule when given, here or with 'connect'); cpuRate 'measure'
//                 calibrates CPU work now, a number adopts that rate; either way 'ready' says the
//                 rate | {type: 'run', request} | {type: 'processes', request, stepsPerMs}
//               | {type: 'pool', count}: a processes parent starts children until it holds `count`
//                 (they stay loaded between its runs)
//               | {type: 'child', protocol, request}
//               | {type: 'connect', port, wasmModule?}: from now on, take requests from and answer
//                 on this MessagePort (a child: its parent drives it over the port)
//               | {type: 'children', ports}: the answer to 'spawn'
// Messages out: {type: 'ready', stepsPerMs?} | {type: 'news', news} | {type: 'done', output}
//               | {type: 'failed', error: {kind, message}}
//               | {type: 'spawn', count}: a processes parent asks the caller's thread for its
//                 children (worker-host.js says why it does not start them itself)
//               | {type: 'alive'}: a processes parent's heartbeat while a stage of it waits
import { loadModule } from './module.js';
import { RunHandle, errorToJson, faultError, parseEngineAnswer } from './session.js';
import { listenOnPort, startPortWorker } from './worker-host.js';

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

/** @typedef {{ post(message: unknown): void, listen(handler: (message: import('./worker-host.js').WorkerRequest) => void): void }} Channel */

/** The worker's own port, to the thread that started it. @type {Channel} */
const own = isNode
  ? await (async () => {
      const { parentPort } = await import(/* @vite-ignore */ 'node:worker_threads');
      if (!parentPort) throw new Error('worker.js runs only as a worker');
      return {
        post: (message) => parentPort.postMessage(message),
        listen: (handler) => parentPort.on('message', handler),
      };
    })()
  : {
      post: (message) => self.postMessage(message),
      listen: (handler) => self.addEventListener('message', (event) => handler(/** @type {MessageEvent} */ (event).data)),
    };

/** Where requests come from and answers go: the worker's own port, or the
 * MessagePort of a 'connect' message. @type {Channel} */
let port = own;

/** @typedef {import('./embind').EngineModule} EngineModule */

/** @type {Promise<EngineModule> | undefined} */
let module;
/** @type {string} */
let base = '';
/** The single build compiled by the thread that started this worker ('connect'), for 'init'. @type {WebAssembly.Module | undefined} */
let givenModule;

/** How often a processes parent reports progress while its children work. */
const NEWS_INTERVAL_MS = 50;

/** A processes parent's children, loaded and kept between its runs (processes.ts: the pool). @type {import('./worker-host').EngineWorker[]} */
const pool = [];

/** Asks the caller's thread for `count` more children and waits until each has loaded;
 * `onReady(k)` hears of child k (its index in the pool) as soon as it has.
 * @param {number} count @param {(k: number) => void} [onReady] */
async function addChildren(count, onReady) {
  const first = pool.length;
  const ports = await askForChildren(count);
  await Promise.all(
    ports.map(async (childPort, i) => {
      pool[first + i] = await startPortWorker(childPort, base);
      onReady?.(first + i);
    }),
  );
}

/** The parent of a processes-mode run, with the pool's children; `stepsPerMs`: the rate the
 * caller's engine sizes CPU jobs with, so that the children compute the very serial workload.
 * First the lesson's warm-up of the run (Lesson::warm_up_request), unreported, made again while
 * the engine's rule says so (WarmUps, as Lesson::run does for the other modes): the pool's workers
 * keep their engines between runs, so the measured run's children no longer run cold code (the
 * distance matrix's first processes run took 1.5-2.5× the later ones without it).
 * @param {EngineModule} engine @param {string} request @param {number | undefined} stepsPerMs */
async function runProcessesParent(engine, request, stepsPerMs) {
  if (stepsPerMs) engine.adoptCpuStepsPerMs(stepsPerMs);
  const { scenario, mode } = JSON.parse(request);
  const warmUps = new engine.WarmUps(String(scenario ?? 'scenario_json'), String(mode));
  try {
    for (;;) {
      const started = performance.now();
      const made = await runProcessesOnce(engine, request, 'playground_processes_start_warm_up');
      if (!made || !warmUps.again(performance.now() - started)) break;
    }
  } finally {
    warmUps.delete();
  }
  return /** @type {import('./types').RunOutput} */ (await runProcessesOnce(engine, request, 'playground_processes_start'));
}

/** One processes run: `start` is the measured run's stage, reported as it goes, or its warm-up's
 * (undefined when the lesson has none), of which only a heartbeat is sent.
 * @param {EngineModule} engine @param {string} request
 * @param {'playground_processes_start' | 'playground_processes_start_warm_up'} start
 * @returns {Promise<import('./types').RunOutput | undefined>} */
async function runProcessesOnce(engine, request, start) {
  const reported = start === 'playground_processes_start';
  const parent = new engine.ProcessesRun();
  /** @type {import('./types').Span[]} */
  const spans = [];
  /** The messages to and from the children, on the same lanes as the spans. @type {import('./types').Edge[]} */
  const edges = [];
  /** @type {import('./types').Lane[]} */
  let lanes = [];
  const collect = () => {
    /** @type {import('./embind').ProcessesPollAnswer} */
    const news = parseEngineAnswer(parent.poll());
    lanes = news.lanes;
    for (const span of news.spans) spans.push(span);
    for (const edge of news.edges) edges.push(edge);
    return news;
  };
  // No call into the module while a stage is suspended (see runDemo).
  let suspended = false;
  /** Runs a parent stage (it may wait: in the single build it suspends) and reads its answer.
   * @template T
   * @param {import('./embind').AsyncExport} name @param {('number' | 'string')[]} types @param {unknown[]} args
   * @returns {Promise<T>} */
  const stage = async (name, types, args) => {
    suspended = true;
    try {
      await engine.ccall(name, null, ['number', ...types], [parent.address(), ...args], { async: true });
    } finally {
      suspended = false;
    }
    return parseEngineAnswer(parent.answer());
  };
  const timer = setInterval(() => {
    // The caller hears from this worker at least this often while it lives (worker-host.js).
    if (suspended || !reported) return port.post({ type: 'alive' });
    const news = collect();
    port.post({ type: 'news', news: { fraction: news.fraction, newSpans: news.spans, newEdges: news.edges, lanes: news.lanes } });
  }, NEWS_INTERVAL_MS);
  try {
    /** @type {import('./embind').ProcessesPlan | null} */
    const plan = await stage(start, ['string'], [request]);
    if (!plan) return undefined;
    /** @type {Promise<void>[]} */
    const served = [];
    /** Child k is ready: it gets its share, and its answers go to the parent as they come. @param {number} k */
    const serve = (k) => {
      parent.ready(k);
      const child = plan.children[k];
      /** @type {Promise<{ status: number }>} */
      const done = pool[k].request({ type: 'child', protocol: plan.protocol, request: child.request }, (/** @type {{ output: Uint8Array }} */ news) =>
        parent.output(k, news.output),
      );
      parent.sent(k, child.request.length);
      const closed = done.then(({ status }) => parent.closed(k, status));
      closed.catch(() => {}); // awaited below, perhaps after more children have started
      served.push(closed);
    };
    for (let k = 0; k < plan.children.length; k++) parent.spawned(k);
    // Children the pool holds are ready now (their start-up was before the run); any more start here, timed.
    const held = Math.min(pool.length, plan.children.length);
    for (let k = 0; k < held; k++) serve(k);
    if (plan.children.length > held) await addChildren(plan.children.length - held, serve);
    await Promise.all(served);
    /** @type {import('./embind').ProcessesOutcome} */
    const outcome = await stage('playground_processes_finish', [], []);
    collect();
    /** @type {import('./types').RunOutput} */
    const output = { result: outcome.result, lanes, spans, edges };
    if (outcome.output_csv !== undefined) output.outputCsv = outcome.output_csv;
    return output;
  } finally {
    clearInterval(timer);
    parent.delete();
  }
}

/**
 * A whole run of the single build, here in this worker. The demo's waits
 * suspend it to this worker's event loop (Asyncify, wasm/core/host_sleep.hpp)
 * instead of spinning. Nothing else may call into the module meanwhile: in
 * Emscripten 3.1.6 an Embind call made while a call is suspended returns a
 * Promise and takes over the suspended call's completion. So the run sends
 * its news itself, just before it suspends (at most every 50 ms, and at
 * least every 100 ms while it computes: host_yield_if_due): the spans
 * recorded since the last news, SPANS_PER_POLL at most, with the progress and
 * the lanes, through Module.onRunNews. Once it ends, the spans left leave as
 * news too, and the final output carries none: the page never receives one
 * huge message.
 * @param {EngineModule} engine @param {string} request @returns {Promise<import('./types').RunOutput>} */
async function runDemo(engine, request) {
  const run = new RunHandle(engine, request);
  /** @type {import('./types').Lane[]} */
  let lanes = [];
  engine.onRunNews = (text) => {
    /** @type {import('./embind').PollAnswer} */
    const news = parseEngineAnswer(text);
    if (news.lanes) lanes = news.lanes;
    port.post({ type: 'news', news: { fraction: news.fraction, newSpans: news.spans, newEdges: news.edges ?? [], lanes } });
  };
  try {
    await engine.ccall('playground_execute', null, ['number'], [run.address()], { async: true });
    engine.onRunNews = undefined;
    run.lanes = lanes; // the later polls list the lanes only if more were added
    for (;;) {
      const news = run.poll();
      if (news.newSpans.length > 0 || news.newEdges.length > 0) {
        port.post({ type: 'news', news: { fraction: news.fraction, newSpans: news.newSpans, newEdges: news.newEdges, lanes: news.lanes } });
      }
      run.spans.length = 0; // sent; the page keeps them
      run.edges.length = 0;
      if (news.finished) break;
    }
    return { ...run.output(), spans: [], edges: [] };
  } finally {
    engine.onRunNews = undefined;
    run.dispose();
  }
}

/** One child process: runs the protocol's worker function on `request`. It may wait (a server's event
 * loop on its database) and so suspend: called asynchronously, like a demo (runDemo).
 * @param {EngineModule} engine @param {string} protocol @param {string} request */
async function runProcessChild(engine, protocol, request) {
  engine.onProcessOutput = (bytes) => port.post({ type: 'news', news: { output: bytes } });
  engine.prepareProcessChild(protocol, request);
  return { status: await engine.ccall('playground_run_process_child', 'number', [], [], { async: true }) };
}

/** @type {((ports: import('./worker-host.js').Port[]) => void) | undefined} */
let onChildren;

/** Asks the caller's thread to start `count` workers; resolves with a port to each.
 * @param {number} count @returns {Promise<import('./worker-host.js').Port[]>} */
function askForChildren(count) {
  return new Promise((resolve) => {
    onChildren = resolve;
    port.post({ type: 'spawn', count });
  });
}

/** @param {import('./worker-host.js').WorkerRequest} message */
async function handle(message) {
  try {
    if (message.type === 'init') {
      base = message.base;
      module = loadModule('single', { base, wasmModule: message.wasmModule ?? givenModule });
      const engine = await module;
      // The CPU rate this instance sizes jobs with: measured here (off the caller's thread), or another's.
      if (typeof message.cpuRate === 'number') engine.adoptCpuStepsPerMs(message.cpuRate);
      port.post({ type: 'ready', stepsPerMs: message.cpuRate === undefined ? undefined : engine.cpuStepsPerMs() });
      return;
    }
    if (message.type === 'connect' || message.type === 'children') return; // see receive
    if (!module) throw new Error('the engine worker was sent work before it was initialised');
    const engine = await module;
    if (message.type === 'run') {
      port.post({ type: 'done', output: await runDemo(engine, message.request) });
    } else if (message.type === 'pool') {
      if (message.count > pool.length) await addChildren(message.count - pool.length);
      port.post({ type: 'done', output: { workers: pool.length } });
    } else if (message.type === 'processes') {
      port.post({ type: 'done', output: await runProcessesParent(engine, message.request, message.stepsPerMs) });
    } else if (message.type === 'child') {
      port.post({ type: 'done', output: await runProcessChild(engine, message.protocol, message.request) });
    }
  } catch (error) {
    // An abort in the engine (post.js records it) leaves this instance
    // unusable: say so, and the caller replaces this worker (single.ts).
    const engine = module && (await module.catch(() => undefined));
    const fault = engine?.engineFault;
    port.post({ type: 'failed', error: errorToJson(fault ? faultError(fault) : error) });
  }
}

/** @param {import('./worker-host.js').WorkerRequest} message */
function receive(message) {
  if (message.type === 'connect') {
    const connected = message.port;
    givenModule = message.wasmModule;
    port = { post: (m) => connected.postMessage(m), listen: (handler) => listenOnPort(connected, handler) };
    port.listen(receive);
  } else if (message.type === 'children') {
    onChildren?.(message.ports);
    onChildren = undefined;
  } else void handle(message);
}

own.listen(receive);
