// Embedding in a course page, and the policy that ships:
//   - a plain course page on another origin, under a strict CSP of its own, with two
//     placeholders and the loader script (web/public/embed-loader.js): two titled,
//     lazy iframes that take their content's height and follow it, independently,
//     while one of them runs its demo;
//   - the Content-Security-Policy of dist/_headers is what the server sends, the
//     HTML carries the same policy as a <meta> tag (without frame-ancestors), each
//     file gets exactly one policy, and the main page cannot be framed by another origin.
import { readFileSync, readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { metaPolicy, policyFor } from '../../web/plugins/site-plugin';
import { type Server, artifactPath, expectHealthyPage, goto, launch, openPage, site, startServer } from './helpers';

let playground: Server;
let course: Server;
let browser: Browser;

/** The course page: its own strict policy lets in only the playground's script and frames. */
const coursePage = (_req: IncomingMessage, res: ServerResponse) => {
  const origin = new URL(playground.url).origin;
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': `default-src 'none'; script-src ${origin}; frame-src ${origin}; style-src 'self'; img-src 'self'; base-uri 'none'`,
  });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A course page</title></head><body>
<h1>Lesson: sleeping</h1>
<p>Two waits, one after the other or overlapped:</p>
<div id="sleep-demo" data-concurrency-demo="sleep" data-time-scale="0.25" data-modes="serial,coroutines" data-title="Sleep: serial vs coroutines"><a href="${playground.url}">Open the playground</a></div>
<p>And a queue:</p>
<div data-concurrency-demo="producer-consumer" data-modes="coroutines" data-time_scale="0.1" data-title="Producer and consumer"></div>
<p id="after">The end of the lesson.</p>
<script src="${playground.url}embed-loader.js" async></script>
</body></html>`);
};

/** A page on another origin that tries to frame the main page. */
const framingPage = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><title>Framing</title><iframe title="main page" src="${playground.url}index.html"></iframe>`);
};

beforeAll(async () => {
  playground = await startServer();
  course = await startServer({ headers: false, csp: false, routes: { '/course.html': coursePage, '/framing.html': framingPage } });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await course?.close();
  await playground?.close();
});

/** The iframe's height in the course page and its content's height inside it. */
async function heights(page: Page, frame: Frame, title: string) {
  const outer = await page.getByTitle(title).evaluate((e) => e.getBoundingClientRect().height);
  const inner = await frame.evaluate(() => ({
    content: document.documentElement.getBoundingClientRect().height,
    scroll: document.documentElement.scrollHeight,
    viewport: innerHeight,
  }));
  return { outer, ...inner };
}

/** Waits until the iframe is as tall as its content (within 3 px) and nothing inside it scrolls. */
async function expectSized(page: Page, frame: Frame, title: string) {
  let last = await heights(page, frame, title);
  for (let i = 0; i < 100 && !(Math.abs(last.outer - last.content) <= 3 && last.scroll <= last.viewport + 1); i++) {
    await page.waitForTimeout(100);
    last = await heights(page, frame, title);
  }
  expect(Math.abs(last.outer - last.content), `${title}: iframe ${last.outer} px, content ${last.content} px`).toBeLessThanOrEqual(3);
  expect(last.scroll, `${title}: the content scrolls inside the iframe`).toBeLessThanOrEqual(last.viewport + 1);
  return last.outer;
}

