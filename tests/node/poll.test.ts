// Polling a run never stalls the thread that polls (the page's main thread
// in the threads build; issue 6 fails on any task over 50 ms): each poll
// reads at most SPANS_PER_POLL spans, cheaply, and nothing is lost.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { EngineModule } from '../../web/src/engine/embind';
import { loadModule } from '../../web/src/engine/module.js';
import { RunHandle, SPANS_PER_POLL, engineRequest } from '../../web/src/engine/session.js';
import { createEngine, type Engine, type RunRequest } from '../../web/src/engine/index';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

// 4 producers × 10 000 items with no delays: about 180 000 spans in well
// under a second (coroutines), so a backlog piles up between polls.
const manySpans: RunRequest = {
  scenario: 'producer-consumer',
  mode: 'coroutines',
  threads: 4,
  gil: false,
  params: { producers: 4, consumers: 4, items: 10_000, queue_size: 5, min_delay_ms: 0, max_delay_ms: 1, process_ms: 0, time_scale: 0.01 },
};
// The long-task limit, with room for a machine busy with other work.
const LONG_TASK_MS = 50;
const LOADED_MACHINE_FACTOR = 2;

describe('polling a threads-build run with a large trace', () => {
  let module: EngineModule;
  beforeAll(async () => {
    module = await loadModule('threads', { pthreadPoolSize: 12 });
  });
  afterAll(() => module?.terminateAllThreads?.());

  test('a backlog of over 100 000 spans is read in bounded polls, none lost', async () => {
    const handle = new RunHandle(module, engineRequest(manySpans));
    while (!handle.finished()) await new Promise((resolve) => setTimeout(resolve, 20));
    // The whole trace is waiting now: the worst case for one poll.
    const times: number[] = [];
    for (;;) {
      const started = performance.now();
      const progress = handle.poll();
      times.push(performance.now() - started);
      expect(progress.newSpans.length).toBeLessThanOrEqual(SPANS_PER_POLL);
      if (progress.finished) break;
      expect(progress.more).toBe(true);
    }
    const output = handle.output();
    const events = JSON.parse(handle.chromeTrace()).traceEvents.filter((e: { ph: string }) => e.ph === 'X');
    handle.dispose();
    expect(output.spans.length).toBeGreaterThan(100_000);
    expect(output.spans.length).toBe(events.length);
    expect(times.length).toBeGreaterThanOrEqual(output.spans.length / SPANS_PER_POLL);
    expect(Math.max(...times)).toBeLessThan(LONG_TASK_MS * LOADED_MACHINE_FACTOR);
  });
});

/** Runs `work` while a 1 ms timer measures the longest gap between its ticks:
 *  how long the caller's event loop was held at most. */
async function whileProbing<T>(work: () => Promise<T>): Promise<{ value: T; longestMs: number }> {
  let last = performance.now();
  let longestMs = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    longestMs = Math.max(longestMs, now - last);
    last = now;
  }, 1);
  try {
    return { value: await work(), longestMs };
  } finally {
    clearInterval(probe);
  }
}

describe('running through the API', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine('threads');
  });
  afterAll(() => engine?.dispose());

  test('the event loop of the caller is never held for a long task during a run of many spans', async () => {
    let streamed = 0;
    const { value: output, longestMs } = await whileProbing(() => engine.run(manySpans, { onProgress: (p) => (streamed += p.newSpans.length) }));
    expect(output.spans.length).toBeGreaterThan(100_000);
    expect(streamed).toBe(output.spans.length);
    expect(longestMs).toBeLessThan(LONG_TASK_MS * LOADED_MACHINE_FACTOR);
  });

  test('without onProgress, a run is not polled for spans until it ends, and its backlog is read without a long task', async () => {
    // Every poll of the module's sessions, and whether its run had ended then.
    const polledWhileRunning: boolean[] = [];
    const session = (engine as unknown as { module: { Session: { prototype: Record<string, unknown> } } }).module.Session.prototype;
    const poll = session.poll as (this: { finished(): boolean }, max: number) => unknown;
    session.poll = function (this: { finished(): boolean }, max: number) {
      polledWhileRunning.push(!this.finished());
      return poll.call(this, max);
    };
    try {
      const { value: output, longestMs } = await whileProbing(() => engine.run(manySpans));
      expect(output.spans.length).toBeGreaterThan(100_000);
      expect(polledWhileRunning.length).toBeGreaterThanOrEqual(output.spans.length / SPANS_PER_POLL);
      expect(polledWhileRunning.filter(Boolean)).toEqual([]);
      expect(longestMs).toBeLessThan(LONG_TASK_MS * LOADED_MACHINE_FACTOR);
    } finally {
      session.poll = poll;
    }
  });

  test('the output CSV of 1 000 locations (14 MB) reaches the caller without a long task', async () => {
    const lines = ['name,latitude,longitude'];
    for (let i = 0; i < 1000; i++) lines.push(`p${i},${((i * 7919) % 1800) / 10 - 90},${((i * 104729) % 3600) / 10 - 180}`);
    const request: RunRequest = {
      scenario: 'distance-matrix',
      mode: 'serial',
      threads: 1,
      gil: false,
      params: { read_delay_ms: 0, write_delay_ms: 0 },
      inputCsv: `${lines.join('\n')}\n`,
    };
    const { value: output, longestMs: longest } = await whileProbing(() => engine.run(request));
    const rows = output.outputCsv!.trimEnd().split('\n');
    expect(output.outputCsv!.length).toBeGreaterThan(10_000_000);
    expect(rows.length).toBe(1 + (1000 * 999) / 2); // a header, then every pair
    expect(rows[1].startsWith('p0,p1,')).toBe(true);
    expect(longest).toBeLessThan(LONG_TASK_MS * LOADED_MACHINE_FACTOR);
  });
});
