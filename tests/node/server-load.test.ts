// The server-load lesson in WebAssembly: every mode accounts for every
// request (completed once or rejected), the sync server queues and rejects
// I/O-heavy load that one event loop keeps up with, and the single build
// runs the modes that need no threads and refuses the others. The processes
// mode's workers wait on their own event loops in Web Workers (in the single
// build, suspended as a run's waits are: core/host_sleep.hpp).
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine, type RunOutput, type RunRequest, type Span } from '../../web/src/engine/index';
import { coreToSpare } from '../shared/machine';

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
const busy = !coreToSpare();

const BURST = { burst: 30, backlog: 5, cpu_ms: 1, io_ms: 5 };
// Two worker processes of 15 requests a second each, 4 + 40 ms: each computes 6 % of the time.
const LIGHT = { rate_per_s: 30, duration_s: 1, cpu_ms: 4, io_ms: 40, seed: 7 };

/** The worker processes' lanes show what their loops did: each step of a request's task (its
 *  CPU parts) running and each database wait waiting, under its request's name; the steps add
 *  up to the CPU the requests measured, not to the run, and no span covers a lane. */
function expectHonestProcessLanes(output: RunOutput): void {
  const { result } = output;
  const processLanes = new Map(output.lanes.filter((l) => l.kind === 'process').map((l) => [l.id, l.name]));
  expect(processLanes.size).toBe(2);
  const spans = output.spans.filter((s) => processLanes.has(s.lane) && s.state !== 'starting');
  const completed = result.completed as number;
  const running = spans.filter((s) => s.state === 'running');
  const waiting = spans.filter((s) => s.state === 'waiting_on_io');
  expect(running.length + waiting.length).toBe(spans.length);
  // Each completed request: its loop's steps (at least its two CPU parts) and one wait.
  const steps = new Map<number, number>();
  const waits = new Map<number, number>();
  for (const span of spans) {
    const match = /^request (\d+)(: database)?$/.exec(span.label);
    expect(match, span.label).not.toBeNull();
    const n = Number(match?.[1]);
    // Request n went to process (n - 1) mod 2 + 1.
    expect(processLanes.get(span.lane), span.label).toBe(`process ${((n - 1) % 2) + 1}`);
    expect(span.state === 'waiting_on_io', span.label).toBe(match?.[2] === ': database');
    const count = span.state === 'running' ? steps : waits;
    count.set(n, (count.get(n) ?? 0) + 1);
  }
  expect(steps.size).toBe(completed);
  expect(waits.size).toBe(completed);
  for (const [n, k] of steps) expect(k, `request ${n}'s steps`).toBeGreaterThanOrEqual(2);
  for (const [n, k] of waits) expect(k, `request ${n}'s waits`).toBe(1);
  const ms = (list: Span[]) => list.reduce((sum, s) => sum + (s.end_us - s.start_us), 0) / 1000;
  const wall = (Math.max(...spans.map((s) => s.end_us)) - Math.min(...spans.map((s) => s.start_us))) / 1000;
  for (const span of spans) expect((span.end_us - span.start_us) / 1000, span.label).toBeLessThan(wall / 2);
  // Against the run and the median × count: a busy machine's preempted parts make outliers.
  if (busy) return;
  expect(ms(running)).toBeLessThan(wall / 4); // both lanes together: 2 × 6 % of the run
  const measured = (result.cpu_ms_per_request as number) * completed;
  expect(ms(running)).toBeGreaterThan(measured * 0.7);
  expect(ms(running)).toBeLessThan(measured * 1.3);
}

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

  test("processes: a worker process's lane shows its CPU parts running and its database waits waiting", async () => {
    expectHonestProcessLanes(await engine.run(request('processes', LIGHT)));
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

  test("processes: a worker process's lane shows its CPU parts running and its database waits waiting", async () => {
    expectHonestProcessLanes(await engine.run(request('processes', LIGHT)));
  });

  test('the thread modes say they need threads', async () => {
    for (const mode of ['threads', 'thread-per-request', 'coroutines-pool']) {
      await expect(engine.run(request(mode, BURST))).rejects.toThrow(/thread/i);
    }
  });
});
