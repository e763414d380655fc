// The built site in WebKitGTK: Debian's MiniBrowser driven by WebKitWebDriver
// under Xvfb (./webdriver.ts), served like the Chromium tests (../server.mjs: the
// site's _headers, a strict CSP). WebKitGTK reports crossOriginIsolated but has no
// SharedArrayBuffer, so this is the single build's path in a real engine: the page
// must say so and turn thread modes off with the reason, and the coroutine lessons
// must run and tell their story. Screenshots at 1280 px and as narrow as MiniBrowser goes.
// E2E_SKIP_WEBKIT=1 skips this file (scripts/e2e.sh says so).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CALIBRATION_QUERY, type Server, artifactPath, calibrationProblem, coreToSpare, startServer } from '../helpers';
import {
  clickRun,
  engineReady,
  environmentText,
  expectWholeRunsShown,
  modeBoxes,
  pageErrors,
  parseRows,
  resultCells,
  runEnded,
  statusText,
  timelinePixels,
  timelineView,
  watchErrors,
} from './page';
import { WebDriverSession, miniBrowser, webkitDriver } from './webdriver';
import { WHY_QUERY, checkWhyItWaited } from './why-it-waited';

const skip = process.env.E2E_SKIP_WEBKIT === '1';

let server: Server;
let wd: WebDriverSession;
const errors: string[] = [];

/** Keeps the current page's uncaught errors (lost when it navigates), then opens another and waits for its engine. */
async function open(query: string): Promise<void> {
  errors.push(...(await wd.execute(pageErrors).catch(() => [])));
  await wd.navigate(`${server.url}index.html?${query}`);
  await wd.execute(watchErrors);
  await wd.waitFor(engineReady, 60_000, 'the engine loaded');
}

async function run(timeout = 60_000) {
  await wd.execute(clickRun);
  await wd.waitFor(runEnded, timeout, 'the run ended').catch(async (e: Error) => {
    throw new Error(`${e.message}; the page says: ${await wd.execute(statusText)}`);
  });
  return parseRows(await wd.execute(resultCells));
}

