// The Node side of the notice checks in a browser (tests/shared/notice-claims.ts):
// the site and the test-only notice page served together, and a lesson whose
// runs go to the page's engine through whatever drives the browser.
import type { RunOutput, RunRequest } from '../../../web/src/engine/types';
import { dataFile, type ScenarioFile } from '../../node/helpers';
import { type Claim, type Lesson, lessonRequest } from '../../shared/notice-claims';
import { type Server, site, startServer } from '../helpers';
import { NOTICE_PAGE_PATH, buildNoticePage } from './build';
import type { NoticeEngine } from './page';

/** The site under test with the notice page built for it; `pageUrl` is the page's address. */
export async function startNoticeServer(): Promise<{ server: Server; pageUrl: string }> {
  const server = await startServer({ mounts: { [NOTICE_PAGE_PATH]: await buildNoticePage(site) } });
  return { server, pageUrl: new URL(`${NOTICE_PAGE_PATH.slice(1)}index.html`, server.url).href };
}

/** A lesson of `scenario` whose runs `run` sends to the page's engine (a `flavour` build, loaded there): runInPage, through the driver. */
export function browserLesson(flavour: Lesson['flavour'], scenario: ScenarioFile, run: (request: RunRequest) => Promise<string>): Lesson {
  return {
    flavour,
    scenario,
    run: async (mode, params = {}, options = {}) => JSON.parse(await run(lessonRequest(scenario, mode, params, options, dataFile))) as RunOutput,
  };
}

/** The claims Firefox and WebKitGTK check (Chromium checks them all): those about what the code did, not how long it took. */
export const coreClaim = (claim: Claim) => !claim.timing;

/** In the page (sent as source): loads a build of its engine. */
export const loadEngine = ({ flavour, cores }: { flavour: Lesson['flavour']; cores: number }) =>
  (window as unknown as { noticeEngine: NoticeEngine }).noticeEngine.load(flavour, cores);
/** In the page (sent as source): one run on its engine, its output as JSON (one string crosses any driver's protocol quickly). */
export const runInPage = (request: RunRequest) =>
  (window as unknown as { noticeEngine: NoticeEngine }).noticeEngine.run(request).then((output) => JSON.stringify(output));
