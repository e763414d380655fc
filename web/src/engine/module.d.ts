import type { BuildFlavour } from './types';

/** Directory URL of the engine files: engine/ beside the page; in Node, web/public/engine/. */
export function defaultEngineBase(): string;
/** Loads one flavour of the engine's WebAssembly module; resolves with the Emscripten module. */
export function loadModule(flavour: BuildFlavour, options?: { base?: string; pthreadPoolSize?: number }): Promise<any>;
