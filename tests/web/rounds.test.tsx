// The page's rounds (web/src/run/rounds.ts, comparison.ts): modes take turns
// round by round, the median round's run is kept with the engine's numbers,
// and a range too wide to trust is said in words beside the results.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { App } from '../../web/src/components/App';
import type { Scenario } from '../../web/src/engine/types';
import { newComparison, runComparison } from '../../web/src/run/comparison';
import { defaultExperiment } from '../../web/src/state/url';
import type { Environment } from '../../web/src/env/isolation';
import { sleep } from './fixtures';
import { testEngine } from './test-engine';

const withRounds: Scenario = {
  ...sleep,
  parameters: { ...sleep.parameters, rounds: { type: 'integer', default: 3, min: 1, max: 15, label: 'Rounds' } },
};
const isolated: Environment = { isolated: true, inIframe: false, cores: 2, serviceWorker: false, secure: true };

// The machine may be busy (engine builds run beside the tests): wait generously.
configure({ asyncUtilTimeout: 8000 });
afterEach(cleanup);

describe('rounds', () => {
  it('runs every mode once per round, taking turns, and keeps each mode’s median round with the engine’s numbers', async () => {
    const engine = testEngine({ serial: 1700, threads: 900 });
    const c = newComparison(defaultExperiment(withRounds, 2), ['serial', 'threads']);
    const rounds: (number | undefined)[] = [];
    const fractions: number[] = [];
    await runComparison(
      engine,
      withRounds,
      c,
      undefined,
      new AbortController().signal,
      () => rounds.push(c.round),
      (f) => fractions.push(f),
    );
    expect(engine.requests.map((r) => r.mode)).toEqual(['serial', 'threads', 'serial', 'threads', 'serial', 'threads']);
    expect(rounds).toContain(2);
    expect(rounds).toContain(3);
    expect(c.round).toBeUndefined();
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(c.runs.map((r) => r.status)).toEqual(['done', 'done']);
    const result = c.runs[1].output!.result;
    expect(result.rounds).toBe(3);
    expect(result.range_ms).toEqual([900, 900]);
    expect(result.speedup).toBeCloseTo(1700 / 900);
  });

  it('says so beside the results when the rounds are too far apart to trust, and shows the round while it runs', async () => {
    history.replaceState(null, '', '/?scenario=sleep&threads=2&modes=serial,threads');
    const note = 'The rounds of serial and threads varied by more than 25 % of their median (serial: times 30 %; threads: times 40 %): too wide to trust.';
    const engine = testEngine({ serial: 1700, threads: 900 }, { spreadNote: note });
    render(<App loadEngine={async () => engine} scenarios={[withRounds]} defaultScenarioId="sleep" env={isolated} />);
    const run = await screen.findByRole('button', { name: 'Run all 2 modes' });
    await waitFor(() => expect((run as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(run);
    await screen.findByText(/round \d of 3/);
    await screen.findByText('2 of 2 runs finished.');
    // Said once for every mode it concerns, not one line per mode.
    expect(screen.getByText(note).classList.contains('spread')).toBe(true);
    expect(document.querySelectorAll('.spread')).toHaveLength(1);
    const row = screen.getByRole('row', { name: /^threads/ });
    expect(row.textContent).toContain('rounds ranged 900 ms–900 ms');
    expect(row.textContent).toContain('1.89×');
  });
});
