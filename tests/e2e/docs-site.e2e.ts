// A real course site as the client: tests/e2e/fixtures/docs-site, built here with
// MkDocs (Debian's mkdocs) as a course author builds theirs, served without any
// isolation header or CSP on another origin. Each of its two pages embeds a demo
// with the loader script. In Chromium and in Firefox ESR the demos load, size
// themselves to their content, run, and say honestly what they can do there:
// Chromium gives the embed threads through its Document-Isolation-Policy; Firefox
// does not, so the single build runs and the demo says why, with a link to the
// full page. The course page itself is not touched.
// E2E_SKIP_FIREFOX=1 skips the Firefox half (as for tests/e2e/engines/firefox.e2e.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Browser as FirefoxBrowser, Frame as FirefoxFrame } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchFirefox } from './engines/firefox';
import { clickRun, engineReady, resultCells, runEnded } from './engines/page';
import { type Server, expectHealthyPage, goto, launch, openPage, startServer } from './helpers';
import { startServer as startStaticServer } from './server.mjs';

const fixture = resolve(__dirname, 'fixtures/docs-site');
const skipFirefox = process.env.E2E_SKIP_FIREFOX === '1';

let playground: Server;
let course: Server;
let built: string;

/** Builds the course site with MkDocs and points its pages at the playground served here. */
function buildCourseSite(playgroundUrl: string): string {
  const out = mkdtempSync(join(tmpdir(), 'docs-site-'));
  try {
    execFileSync('mkdocs', ['build', '--quiet', '--config-file', join(fixture, 'mkdocs.yml'), '--site-dir', out], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`mkdocs could not build the course site (install the Debian package 'mkdocs'): ${String(error)}`);
  }
  for (const page of ['index.html', 'queues/index.html']) {
    const path = join(out, page);
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('https://playground.invalid/', playgroundUrl));
  }
  return out;
}

beforeAll(async () => {
  playground = await startServer();
  built = buildCourseSite(playground.url);
  course = await startStaticServer({ root: built, headers: false, csp: false });
});

afterAll(async () => {
  await course?.close();
  await playground?.close();
  if (built) rmSync(built, { recursive: true, force: true });
});

/** The embed frame's own size and its iframe's size in the course page, in CSS pixels. */
function sizes(title: string) {
  const iframe = document.querySelector<HTMLIFrameElement>(`iframe[title="${title}"]`);
  return iframe ? iframe.getBoundingClientRect().height : -1;
}
function contentHeight() {
  return { content: document.documentElement.getBoundingClientRect().height, scroll: document.documentElement.scrollHeight, viewport: innerHeight };
}

describe('a MkDocs course site embedding two demos, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('the demos load, size themselves, run with threads and leave the course page alone', async () => {
    const w = await openPage(browser, { viewport: { width: 1100, height: 1300 } });
    try {
      await goto(w, `${course.url}index.html`);
      expect(await w.page.locator('h1').first().innerText()).toBe('Waiting: one after the other, or at the same time');
      expect(await w.page.evaluate(() => crossOriginIsolated), 'the course page is not isolated').toBe(false);
      const title = 'Sleep: serial, coroutines and threads';
      const iframe = w.page.getByTitle(title);
      await iframe.waitFor();
      const frame = iframe.contentFrame();
      await frame.locator('.run-bar button.primary:not([disabled])').waitFor({ timeout: 90_000 });
      const inner = w.page.frames().find((f) => f.url().includes('embed.html'))!;
      // Chromium honours the embed page's Document-Isolation-Policy: isolated, the threads build, nothing to explain.
      expect(await inner.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await frame.locator('.env').count()).toBe(0);

      const expectSized = async () => {
        let outer = 0;
        let inside = { content: 0, scroll: 0, viewport: 0 };
        for (let i = 0; i < 100; i++) {
          outer = await w.page.evaluate(sizes, title);
          inside = await inner.evaluate(contentHeight);
          if (Math.abs(outer - inside.content) <= 3 && inside.scroll <= inside.viewport + 1) break;
          await w.page.waitForTimeout(100);
        }
        expect(Math.abs(outer - inside.content), `iframe ${outer} px, content ${inside.content} px`).toBeLessThanOrEqual(3);
        return outer;
      };
      const before = await expectSized();
      await frame.locator('.run-bar').getByRole('button', { name: /^Run/ }).first().click();
      await frame.locator('.results tbody tr').nth(2).waitFor({ timeout: 60_000 });
      await frame.locator('.run-bar button.primary:not([disabled])').waitFor({ timeout: 60_000 });
      expect([...(await frame.locator('.results tbody th').allTextContents())].sort()).toEqual(['coroutines', 'serial', 'threads']);
      const after = await expectSized();
      expect(after, 'the iframe grew to show the results').toBeGreaterThan(before + 40);
      expect(await w.page.locator('h1').first().innerText()).toBe('Waiting: one after the other, or at the same time');
      await expectHealthyPage(w, [course.url, playground.url]);

      // The second page's demo.
      await goto(w, `${course.url}queues/index.html`);
      const queue = w.page.getByTitle('Producer and consumer').contentFrame();
      await queue.locator('.run-bar button.primary:not([disabled])').waitFor({ timeout: 90_000 });
      await queue.locator('.run-bar').getByRole('button', { name: /^Run/ }).first().click();
      await queue.locator('.results tbody tr').nth(1).waitFor({ timeout: 60_000 });
      expect([...(await queue.locator('.results tbody th').allTextContents())].sort()).toEqual(['coroutines', 'sequential']);
      await expectHealthyPage(w, [course.url, playground.url]);
    } finally {
      await w.context.close();
    }
  });
});

