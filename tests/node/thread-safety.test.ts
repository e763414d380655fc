// The thread-safety lesson in WebAssembly: real pthreads lose updates and
// deadlock there too, and a deadlock never leaves the engine unusable. The
// single build has no threads: its coroutine mode races all the same, and
// its thread modes say why they cannot run.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine, type RunRequest } from '../../web/src/engine/index';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const CYCLE = 'thread 1 holds account A and waits for account B; thread 2 holds account B and waits for account A';

const request = (mode: string, params: Record<string, number | boolean> = {}, threads = 2): RunRequest => ({
  scenario: 'thread-safety',
  mode,
  threads,
  gil: false,
  params,
});

interface Deadlock {
  detected: boolean;
  after_ms?: number;
  formed_after_ms?: number;
  cycle?: string;
}

describe('the threads build', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine('threads');
  }, 120_000);
  afterAll(() => engine?.dispose());

  test('unsafe and gil lose updates in every run on the defaults; lock, atomic and local-then-merge never do', async () => {
    for (let i = 0; i < 10; i++) {
      for (const mode of ['unsafe', 'gil']) {
        const { result } = await engine.run(request(mode));
        expect(result.expected, mode).toBe(10_000);
        expect(result.actual as number, `${mode} run ${i}`).toBeLessThan(10_000);
        expect(result.lost_updates).toBe(10_000 - (result.actual as number));
      }
      for (const mode of ['lock', 'atomic', 'local-then-merge']) {
        const { result } = await engine.run(request(mode, { increments: 2000 }));
        expect(result.actual, `${mode} run ${i}`).toBe(4000);
        expect(result.lost_updates).toBe(0);
      }
    }
  });

  test('the lock mode draws its waits naming the lock, and counts them', async () => {
    const output = await engine.run(request('lock'));
    expect(output.result.lock_waits as number).toBeGreaterThan(0);
    const waits = output.spans.filter((s) => s.state === 'waiting_for_lock');
    expect(waits.length).toBeGreaterThan(0);
    expect(new Set(waits.map((s) => s.label))).toEqual(new Set(['wait for the counter']));
  });

  test('deadlock is detected, named and ended in every run, and the next run works', async () => {
    for (let i = 0; i < 10; i++) {
      const output = await engine.run(request('deadlock'));
      const deadlock = output.result.deadlock as Deadlock;
      expect(deadlock.detected, `run ${i}`).toBe(true);
      expect(deadlock.cycle).toBe(CYCLE);
      expect(deadlock.after_ms! - deadlock.formed_after_ms!).toBeLessThanOrEqual(100);
      expect(output.result.transfers_completed).toBe(0);
      const marks = output.spans.filter((s) => s.state === 'waiting_for_lock').map((s) => s.label);
      expect(marks.sort()).toEqual(['deadlock: waits for account A held by thread 1', 'deadlock: waits for account B held by thread 2']);

      const next = await engine.run(request('ordered', { hold_ms: 2 }));
      expect(next.result.transfers_completed).toBe(10);
      expect(next.result.total_after).toBe(next.result.total_before);
    }
  });

  test('ordered and try-lock finish with the totals conserved', async () => {
    for (const mode of ['ordered', 'try-lock']) {
      const { result } = await engine.run(request(mode, { hold_ms: 5, transfers: 3 }));
      expect((result.deadlock as Deadlock).detected).toBe(false);
      expect(result.transfers_completed, mode).toBe(6);
      expect(result.total_after).toBe(2000);
      expect(result.total_before).toBe(2000);
    }
  });

  test('a bad parameter is named with its range', async () => {
    await expect(engine.run(request('unsafe', { increments: 0 }))).rejects.toThrow(/increments/);
    await expect(engine.run(request('deadlock', { check_ms: 5000 }))).rejects.toThrow(/check_ms/);
  });
});

describe('the single build', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine('single');
  }, 120_000);
  afterAll(() => engine?.dispose());

  test('coroutines lose updates only when they await between the read and the write', async () => {
    const racing = await engine.run(request('coroutines', { increments: 1000, await_between: true }));
    expect(racing.result.expected).toBe(2000);
    expect(racing.result.actual).toBe(1000);
    const exact = await engine.run(request('coroutines', { increments: 1000, await_between: false }));
    expect(exact.result.actual).toBe(2000);
    expect(exact.result.lost_updates).toBe(0);
  });

  test('the thread modes say they need threads', async () => {
    for (const mode of ['unsafe', 'deadlock']) {
      await expect(engine.run(request(mode))).rejects.toThrow(/thread/i);
    }
  });
});
