// The built site in Debian's Firefox ESR, driven over WebDriver BiDi by
// puppeteer-core (Playwright's Firefox is a patched build of its own; no browser
// is downloaded), served like the Chromium tests (../server.mjs: the site's
// _headers, a strict CSP). A core set: cross-origin isolation and the threads
// build, the sleep lesson's story, the distance matrix with 1 and 2 threads, the
// timeline drawn, and the cpu-bound lesson's processes mode in 10 fresh page loads
// (it never finished in 2 of 6 loads before its children were started from the
// page: web/src/engine/worker-host.js), and a run whose engine aborts (the
// test-only fault switch) recovered from. Screenshots at 1280 and 360 px.
// E2E_SKIP_FIREFOX=1 skips this file (scripts/e2e.sh says so).
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CALIBRATION_QUERY, type Server, artifactPath, calibrationProblem, coreToSpare, startServer } from '../helpers';
import {
  clickRun,
  engineReady,
  environmentText,
  expectWholeRunsShown,
  parseRows,
  resultCells,
  runEnded,
  runProblems,
  statusText,
  timelinePixels,
  timelineView,
} from './page';
import { launchFirefox } from './firefox';
import { WHY_QUERY, checkWhyItWaited } from './why-it-waited';

const skip = process.env.E2E_SKIP_FIREFOX === '1';

let server: Server;
let browser: Browser;
let page: Page;
const errors: string[] = [];

/** A new tab whose uncaught errors land in `errors`. */
async function newPage(width = 1280): Promise<Page> {
  const p = await browser.newPage();
  await p.setViewport({ width, height: 900 });
  p.on('pageerror', (e) => errors.push(`${p.url()}: ${e instanceof Error ? e.message : String(e)}`));
  return p;
}

async function open(p: Page, query: string): Promise<void> {
  await p.goto(`${server.url}index.html?${query}`);
  await p.waitForFunction(engineReady, { timeout: 60_000, polling: 100 });
}

/** Runs the selected modes; fails with the page's status if they have not ended within `timeout`. */
async function run(p: Page, timeout = 60_000) {
  await p.evaluate(clickRun);
  try {
    await p.waitForFunction(runEnded, { timeout, polling: 50 });
  } catch {
    throw new Error(`the run did not end within ${timeout / 1000} s; the page says: ${await p.evaluate(statusText)}`);
  }
  return parseRows(await p.evaluate(resultCells));
}

