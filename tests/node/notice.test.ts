// Issue 14, item 6: each lesson's "What to notice" is a test, on the lesson's
// defaults (time scale allowed), in both builds. This file: the sleep and
// io-requests lessons (the other lessons' claims: trust.test.ts,
// thread-safety.test.ts, rounds.test.ts; native tests/native/lessons/).
// Bounds are halfway points between what a claim says and what its opposite
// would give, so a busy machine's timer slack does not decide them.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine } from '../../web/src/engine/index';
import type { Engine, RunResult } from '../../web/src/engine/types';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe.each(['threads', 'single'] as const)('the %s build', (flavour) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(flavour);
  });
  afterAll(() => engine?.dispose());

  const run = async (scenario: string, mode: string, params: Record<string, number>, gil = false): Promise<RunResult> =>
    (await engine.run({ scenario, mode, threads: 2, gil, params })).result;
  const overlapModes = flavour === 'threads' ? ['threads', 'coroutines'] : ['coroutines'];

  describe('sleep (defaults at a fifth of the time: waits of 160 and 180 ms)', () => {
    const scale = { time_scale: 0.2 };
    const [first, second] = [160, 180];
    const halfway = (first + second + second) / 2; // between the sum of the waits and the longest

    test('serial takes the sum of the waits; threads and coroutines take the longest wait', async () => {
      expect((await run('sleep', 'serial', scale)).wall_ms).toBeGreaterThanOrEqual(first + second);
      for (const mode of overlapModes) {
        const { wall_ms } = await run('sleep', mode, scale);
        expect([mode, wall_ms >= second && wall_ms < halfway]).toEqual([mode, true]);
      }
    });

    test('coroutines overlap the waits on one thread', async () => {
      const result = await run('sleep', 'coroutines', scale);
      expect(result.threads).toBe(1);
      expect(result.wall_ms).toBeLessThan(halfway);
    });

    test('first-completed returns after the shorter wait and cancels the other task', async () => {
      const result = await run('sleep', 'first-completed', scale);
      expect(result).toMatchObject({ finished: 'first', cancelled: 'second', second: 'cancelled' });
      expect(result.wall_ms).toBeGreaterThanOrEqual(first);
      expect(result.wall_ms).toBeLessThan((first + second) / 2 + first / 2);
    });
  });

  describe('io-requests (defaults at half the time)', () => {
    const scale = { time_scale: 0.5 };

    test('serial takes about the sum of the latencies; threads and coroutines about the largest', async () => {
      const serial = await run('io-requests', 'serial', scale);
      const sum = serial.sum_latency_ms as number;
      const largest = serial.max_latency_ms as number;
      expect(serial.wall_ms).toBeGreaterThanOrEqual(sum);
      for (const mode of overlapModes) {
        const { wall_ms } = await run('io-requests', mode, scale);
        expect([mode, wall_ms >= largest && wall_ms < (sum + largest) / 2]).toEqual([mode, true]);
      }
    });

    test('with threads and coroutines the requests finish out of order, whichever reply comes first handled first', async () => {
      for (const mode of overlapModes) {
        const result = await run('io-requests', mode, scale);
        expect(result.out_of_order).toBe(true);
        const requests = result.requests as { id: number; end_ms: number }[];
        const byEnd = [...requests].sort((a, b) => a.end_ms - b.end_ms).map((r) => r.id);
        expect(result.completion_order).toEqual(byEnd);
      }
    });

    test.runIf(flavour === 'threads')('threads help even with the GIL: a waiting thread releases it', async () => {
      const serial = await run('io-requests', 'serial', scale);
      const threads = await run('io-requests', 'threads', scale, true);
      expect(threads.gil).toBe(true);
      expect(threads.wall_ms).toBeLessThan(((serial.sum_latency_ms as number) + (serial.max_latency_ms as number)) / 2);
    });
  });
});
