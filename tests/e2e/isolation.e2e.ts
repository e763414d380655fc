// Where cross-origin isolation is missing: a host that sends no COOP/COEP (with the
// service-worker fallback blocked, the page explains itself and runs the single
// build; with it allowed, the fallback makes the page isolated), and the embed page
// inside an iframe of a plain page on another origin.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  type E2eState,
  type Server,
  expectHealthyPage,
  goto,
  isPageLongTask,
  launch,
  mainThreadCpuOf,
  openPage,
  results,
  runAndWait,
  startServer,
  waitReady,
} from './helpers';

let plain: Server;
let browser: Browser;

beforeAll(async () => {
  plain = await startServer({ headers: false });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await plain?.close();
});

describe('a host without COOP/COEP', () => {
  test('the fallback explains itself and the coroutine demos still run (service worker blocked)', async () => {
    const w = await openPage(browser, { serviceWorkers: 'block' });
    try {
      await goto(w, `${plain.url}index.html?scenario=sleep&time_scale=0.25`);
      await waitReady(w.page);
      expect(await w.page.evaluate(() => crossOriginIsolated)).toBe(false);
      const env = await w.page.locator('.env').innerText();
      expect(env).toContain('Cross-origin isolated: no');
      expect(env).toContain('single (no threads)');
      const why = await w.page.locator('#threads-unavailable').innerText();
      expect(why).toContain('Cross-Origin-Opener-Policy: same-origin');
      expect(why).toContain('coroutine');
      expect(await w.page.getByRole('checkbox', { name: /^threads/ }).isDisabled()).toBe(true);
      expect(w.requests.some((u) => u.includes('playground-threads'))).toBe(false);

      await runAndWait(w.page);
      const rows = Object.fromEntries((await results(w.page)).map((r) => [r.mode, r.wallMs]));
      console.log(`sleep lesson at 1/4 time, single build (ms): ${JSON.stringify(rows)}`);
      expect(Object.keys(rows)).toEqual(['serial', 'coroutines', 'first-completed']);
      expect(rows.serial).toBeGreaterThanOrEqual(422); // (800 + 900) / 4
      expect(rows.coroutines).toBeGreaterThanOrEqual(224);
      expect(rows.coroutines).toBeLessThan(rows.serial * 0.85);
      expect(rows['first-completed']).toBeGreaterThanOrEqual(199);

      // The producer/consumer lesson's coroutine mode too.
      await goto(w, `${plain.url}index.html?scenario=producer-consumer&modes=coroutines&time_scale=0.1`);
      await waitReady(w.page);
      await runAndWait(w.page);
      const pc = await results(w.page);
      expect(pc.map((r) => r.mode)).toEqual(['coroutines']);
      await expectHealthyPage(w, [plain.url]);
    } finally {
      await w.context.close();
    }
  });

  test('with the service worker allowed, the fallback reloads the page once, isolated', async () => {
    const w = await openPage(browser, { serviceWorkers: 'allow' });
    try {
      await goto(w, `${plain.url}index.html?scenario=sleep`);
      await w.page.waitForFunction(() => crossOriginIsolated, null, { timeout: 60_000 });
      await waitReady(w.page);
      expect(await w.page.locator('.env').innerText()).toContain('threads (WebAssembly pthreads)');
      await expectHealthyPage(w, [plain.url]);
    } finally {
      await w.context.close();
    }
  });
});

