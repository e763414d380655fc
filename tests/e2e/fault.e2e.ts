// Heavy settings and engine faults never leave the page stuck (issue 19):
// producers and consumers that need more threads than the page can run are
// refused with the engine's message as the run's error, before anything
// starts; a run whose engine aborts (the test-only globalThis.playgroundTestFault,
// web/src/engine/session.js) fails with what happened, the engine is loaded
// again, and the next run works.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  type Server,
  type Watched,
  closeFileSession,
  cspProblems,
  expectHealthyPage,
  foreignRequests,
  goto,
  openFileSession,
  openPage,
  results,
  runAndWait,
  waitReady,
} from './helpers';

let server: Server;
let browser: Browser;
let w: Watched;
beforeAll(async () => ({ server, browser, w } = await openFileSession()));
afterAll(() => closeFileSession({ server, browser }));

/** The failed runs' messages under the results (other .results boxes may hold an empty error line). */
const problems = async (on: Watched = w) => (await on.page.locator('.results p.error').allInnerTexts()).filter((text) => text.trim() !== '');

describe('the page after heavy settings and engine faults', () => {
  test('16 + 16 producers and consumers as threads are refused with the sum and the limit', async () => {
    await goto(w, `${server.url}index.html?scenario=producer-consumer&modes=threads&producers=16&consumers=16&items=2&time_scale=0.01`);
    await waitReady(w.page);
    const limit = await w.page.evaluate(() => Math.min(16, 4 * navigator.hardwareConcurrency));
    await runAndWait(w.page);
    expect(await problems()).toEqual([
      `threads: producers (16) + consumers (16) = 32 threads at once, but this page can run at most ${limit} threads at once (4 per core, at most 16); lower producers or consumers`,
    ]);
    expect(await w.page.getByText(`This page runs at most ${limit} threads at once`).count()).toBe(1);
  });

  test('a run whose engine aborts fails with what happened, and the next run works', async () => {
    // A page of its own: loading the engine again after the fault instantiates a
    // new module on the page's thread, a long task as at page load (63 ms of wall
    // time seen on a loaded machine), and it falls inside the comparison that
    // goes on; the long-task rule is for runs, checked on the other page.
    const own = await openPage(browser);
    try {
      await goto(own, `${server.url}index.html?scenario=sleep&modes=serial,threads,coroutines&time_scale=0.05`);
      await waitReady(own.page);
      for (let round = 0; round < 2; round++) {
        await own.page.evaluate(() => {
          (globalThis as { playgroundTestFault?: string }).playgroundTestFault = 'abort';
        });
        await runAndWait(own.page, /^Run all/, 60_000);
        // The first mode's run faulted; the engine was loaded again for the modes after it.
        expect(await problems(own)).toEqual(['serial: the engine stopped (Aborted()): this run failed, and the engine is loaded again for the next one']);
        expect((await results(own.page)).map((r) => r.mode)).toEqual(['threads', 'coroutines']);
      }
      await runAndWait(own.page, /^Run all/, 60_000);
      expect(await problems(own)).toEqual([]);
      expect((await results(own.page)).map((r) => r.mode)).toEqual(['serial', 'threads', 'coroutines']);
      expect(await cspProblems(own), 'Content-Security-Policy violations').toEqual([]);
      expect(own.pageErrors, 'uncaught errors on the page').toEqual([]);
      expect(foreignRequests(own, [server.url]), 'requests to another origin').toEqual([]);
      expect(own.dialogs).toEqual([]);
    } finally {
      await own.context.close();
    }
  });

  test('the page stayed healthy throughout', async () => {
    await expectHealthyPage(w, [server.url]);
  });
});
