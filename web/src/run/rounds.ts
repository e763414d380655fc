// The round loop of the page and the wasm CLI, which run through the JS API
// (the native CLI's is wasm/run/rounds.cpp run_rounds, the same order): each
// mode once per round, interleaved — round 1 runs each mode in turn, then
// round 2… — so a slow spell of the machine falls on every mode alike; each
// round ends with the machine's ceiling when one is measured. The numbers are
// the engine's (Engine.roundsSummary).
import type { Scenario } from '../engine/types';

/** How many rounds a comparison asks for: its `rounds` parameter as given (a number, or text
 *  as typed on a command line, which the engine checks when the first run starts), else the
 *  scenario's default; one for lessons without it (they claim no speed-up). */
export function roundsOf(scenario: Pick<Scenario, 'parameters'>, params: Record<string, unknown>): number {
  const rounds = Number(params.rounds ?? scenario.parameters.rounds?.default ?? 1);
  return Number.isInteger(rounds) && rounds >= 1 ? rounds : 1;
}

/** Calls `measure(item, round, index)` for every item once per round, interleaved, and
 *  `ceiling()` (when given) after each round; returns the ceilings, one per round.
 *  Stops early when `stop()` says so (a cancelled comparison). */
export async function runRounds<T>(
  items: readonly T[],
  rounds: number,
  measure: (item: T, round: number, index: number) => Promise<void>,
  ceiling?: () => Promise<number>,
  stop: () => boolean = () => false,
): Promise<number[]> {
  const ceilings: number[] = [];
  for (let round = 1; round <= rounds && !stop(); round++) {
    for (let i = 0; i < items.length; i++) await measure(items[i], round, i);
    if (ceiling && !stop()) ceilings.push(await ceiling());
  }
  return ceilings;
}
