// A test-only page (never in the built site): the site's own engine layer
// (web/src/engine: createEngine, its Web Workers, the processes pool, shared
// memory in the threads build), loaded from the site's engine/ directory at
// the same origin, for the browser tests to run lessons in (window.noticeEngine).
import { createEngine, detectThreadSupport, type Engine, type RunOutput, type RunRequest, type ThreadSupport } from '../../../web/src/engine/index';
import type { BuildFlavour } from '../../../web/src/engine/types';

export interface NoticeEngine {
  /** Loads a build of the engine (ending the one loaded before), planned for `cores`; says which build and why threads are (not) available. */
  load(flavour: BuildFlavour, cores: number): Promise<{ flavour: BuildFlavour; support: ThreadSupport }>;
  /** One run on the loaded engine; rejects with the engine's message. */
  run(request: RunRequest): Promise<RunOutput>;
}

let engine: Engine | undefined;
/** The site's engine files: engine/ at the site's root (this page is served from a directory of its own). */
const base = new URL('/engine/', location.href).href;

const api: NoticeEngine = {
  async load(flavour, cores) {
    engine?.dispose();
    engine = undefined;
    const support = await detectThreadSupport();
    engine = await createEngine(flavour, { base, cores });
    return { flavour: engine.flavour, support };
  },
  run(request) {
    if (!engine) return Promise.reject(new Error('no engine loaded: call load() first'));
    return engine.run(request);
  },
};
(window as unknown as { noticeEngine: NoticeEngine }).noticeEngine = api;
