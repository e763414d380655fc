// Both WebAssembly builds, loaded in Node through the engine API, run every
// scenario in every mode (delays scaled down).
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine, type RunOutput } from '../../web/src/engine/index';
import { EngineError } from '../../web/src/engine/session.js';
import { unlabelledFields } from '../../web/src/results/summary';
import { NATIVE_ONLY, type ScenarioFile, dataFile, quickParams, scenarios } from './helpers';

// Runs take a while on a busy 2-core machine (whichever config runs this file).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

const all = scenarios();

function checkOutput(output: RunOutput, scenario: ScenarioFile, mode: string) {
  expect(output.result.mode).toBe(mode);
  expect(output.result.wall_ms).toBeGreaterThan(0);
  expect(typeof output.result.threads).toBe('number');
  expect(typeof output.result.gil).toBe('boolean');
  expect(output.lanes.length).toBeGreaterThan(0);
  expect(output.spans.length).toBeGreaterThan(0);
  const laneIds = new Set(output.lanes.map((lane) => lane.id));
  for (const span of output.spans) {
    expect(laneIds.has(span.lane)).toBe(true);
    expect(span.end_us).toBeGreaterThanOrEqual(span.start_us);
  }
  // The details column names every result field as the lesson does (issue 14, item 8).
  expect(unlabelledFields(output.result, Object.keys(scenario.parameters))).toEqual([]);
  if (scenario.id === 'distance-matrix') {
    expect(output.result.pairs).toBe(10);
    expect(output.outputCsv?.trimEnd().split('\n')).toHaveLength(11);
  }
}

describe.each(['threads', 'single'] as const)('the %s build', (flavour) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(flavour);
  }, 120_000);
  afterAll(() => engine?.dispose());

  test('loads and says which build it is', () => {
    expect(engine.flavour).toBe(flavour);
    expect(engine.cores).toBeGreaterThan(0);
  });

  for (const scenario of all) {
    for (const { id: mode, needs_threads } of scenario.modes) {
      // Modes that need real threads: the single build refuses them.
      const refused = flavour === 'single' && needs_threads === true;
      const nativeOnly = NATIVE_ONLY.has(`${scenario.id}/${mode}`);
      test(`${scenario.id} runs in mode ${mode}${refused ? ' (refused: needs threads)' : nativeOnly ? ' (refused: native only)' : ''}`, async () => {
        const request = {
          scenario: scenario.id,
          mode,
          threads: Math.min(scenario.threads.default, 4),
          gil: false,
          params: quickParams[scenario.id] ?? {},
          inputCsv: dataFile(scenario),
        };
        if (nativeOnly) {
          await expect(engine.run(request)).rejects.toThrow(/runs natively only/);
          return;
        }
        if (refused) {
          const error = await engine.run(request).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(EngineError);
          expect((error as Error).message).toMatch(/thread/i);
          return;
        }
        const progress: number[] = [];
        const output = await engine.run(request, { onProgress: (p) => progress.push(p.fraction) });
        checkOutput(output, scenario, mode);
        for (const fraction of progress) expect(fraction).toBeGreaterThanOrEqual(0);
        const trace = JSON.parse(engine.exportTrace(output));
        expect(trace.traceEvents.filter((e: { ph: string }) => e.ph === 'X')).toHaveLength(output.spans.length);
      });
    }
  }
});