beforeAll(async () => {
  if (skip) return;
  server = await startServer();
  browser = await launchFirefox();
  console.log(`Firefox: ${await browser.version()}`);
  page = await newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(skip)('Firefox ESR', () => {
  test('is cross-origin isolated and loads the threads build', async () => {
    await open(page, 'scenario=sleep&time_scale=0.25');
    const { env, isolated, sharedArrayBuffer } = await page.evaluate(environmentText);
    expect(isolated).toBe(true);
    expect(sharedArrayBuffer).toBe(true);
    expect(env).toContain('Cross-origin isolated: yes');
    expect(env).toContain('threads (WebAssembly pthreads)');
    expect(server.requests.some((r) => /\/engine\/playground-threads\b.*\.wasm$/.test(r.path))).toBe(true);
  });

  test('the sleep lesson at 1/4 time: serial adds the waits, threads and coroutines overlap them', async () => {
    const rows = Object.fromEntries((await run(page)).map((r) => [r.mode, r]));
    console.log(`Firefox, sleep lesson at 1/4 time (ms): ${JSON.stringify(Object.fromEntries(Object.entries(rows).map(([m, r]) => [m, r.wallMs])))}`);
    // Waits of 200 and 225 ms. A wait cannot end early (1 ms for the clock); the upper bounds leave room for a busy 2-core machine.
    expect(rows.serial.wallMs).toBeGreaterThanOrEqual(424);
    expect(rows.serial.wallMs).toBeLessThan(1_200);
    for (const mode of ['threads', 'coroutines']) {
      expect(rows[mode].wallMs).toBeGreaterThanOrEqual(224);
      expect(rows[mode].wallMs).toBeLessThan(rows.serial.wallMs * 0.8);
    }
    expect(rows['first-completed'].wallMs).toBeGreaterThanOrEqual(199);
    expect(rows['first-completed'].details).toContain('cancelled');
    expect(rows.threads.threads).toBe(2);
  });

  test.skipIf(!coreToSpare())('calibration: a job of work_ms 100 takes 100 ms ± 5 % (3 tries)', async () => {
    const p = await newPage();
    try {
      await open(p, CALIBRATION_QUERY);
      let problem = '';
      for (let attempt = 0; attempt < 3 && (attempt === 0 || problem); attempt++) {
        problem = calibrationProblem((await run(p))[0].details);
        console.log(`Firefox calibration, try ${attempt + 1}: ${problem || 'within ±5 %'}`);
      }
      expect(problem).toBe('');
    } finally {
      await p.close();
    }
  });

  test('the timeline canvas has drawn the spans', async () => {
    await new Promise((done) => setTimeout(done, 200)); // the canvas redraws on the next animation frame
    const pixels = await page.evaluate(timelinePixels);
    console.log(`Firefox, timeline pixels by state: ${JSON.stringify(pixels)}`);
    expect(pixels.waiting_on_io).toBeGreaterThan(500);
    expect(pixels.other).toBeGreaterThan(100);
  });

  test('screenshots at 1280 and 360 px; at 360 px the timeline shows the whole run and whole lane names', async () => {
    await page.screenshot({ path: artifactPath('firefox-1280.png'), fullPage: true });
    const narrow = await newPage(360);
    try {
      await open(narrow, 'scenario=sleep&time_scale=0.25');
      const rows = await run(narrow);
      await new Promise((done) => setTimeout(done, 200)); // the canvas redraws on the next animation frame
      expectWholeRunsShown(await narrow.evaluate(timelineView), rows);
      await narrow.screenshot({ path: artifactPath('firefox-360.png'), fullPage: true });
    } finally {
      await narrow.close();
    }
  });

  test("hovering a consumer's wait draws the arrow from the producer's put and names the producer and the item", async () => {
    await open(page, `${WHY_QUERY}&modes=threads`);
    await run(page);
    await checkWhyItWaited(
      <T>(fn: (...args: never[]) => T, ...args: unknown[]) => page.evaluate(fn as (...a: unknown[]) => T, ...args) as Promise<T>,
      'Firefox',
    );
  });

  test('the distance matrix with 1 and then 2 threads', async () => {
    const query = 'scenario=distance-matrix&modes=serial,pool&read_delay_ms=0&write_delay_ms=0&data=many_locations.csv';
    for (const threads of [1, 2]) {
      await open(page, `${query}&threads=${threads}`);
      const rows = await run(page);
      console.log(`Firefox, distance matrix, 250 locations, ${threads} thread(s) (ms): ${JSON.stringify(rows.map((r) => [r.mode, r.wallMs]))}`);
      // A mode without a row failed: the page's message says why.
      expect(
        rows.map((r) => r.mode),
        `${JSON.stringify(await page.evaluate(runProblems))} ${await page.evaluate(statusText)}`,
      ).toEqual(['serial', 'pool']);
      for (const r of rows) {
        expect(r.details).toContain('pairs 31125'); // 250 · 249 / 2
        expect(r.wallMs).toBeGreaterThan(0);
      }
      expect(rows.find((r) => r.mode === 'pool')!.threads).toBe(threads);
    }
  });

  test('the cpu-bound lesson’s processes mode finishes in each of 10 fresh page loads', async () => {
    const times: number[] = [];
    for (let load = 1; load <= 10; load++) {
      const fresh = await newPage();
      try {
        await open(fresh, 'scenario=cpu-bound&modes=processes&threads=4&time_scale=0.2');
        const started = Date.now();
        // Four workers of 50 ms of work each, and their start-up: seconds at most. A hang fails here, with the page's words.
        const rows = await run(fresh, 20_000).catch((e: Error) => {
          throw new Error(`page load ${load}: ${e.message}`);
        });
        times.push(Date.now() - started);
        expect(rows.map((r) => r.mode)).toEqual(['processes']);
        expect(rows[0].threads).toBe(4);
      } finally {
        await fresh.close();
      }
    }
    console.log(`Firefox, cpu-bound processes mode in 10 fresh pages, click to end (ms): ${JSON.stringify(times)}`);
  });

  test('cpu-bound defaults, GIL off, the first click: processes against serial (at least 1.6× when the cores are free)', async () => {
    const fresh = await newPage();
    try {
      await open(fresh, 'scenario=cpu-bound&modes=serial,processes&gil=0');
      const rows = Object.fromEntries((await run(fresh, 60_000)).map((r) => [r.mode, r]));
      const speedup = rows.serial.wallMs / rows.processes.wallMs;
      console.log(
        `Firefox, cpu-bound defaults: serial ${rows.serial.wallMs} ms, processes ${rows.processes.wallMs} ms (${speedup.toFixed(2)}×); ${rows.processes.details}`,
      );
      expect(rows.processes.details).toMatch(/workers started (before the run|after the click, before the timing), in \d/);
      if (coreToSpare()) expect(speedup).toBeGreaterThanOrEqual(1.6);
      else console.log('speed-up not checked: no core to spare');
    } finally {
      await fresh.close();
    }
  });

  test('a run whose engine aborts fails with what happened, the engine is loaded again, and the next run works', async () => {
    const own = await newPage();
    try {
      await open(own, 'scenario=sleep&modes=serial,threads,coroutines&time_scale=0.05');
      // The test-only switch (web/src/engine/session.js): the next run's engine aborts.
      await own.evaluate(() => {
        (globalThis as { playgroundTestFault?: string }).playgroundTestFault = 'abort';
      });
      const faulted = await run(own);
      expect(await own.evaluate(runProblems)).toEqual([
        'serial: the engine stopped (Aborted()): this run failed, and the engine is loaded again for the next one',
      ]);
      expect(faulted.map((r) => r.mode)).toEqual(['threads', 'coroutines']);
      await own.waitForFunction(engineReady, { timeout: 60_000, polling: 100 });
      const again = await run(own);
      expect(await own.evaluate(runProblems)).toEqual([]);
      expect(again.map((r) => r.mode)).toEqual(['serial', 'threads', 'coroutines']);
    } finally {
      await own.close();
    }
  });

  test('no uncaught error on any page', () => {
    expect(errors).toEqual([]);
  });
});
