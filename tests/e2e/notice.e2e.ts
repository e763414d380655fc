// Each lesson's "What to notice" in Chromium: every check of
// tests/shared/notice-claims.ts (the Node test runs the same ones), on the
// site's engine layer in a page (tests/e2e/notice-page: createEngine, its
// workers and shared memory), in the threads build, where every claim runs.
// The busy-machine rule is the Node test's: when every core is in use as the
// file starts, timing claims are skipped, and a timing miss is only reported.
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chromiumArgs, chromiumExecutable } from '../../scripts/lib/chromium';
import { CORES } from '../shared/notice-claims';
import type { Server } from './helpers';
import { claimTests, loadEngine, runInPage, startNoticeServer } from './notice-page/lessons';

let server: Server;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  const started = await startNoticeServer();
  server = started.server;
  browser = await chromium.launch({ executablePath: chromiumExecutable, args: [...chromiumArgs] });
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(started.pageUrl);
  const loaded = await page.evaluate(loadEngine, { flavour: 'threads' as const, cores: CORES });
  expect(loaded).toEqual({ flavour: 'threads', support: { threads: true, reason: '' } });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test("the page runs the site's own threads build, from its engine/ directory", () => {
  expect(server.requests.some((r) => /^\/engine\/playground-threads\.[0-9a-f]+\.wasm$/.test(r.path))).toBe(true);
});

claimTests('threads', (request) => page.evaluate(runInPage, request));

test('the page had no uncaught errors', () => {
  expect(errors).toEqual([]);
});
