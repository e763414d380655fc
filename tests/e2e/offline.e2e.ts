// Offline after one visit: the site's service worker (web/public/coi-serviceworker.js)
// caches the build listed in dist/precache-manifest.json; with the network gone the
// page reloads from that cache, still cross-origin isolated (the cached responses
// keep their headers), and runs a lesson.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PrecacheManifest } from '../../web/plugins/site-plugin';
import { type Server, expectHealthyPage, goto, launch, openPage, results, runAndWait, site, startServer, waitReady } from './helpers';

let server: Server;
let browser: Browser;
const manifest = JSON.parse(readFileSync(join(site, 'precache-manifest.json'), 'utf8')) as PrecacheManifest;

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('offline after one visit', () => {
  test('the service worker caches the build; offline, the page reloads from it and runs a lesson', async () => {
    const w = await openPage(browser, { serviceWorkers: 'allow' });
    try {
      const url = `${server.url}index.html?scenario=sleep&time_scale=0.25&modes=serial,threads,coroutines`;
      await goto(w, url);
      await waitReady(w.page);
      // The worker is active, controls the page, and has cached every file of this build.
      const cached = await w.page.evaluate(async (name) => {
        await navigator.serviceWorker.ready;
        for (let i = 0; i < 300 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100));
        const cache = await caches.open(name);
        return {
          controlled: navigator.serviceWorker.controller !== null,
          caches: await caches.keys(),
          files: (await cache.keys()).map((r) => new URL(r.url).pathname.slice(1)).sort(),
        };
      }, `concurrency-playground-${manifest.version}`);
      expect(cached.controlled).toBe(true);
      expect(cached.caches).toEqual([`concurrency-playground-${manifest.version}`]);
      expect(cached.files).toEqual([...manifest.files].sort());
      expect(manifest.files.filter((f) => f.startsWith('engine/'))).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^engine\/playground-threads\.[0-9a-f]{12}\.wasm$/),
          expect.stringMatching(/^engine\/playground-single\.[0-9a-f]{12}\.wasm$/),
        ]),
      );

      await w.context.setOffline(true);
      const answered = server.requests.length;
      try {
        await w.page.reload();
        await waitReady(w.page);
        expect(await w.page.evaluate(() => crossOriginIsolated)).toBe(true);
        expect(await w.page.locator('.env').innerText()).toContain('threads (WebAssembly pthreads)');
        await runAndWait(w.page);
        const rows = Object.fromEntries((await results(w.page)).map((r) => [r.mode, r.wallMs]));
        console.log(`offline, sleep lesson at 1/4 time (ms): ${JSON.stringify(rows)}`);
        expect(Object.keys(rows)).toEqual(['serial', 'threads', 'coroutines']);
        expect(rows.serial).toBeGreaterThanOrEqual(422); // (800 + 900) / 4
        expect(rows.threads).toBeLessThan(rows.serial * 0.85);
        expect(rows.coroutines).toBeLessThan(rows.serial * 0.85);
        expect(server.requests.slice(answered), 'requests that reached the server while offline').toEqual([]);
      } finally {
        await w.context.setOffline(false);
      }
      await expectHealthyPage(w, [server.url]);
    } finally {
      await w.context.close();
    }
  });
});