describe.skipIf(skipFirefox)('a MkDocs course site embedding two demos, in Firefox ESR', () => {
  let browser: FirefoxBrowser;
  beforeAll(async () => {
    browser = await launchFirefox();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('the demos load, size themselves, run the single build and say why', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
    try {
      await page.setViewport({ width: 1100, height: 1300 });
      await page.goto(`${course.url}index.html`);
      const title = 'Sleep: serial, coroutines and threads';
      await page.waitForSelector(`iframe[title="${title}"]`, { timeout: 30_000 });
      let embed: FirefoxFrame | undefined;
      for (let i = 0; i < 300 && !embed; i++) {
        embed = page.frames().find((f) => f.url().includes('embed.html'));
        if (!embed) await new Promise((r) => setTimeout(r, 100));
      }
      expect(embed, 'the loader made the embed frame').toBeDefined();
      const frame = embed!;
      await frame.waitForFunction(engineReady, { timeout: 90_000, polling: 100 });
      // Firefox has no Document-Isolation-Policy: the single build, the reason, and the way to the full page.
      const env = await frame.evaluate(() => ({
        isolated: crossOriginIsolated,
        panel: document.querySelector('.env')?.textContent ?? '',
        reason: document.querySelector('#threads-unavailable')?.textContent ?? '',
        fullPage: [...document.querySelectorAll('a')].some((a) => a.textContent === 'Open the full page'),
      }));
      console.log(`Firefox embed: ${JSON.stringify(env)}`);
      expect(env.isolated).toBe(false);
      expect(env.panel).toContain('single (no threads)');
      expect(env.reason).toContain('inside an iframe');
      expect(env.fullPage).toBe(true);

      const sized = async () => {
        let outer = 0;
        let inside = { content: 0, scroll: 0, viewport: 0 };
        for (let i = 0; i < 100; i++) {
          outer = await page.evaluate(sizes, title);
          inside = await frame.evaluate(contentHeight);
          if (Math.abs(outer - inside.content) <= 3) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(Math.abs(outer - inside.content), `iframe ${outer} px, content ${inside.content} px`).toBeLessThanOrEqual(3);
        return outer;
      };
      const before = await sized();
      await frame.evaluate(clickRun);
      await frame.waitForFunction(runEnded, { timeout: 60_000, polling: 50 });
      const modes = (await frame.evaluate(resultCells)).map((r) => r.mode).sort();
      expect(modes).toEqual(['coroutines', 'serial']); // threads is unavailable here, and said so
      expect(await sized()).toBeGreaterThan(before + 40);
      expect(await page.evaluate(() => document.querySelector('h1')?.textContent)).toBe('Waiting: one after the other, or at the same time');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

test('the fixture is a real MkDocs project with two pages that embed demos', () => {
  const pages = readdirSync(join(fixture, 'docs')).filter((f) => f.endsWith('.md'));
  expect(pages.sort()).toEqual(['index.md', 'queues.md']);
  for (const page of pages) expect(readFileSync(join(fixture, 'docs', page), 'utf8')).toContain('data-concurrency-demo=');
});
