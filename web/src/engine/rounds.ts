// The engine's numbers for a comparison's rounds (wasm/run/rounds.hpp through
// Module.roundsSummary): median, range, same-round speed-ups, the machine's
// ceiling and the spread warning are made there once, for the CLIs and the
// page alike. Both calls are pure and quick (no run, no spans).
import type { EngineModule } from './embind';
import type { RunRequest, Scenario } from './types';

/** The fields a mode's rounds add to its result (wasm/run/rounds.cpp ModeRounds::fields):
 *  with one round only its speed-up; with more, wall_ms becomes the median. */
export interface RoundsFields {
  speedup?: number;
  rounds?: number;
  /** The median round (from 1): the run shown and drawn. */
  shown_round?: number;
  wall_ms?: number;
  median_ms?: number;
  range_ms?: [number, number];
  speedup_range?: [number, number];
  /** The machine's ceiling: perfectly parallel work on the same threads, in the same rounds. */
  ceiling?: number;
  ceiling_range?: [number, number];
  /** In words, when this mode's rounds are too far apart to trust (the page says it once for all: RoundsSummary). */
  spread_note?: string;
}

/** One mode's rounds, as the engine summarises them. */
export interface ModeRounds {
  mode: string;
  /** The round whose run is kept (its median round; 1 with one round). */
  shown_round: number;
  fields: RoundsFields;
}

/** What a comparison's rounds say: each mode's numbers, and the modes whose rounds are too far
 *  apart to trust, said once in one sentence (absent when every mode's rounds are close). */
export interface RoundsSummary {
  modes: ModeRounds[];
  spread_note?: string;
}

/** A measured run of a mode in a round (rounds count from 1). */
export interface RoundRun {
  mode: string;
  round: number;
  wall_ms: number;
}

function answer<T>(text: string): T {
  const parsed = JSON.parse(text);
  if (parsed.error) throw new Error(parsed.error.message);
  return parsed as T;
}

export function roundsSummary(module: Pick<EngineModule, 'roundsSummary'>, scenario: Scenario, runs: RoundRun[], ceilings: number[]): RoundsSummary {
  return answer<RoundsSummary>(module.roundsSummary(JSON.stringify({ scenario_json: scenario, scenario_source: scenario.id, runs, ceilings })));
}

/** The run that measures the machine's ceiling on `threads` threads (the Amdahl lesson with no
 *  serial part), or undefined when `modes` claim no parallel speed-up. */
export function ceilingRequest(module: Pick<EngineModule, 'ceilingRequest'>, scenario: Scenario, modes: string[], threads: number): RunRequest | undefined {
  const text = module.ceilingRequest(JSON.stringify({ scenario_json: scenario, scenario_source: scenario.id, modes, threads }));
  return text === 'null' ? undefined : answer<RunRequest>(text);
}