beforeAll(async () => {
  if (skip) return;
  for (const [path, pkg] of [
    [webkitDriver, 'webkit2gtk-driver'],
    [miniBrowser, 'webkit2gtk-driver'],
    ['/usr/bin/xvfb-run', 'xvfb'],
  ]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: install the Debian package '${pkg}'`);
  }
  server = await startServer();
  wd = await WebDriverSession.startWebKit();
  console.log(`WebKitGTK: MiniBrowser ${wd.capabilities.browserVersion}`);
  await wd.setWindowSize(1280, 900);
});

afterAll(async () => {
  await wd?.close();
  await server?.close();
});

describe.skipIf(skip)('WebKitGTK (no SharedArrayBuffer: the single build)', () => {
  test('the page says it runs the single build, and why; thread modes are off', async () => {
    await open('scenario=sleep&time_scale=0.25');
    const { env, why, isolated, sharedArrayBuffer } = await wd.execute(environmentText);
    console.log(`WebKitGTK environment panel: ${env.replace(/\n/g, ' | ')}`);
    expect(isolated).toBe(true);
    expect(sharedArrayBuffer).toBe(false);
    expect(env).toContain('Cross-origin isolated: yes');
    expect(env).toContain('single (no threads)');
    expect(why).toContain('threads build could not start here');
    expect(why).toContain('thread modes are off');
    // The single build is what the page loads (the site's service worker may fetch the other build too, for offline use).
    expect(server.requests.some((r) => /\/engine\/playground-single\b.*\.wasm$/.test(r.path))).toBe(true);
    const boxes = Object.fromEntries((await wd.execute(modeBoxes)).map((b) => [b.mode, b]));
    expect(boxes.threads.disabled).toBe(true);
    expect(boxes.threads.label).toContain('needs threads');
    for (const mode of ['serial', 'coroutines', 'first-completed']) expect(boxes[mode].disabled).toBe(false);
  });

  test('the sleep lesson at 1/4 time: serial adds the waits, coroutines overlap them on one thread', async () => {
    const rows = Object.fromEntries((await run()).map((r) => [r.mode, r]));
    console.log(`WebKitGTK, sleep lesson at 1/4 time (ms): ${JSON.stringify(Object.fromEntries(Object.entries(rows).map(([m, r]) => [m, r.wallMs])))}`);
    expect(Object.keys(rows)).toEqual(['serial', 'coroutines', 'first-completed']);
    // Waits of 200 and 225 ms; a wait cannot end early (1 ms for the clock).
    expect(rows.serial.wallMs).toBeGreaterThanOrEqual(424);
    expect(rows.serial.wallMs).toBeLessThan(1_200);
    expect(rows.coroutines.wallMs).toBeGreaterThanOrEqual(224);
    expect(rows.coroutines.wallMs).toBeLessThan(rows.serial.wallMs * 0.8);
    expect(rows['first-completed'].wallMs).toBeGreaterThanOrEqual(199);
    expect(rows['first-completed'].details).toContain('cancelled');
    const pixels = await wd.execute(timelinePixels);
    expect(pixels.waiting_on_io).toBeGreaterThan(500);
  });

  test('screenshots at 1280 px and narrow, where the timeline shows the whole run and whole lane names', async () => {
    // WebDriver screenshots the viewport: a tall window (the Xvfb screen is 4000 px high) shows the whole page.
    // The page redraws its timeline for its new width on a later frame. MiniBrowser's window cannot be narrower
    // than its toolbar (about 450 px), so the narrow shot is as narrow as it gets, not 360 px.
    const settle = () => new Promise((done) => setTimeout(done, 500));
    await wd.setWindowSize(1280, 2400);
    await settle();
    await wd.screenshot(artifactPath('webkit-1280.png'));
    await wd.setWindowSize(360, 3600);
    await settle();
    console.log(`WebKitGTK narrow screenshot: the page is ${await wd.execute(() => document.documentElement.clientWidth)} px wide`);
    expectWholeRunsShown(await wd.execute(timelineView), parseRows(await wd.execute(resultCells)));
    await wd.screenshot(artifactPath('webkit-narrow.png'));
    await wd.setWindowSize(1280, 900);
  });

  test('io-requests with coroutines: about the largest latency, replies out of order; serial about the sum', async () => {
    await open('scenario=io-requests&modes=serial,coroutines&time_scale=0.5');
    const rows = Object.fromEntries((await run()).map((r) => [r.mode, r]));
    console.log(`WebKitGTK, io-requests at 1/2 time: ${JSON.stringify(rows)}`);
    const number = (details: string, name: string) => Number(new RegExp(`${name} (\\d+)`).exec(details)?.[1]);
    const max = number(rows.coroutines.details, 'slowest request');
    const sum = number(rows.coroutines.details, 'all requests added up');
    expect(max).toBeGreaterThan(0);
    expect(sum).toBeGreaterThan(max);
    expect(rows.serial.wallMs).toBeGreaterThanOrEqual(sum - 1);
    expect(rows.coroutines.wallMs).toBeGreaterThanOrEqual(max - 1);
    expect(rows.coroutines.wallMs).toBeLessThan(rows.serial.wallMs * 0.5);
    const order = /requests answered in the order \[([\d, ]+)\]/.exec(rows.coroutines.details)?.[1].split(', ').map(Number) ?? [];
    expect(order.length).toBeGreaterThan(1);
    expect(order.some((request, i) => i > 0 && request < order[i - 1])).toBe(true); // out of order
  });

  test.skipIf(!coreToSpare())('calibration: a job of work_ms 100 takes 100 ms ± 5 % (3 tries)', async () => {
    await open(CALIBRATION_QUERY);
    let problem = '';
    for (let attempt = 0; attempt < 3 && (attempt === 0 || problem); attempt++) {
      problem = calibrationProblem((await run())[0].details);
      console.log(`WebKitGTK calibration, try ${attempt + 1}: ${problem || 'within ±5 %'}`);
    }
    expect(problem).toBe('');
  });

  test("hovering a consumer's wait draws the arrow from the producer's put and names the producer and the item (coroutines)", async () => {
    await open(`${WHY_QUERY}&modes=coroutines`);
    await run();
    await checkWhyItWaited((fn, ...args) => wd.execute(fn, ...args), 'WebKitGTK');
  });

  test('no uncaught error on any page', async () => {
    errors.push(...(await wd.execute(pageErrors)));
    expect(errors).toEqual([]);
  });
});
