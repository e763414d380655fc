// A thread started just after another was joined can find the browser's
// pthread pool empty: the joined thread's worker goes back to the pool only
// when the page's (here Node's) main thread handles a message about it. While
// that thread is busy, thread-per-task must wait for a worker to come back
// (core/thread_per_task.cpp) rather than fail a run the page accepted.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createEngine, maxRunThreads, type Engine } from '../../web/src/engine/index';
import { dataFile, scenarios } from './helpers';

const CORES = 2;
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine('threads', { cores: CORES });
}, 120_000);
afterAll(() => engine?.dispose());

/** Keeps this (the main) thread busy for `ms`, as a page busy drawing would be. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // nothing: the point is not to return to the event loop
  }
}

test('thread-per-task at the page thread limit finishes while the main thread is busy', async () => {
  const scenario = scenarios().find((s) => s.id === 'distance-matrix')!;
  const threads = maxRunThreads(CORES);
  const run = engine.run({
    scenario: 'distance-matrix',
    mode: 'threads',
    threads,
    gil: false,
    params: { read_delay_ms: 0, write_delay_ms: 0, time_scale: 0.01 },
    inputCsv: dataFile(scenario, 1),
  });
  // The run's threads start and finish rows while no worker can come back to the pool.
  await new Promise((done) => setTimeout(done, 20));
  for (let i = 0; i < 5; i++) {
    busy(150);
    await new Promise((done) => setTimeout(done, 1));
  }
  const output = await run;
  expect(output.result.mode).toBe('threads');
  expect(output.result.pairs).toBe((250 * 249) / 2);
}, 120_000);
