// The single build reports progress while a run goes on, not only at its
// end: the worker reads the run's counters from memory between slices of
// the run (a CPU-bound run gives it one every 100 ms, a waiting run whenever
// it waits).
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine, type RunRequest } from '../../web/src/engine/index';
import { randomLocationsCsv } from '../../scripts/lib/random-locations';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

describe('the single build', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine('single');
  });
  afterAll(() => engine?.dispose());

  test.each([
    // CPU-bound, never waits: about half a second for 1 500 locations.
    ['distance-matrix', 'serial', { read_delay_ms: 0, write_delay_ms: 0 }, randomLocationsCsv(1500, 7)],
    // Mostly waiting: three 1 ms sleeps per item.
    ['producer-consumer', 'coroutines', { producers: 1, consumers: 1, items: 40, min_delay_ms: 10, max_delay_ms: 10, process_ms: 5 }, undefined],
  ] as const)('%s in mode %s reports progress before it ends', async (scenario, mode, params, inputCsv) => {
    const request: RunRequest = { scenario, mode, threads: 1, gil: false, params, inputCsv };
    const fractions: number[] = [];
    const output = await engine.run(request, { onProgress: (p) => fractions.push(p.fraction) });
    expect(output.result.mode).toBe(mode);
    const during = fractions.filter((f) => f > 0 && f < 1);
    expect(during.length).toBeGreaterThanOrEqual(1);
    // Progress only goes forward.
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
  });
});
