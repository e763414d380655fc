// The server-load lesson in WebAssembly: every mode accounts for every
// request (completed once or rejected), the sync server queues and rejects
// I/O-heavy load that one event loop keeps up with, and the single build
// runs the modes that need no threads and refuses the others. The processes
// mode's workers wait on their own event loops in Web Workers (in the single
// build, suspended as a run's waits are: core/host_sleep.hpp).
import { availableParallelism, loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine, type RunRequest } from '../../web/src/engine/index';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const request = (mode: string, params: Record<string, number>, threads = 2): RunRequest => ({
  scenario: 'server-load',
  mode,
  threads,
  gil: false,
  params,
});

interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** arrived = completed + rejected, and each listed request is one or the other. */
function expectConserved(result: Record<string, unknown>, mode: string): void {
  const requests = result.requests as Array<{ rejected?: boolean; end_ms?: number }>;
  expect(requests.length, mode).toBe(result.arrived);
  expect((result.completed as number) + (result.rejected as number), mode).toBe(result.arrived);
  expect(requests.filter((r) => r.rejected).length, mode).toBe(result.rejected);
  expect(requests.filter((r) => !r.rejected && r.end_ms !== undefined).length, mode).toBe(result.completed);
}

// Response times are checked only when the machine has a core to spare (as natively):
// with every core taken by other programs, wake-ups and CPU parts run late by anything.
const busy = loadavg()[0] + 1 >= availableParallelism();

const BURST = { burst: 30, backlog: 5, cpu_ms: 1, io_ms: 5 };
const IO_HEAVY = { rate_per_s: 60, duration_s: 1.5, backlog: 10, cpu_ms: 1, io_ms: 40, seed: 2 };

describe('the threads build', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine('threads');
  }, 120_000);
  afterAll(() => engine?.dispose());

  test('a burst past the backlog: each server gets in exactly what its backlog holds', async () => {
    for (const mode of ['sync', 'threads', 'thread-per-request', 'coroutines', 'coroutines-pool']) {
      const { result } = await engine.run(request(mode, BURST));
      expect([mode, result.completed, result.rejected]).toEqual([mode, 5, 25]);
      expectConserved(result, mode);
    }
  });

  test('processes: each worker process has its own backlog, and every request is completed once or rejected', async () => {
    const { result } = await engine.run(request('processes', BURST));
    expect([result.completed, result.rejected]).toEqual([10, 20]); // 2 processes, a backlog of 5 each
    expectConserved(result, 'processes');
    expect((result.model as { servers: number }).servers).toBe(Math.min(2, availableParallelism()));
  });

  test('I/O-heavy past sync capacity: sync queues and rejects', async () => {
    const sync = (await engine.run(request('sync', IO_HEAVY))).result;
    expect(sync.rejected as number).toBeGreaterThan(0);
    expect((sync.latency_ms as Latency).p95).toBeGreaterThan(4 * 41);
    expectConserved(sync, 'sync');
  });

  test.skipIf(busy)('I/O-heavy past sync capacity: coroutines answer in about the service time', async () => {
    const coroutines = (await engine.run(request('coroutines', IO_HEAVY))).result;
    expect(coroutines.rejected).toBe(0);
    expect((coroutines.latency_ms as Latency).p95).toBeLessThan(41 * 1.5 + 5);
    expectConserved(coroutines, 'coroutines');
    const latency = coroutines.latency_ms as Latency;
    expect(latency.p50).toBeLessThanOrEqual(latency.p95);
    expect(latency.p95).toBeLessThanOrEqual(latency.p99);
    expect(latency.p99).toBeLessThanOrEqual(latency.max);
  });

  test('the timeline draws the backlog and names its rejections', async () => {
    const output = await engine.run(request('sync', { burst: 6, backlog: 2, cpu_ms: 0, io_ms: 5 }));
    const labels = output.spans.filter((s) => s.state === 'blocked_on_queue').map((s) => s.label);
    expect(labels).toContain('full: requests 3 to 6 rejected (503)');
  });
});

describe('the single build', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine('single');
  }, 120_000);
  afterAll(() => engine?.dispose());

  test('sync, coroutines and processes run and account for every request', async () => {
    for (const mode of ['sync', 'coroutines', 'processes']) {
      const { result } = await engine.run(request(mode, BURST));
      // Two worker processes have a backlog of 5 each.
      expect([mode, result.completed, result.rejected]).toEqual(mode === 'processes' ? [mode, 10, 20] : [mode, 5, 25]);
      expectConserved(result, mode);
      // The parent's model counts the machine's cores, not the 1 the single build's libc sees.
      if (mode === 'processes') expect((result.model as { servers: number }).servers).toBe(Math.min(2, availableParallelism()));
      const arriving = (await engine.run(request(mode, { ...IO_HEAVY, time_scale: 0.5 }))).result;
      expectConserved(arriving, mode);
    }
  });

  test('the thread modes say they need threads', async () => {
    for (const mode of ['threads', 'thread-per-request', 'coroutines-pool']) {
      await expect(engine.run(request(mode, BURST))).rejects.toThrow(/thread/i);
    }
  });
});
