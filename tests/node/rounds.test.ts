// Issue 14, item 2: a comparison measured like a benchmark harness, through the
// page's own loop (web/src/run/comparison.ts) on the real engine, in both
// builds: modes take turns round by round, each keeps its median round with
// the range of all, and the machine's ceiling (threads build) sits beside
// every parallel speed-up.
import { readFileSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import { createEngine } from '../../web/src/engine/index';
import type { RunOutput, RunRequest, Scenario } from '../../web/src/engine/types';
import { newComparison, runComparison } from '../../web/src/run/comparison';
import { defaultExperiment } from '../../web/src/state/url';
import { root } from './helpers';

vi.setConfig({ testTimeout: 180_000 });

const scenario = (id: string) => JSON.parse(readFileSync(`${root}/scenarios/${id}.json`, 'utf8')) as Scenario;
const cpuBound = scenario('cpu-bound');

for (const flavour of ['threads', 'single'] as const) {
  describe(`rounds in the ${flavour} build`, () => {
    test('modes take turns for 3 rounds; each keeps its median round, a range around it, and (threads) the ceiling', async () => {
      const engine = await createEngine(flavour);
      try {
        const experiment = { ...defaultExperiment(cpuBound, 2), threads: 2, gil: false };
        experiment.params = { ...experiment.params, rounds: 3, time_scale: 0.04 };
        const modes = flavour === 'threads' ? ['serial', 'threads', 'coroutines'] : ['serial', 'coroutines'];
        const c = newComparison(experiment, modes);
        const order: string[] = [];
        const walls: Record<string, number[]> = {};
        const run = engine.run.bind(engine);
        engine.run = async (request: RunRequest, options) => {
          order.push(request.scenario === 'amdahl' ? 'ceiling' : request.mode);
          const output: RunOutput = await run(request, options);
          if (request.scenario !== 'amdahl') (walls[request.mode] ??= []).push(output.result.wall_ms);
          return output;
        };
        await runComparison(
          engine,
          cpuBound,
          c,
          undefined,
          new AbortController().signal,
          () => {},
          () => {},
        );

        const round = flavour === 'threads' ? [...modes, 'ceiling'] : modes;
        expect(order).toEqual([...round, ...round, ...round]);
        for (const r of c.runs) {
          expect(r.status).toBe('done');
          const result = r.output!.result as Record<string, unknown> & { wall_ms: number };
          expect(result.rounds).toBe(3);
          const [low, high] = result.range_ms as [number, number];
          expect(low).toBeLessThanOrEqual(result.median_ms as number);
          expect(high).toBeGreaterThanOrEqual(result.median_ms as number);
          // The kept run (and the trace drawn) is the median round's.
          const sorted = [...walls[r.mode]].sort((a, b) => a - b);
          expect(walls[r.mode][(result.shown_round as number) - 1]).toBe(sorted[1]);
          expect(result.wall_ms).toBe(sorted[1]);
          expect(r.store.count).toBe(r.output!.spans.length);
          if (r.mode === cpuBound.baseline) {
            expect(result.speedup).toBeUndefined(); // 1.00× against itself would say nothing
            expect(result.speedup_range).toBeUndefined();
          } else {
            const [slow, fast] = result.speedup_range as [number, number];
            expect(slow).toBeLessThanOrEqual(result.speedup as number);
            expect(fast).toBeGreaterThanOrEqual(result.speedup as number);
          }
          if (flavour === 'threads' && r.mode === 'threads') {
            expect(result.ceiling).toBeGreaterThan(0); // measured: its size depends on how busy the machine is
            expect((result.ceiling_range as number[])[0]).toBeLessThanOrEqual(result.ceiling as number);
          } else {
            expect(result.ceiling).toBeUndefined();
          }
        }
      } finally {
        engine.dispose();
      }
    });

    test('the ceiling is measured beside CPU-bound parallel speed-ups only, where the build has threads', async () => {
      const engine = await createEngine(flavour);
      try {
        const ceiling = engine.ceilingRequest(cpuBound, ['serial', 'threads'], 2);
        if (flavour === 'single') expect(ceiling).toBeUndefined();
        else expect(ceiling).toMatchObject({ scenario: 'amdahl', threads: 2, params: { serial_fraction: 0 } });
        expect(engine.ceilingRequest(cpuBound, ['serial', 'coroutines'], 2)).toBeUndefined();
        // Threads that overlap waits are bounded by the waits, not the cores.
        expect(engine.ceilingRequest(scenario('sleep'), ['serial', 'threads'], 2)).toBeUndefined();
      } finally {
        engine.dispose();
      }
    });

    test('the engine says in words when the rounds are too far apart to trust, naming the threshold', async () => {
      const engine = await createEngine(flavour);
      try {
        const wide = engine.roundsSummary(
          cpuBound,
          [
            { mode: 'serial', round: 1, wall_ms: 100 },
            { mode: 'serial', round: 2, wall_ms: 200 },
            { mode: 'serial', round: 3, wall_ms: 105 },
            { mode: 'coroutines', round: 1, wall_ms: 100 },
            { mode: 'coroutines', round: 2, wall_ms: 101 },
            { mode: 'coroutines', round: 3, wall_ms: 180 },
          ],
          [],
        );
        expect(wide.modes[0]).toMatchObject({
          mode: 'serial',
          shown_round: 3,
          fields: { rounds: 3, shown_round: 3, median_ms: 105, wall_ms: 105, range_ms: [100, 200] },
        });
        expect(wide.modes[0].fields.spread_note).toMatch(/times 95 % apart \(more than 25 % of the median\): too wide to trust/);
        // The page says it once, naming every mode it concerns.
        expect(wide.spread_note).toBe(
          'The rounds of serial and coroutines varied by more than 25 % of their median (serial: times 95 %; coroutines: times 79 % and speed-ups 140 %): too wide to trust; run again, with more rounds or on a quieter machine.',
        );
        const close = engine.roundsSummary(
          cpuBound,
          [
            { mode: 'serial', round: 1, wall_ms: 100 },
            { mode: 'serial', round: 2, wall_ms: 104 },
          ],
          [],
        );
        expect(close.modes[0].fields.spread_note).toBeUndefined();
        expect(close.spread_note).toBeUndefined();
        // One round: nothing to range over, only a speed-up where there is one (the baseline has none).
        const one = engine.roundsSummary(
          cpuBound,
          [
            { mode: 'serial', round: 1, wall_ms: 100 },
            { mode: 'threads', round: 1, wall_ms: 50 },
          ],
          [],
        );
        expect(one.modes.map((m) => m.fields)).toEqual([{}, { speedup: 2 }]);
      } finally {
        engine.dispose();
      }
    });
  });
}