describe('the loader on a course page of another origin', () => {
  test('two placeholders become titled, lazy iframes that take their content’s height, each its own', async () => {
    const w = await openPage(browser, { viewport: { width: 1000, height: 1400 } });
    try {
      await goto(w, `${course.url}course.html`);
      const sleepFrame = w.page.getByTitle('Sleep: serial vs coroutines');
      const pcFrame = w.page.getByTitle('Producer and consumer');
      await sleepFrame.waitFor();
      await pcFrame.waitFor();
      expect(await w.page.locator('iframe').count()).toBe(2);
      for (const frame of [sleepFrame, pcFrame]) {
        expect(await frame.getAttribute('loading')).toBe('lazy');
        expect(await frame.getAttribute('allow')).toContain('cross-origin-isolated');
      }
      expect(await w.page.locator('#sleep-demo a').count()).toBe(0); // the fallback link gave way to the iframe
      const frames = () => ({
        sleep: w.page.frames().find((f) => f.url().includes('scenario=sleep'))!,
        pc: w.page.frames().find((f) => f.url().includes('scenario=producer-consumer'))!,
      });
      await w.page.waitForFunction(() => document.querySelectorAll('iframe').length === 2);
      await sleepFrame.contentFrame().locator('.run-bar button.primary:not([disabled])').waitFor({ timeout: 90_000 });
      await pcFrame.contentFrame().locator('.run-bar button.primary:not([disabled])').waitFor({ timeout: 90_000 });
      const { sleep, pc } = frames();
      // The data attributes reached the embed page as its URL parameters.
      expect(Object.fromEntries(new URL(sleep.url()).searchParams)).toMatchObject({ scenario: 'sleep', time_scale: '0.25', modes: 'serial,coroutines' });
      expect(new URL(pc.url()).searchParams.get('time_scale')).toBe('0.1');
      expect(await sleep.locator('h1').innerText()).toMatch(/^Waiting/); // the sleep lesson's title

      const sleepBefore = await expectSized(w.page, sleep, 'Sleep: serial vs coroutines');
      const pcBefore = await expectSized(w.page, pc, 'Producer and consumer');
      console.log(`embed heights before a run: sleep ${sleepBefore} px, producer-consumer ${pcBefore} px`);

      // Run the first demo: its results appear and its iframe grows to show them; the other one stays as it was.
      await sleep.locator('.run-bar').getByRole('button', { name: /^Run/ }).first().click();
      await sleep.locator('.results tbody tr').nth(1).waitFor({ timeout: 60_000 });
      await sleep.locator('.run-bar button.primary:not([disabled])').waitFor({ timeout: 60_000 });
      const sleepAfter = await expectSized(w.page, sleep, 'Sleep: serial vs coroutines');
      console.log(`sleep embed after its run: ${sleepAfter} px`);
      expect(sleepAfter).toBeGreaterThan(sleepBefore + 40);
      const table = await sleep.locator('.results').evaluate((e) => e.getBoundingClientRect().bottom);
      expect(table, 'the results are inside the visible iframe').toBeLessThanOrEqual(sleepAfter);
      expect(await pcFrame.evaluate((e) => e.getBoundingClientRect().height)).toBe(pcBefore);
      expect(await expectSized(w.page, pc, 'Producer and consumer')).toBe(pcBefore);

      // The course page is not otherwise touched, and its own policy was kept (no violation, nothing foreign loaded).
      expect(await w.page.locator('#after').innerText()).toBe('The end of the lesson.');
      // The whole course page in one viewport (a full-page screenshot leaves the iframes below the fold unpainted).
      await w.page.setViewportSize({ width: 1000, height: 2000 });
      await w.page.screenshot({ path: artifactPath('embed-course-page.png') });
      await expectHealthyPage(w, [course.url, playground.url]);
    } finally {
      await w.context.close();
    }
  });
});

describe('the security policy that ships', () => {
  const headersFile = readFileSync(join(site, '_headers'), 'utf8');
  const metaOf = (file: string) => {
    const html = readFileSync(join(site, file), 'utf8');
    const tags = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)];
    expect(tags, `${file}: one CSP <meta> tag`).toHaveLength(1);
    return tags[0][1]
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&amp;/g, '&');
  };

  test('the server sends dist/_headers’ policy; the HTML carries it as a <meta> tag; every file gets exactly one', async () => {
    const sent = async (path: string) => (await fetch(`${playground.url}${path}`, { method: 'HEAD' })).headers;
    const main = (await sent('index.html')).get('content-security-policy')!;
    const embed = (await sent('embed.html')).get('content-security-policy')!;
    expect(main).toBe(policyFor(headersFile, '/index.html'));
    expect(embed).toBe(policyFor(headersFile, '/embed.html'));
    expect((await sent('')).get('content-security-policy')).toBe(main);
    for (const policy of [main, embed]) {
      expect(policy).toContain("default-src 'self'");
      expect(policy).not.toContain("'unsafe-eval'");
    }
    expect(main).toMatch(/frame-ancestors 'self'(;|$)/);
    expect(embed).toMatch(/frame-ancestors \*(;|$)/);
    // A <meta> policy cannot set frame-ancestors: the tag has the rest, word for word.
    expect(metaOf('index.html')).toBe(metaPolicy(main));
    expect(metaOf('embed.html')).toBe(metaPolicy(embed));
    expect(metaOf('index.html')).not.toContain('frame-ancestors');
    expect(main.replace(/;\s*frame-ancestors [^;]*/, '')).toBe(metaOf('index.html'));

    // Every file: one policy (never two rules joined), one CORP, COOP/COEP; the loader may be used by any origin.
    const files = readdirSync(site, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => relative(site, join(f.parentPath, f.name)).split('\\').join('/'))
      .filter((f) => f !== '_headers');
    for (const file of files) {
      const headers = await sent(file);
      const expected = file === 'embed.html' ? embed : main;
      expect(headers.get('content-security-policy'), file).toBe(expected);
      expect(headers.get('cross-origin-resource-policy'), file).toBe(file === 'embed.html' || file === 'embed-loader.js' ? 'cross-origin' : 'same-origin');
      expect(headers.get('cross-origin-embedder-policy'), file).toBe('require-corp');
    }
  });

  test('another origin cannot frame the main page', async () => {
    const w = await openPage(browser);
    try {
      await goto(w, `${course.url}framing.html`);
      await w.page.waitForTimeout(500);
      const frame = w.page.frames().find((f) => f !== w.page.mainFrame());
      const loaded = await frame?.evaluate(() => document.querySelector('#app') !== null).catch(() => false);
      expect(loaded, 'the main page rendered inside a frame of another origin').toBeFalsy();
      expect(w.consoleErrors.join('\n')).toMatch(/frame-ancestors/);
    } finally {
      await w.context.close();
    }
  });
});
