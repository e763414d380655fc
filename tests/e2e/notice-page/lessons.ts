// The Node side of the notice checks in a browser (tests/shared/notice-claims.ts):
// the site and the test-only notice page served together, and a test for each
// claim whose lesson's runs go to the page's engine through whatever drives the browser.
import { test } from 'vitest';
import type { RunOutput, RunRequest } from '../../../web/src/engine/types';
import { dataFile, scenarios } from '../../node/helpers';
import { type Lesson, checkClaim, claimCases, lessonRequest } from '../../shared/notice-claims';
import { type Server, coreToSpare, site, startServer } from '../helpers';
import { NOTICE_PAGE_PATH, buildNoticePage } from './build';
import type { NoticeEngine } from './page';

/** The site under test with the notice page built for it; `pageUrl` is the page's address. */
export async function startNoticeServer(): Promise<{ server: Server; pageUrl: string }> {
  const server = await startServer({ mounts: { [NOTICE_PAGE_PATH]: await buildNoticePage(site) } });
  return { server, pageUrl: new URL(`${NOTICE_PAGE_PATH.slice(1)}index.html`, server.url).href };
}

/**
 * A test for each claim, on the `flavour` build loaded in the page (the
 * single build skips the thread modes' claims, saying so); `run` sends a
 * request to the page's runInPage through the browser's driver. The Node
 * test's busy rule: judged once, as the file starts.
 */
export function claimTests(flavour: Lesson['flavour'], run: (request: RunRequest) => Promise<string>): void {
  const busy = !coreToSpare();
  test.for(claimCases(scenarios()))('%s: %s', async ([, , claim, scenario], { skip }) => {
    const lesson: Lesson = {
      flavour,
      scenario,
      run: async (mode, params = {}, options = {}) => JSON.parse(await run(lessonRequest(scenario, mode, params, options, dataFile))) as RunOutput,
    };
    await checkClaim(claim, lesson, busy, skip);
  });
}

/** In the page (sent as source): loads a build of its engine. */
export const loadEngine = ({ flavour, cores }: { flavour: Lesson['flavour']; cores: number }) =>
  (window as unknown as { noticeEngine: NoticeEngine }).noticeEngine.load(flavour, cores);
/** In the page (sent as source): one run on its engine, its output as JSON (one string crosses any driver's protocol quickly). */
export const runInPage = (request: RunRequest) =>
  (window as unknown as { noticeEngine: NoticeEngine }).noticeEngine.run(request).then((output) => JSON.stringify(output));
