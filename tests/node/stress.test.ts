// The stress matrix (issue 19): every lesson × every mode at the extremes of
// its parameters, read from the scenario files, in both WebAssembly builds.
// Each run must end within a bounded time with a result or a clear refusal
// (a run_error naming what is wrong), never an engine fault, a hang or a
// dead engine; after each lesson the same engine runs again.
//
// The cases of a mode: every parameter at its minimum; each parameter at its
// maximum with the others at their minimum; the thread count at the
// scenario's maximum (more than the page allows: refused in the threads
// build) and at the page's limit; and each lesson's heaviest combination
// (HEAVIEST below). time_scale stays at its minimum unless it is the
// parameter at its maximum, so that a simulated delay at its maximum lasts
// 1/100 of it: no case takes minutes. Scaled this way: every *_ms parameter.
// Not run at their maximum, because they take minutes whatever the scale:
// none (event-loop's 100 000 000 actions is the longest case, seconds).
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createEngine, maxRunThreads, type Engine } from '../../web/src/engine/index';
import { EngineError } from '../../web/src/engine/session.js';
import type { RunRequest } from '../../web/src/engine/types';
import { NATIVE_ONLY, type ScenarioFile, dataFile, scenarios } from './helpers';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 180_000 });

/** The longest one case may take before it counts as a hang. */
const CASE_LIMIT_MS = 30_000;
const CORES = 2;

/** Each lesson's heaviest run: the most threads, items or requests its
 *  parameters allow, with no simulated delays. */
const HEAVIEST: Record<string, { params: Record<string, number>; data?: number }> = {
  'producer-consumer': { params: { producers: 16, consumers: 16, items: 10_000, queue_size: 1000, min_delay_ms: 0, max_delay_ms: 0, process_ms: 0 } },
  'io-requests': { params: { requests: 200, latency_ms: 1, jitter_ms: 0 } },
  'cpu-bound': { params: { jobs: 256, work_ms: 1 } }, // fib_n's maximum alone takes 8-10 s in recursive-coroutines
  'distance-matrix': { params: { read_delay_ms: 0, write_delay_ms: 0 }, data: 1 }, // 250 cities, 31 125 pairs
};

const MINIMUM = 'every parameter at its minimum';

interface Case {
  name: string;
  threads: number;
  params: Record<string, number | boolean>;
  inputCsv?: string;
}

function cases(scenario: ScenarioFile): Case[] {
  const minimum: Record<string, number | boolean> = {};
  for (const [name, spec] of Object.entries(scenario.parameters)) minimum[name] = spec.min ?? spec.default;
  const input = dataFile(scenario);
  const at = (name: string, threads: number, params: Record<string, number | boolean>, inputCsv = input): Case => ({ name, threads, params, inputCsv });
  const list = [at(MINIMUM, scenario.threads.min, minimum)];
  for (const [name, spec] of Object.entries(scenario.parameters)) {
    if (spec.max !== undefined && spec.max !== spec.min)
      list.push(at(`${name} at its maximum ${spec.max}`, scenario.threads.min, { ...minimum, [name]: spec.max }));
  }
  list.push(at(`threads at the scenario's maximum ${scenario.threads.max}`, scenario.threads.max, minimum));
  const limit = Math.min(scenario.threads.max, maxRunThreads(CORES));
  if (limit !== scenario.threads.max) list.push(at(`threads at the page's limit ${limit}`, limit, minimum));
  const heaviest = HEAVIEST[scenario.id];
  if (heaviest) {
    const data = heaviest.data === undefined ? input : dataFile(scenario, heaviest.data);
    list.push(at('the heaviest combination', limit, { ...minimum, ...heaviest.params }, data));
  }
  return list;
}

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
