// Producer / consumer latencies are times between two clock readings taken
// on different threads (produced on one, consumed on another): in the
// threads build they come from different pthreads, so a clock that is not
// shared would show up here as negative or impossible latencies.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine } from '../../web/src/engine/index';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

interface ListedItem {
  latency_ms: number;
}

describe.each([
  ['threads', ['sequential', 'threads', 'coroutines']],
  ['single', ['sequential', 'coroutines']],
] as const)('the %s build', (flavour, modes) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(flavour);
  }, 120_000);
  afterAll(() => engine?.dispose());

  for (const mode of modes) {
    test(`producer-consumer ${mode}: every latency is at least the processing time and at most the run`, async () => {
      const processMs = 20;
      const output = await engine.run({
        scenario: 'producer-consumer',
        mode,
        threads: 2,
        gil: false,
        params: { producers: 2, consumers: 2, items: 6, queue_size: 2, min_delay_ms: 10, max_delay_ms: 30, process_ms: processMs, time_scale: 1 },
      });
      const result = output.result as Record<string, unknown>;
      expect(result.items_consumed).toBe(12);
      const items = result.per_item as ListedItem[];
      expect(items).toHaveLength(12);
      const wall = result.wall_ms as number;
      for (const item of items) {
        // Consumed means processed: at least the processing time after it was produced (1 ms of timer slack).
        expect(item.latency_ms).toBeGreaterThanOrEqual(processMs - 1);
        expect(item.latency_ms).toBeLessThanOrEqual(wall);
      }
      const stats = result.latency_ms as { p50: number; p95: number; max: number; mean: number };
      expect(stats.p50).toBeGreaterThanOrEqual(processMs - 1);
      expect(stats.p50).toBeLessThanOrEqual(stats.p95);
      expect(stats.p95).toBeLessThanOrEqual(stats.max);
    });
  }
});
