// The built site, served with its own _headers (COOP/COEP) and a strict
// Content-Security-Policy: the page is cross-origin isolated, loads the threads
// build, runs the lessons with plausible timings, draws the timeline, round-trips
// a shared link, shows the engine's message for a bad CSV; a screenshot is saved.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  type Server,
  type Watched,
  allLongTasks,
  artifactPath,
  collectLongTasks,
  expectHealthyPage,
  goto,
  launch,
  openPage,
  results,
  root,
  runAndWait,
  site,
  startServer,
  timelinePixels,
  waitReady,
} from './helpers';

let server: Server;
let browser: Browser;
let w: Watched;
const headersSeen: { url: string; headers: Record<string, string> }[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  w = await openPage(browser);
  w.page.on('response', async (r) => headersSeen.push({ url: r.url(), headers: await r.allHeaders() }));
});

afterAll(async () => {
  if (w) console.log(`long tasks seen on the main page (any time, ms): ${JSON.stringify((await allLongTasks(w.page)).map((t) => Math.round(t.duration)))}`);
  await browser?.close();
  await server?.close();
});

describe('the playground with COOP/COEP and a strict CSP', () => {
  test('is cross-origin isolated and loads the threads build', async () => {
    const started = Date.now();
    await goto(w, `${server.url}index.html?scenario=sleep`);
    await waitReady(w.page);
    console.log(`engine ready ${Date.now() - started} ms after navigation`);
    expect(await w.page.evaluate(() => crossOriginIsolated)).toBe(true);
    const env = await w.page.locator('.env').innerText();
    expect(env).toContain('Cross-origin isolated: yes');
    expect(env).toContain('threads (WebAssembly pthreads)');
    // The engine files are named by their build's content (web/plugins/site-plugin.ts).
    expect(w.requests.some((u) => /\/engine\/playground-threads\.[0-9a-f]{12}\.wasm$/.test(u))).toBe(true);
  });

  test('the sleep lesson: serial adds the waits, threads and coroutines overlap them', async () => {
    await runAndWait(w.page);
    const rows = Object.fromEntries((await results(w.page)).map((r) => [r.mode, r]));
    console.log(`sleep lesson (ms): ${JSON.stringify(Object.fromEntries(Object.entries(rows).map(([m, r]) => [m, r.wallMs])))}`);
    // 0.8 s + 0.9 s waits. Lower bounds are exact (a wait cannot end early); upper bounds
    // leave room for a busy 2-core machine.
    expect(rows.serial.wallMs).toBeGreaterThanOrEqual(1690);
    expect(rows.serial.wallMs).toBeLessThan(2600);
    for (const mode of ['threads', 'coroutines']) {
      expect(rows[mode].wallMs).toBeGreaterThanOrEqual(890);
      expect(rows[mode].wallMs).toBeLessThan(1500);
      expect(rows[mode].wallMs).toBeLessThan(rows.serial.wallMs * 0.8);
    }
    expect(rows['first-completed'].wallMs).toBeGreaterThanOrEqual(790);
    expect(rows['first-completed'].wallMs).toBeLessThan(1400);
    expect(rows['first-completed'].details).toContain('cancelled');
    expect(rows.threads.threads).toBe(2);
  });

  test('the timeline canvas has drawn the spans', async () => {
    await w.page.waitForTimeout(200); // the canvas redraws on the next animation frame
    const pixels = await timelinePixels(w.page);
    console.log(`timeline pixels by state: ${JSON.stringify(pixels)}`);
    // Sleeps are waits on I/O; the threads that sleep are drawn in that colour.
    expect(pixels.waiting_on_io).toBeGreaterThan(500);
    expect(pixels.other).toBeGreaterThan(100); // axis, labels, headers
  });

  test('hovering a span on the timeline lights the line of C++ that recorded it (issue 7)', async () => {
    await w.page.locator('canvas').first().scrollIntoViewIfNeeded();
    // A point inside a drawn waiting-on-I/O span (a sleep), in page coordinates.
    const point = await w.page.evaluate(() => {
      const canvas = document.querySelector('canvas')!;
      const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const box = canvas.getBoundingClientRect();
      for (let y = 0; y < height; y += 2) {
        for (let x = 0; x < width; x += 2) {
          const i = (y * width + x) * 4;
          if (data[i] === 0x3b && data[i + 1] === 0x82 && data[i + 2] === 0xf6) {
            return { x: box.left + ((x + 0.5) * box.width) / width, y: box.top + ((y + 0.5) * box.height) / height };
          }
        }
      }
      return null;
    });
    expect(point, 'no waiting-on-I/O span drawn on the timeline').not.toBeNull();
    await w.page.mouse.move(point!.x, point!.y);
    const panel = w.page.locator('[data-testid="code-panel"] [role=tabpanel]');
    await expect.poll(() => panel.getAttribute('data-focus-site'), { timeout: 5_000 }).toBeTruthy();
    const site = (await panel.getAttribute('data-focus-site'))!;
    const lit = w.page.locator(`[data-testid="code-panel"] .code-line.lit[data-line-site~="${site}"]`);
    await expect.poll(() => lit.count(), { timeout: 5_000 }).toBeGreaterThan(0);
    console.log(`hovered a span of site ${site}: lit line ${await lit.first().getAttribute('data-line')}`);
  });

  test('a screenshot of the main page is saved', async () => {
    const path = artifactPath('main-page.png');
    await w.page.screenshot({ path, fullPage: true });
    expect(readFileSync(path).length).toBeGreaterThan(20_000);
  });

  test('the distance matrix with 1 and then 2 threads (set with the page controls)', async () => {
    await goto(
      w,
      `${server.url}index.html?scenario=distance-matrix&threads=1&modes=serial,pool,optimised&read_delay_ms=0&write_delay_ms=0&data=many_locations.csv`,
    );
    await waitReady(w.page);
    await runAndWait(w.page);
    const one = await results(w.page);
    await w.page.getByLabel('Threads (workers)').fill('2');
    await w.page.getByLabel('Threads (workers)').blur();
    await runAndWait(w.page);
    const two = await results(w.page);
    console.log(
      `distance matrix, 250 locations (ms): 1 thread ${JSON.stringify(one.map((r) => [r.mode, r.wallMs]))}, 2 threads ${JSON.stringify(two.map((r) => [r.mode, r.wallMs]))}`,
    );
    for (const [rows, threads] of [
      [one, 1],
      [two, 2],
    ] as const) {
      expect(rows.map((r) => r.mode)).toEqual(['serial', 'pool', 'optimised']);
      for (const r of rows) {
        expect(r.details).toContain('pairs 31125'); // 250 · 249 / 2
        expect(r.wallMs).toBeGreaterThan(0);
        expect(r.wallMs).toBeLessThan(30_000);
      }
      expect(rows.find((r) => r.mode === 'pool')!.threads).toBe(threads);
    }
    expect(new URL(w.page.url()).searchParams.get('threads')).toBe('2');
  });

  test('a shared link reproduces the experiment and runs it', async () => {
    await w.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await goto(w, `${server.url}index.html?scenario=sleep`);
    await waitReady(w.page);
    await w.page.getByLabel('Threads (workers)').fill('3');
    await w.page.getByLabel('First wait (ms)').fill('120');
    await w.page.getByLabel('Second wait (ms)').fill('240');
    await w.page.getByLabel('Second wait (ms)').blur();
    await w.page.getByRole('checkbox', { name: /^first-completed/ }).uncheck();
    await w.page.getByRole('button', { name: 'Share link' }).click();
    await w.page
      .getByText(/Link copied|autorun=1/)
      .first()
      .waitFor();
    const link =
      (await w.page.evaluate(() => navigator.clipboard.readText().catch(() => ''))) ||
      (await w.page.locator('p[role=status]').filter({ hasText: 'autorun=1' }).innerText());
    const params = new URL(link).searchParams;
    expect(Object.fromEntries(params)).toMatchObject({
      scenario: 'sleep',
      threads: '3',
      first_ms: '120',
      second_ms: '240',
      modes: 'serial,threads,coroutines',
      autorun: '1',
    });

    const other = await openPage(browser);
    try {
      await goto(other, link);
      await other.page.locator('.results table').waitFor({ timeout: 90_000 });
      await other.page.waitForFunction(() => document.querySelectorAll('.results tbody tr').length === 3, null, { timeout: 60_000 });
      expect(await other.page.getByLabel('Threads (workers)').inputValue()).toBe('3');
      expect(await other.page.getByLabel('First wait (ms)').inputValue()).toBe('120');
      expect(await other.page.getByRole('checkbox', { name: /^first-completed/ }).isChecked()).toBe(false);
      const rows = await results(other.page);
      expect(rows.map((r) => r.mode)).toEqual(['serial', 'threads', 'coroutines']);
      expect(rows[0].wallMs).toBeGreaterThanOrEqual(355); // 120 + 240 ms, one after the other
      expect(rows[1].threads).toBe(3);
      expect(await other.page.locator('.results caption').first().textContent()).toContain('first_ms=120, second_ms=240');
      await expectHealthyPage(other, [server.url]);
    } finally {
      await other.context.close();
    }
  });

  test('a bad CSV upload shows the engine’s message, and the course file runs after it', async () => {
    await goto(w, `${server.url}index.html?scenario=distance-matrix&modes=serial,pool&read_delay_ms=0&write_delay_ms=0`);
    await waitReady(w.page);
    await w.page
      .getByLabel(/or your own CSV/)
      .setInputFiles({ name: 'bad_latitude.csv', mimeType: 'text/csv', buffer: readFileSync(`${root}/tests/data/bad_latitude.csv`) });
    await w.page.getByText('bad_latitude.csv').first().waitFor();
    await runAndWait(w.page);
    const message = await w.page.locator('.data .error[role=alert]').innerText();
    console.log(`bad CSV message: ${message}`);
    expect(message).toMatch(/line 3/);
    expect(message).toMatch(/latitude/i);
    expect(message).toContain('123.4');
    await w.page.getByRole('button', { name: 'Use the course file' }).click();
    await runAndWait(w.page);
    expect((await results(w.page)).map((r) => r.details.includes('pairs 10'))).toEqual([true, true]);
    expect(await w.page.locator('.data .error').count()).toBe(0);
  });

  test('a 1 000-location distance matrix keeps the main thread free (no long task while it runs)', async () => {
    // Seeded random locations (mulberry32), as in the benchmarks; the page accepts up to 2 000.
    let state = 20240601;
    const random = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const csv = Array.from({ length: 1000 }, (_, i) => `place ${i},${(random() * 180 - 90).toFixed(6)},${(random() * 360 - 180).toFixed(6)}`).join('\n');
    await goto(w, `${server.url}index.html?scenario=distance-matrix&threads=2&modes=serial&read_delay_ms=0&write_delay_ms=0`);
    await waitReady(w.page);
    await w.page.getByLabel(/or your own CSV/).setInputFiles({ name: 'thousand.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await w.page.locator('.data .data-name').filter({ hasText: 'thousand.csv' }).waitFor();
    const before = w.demoLongTasks.length;
    await runAndWait(w.page);
    expect((await results(w.page))[0].details).toContain('pairs 499500');
    await collectLongTasks(w);
    const mine = w.demoLongTasks.slice(before);
    console.log(`1 000 locations: long tasks during the run (ms): ${JSON.stringify(mine.map((t) => t.duration))}`);
    expect(
      mine.filter((t) => t.duration > 250),
      'long tasks over 250 ms cannot be the machine’s load alone',
    ).toEqual([]);
  });

  test('every response carries COOP/COEP, documents the CSP; nothing left the origin', async () => {
    const ours = headersSeen.filter((r) => r.url.startsWith(server.url));
    expect(ours.length).toBeGreaterThan(5);
    for (const kind of [/\.html/, /\.js$/, /\.wasm$/]) expect(ours.some((r) => kind.test(new URL(r.url).pathname))).toBe(true);
    for (const r of ours) {
      expect(r.headers['cross-origin-opener-policy'], r.url).toBe('same-origin');
      expect(r.headers['cross-origin-embedder-policy'], r.url).toBe('require-corp');
      expect(r.headers['content-security-policy'], r.url).not.toMatch(/'unsafe-eval'/);
    }
    // Every file of the site, fetched directly: the same headers, from the site's own _headers.
    const files = readdirSync(site, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => relative(site, join(f.parentPath, f.name)))
      .filter((f) => f !== '_headers');
    for (const file of files) {
      const res = await fetch(`${server.url}${file}`, { method: 'HEAD' });
      expect(res.status, file).toBe(200);
      expect(res.headers.get('cross-origin-opener-policy'), file).toBe('same-origin');
      expect(res.headers.get('cross-origin-embedder-policy'), file).toBe('require-corp');
    }
    // The embed page may be framed by another origin, so it says so (CORP) and asks for
    // Document-Isolation-Policy; the rest is same-origin.
    const embed = await fetch(`${server.url}embed.html`, { method: 'HEAD' });
    expect(embed.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(embed.headers.get('document-isolation-policy')).toBe('isolate-and-require-corp');
    expect((await fetch(`${server.url}index.html`, { method: 'HEAD' })).headers.get('cross-origin-resource-policy')).toBe('same-origin');
    writeFileSync(artifactPath('main-requests.txt'), `${w.requests.join('\n')}\n`);
    await expectHealthyPage(w, [server.url]);
  });
});
