// Each lesson's "What to notice" in Firefox ESR (over WebDriver BiDi, as
// ./firefox.e2e.ts): the core set of tests/shared/notice-claims.ts (every
// claim about what the code did; Chromium, tests/e2e/notice.e2e.ts, checks the
// timing ones too) on the site's engine layer in a page, in the threads build.
// E2E_SKIP_FIREFOX=1 skips this file (scripts/e2e.sh says so).
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CORES } from '../../shared/notice-claims';
import type { Server } from '../helpers';
import { claimTests, coreClaim, loadEngine, runInPage, startNoticeServer } from '../notice-page/lessons';
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
  claimTests('threads', (request) => page.evaluate(runInPage, request), coreClaim);

  test('the page had no uncaught errors', () => {
    expect(errors).toEqual([]);
  });
});
