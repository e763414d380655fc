// What the scenario says of each of its modes (scenarios/*.json): their ids, which
// need real threads (the pthreads build, so cross-origin isolation), and which run
// each is compared with (none when it computes something else). Serial, coroutine and processes modes run in the single build too.
import type { ModeSpec, Scenario } from '../engine/types';

type Modes = Pick<Scenario, 'modes'>;

/** The scenario's mode ids, in the order a comparison runs them. */
export const modeIds = (scenario: Modes): string[] => scenario.modes.map((m) => m.id);

export const hasMode = (scenario: Modes, mode: string): boolean => scenario.modes.some((m) => m.id === mode);

const specOf = (scenario: Modes, mode: string): ModeSpec | undefined => scenario.modes.find((m) => m.id === mode);

/** Whether `mode` needs the pthreads build (its needs_threads; false for a mode the scenario lacks). */
export const needsThreads = (scenario: Modes, mode: string): boolean => specOf(scenario, mode)?.needs_threads === true;

/** Whether `mode`'s threads hold the simulated GIL when a run asks for it (its honours_gil; the engine runs others without). */
export const honoursGil = (scenario: Modes, mode: string): boolean => specOf(scenario, mode)?.honours_gil === true;

/** The modes that honour the GIL: the GIL switch means something only when there are some. */
export const gilModes = (scenario: Modes): string[] => scenario.modes.filter((m) => m.honours_gil === true).map((m) => m.id);

/** Why `mode` cannot run on this page, or undefined when it can: the scenario says it runs natively
 *  only (and why), or it needs threads and `threadsReason` says why this page has none. */
export const notOnThisPage = (scenario: Modes, mode: string, threadsReason: string | undefined): string | undefined => {
  const spec = specOf(scenario, mode);
  if (spec?.native_only) return `runs natively only (npm run cli): ${spec.native_only}`;
  return threadsReason !== undefined && spec?.needs_threads === true ? threadsReason : undefined;
};

/** The mode whose wall time `mode`'s speed-up is measured against: its compared_with, else the baseline;
 *  undefined when the scenario says it computes something else (not_compared). */
export const comparedWith = (scenario: Pick<Scenario, 'modes' | 'baseline' | 'not_compared'>, mode: string): string | undefined => {
  const spec = specOf(scenario, mode);
  return notCompared(scenario, mode) ? undefined : (spec?.compared_with ?? scenario.baseline);
};

/** A baseline's own speed-up, as its scenario declares it (own_speedup: the result field and what it is against). */
export const ownSpeedup = (scenario: Modes, mode: string): { field: string; against: string } | undefined => specOf(scenario, mode)?.own_speedup;

/** Why `mode` has no speed-up (its not_compared, or the scenario's for every mode not compared with another),
 *  or undefined when it has one (as wasm/run/scenario.cpp resolves it). */
export function notCompared(scenario: Modes & { not_compared?: string }, mode: string): string | undefined {
  const spec = specOf(scenario, mode);
  return spec?.not_compared ?? (spec?.compared_with === undefined ? scenario.not_compared : undefined);
}
