// The server-load lesson in the browser (threads build): sync rejects
// I/O-heavy load that coroutines serve, the details say so in words, the
// backlog, each arrival and each rejection are drawn on the timeline, a
// worker process's lane shows its requests' CPU and database waits, and
// the load sweep charts response time against offered load next to the model.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STATE_COLOURS } from '../../web/src/timeline/states';
import { pixelsOfColour } from './engines/page';
import { type FileSession, closeFileSession, expectHealthyPage, goto, openFileSession, results, runAndWait, waitReady } from './helpers';

let session: FileSession;

beforeAll(async () => {
  session = await openFileSession();
});

afterAll(async () => closeFileSession(session ?? {}));

const IO_HEAVY = 'rate_per_s=60&duration_s=1.5&backlog=10&cpu_ms=1&io_ms=40&seed=2';

describe('server load in Chromium', () => {
  test('sync rejects what coroutines serve; the backlog and its rejections are drawn', async () => {
    const { w, server } = session;
    await goto(w, `${server.url}index.html?scenario=server-load&modes=sync,coroutines&${IO_HEAVY}`);
    await waitReady(w.page);
    await runAndWait(w.page, /^Run/);
    const rows = Object.fromEntries((await results(w.page)).map((r) => [r.mode, r]));
    console.log(`server-load rows: ${JSON.stringify(rows)}`);
    const rejected = (details: string) => Number(/rejected \(503\) (\d+)/.exec(details)?.[1]);
    expect(rejected(rows.sync.details)).toBeGreaterThan(0);
    expect(rejected(rows.coroutines.details)).toBe(0);
    // One server past its capacity: the model says so instead of predicting a response time.
    expect(rows.sync.details).toMatch(/M\/M\/c for 1 × server, capacity [\d.]+\/s: overloaded \(offered \d+ % of it\), the backlog grows/);

    await w.page.waitForTimeout(200); // the canvas redraws on the next animation frame
    const queued = await w.page.evaluate(pixelsOfColour, STATE_COLOURS.blocked_on_queue);
    expect(queued).toBeGreaterThan(200);
    // Each arrival is a mark on the arrivals lane; sync's rejections are marks of their own colour.
    expect(await w.page.evaluate(pixelsOfColour, STATE_COLOURS.arrived)).toBeGreaterThan(10);
    expect(await w.page.evaluate(pixelsOfColour, STATE_COLOURS.rejected)).toBeGreaterThan(10);
    await expectHealthyPage(w, [server.url]);
  });

  test("processes: a worker process's lane shows its CPU steps running and its database waits waiting, not running throughout", async () => {
    const { w, server } = session;
    await goto(w, `${server.url}index.html?scenario=server-load&modes=processes&threads=2&duration_s=0.5`);
    await waitReady(w.page);
    await runAndWait(w.page, /^Run/);
    await w.page.waitForTimeout(200); // the canvas redraws on the next animation frame
    // Only the worker processes' lanes run or wait on I/O (the parent's lane waits for them, idle):
    // 5 ms of CPU against 50 ms of database per request.
    const running = await w.page.evaluate(pixelsOfColour, STATE_COLOURS.running);
    const waiting = await w.page.evaluate(pixelsOfColour, STATE_COLOURS.waiting_on_io);
    console.log(`server-load processes lanes: ${running} running pixels, ${waiting} waiting`);
    expect(running).toBeGreaterThan(0);
    expect(waiting).toBeGreaterThan(2 * running);
    await expectHealthyPage(w, [server.url]);
  });

  test('the load sweep charts response time against offered load beside the model', async () => {
    const { w, server } = session;
    await goto(w, `${server.url}index.html?scenario=server-load&modes=sync&${IO_HEAVY}&duration_s=1`);
    await waitReady(w.page);
    const sweep = w.page.locator('section.sweep');
    await sweep.locator('select').selectOption('sync');
    await sweep.getByRole('button', { name: 'Run sweep' }).click();
    await sweep.locator('tbody tr').nth(6).waitFor({ timeout: 120_000 });
    await sweep.getByRole('button', { name: 'Run sweep' }).waitFor({ timeout: 30_000 });
    expect(await sweep.locator('tbody tr').count()).toBe(7);
    expect(await sweep.locator('svg circle').count()).toBe(7);
    expect(await sweep.locator('svg path.amdahl').count()).toBe(1);
    expect(await sweep.innerText()).toContain("the model's capacity");
    await expectHealthyPage(w, [server.url]);
  });
});
