// The stress matrix (issue 19) in both WebAssembly builds: each case
// (tests/node/stress-cases.ts) must end within a bounded time with a result or
// a clear refusal (a run_error naming what is wrong), never an engine fault, a
// hang or a dead engine; after each lesson the same engine runs again.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, type Engine } from '../../web/src/engine/index';
import { EngineError } from '../../web/src/engine/session.js';
import type { RunRequest } from '../../web/src/engine/types';
import { NATIVE_ONLY, scenarios } from './helpers';
import { CORES, MINIMUM, cases } from './stress-cases';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 180_000 });

/** The longest one case may take before it counts as a hang. */
const CASE_LIMIT_MS = 30_000;

/** Runs `request`, failing the test if it does not end within CASE_LIMIT_MS. */
async function bounded(engine: Engine, request: RunRequest): Promise<{ ok: true } | { ok: false; error: unknown }> {
  const stop = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stop.abort();
      reject(new Error(`did not end within ${CASE_LIMIT_MS / 1000} s`));
    }, CASE_LIMIT_MS);
  });
  try {
    return await Promise.race([engine.run(request, { signal: stop.signal }).then(() => ({ ok: true as const })), hang]);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('did not end')) throw error;
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}

describe.each(['threads', 'single'] as const)('the stress matrix in the %s build', (flavour) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(flavour, { cores: CORES });
  }, 120_000);
  afterAll(() => engine?.dispose());

  test.each(scenarios().map((s) => [s.id, s] as const))('%s: every mode at its extremes ends with a result or a clear refusal', async (_, scenario) => {
    const outcomes: string[] = [];
    for (const mode of scenario.modes) {
      for (const c of cases(scenario)) {
        const request: RunRequest = { scenario: scenario.id, mode: mode.id, threads: c.threads, gil: false, params: c.params, inputCsv: c.inputCsv };
        const started = performance.now();
        const outcome = await bounded(engine, request);
        const where = `${mode.id}, ${c.name}`;
        const refused = (flavour === 'single' && mode.needs_threads) || NATIVE_ONLY.has(`${scenario.id}/${mode.id}`);
        if (c.name === MINIMUM && !refused) expect(outcome, `${where} must run`).toEqual({ ok: true });
        if (!outcome.ok) {
          // A refusal says what is wrong; anything else (a fault, an internal error) fails here.
          expect(outcome.error, where).toBeInstanceOf(EngineError);
          expect((outcome.error as EngineError).kind, `${where}: ${(outcome.error as Error).message}`).toBe('run_error');
          expect((outcome.error as Error).message.length, where).toBeGreaterThan(10);
        }
        outcomes.push(`${where}: ${outcome.ok ? 'ran' : (outcome.error as Error).message} (${Math.round(performance.now() - started)} ms)`);
      }
    }
    // The engine is used again afterwards: a quick run of the lesson's first mode this build has works.
    const mode = scenario.modes.find((m) => flavour === 'threads' || !m.needs_threads);
    const params = mode ? cases(scenario)[0].params : { time_scale: 0.01 };
    const again = await engine.run({ scenario: mode ? scenario.id : 'sleep', mode: mode?.id ?? 'coroutines', threads: 1, gil: false, params });
    expect(again.result.mode).toBe(mode?.id ?? 'coroutines');
    console.log(`${flavour} ${scenario.id}:\n  ${outcomes.join('\n  ')}`);
  });
});
