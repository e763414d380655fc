// The thread-safety lesson in the browser (threads build): the deadlock mode
// shows its cycle in words in the results, the timeline draws the lock waits
// in their own colour, and the run after the deadlock works.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STATE_COLOURS } from '../../web/src/timeline/states';
import { pixelsOfColour } from './engines/page';
import { type FileSession, artifactPath, closeFileSession, expectHealthyPage, goto, openFileSession, results, runAndWait, waitReady } from './helpers';

let session: FileSession;

beforeAll(async () => {
  session = await openFileSession();
});

afterAll(async () => closeFileSession(session ?? {}));

const CYCLE = 'thread 1 holds account A and waits for account B; thread 2 holds account B and waits for account A';

/** Pixels of the timeline canvas painted in the colour of a state ("#rrggbb"). */
const pixelsOf = (colour: string): Promise<number> => session.w.page.evaluate(pixelsOfColour, colour);

describe('thread safety in Chromium', () => {
  test('deadlock: the cycle is named in the results, the lock waits are drawn, and ordered runs after it', async () => {
    const { w, server } = session;
    await goto(w, `${server.url}index.html?scenario=thread-safety&modes=deadlock,ordered`);
    await waitReady(w.page);
    await runAndWait(w.page, /^Run/);
    const rows = Object.fromEntries((await results(w.page)).map((r) => [r.mode, r]));
    console.log(`thread-safety rows: ${JSON.stringify(rows)}`);
    expect(rows.deadlock.details).toMatch(/deadlock detected after [\d.]+ ms/);
    expect(rows.deadlock.details).toContain(CYCLE);
    expect(rows.deadlock.details).toContain('transfers done 0');
    expect(rows.ordered.details).toContain('no deadlock');
    expect(rows.ordered.details).toContain('transfers done 10');
    // Deadlock ends by detection: a speed-up against ordered would mean nothing, and the cell says why.
    expect(rows.deadlock.speedup).toBe('—');
    expect(rows.deadlock.speedupTitle).toContain('detects the deadlock');

    await w.page.waitForTimeout(200); // the canvas redraws on the next animation frame
    const lockPixels = await pixelsOf(STATE_COLOURS.waiting_for_lock);
    console.log(`timeline pixels waiting for a lock: ${lockPixels}`);
    expect(lockPixels).toBeGreaterThan(200);
    expect(await w.page.locator('.legend').first().innerText()).toContain('waiting for a lock');
    await w.page.screenshot({ path: artifactPath('thread-safety-deadlock.png'), fullPage: true });
    await expectHealthyPage(w, [server.url]);
  });

  test('unsafe loses updates and lock does not, in the same page', async () => {
    const { w, server } = session;
    await goto(w, `${server.url}index.html?scenario=thread-safety&modes=unsafe,lock`);
    await waitReady(w.page);
    await runAndWait(w.page, /^Run/);
    const rows = Object.fromEntries((await results(w.page)).map((r) => [r.mode, r]));
    const lost = (details: string) => Number(/updates lost (\d+)/.exec(details)?.[1]);
    expect(lost(rows.unsafe.details)).toBeGreaterThan(0);
    expect(lost(rows.lock.details)).toBe(0);
    await expectHealthyPage(w, [server.url]);
  });
});