describe('the embed page in an iframe of a plain page on another origin', () => {
  let isolated: Server;
  let parent: Server;

  beforeAll(async () => {
    isolated = await startServer();
    // The course page: another port (so another origin), no isolation headers, no CSP.
    const course = (_req: IncomingMessage, res: ServerResponse) => {
      const src = `${isolated.url}embed.html?scenario=sleep&time_scale=0.25&modes=serial,coroutines,threads`;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><title>A course page</title><h1>Lesson</h1>
<iframe title="Playground demo" src="${src}" width="900" height="900"></iframe>`);
    };
    parent = await startServer({ headers: false, csp: false, routes: { '/course.html': course } });
  });

  afterAll(async () => {
    await parent?.close();
    await isolated?.close();
  });

  test('runs, and says what it can and cannot do there', async () => {
    const w = await openPage(browser, { serviceWorkers: 'block' });
    try {
      await goto(w, `${parent.url}course.html`);
      expect(await w.page.evaluate(() => crossOriginIsolated)).toBe(false);
      const frame = w.page.frameLocator('iframe');
      await frame.locator('.run-bar button.primary:not([disabled])').waitFor({ timeout: 90_000 });
      const inner = w.page.frames().find((f) => f.url().includes('embed.html'))!;
      const frameIsolated = await inner.evaluate(() => crossOriginIsolated);
      // The environment panel shows in the embed only when something is missing.
      const env = (await frame.locator('.env').count()) ? await frame.locator('.env').innerText() : '';
      console.log(
        `embed in a plain cross-origin parent: isolated=${frameIsolated} (Document-Isolation-Policy), env: ${env.replace(/\n/g, ' | ') || '(no panel)'}`,
      );
      if (frameIsolated) {
        // Chrome 137+ honours the embed page's Document-Isolation-Policy: real threads, nothing to explain.
        expect(env).toBe('');
        expect(await frame.locator('input[name=modes][value=threads]').isDisabled()).toBe(false); // inside the collapsed Parameters
      } else {
        expect(env).toContain('Running inside an iframe.');
        expect(env).toContain('single (no threads)');
        expect(await frame.locator('#threads-unavailable').innerText()).toContain('inside an iframe');
        expect(await frame.getByRole('link', { name: 'Open the full page' }).count()).toBe(1);
      }
      const clicked = await inner.evaluate(() => performance.now());
      await frame.locator('.run-bar').getByRole('button', { name: /^Run/ }).first().click();
      await frame
        .locator('.results tbody tr')
        .nth(frameIsolated ? 2 : 1)
        .waitFor({ timeout: 60_000 });
      await frame.locator('.run-bar button.primary:not([disabled])').waitFor({ timeout: 60_000 });
      const modes = await frame.locator('.results tbody th').allTextContents();
      expect([...modes].sort()).toEqual(frameIsolated ? ['coroutines', 'serial', 'threads'] : ['coroutines', 'serial']);
      const walls = await frame.locator('.results tbody tr td:nth-child(4)').allTextContents();
      console.log(`embed results: ${JSON.stringify(modes)} ${JSON.stringify(walls)}`);
      expect(await frame.getByRole('link', { name: 'Open in the full playground' }).getAttribute('href')).toContain('scenario=sleep');
      await w.page.waitForTimeout(150);
      const long = await inner.evaluate((since) => {
        const s = (window as unknown as { __e2e: E2eState }).__e2e;
        return s.longTasks.filter((t) => t.start + t.duration > since).map((t) => ({ start: t.start, duration: t.duration, pageShare: s.pageShare(t) }));
      }, clicked);
      // As for every page (helpers.ts, collectLongTasks): a task counts when the frame's thread was busy for over 50 ms of it.
      const cpu = long.length ? await mainThreadCpuOf(browser, inner, long) : [];
      const busy = long.map((t, i) => ({
        duration: Math.round(t.duration),
        pageShare: t.pageShare,
        cpuMs: cpu[i] === undefined ? undefined : Math.round(cpu[i]!),
      }));
      if (busy.length) console.log(`embed frame: long tasks while its demo ran: ${JSON.stringify(busy)}`);
      expect(busy.filter(isPageLongTask), 'long tasks (> 50 ms) in the embed frame while its demo ran').toEqual([]);
      await expectHealthyPage(w, [parent.url, isolated.url]);
    } finally {
      await w.context.close();
    }
  });
});
