// @ts-check
/// <reference path="../env/build-globals.d.ts" />
// Loads one flavour of the engine's WebAssembly module (scripts/build-wasm.sh
// puts the files in web/public/engine/): playground-threads.{js,wasm,worker.js}
// or playground-single.{js,wasm}.
//
// Plain JavaScript (checked by tsc through its JSDoc types) because it also runs
// inside workers, which Node starts from files it must be able to read as is.
//
// The module is a non-ES6 MODULARIZE build: -sEXPORT_ES6 output does not load
// in Node (it reads __dirname), so the same file serves both:
// - Node: require() it, and hand it the .wasm bytes ourselves (Node 20's
//   fetch() cannot read a file path);
// - browser page: a <script> element (the file defines createPlaygroundEngine);
// - browser module worker (no importScripts there): import() the file as a
//   module, with an `exports` object for its CommonJS tail to fill in.
// Neither evaluates a string as JavaScript, so the page works under a
// Content-Security-Policy without 'unsafe-eval' (tests/e2e). pthread workers
// load the same file again, so they are told its URL.

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

/**
 * What the engine's script leaves on the global object: in a page, its factory
 * (and which script defined it); in a module worker, the factory on `exports`.
 * @typedef {typeof globalThis & {
 *   createPlaygroundEngine?: import('./embind').EngineModuleFactory,
 *   playgroundEngineScript?: string,
 *   exports?: { createPlaygroundEngine?: import('./embind').EngineModuleFactory },
 * }} EngineGlobals
 */

/** In a `vite build`, the engine files are named by their content (dist/engine/playground-threads.<hash>.wasm,
 *  web/plugins/site-plugin.ts), so that a page can never pair one build's .js with another's .wasm; in Node and
 *  on the dev server they keep the names scripts/build-wasm.sh gives them. */
const builtNames = typeof __PLAYGROUND_ENGINE_FILES__ === 'object' ? __PLAYGROUND_ENGINE_FILES__ : {};
/** @param {string} file an engine file's name as built ('playground-threads.wasm') @returns {string} its name beside the page */
export const engineFileName = (file) => builtNames[file] ?? file;

/** @param {string} specifier */
const nodeImport = (specifier) => import(/* @vite-ignore */ specifier);

/**
 * Where the engine files are: a directory URL ending in '/'.
 * Browser: engine/ beside the page. Node: web/public/engine/ in this repository.
 * @returns {string}
 */
export function defaultEngineBase() {
  if (isNode) return new URL('../../public/engine/', import.meta.url).href;
  const base = typeof document !== 'undefined' ? document.baseURI : self.location.href;
  return new URL('engine/', base).href;
}

/**
 * Loads one flavour of the engine's WebAssembly module.
 * @param {import('./types').BuildFlavour} flavour
 * @param {{ base?: string, pthreadPoolSize?: number, wasmModule?: WebAssembly.Module }} [options]
 *   wasmModule: this flavour's .wasm already compiled (compileModule): instantiated, not fetched and compiled again
 * @returns {Promise<import('./embind').EngineModule>} the Emscripten module (Session, buildInfo, ...: embind.ts)
 */
export async function loadModule(flavour, options = {}) {
  const base = options.base ?? defaultEngineBase();
  const name = `playground-${flavour}`;
  const scriptUrl = new URL(engineFileName(`${name}.js`), base).href;
  /** @type {Record<string, unknown>} */
  const settings = {
    locateFile: (/** @type {string} */ file) => new URL(engineFileName(file), base).href,
    // The engine reports errors as values; anything printed is a real problem.
    print: (/** @type {string} */ text) => console.log(text),
    // An abort's own line is left out: the fault reaches the caller once, as the run's error (post.js).
    printErr: (/** @type {string} */ text) => void (text.startsWith('Aborted(') || console.error(text)),
  };
  if (options.pthreadPoolSize) settings.pthreadPoolSize = options.pthreadPoolSize;
  /** @type {(error: unknown) => void} */
  let instantiationFailed = () => {};
  /** @type {Promise<never>} */
  const failure = new Promise((_, reject) => {
    instantiationFailed = reject;
  });
  const compiled = options.wasmModule;
  if (compiled) {
    settings.instantiateWasm = (
      /** @type {WebAssembly.Imports} */ imports,
      /** @type {(instance: WebAssembly.Instance, module: WebAssembly.Module) => void} */ receive,
    ) => {
      WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled), instantiationFailed);
      return {}; // the exports arrive through `receive`
    };
  }

  if (isNode) {
    const { createRequire } = await nodeImport('node:module');
    const { fileURLToPath } = await nodeImport('node:url');
    const { readFile } = await nodeImport('node:fs/promises');
    const scriptPath = fileURLToPath(scriptUrl);
    const require = createRequire(import.meta.url);
    /** @type {import('./embind').EngineModuleFactory} */
    const factory = require(scriptPath);
    if (!compiled) settings.wasmBinary = await readFile(fileURLToPath(new URL(`${name}.wasm`, base)));
    settings.locateFile = (/** @type {string} */ file) => fileURLToPath(new URL(file, base));
    return Promise.race([factory(settings), failure]);
  }

  const factory = typeof document !== 'undefined' ? await scriptFactory(scriptUrl) : await moduleFactory(scriptUrl);
  settings.mainScriptUrlOrBlob = scriptUrl;
  return Promise.race([factory(settings), failure]);
}

/**
 * One flavour's .wasm, compiled once here, to hand to workers (loadModule's wasmModule): each then only
 * instantiates it, instead of fetching and compiling its own copy (Firefox: about 50 ms more per worker).
 * @param {import('./types').BuildFlavour} flavour @param {string} [base]
 * @returns {Promise<WebAssembly.Module>}
 */
export async function compileModule(flavour, base = defaultEngineBase()) {
  const url = new URL(engineFileName(`playground-${flavour}.wasm`), base);
  if (isNode) {
    const { fileURLToPath } = await nodeImport('node:url');
    const { readFile } = await nodeImport('node:fs/promises');
    return WebAssembly.compile(await readFile(fileURLToPath(url)));
  }
  return WebAssembly.compileStreaming(fetch(url.href));
}

/** In a page: load the file with a <script> element; it defines a global factory.
 * @param {string} url @returns {Promise<import('./embind').EngineModuleFactory>} */
function scriptFactory(url) {
  const g = /** @type {EngineGlobals} */ (globalThis);
  if (typeof g.createPlaygroundEngine === 'function' && g.playgroundEngineScript === url) return Promise.resolve(g.createPlaygroundEngine);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = () => {
      g.playgroundEngineScript = url;
      if (typeof g.createPlaygroundEngine === 'function') resolve(g.createPlaygroundEngine);
      else reject(new Error(`cannot load the engine (${url}): it defines no createPlaygroundEngine`));
    };
    script.onerror = () => reject(new Error(`cannot load the engine (${url})`));
    document.head.append(script);
  });
}

/** In a module worker: import the file; its CommonJS tail puts the factory on `exports`.
 * @param {string} url @returns {Promise<import('./embind').EngineModuleFactory>} */
async function moduleFactory(url) {
  const g = /** @type {EngineGlobals} */ (globalThis);
  const exports = (g.exports ??= {});
  await import(/* @vite-ignore */ url);
  const factory = exports.createPlaygroundEngine;
  if (typeof factory !== 'function') throw new Error(`cannot load the engine (${url}): it defines no createPlaygroundEngine`);
  return factory;
}
