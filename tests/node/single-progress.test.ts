// The single build reports progress and spans while a run goes on, not only
// at its end: the run hands its news to the worker just before it returns to
// the worker's event loop (a CPU-bound run every 100 ms, a waiting run
// whenever it waits, at most every 50 ms).
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine, type RunRequest, type Span } from '../../web/src/engine/index';
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
  ] as const)('%s in mode %s reports progress and spans before it ends', async (scenario, mode, params, inputCsv) => {
    const request: RunRequest = { scenario, mode, threads: 1, gil: false, params, inputCsv };
    const fractions: number[] = [];
    const streamed: Span[] = [];
    let spansBeforeTheEnd = 0;
    let namedLanes = 0;
    const output = await engine.run(request, {
      onProgress: (p) => {
        fractions.push(p.fraction);
        streamed.push(...p.newSpans);
        if (p.fraction < 1) {
          spansBeforeTheEnd += p.newSpans.length;
          namedLanes = Math.max(namedLanes, p.lanes.length);
        }
      },
    });
    expect(output.result.mode).toBe(mode);
    const during = fractions.filter((f) => f > 0 && f < 1);
    expect(during.length).toBeGreaterThanOrEqual(1);
    // Progress only goes forward.
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    // Spans arrive while the run goes on, with their lanes, and every span
    // of the run arrives exactly once.
    expect(spansBeforeTheEnd).toBeGreaterThan(0);
    expect(namedLanes).toBeGreaterThan(0);
    const key = (s: Span) => `${s.lane}|${s.state}|${s.start_us}|${s.end_us}|${s.label}`;
    expect(streamed.map(key).sort()).toEqual(output.spans.map(key).sort());
    expect(new Set(streamed.map(key)).size).toBe(streamed.length);
    expect(output.lanes.length).toBeGreaterThanOrEqual(namedLanes);
  });
});
