// Each lesson's "What to notice" in Firefox ESR (over WebDriver BiDi, as
// ./firefox.e2e.ts): every check of tests/shared/notice-claims.ts, as in
// Chromium (tests/e2e/notice.e2e.ts), on the site's engine layer in a page, in
// the threads build. Timing claims follow the Node test's busy-machine rule:
// tried 3 times, and a miss only reported when every core is in use.
// E2E_SKIP_FIREFOX=1 skips this file (scripts/e2e.sh says so).
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CORES } from '../../shared/notice-claims';
import type { Server } from '../helpers';
import { claimTests, loadEngine, runInPage, startNoticeServer } from '../notice-page/lessons';
import { launchFirefox } from './firefox';

const skip = process.env.E2E_SKIP_FIREFOX === '1';

let server: Server;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  if (skip) return;
  const started = await startNoticeServer();
  server = started.server;
  browser = await launchFirefox();
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
  await page.goto(started.pageUrl);
  expect(await page.evaluate(loadEngine, { flavour: 'threads' as const, cores: CORES })).toEqual({
    flavour: 'threads',
    support: { threads: true, reason: '' },
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(skip)('Firefox ESR: what to notice', () => {
  claimTests('threads', (request) => page.evaluate(runInPage, request));

  test('the page had no uncaught errors', () => {
    expect(errors).toEqual([]);
  });
});
