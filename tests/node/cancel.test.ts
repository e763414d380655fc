// Aborting a run stops it within 100 ms, rejects with an AbortError, leaves
// no thread or worker behind, and the next run works.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine, type RunRequest } from '../../web/src/engine/index';
import { liveWorkerCount } from '../../web/src/engine/worker-host';
import type { ThreadsEngine } from '../../web/src/engine/threads';

// Runs take a while on a busy 2-core machine (whichever config runs this file).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms = 1000) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(5);
  return check();
}

/** Aborts `request` after `afterMs` and measures how long the rejection took. */
async function abortMidRun(engine: Engine, request: RunRequest, afterMs: number) {
  const controller = new AbortController();
  let abortedAt = 0;
  const running = engine.run(request, { signal: controller.signal });
  const settled = running.then(
    () => ({ error: undefined as unknown, at: performance.now() }),
    (error: unknown) => ({ error, at: performance.now() }),
  );
  await sleep(afterMs);
  abortedAt = performance.now();
  controller.abort();
  const { error, at } = await settled;
  return { error, latencyMs: at - abortedAt };
}

const longSleep: RunRequest = {
  scenario: 'sleep',
  mode: 'serial',
  threads: 2,
  gil: false,
  params: { first_ms: 10_000, second_ms: 10_000 },
};
const quickSleep: RunRequest = { ...longSleep, params: { first_ms: 20, second_ms: 30 } };

describe('cancelling in the threads build', () => {
  let engine: ThreadsEngine;
  beforeAll(async () => {
    engine = (await createEngine('threads')) as ThreadsEngine;
  }, 120_000);
  afterAll(() => engine?.dispose());

  test.each(['serial', 'threads', 'coroutines'])('a sleep run in mode %s stops within 100 ms', async (mode) => {
    const { error, latencyMs } = await abortMidRun(engine, { ...longSleep, mode }, 150);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(latencyMs).toBeLessThan(100);
    expect(await until(() => engine.threadsInUse() === 0)).toBe(true);
    const next = await engine.run({ ...quickSleep, mode });
    expect(next.result.mode).toBe(mode);
  });

  test('a CPU-bound pool run stops within 100 ms', async () => {
    const request: RunRequest = {
      scenario: 'cpu-bound',
      mode: 'threads',
      threads: 4,
      gil: true,
      params: { jobs: 16, work_ms: 2000 },
    };
    const { error, latencyMs } = await abortMidRun(engine, request, 200);
    expect((error as DOMException).name).toBe('AbortError');
    expect(latencyMs).toBeLessThan(100);
    expect(await until(() => engine.threadsInUse() === 0)).toBe(true);
  });

  test('an already aborted signal rejects at once', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await engine.run(quickSleep, { signal: controller.signal }).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
  });

  test('processes mode terminates its workers', async () => {
    const request: RunRequest = {
      scenario: 'cpu-bound',
      mode: 'processes',
      threads: 2,
      gil: false,
      params: { jobs: 8, work_ms: 2000 },
    };
    const { error, latencyMs } = await abortMidRun(engine, request, 400);
    expect((error as DOMException).name).toBe('AbortError');
    expect(latencyMs).toBeLessThan(100);
    expect(await until(() => liveWorkerCount() === 0)).toBe(true);
  });
});

describe('cancelling in the single build', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine('single');
  }, 120_000);
  test('a run in its worker stops within 100 ms, its worker is ended and the next run works', async () => {
    const before = liveWorkerCount(); // the engine keeps one loaded worker ready
    const { error, latencyMs } = await abortMidRun(engine, { ...longSleep, mode: 'coroutines' }, 300);
    expect((error as DOMException).name).toBe('AbortError');
    expect(latencyMs).toBeLessThan(100);
    // The busy worker was ended; at most the fresh spare is alive.
    expect(await until(() => liveWorkerCount() <= before)).toBe(true);
    const next = await engine.run({ ...quickSleep, mode: 'coroutines' });
    expect(next.result.mode).toBe('coroutines');
  });

  test('aborting while the worker still loads rejects at once', async () => {
    const fresh = await createEngine('single');
    try {
      const { error, latencyMs } = await abortMidRun(fresh, { ...longSleep, mode: 'serial' }, 1);
      expect((error as DOMException).name).toBe('AbortError');
      expect(latencyMs).toBeLessThan(100);
    } finally {
      fresh.dispose();
    }
  });

  test('disposing the engine ends its workers', async () => {
    engine.dispose();
    expect(await until(() => liveWorkerCount() === 0, 10_000)).toBe(true);
  });
});
