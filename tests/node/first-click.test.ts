// Issue 14, item 1: no measured run executes cold code. The engine runs each
// mode's warm-up (Lesson::warm_up_request) before measuring it, so the very
// first run of a fresh engine — the learner's first click — is close to the
// runs after it. Measured for every mode of the lessons whose numbers are the
// code's own speed (the distance matrix, the CPU-bound lesson, Amdahl, the
// event loop), each in a fresh engine of the threads build, on settings that
// make a run take tens of milliseconds.
import { describe, expect, test, vi } from 'vitest';
import { createEngine } from '../../web/src/engine/index';
import type { RunRequest } from '../../web/src/engine/types';
import { coreToSpare, processAtRest } from '../shared/machine';
import { randomLocationsCsv, scenarios } from './helpers';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

type Settings = Omit<RunRequest, 'scenario' | 'mode'>;

/** Each lesson's settings here: no simulated waits, and enough work to time. */
const SETTINGS: Record<string, Settings> = {
  'distance-matrix': { threads: 2, gil: false, params: { read_delay_ms: 0, write_delay_ms: 0 }, inputCsv: randomLocationsCsv(1000, 3) },
  'cpu-bound': { threads: 2, gil: false, params: { jobs: 4, work_ms: 10, fib_n: 27 } },
  amdahl: { threads: 2, gil: false, params: { work_ms: 40 } },
  'event-loop': { threads: 1, gil: false, params: { actions: 500_000 } },
};

/** wall_ms of a fresh engine's first run of the mode, and the median of the 5 runs after it. */
async function firstAndLater(scenario: string, mode: string): Promise<{ first: number; later: number }> {
  const engine = await createEngine('threads');
  try {
    await processAtRest();
    const request: RunRequest = { scenario, mode, ...SETTINGS[scenario] };
    const first = (await engine.run(request)).result.wall_ms;
    const later: number[] = [];
    for (let i = 0; i < 5; i++) later.push((await engine.run(request)).result.wall_ms);
    return { first, later: median(later) };
  } finally {
    engine.dispose();
  }
}

// The target is 1.15×, which `npm run bench` reports; the bound here is generous for a machine shared
// with other builds (before the warm-up the first serial run of the distance matrix took 3-4× the later ones),
// with 2 ms for the clock and the scheduler on the shortest runs. When every core is busy, a miss is a skip
// (as in notice.test.ts): the engine compiles its optimised code on background threads, which then wait.
const BOUND = 1.5;
const SLACK_MS = 2;
const busy = () => !coreToSpare();

describe('the first click', () => {
  for (const [scenario] of Object.entries(SETTINGS)) {
    const modes = scenarios()
      .find((s) => s.id === scenario)!
      .modes.map((m) => m.id);
    for (const mode of modes) {
      test(`${scenario} ${mode}: the first measured run is within ${BOUND}× of the median of later runs`, async ({ skip }) => {
        let last = '';
        for (let attempt = 0; attempt < 3; attempt++) {
          const { first, later } = await firstAndLater(scenario, mode);
          const ratio = first / later;
          console.log(`${scenario} ${mode}: first run ${first.toFixed(2)} ms, later median ${later.toFixed(2)} ms, ratio ${ratio.toFixed(2)}`);
          if (first <= later * BOUND + SLACK_MS) return;
          last = `first ${first.toFixed(2)} ms against a later median of ${later.toFixed(2)} ms (${ratio.toFixed(2)}×)`;
        }
        if (busy()) skip(`every core is busy, and after 3 fresh engines: ${last}`);
        expect.fail(`after 3 fresh engines: ${last}`);
      });
    }
  }
});
