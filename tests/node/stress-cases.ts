// The stress matrix's cases (issue 19), read from the scenario files: every
// lesson × every mode at the extremes of its parameters. Run in both
// WebAssembly builds in Node (tests/node/stress.test.ts) and, a subset, in the
// browser (tests/e2e/stress.e2e.ts).
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
import { maxRunThreads } from '../../web/src/engine/index';
import { type ScenarioFile, dataFile } from './helpers';

/** The cores the page's thread limit is computed for (this machine's). */
export const CORES = 2;

/** Each lesson's heaviest run: the most threads, items or requests its
 *  parameters allow, with no simulated delays. */
export const HEAVIEST: Record<string, { params: Record<string, number>; data?: number }> = {
  'producer-consumer': { params: { producers: 16, consumers: 16, items: 10_000, queue_size: 1000, min_delay_ms: 0, max_delay_ms: 0, process_ms: 0 } },
  'io-requests': { params: { requests: 200, latency_ms: 1, jitter_ms: 0 } },
  'cpu-bound': { params: { jobs: 256, work_ms: 1 } }, // fib_n's maximum alone takes 8-10 s in recursive-coroutines
  'distance-matrix': { params: { read_delay_ms: 0, write_delay_ms: 0 }, data: 1 }, // 250 cities, 31 125 pairs
};

export const MINIMUM = 'every parameter at its minimum';

export interface Case {
  name: string;
  threads: number;
  params: Record<string, number | boolean>;
  /** The scenario's data file the case reads (its index in the scenario's data), and its text. */
  data?: number;
  inputCsv?: string;
}

export function cases(scenario: ScenarioFile): Case[] {
  const minimum: Record<string, number | boolean> = {};
  for (const [name, spec] of Object.entries(scenario.parameters)) minimum[name] = spec.min ?? spec.default;
  const at = (name: string, threads: number, params: Record<string, number | boolean>, data = scenario.data ? 0 : undefined): Case => ({
    name,
    threads,
    params,
    data,
    inputCsv: data === undefined ? undefined : dataFile(scenario, data),
  });
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
    list.push(at('the heaviest combination', limit, { ...minimum, ...heaviest.params }, heaviest.data ?? (scenario.data ? 0 : undefined)));
  }
  return list;
}

/** The heaviest case of a lesson: its HEAVIEST combination, or else its threads at the page's limit. */
export function heaviestCase(scenario: ScenarioFile): Case {
  const all = cases(scenario);
  return all.find((c) => c.name === 'the heaviest combination') ?? all.find((c) => c.name.startsWith("threads at the page's limit")) ?? all[0];
}
