// Soak: 50 run/cancel cycles in one page (thread, pool, coroutine and processes
// modes of the distance matrix, cancelled at varying points), then a 51st run
// that must finish with correct distances. Live workers must not grow, and the
// wasm heap and the JS heap must come back to a stable level.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { type Server, type Watched, closeFileSession, expectHealthyPage, goto, openFileSession, results, root, runAndWait, waitReady } from './helpers';

let server: Server;
let browser: Browser;
let w: Watched;
beforeAll(async () => ({ server, browser, w } = await openFileSession()));
afterAll(() => closeFileSession({ server, browser }));

interface Sample {
  liveWorkers: number;
  workersMade: number;
  wasmHeap: number;
  jsHeap: number;
  playwrightWorkers: number;
}

async function sample(): Promise<Sample> {
  await w.page.waitForTimeout(300); // let terminated workers and freed objects go
  const inPage = await w.page.evaluate(() => {
    (globalThis as unknown as { gc?: () => void }).gc?.();
    const s = (window as unknown as { __e2e: { liveWorkers: Set<Worker>; workersMade: number; memories: WebAssembly.Memory[] } }).__e2e;
    const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    return {
      liveWorkers: s.liveWorkers.size,
      workersMade: s.workersMade,
      wasmHeap: s.memories.reduce((sum, m) => sum + m.buffer.byteLength, 0),
      jsHeap: memory?.usedJSHeapSize ?? 0,
    };
  });
  return { ...inPage, playwrightWorkers: w.page.workers().length };
}

const haversine = (a: [number, number], b: [number, number]) => {
  const rad = Math.PI / 180;
  const dlat = (b[0] - a[0]) * rad;
  const dlon = (b[1] - a[1]) * rad;
  const h = Math.sin(dlat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dlon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
};

test('50 run/cancel cycles leave no workers or memory behind; the 51st run is correct', async () => {
  await goto(
    w,
    `${server.url}index.html?scenario=distance-matrix&threads=2&modes=threads,pool,coroutines,processes&read_delay_ms=20&write_delay_ms=2&data=five_locations.csv`,
  );
  await waitReady(w.page);
  const run = w.page.locator('.run-bar button.primary');
  const cancel = w.page.locator('.run-bar').getByRole('button', { name: 'Cancel' });
  const samples: Sample[] = [await sample()];
  let cancelledRuns = 0;
  for (let cycle = 1; cycle <= 50; cycle++) {
    const clicked = await w.page.evaluate(() => performance.now());
    await run.click();
    await cancel.waitFor({ state: 'visible' });
    await w.page
      .waitForFunction(() => ![...document.querySelectorAll<HTMLButtonElement>('.run-bar button')].find((b) => b.textContent === 'Cancel')!.disabled, null, {
        timeout: 30_000,
        polling: 10,
      })
      .catch(() => undefined); // a run can end before we see it start
    // Cancel at a different point each time: at once, mid-read, mid-compute, late.
    await w.page.waitForTimeout([0, 40, 120, 300, 600][cycle % 5]);
    // Checked and clicked in one step in the page: the run may end at any moment.
    const clickedCancel = await w.page.evaluate(() => {
      const button = [...document.querySelectorAll<HTMLButtonElement>('.run-bar button')].find((b) => b.textContent === 'Cancel')!;
      if (button.disabled) return false;
      button.click();
      return true;
    });
    if (clickedCancel) cancelledRuns++;
    await w.page.locator('.run-bar button.primary:not([disabled])').waitFor({ timeout: 30_000 });
    // Each cycle is a demo run for the long-task check.
    await w.page.evaluate((t0) => (window as unknown as { __e2e: { demos: [number, number][] } }).__e2e.demos.push([t0, performance.now()]), clicked);
    if (cycle === 10 || cycle === 30 || cycle === 50) samples.push(await sample());
  }
  console.log(`soak: ${cancelledRuns} of 50 runs cancelled; samples (start, 10, 30, 50): ${JSON.stringify(samples)}`);
  const [start, at10, , at50] = samples;
  // Workers: the pthread pool is made once; processes workers end with their run.
  expect(at50.liveWorkers).toBeLessThanOrEqual(at10.liveWorkers);
  expect(at50.liveWorkers).toBeLessThanOrEqual(start.liveWorkers + 1); // + the single build's worker kept ready, if any
  expect(at50.playwrightWorkers).toBeLessThanOrEqual(Math.max(at10.playwrightWorkers, start.playwrightWorkers + 1));
  expect(at50.workersMade).toBeGreaterThan(start.workersMade); // processes runs did start workers
  // The wasm heap may grow once to its working size, then stays there.
  expect(at50.wasmHeap).toBeGreaterThan(0);
  expect(at50.wasmHeap).toBeLessThanOrEqual(at10.wasmHeap);
  // The JS heap, after a full GC: no steady growth from cycle 10 to 50.
  if (at50.jsHeap > 0) expect(at50.jsHeap - at10.jsHeap).toBeLessThan(8 * 1024 * 1024);

  // Run 51, to the end, with the output checked against haversine computed here.
  await runAndWait(w.page);
  const rows = await results(w.page);
  expect(rows.map((r) => r.mode)).toEqual(['threads', 'pool', 'coroutines', 'processes']);
  for (const r of rows) expect(r.details).toContain('pairs 10');
  const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.getByRole('button', { name: 'Download output CSV' }).click()]);
  const output = Buffer.concat(await (await download.createReadStream()).toArray())
    .toString('utf8')
    .trim()
    .split('\n');
  const locations = new Map(
    readFileSync(`${root}/scenarios/data/five_locations.csv`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','))
      .map(([name, lat, lon]) => [name, [Number(lat), Number(lon)] as [number, number]]),
  );
  const rowsOut = output.filter((l) => !l.startsWith('origin,'));
  expect(rowsOut.length).toBe(10);
  for (const line of rowsOut) {
    const [a, b, d] = line.split(',');
    const expected = haversine(locations.get(a)!, locations.get(b)!);
    expect(Math.abs(Number(d) - expected) / expected, line).toBeLessThan(1e-12);
  }
  await expectHealthyPage(w, [server.url]);
});
