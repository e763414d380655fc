// Each lesson's "What to notice" in WebKitGTK (WebKitWebDriver under Xvfb, as
// ./webkit.e2e.ts): every check of tests/shared/notice-claims.ts, timing ones
// included, on the site's engine layer in a page. WebKitGTK has no
// SharedArrayBuffer, so the page loads the single build, and the claims about
// thread modes are skipped with that reason, as in the Node test's single
// build. Timing claims follow the Node test's busy-machine rule: tried 3
// times, and a miss only reported when every core is in use.
// E2E_SKIP_WEBKIT=1 skips this file (scripts/e2e.sh says so).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CORES } from '../../shared/notice-claims';
import type { Server } from '../helpers';
import { claimTests, loadEngine, runInPage, startNoticeServer } from '../notice-page/lessons';
import { pageErrors, watchErrors } from './page';
import { WebDriverSession } from './webdriver';

const skip = process.env.E2E_SKIP_WEBKIT === '1';

let server: Server;
let wd: WebDriverSession;

beforeAll(async () => {
  if (skip) return;
  const started = await startNoticeServer();
  server = started.server;
  wd = await WebDriverSession.startWebKit();
  await wd.setScriptTimeout(120_000); // a run is one script: the driver waits for its promise
  await wd.navigate(started.pageUrl);
  await wd.execute(watchErrors);
  const loaded = await wd.execute(loadEngine, { flavour: 'single', cores: CORES });
  expect(loaded.flavour).toBe('single');
  expect(loaded.support.threads).toBe(false);
});

afterAll(async () => {
  await wd?.close();
  await server?.close();
});

describe.skipIf(skip)('WebKitGTK (the single build): what to notice', () => {
  claimTests('single', (request) => wd.execute(runInPage, request));

  test('the page had no uncaught errors', async () => {
    expect(await wd.execute(pageErrors)).toEqual([]);
  });
});
