// Runs in the bench page (page.evaluate, as text: not bundled; type-checked by
// tsconfig.node.json through its JSDoc types): the engine alone in Chromium, without the page's UI.
// A second instance of the threads build, made from the same files the page
// loaded, runs the distance matrix through its Session API as the page's
// engine does, and the event-loop lesson; nothing is drawn meanwhile.
// Returns every run's wall and kernel time, as scripts/bench/run.ts records
// them, and each round's speed-up on perfectly parallel work (the ceiling).
async (
  /** @type {{ csv: string, modes: string[], repeat: number, threads: number, ceilingParams: Record<string, number> }} */ {
    csv,
    modes,
    repeat,
    threads,
    ceilingParams,
  },
) => {
  const page =
    /** @type {{ createPlaygroundEngine: import('../../web/src/engine/embind').EngineModuleFactory, playgroundEngineScript?: string, gc?: () => void }} */ (
      /** @type {unknown} */ (globalThis)
    );
  const base = new URL('engine/', document.baseURI).href;
  // The script the page loaded: in a built site the engine files are named by content
  // (playground-threads.<hash>.js, .wasm, .worker.js: web/plugins/site-plugin.ts).
  const script = page.playgroundEngineScript ?? `${base}playground-threads.js`;
  const named = script.slice(script.lastIndexOf('/') + 1, -'js'.length); // 'playground-threads.<hash>.'
  const module = await page.createPlaygroundEngine({
    locateFile: (/** @type {string} */ file) => new URL(file.replace('playground-threads.', named), base).href,
    mainScriptUrlOrBlob: script,
    pthreadPoolSize: threads + 4,
  });
  /** What these runs read of a result. @typedef {{ wall_ms: number, kernel_ms: number, pairs: number, measured_speedup: number, actions_per_s: number }} Result */
  const decode = (/** @type {string | Uint8Array} */ answer) => JSON.parse(typeof answer === 'string' ? answer : new TextDecoder().decode(answer.slice()));
  /** @returns {Promise<Result>} */
  const run = async (/** @type {object} */ request) => {
    const session = new module.Session();
    try {
      const started = decode(session.start(JSON.stringify(request)));
      if (started.error) throw new Error(started.error.message);
      while (!session.finished()) await new Promise((resolve) => setTimeout(resolve, 16));
      const outcome = decode(session.outcome());
      if (outcome.error) throw new Error(outcome.error.message);
      return outcome.result;
    } finally {
      session.delete();
    }
  };
  /** @type {Record<string, { wall: number[], kernel: number[], pairs: number }>} */
  const distance = {};
  /** @type {number[]} */
  const ceiling = [];
  for (let i = 0; i < repeat; i++) {
    for (const mode of modes) {
      page.gc?.(); // as in Node: the earlier runs' garbage collected first (run.ts)
      const result = await run({ scenario: 'distance-matrix', mode, threads, gil: false, params: { read_delay_ms: 0, write_delay_ms: 0 }, input_csv: csv });
      const timings = (distance[mode] ??= { wall: [], kernel: [], pairs: result.pairs });
      timings.wall.push(result.wall_ms);
      timings.kernel.push(result.kernel_ms);
    }
    // The machine's limit in this round (run.ts: ceilingParams).
    ceiling.push((await run({ scenario: 'amdahl', mode: 'pool', threads, gil: false, params: ceilingParams })).measured_speedup);
  }
  let actionsPerS = 0;
  for (let i = 0; i < repeat; i++) {
    const result = await run({ scenario: 'event-loop', mode: 'coroutines', threads: 1, gil: false, params: {} });
    actionsPerS = Math.max(actionsPerS, result.actions_per_s);
  }
  module.terminateAllThreads?.();
  return { distance, actionsPerS, ceiling };
};
