// The stress matrix's browser subset (issue 19): each lesson's heaviest case
// (tests/node/stress-cases.ts, the same cases the Node matrix runs), every
// mode, set through the page's URL in Chromium's threads build. Each mode
// ends, within a bounded time, with a result row or a clear refusal; never an
// engine fault or a page stuck on "Running…"; and the same page runs the
// lesson again afterwards.
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { scenarios } from '../node/helpers';
import { heaviestCase } from '../node/stress-cases';
import { type Server, type Watched, closeFileSession, expectHealthyPage, goto, launch, openPage, results, runAndWait, startServer, waitReady } from './helpers';

let server: Server;
let browser: Browser;
let w: Watched;
beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});
afterAll(() => closeFileSession({ server, browser }));
// A page of its own for each lesson, so that one lesson's findings are its own.
beforeEach(async () => {
  w = await openPage(browser);
});
afterEach(() => w?.context.close());

/** The longest a lesson's run of every mode may take before it counts as a hang. */
const RUN_LIMIT_MS = 90_000;

/** Each mode's outcome: "ran", or the message the page gave for it. */
async function outcomes(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const row of await results(w.page)) found.set(row.mode, 'ran');
  for (const text of await w.page.locator('.results p.error').allInnerTexts()) {
    const m = /^([\w+-]+(?:, [\w+-]+)*): (.+)$/s.exec(text.trim());
    if (m) for (const mode of m[1].split(', ')) found.set(mode, m[2]);
  }
  return found;
}

test.each(scenarios().map((s) => [s.id, s] as const))(
  '%s: its heaviest case ends in every mode with a result or a clear refusal, and runs again',
  async (_, scenario) => {
    const c = heaviestCase(scenario);
    const query = new URLSearchParams({ scenario: scenario.id, modes: scenario.modes.map((m) => m.id).join(','), threads: String(c.threads) });
    for (const [name, value] of Object.entries(c.params)) query.set(name, String(value === true ? 1 : value === false ? 0 : value));
    if (c.data !== undefined) query.set('data', scenario.data![c.data].split('/').pop()!);
    await goto(w, `${server.url}index.html?${query}`);
    await waitReady(w.page);
    // The page took every setting (a refused URL value is said in a note).
    expect(await w.page.locator('.note').allInnerTexts(), 'notes about the URL').not.toContainEqual(expect.stringMatching(/is not|must be|out of range/));
    for (const round of [1, 2]) {
      const ms = await runAndWait(w.page, /^Run /, RUN_LIMIT_MS);
      const found = await outcomes();
      console.log(`${scenario.id}, ${c.name}, run ${round} (${Math.round(ms)} ms): ${JSON.stringify(Object.fromEntries(found))}`);
      // A mode that runs natively only is left out by the page (its checkbox says why).
      for (const mode of scenario.modes.filter((m) => m.native_only)) expect(found.get(mode.id), `${mode.id} runs natively only`).toBeUndefined();
      for (const mode of scenario.modes.filter((m) => !m.native_only)) {
        const outcome = found.get(mode.id);
        expect(outcome, `${mode.id}: no result and no message`).toBeDefined();
        if (outcome !== 'ran') {
          expect(outcome, mode.id).not.toMatch(/engine stopped|Aborted|internal|RuntimeError|undefined/i);
          expect(outcome!.length, mode.id).toBeGreaterThan(10);
        }
      }
    }
    await expectHealthyPage(w, [server.url]);
  },
);
