// Shared pieces of the browser tests: Debian's Chromium through playwright-core,
// the built site served by server.mjs, and what every page is watched for:
//   - long tasks on the main thread (PerformanceObserver 'longtask'): none may
//     overlap a demo run (the page's rule: the UI thread never blocks 50 ms);
//   - Content-Security-Policy violations and uncaught page errors;
//   - requests to any origin but the site's own;
//   - live Worker objects (the Worker constructor is wrapped to count them)
//     and WebAssembly memories made on the page (to read the wasm heap size).
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startServer as startStaticServer } from './server.mjs';
import { chromiumArgs, chromiumExecutable } from '../../scripts/lib/chromium';
import { type Row, timelinePixels as countTimelinePixels, parseRows, resultCells } from './engines/page';

export const root = fileURLToPath(new URL('../..', import.meta.url));
/** The built site under test: dist/ unless E2E_SITE names another build. */
export const site = resolve(root, process.env.E2E_SITE ?? 'dist');
export const artifacts = resolve(root, 'test-results');
export const executablePath = chromiumExecutable;

export interface Server {
  url: string;
  port: number;
  requests: { method: string; path: string; search: string }[];
  close(): Promise<void>;
}

/** The site under test, served by server.mjs with these options (root: the site). */
export function startServer(options: Omit<NonNullable<Parameters<typeof startStaticServer>[0]>, 'root'> = {}): Promise<Server> {
  return startStaticServer({ root: site, ...options });
}

export async function launch(): Promise<Browser> {
  if (!existsSync(executablePath)) throw new Error(`Chromium is missing (${executablePath}): install the Debian package 'chromium'`);
  const browser = await chromium.launch({
    executablePath,
    args: [
      ...chromiumArgs,
      // Exact JS heap figures (performance.memory) and a gc() to call before reading them.
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
    ],
  });
  await browser.startTracing(undefined, traceOptions);
  return browser;
}

/** Chromium's trace, always on: each task of every thread, with the CPU time
 *  it took (tdur), and the page's performance marks to line the trace's clock
 *  up with the page's. */
const traceOptions = { categories: ['toplevel', 'blink.user_timing'] };
let anchors = 0;

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
}

/**
 * The CPU time the page's main thread spent in each of these tasks (page
 * times, ms), from the trace recorded since the last call; undefined where
 * the trace does not have it. A long task is the page's wall clock: on a
 * machine running more threads than its cores (this one has 2; the demo's
 * threads, the compositor, the test runner), the scheduler alone can stretch
 * a 20 ms task past 50 ms. The CPU time is the page's own work.
 */
export async function mainThreadCpuOf(browser: Browser, target: Page | Frame, tasks: { start: number; duration: number }[]): Promise<(number | undefined)[]> {
  const name = `e2e-anchor-${++anchors}`;
  const at = await target.evaluate((mark) => performance.mark(mark).startTime, name).catch(() => undefined);
  const events = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents as TraceEvent[];
  await browser.startTracing(undefined, traceOptions);
  const mark = events.find((e) => e.name === name);
  if (at === undefined || !mark) return tasks.map(() => undefined);
  const runs = events.filter((e) => e.ph === 'X' && e.pid === mark.pid && e.tid === mark.tid && e.name === 'ThreadControllerImpl::RunTask');
  return tasks.map((task) => {
    const start = mark.ts + (task.start - at) * 1000;
    const end = start + task.duration * 1000;
    // The trace's outermost tasks in the long task's window (nested ones repeat
    // their parent's time): their CPU time is the page thread's in that window.
    // The long task API may report a few ms more than the trace's task, so the
    // window has 3 ms of slack at each end.
    const inside = runs.filter((e) => e.ts >= start - 3000 && e.ts + (e.dur ?? 0) <= end + 3000);
    const outer = inside.filter(
      (e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0) && (o.dur ?? 0) > (e.dur ?? 0)),
    );
    // A task without its CPU time counts with its wall time (the trace leaves
    // it out of tasks too short to measure).
    if (!outer.length) return undefined;
    return outer.reduce((sum, e) => sum + (e.tdur ?? e.dur ?? 0), 0) / 1000;
  });
}

/** Runs in every frame before the page's own scripts. */
function watch() {
  const w = window as unknown as Record<string, unknown>;
  const state = {
    longTasks: [] as { start: number; duration: number; name: string }[],
    /** Long animation frames, with the scripts that ran in them: what a long task was made of. */
    longFrames: [] as { start: number; duration: number; work: string; harnessMs: number }[],
    /** The page's own share of a long task: its length less the time the test
     *  harness's own scripts took in it (Playwright's evaluate and polling
     *  scripts, which have no URL). Those are not the page's UI work. */
    pageShare(task: { start: number; duration: number }): number {
      return task.duration - (state.frameOf(task)?.harnessMs ?? 0);
    },
    /** The long animation frame that held a long task. */
    frameOf(task: { start: number; duration: number }) {
      return state.longFrames.find((f) => f.start <= task.start + 1 && f.start + f.duration >= task.start + task.duration - 1);
    },
    demos: [] as [number, number][],
    violations: [] as string[],
    dialogs: 0,
    workersMade: 0,
    liveWorkers: new Set<Worker>(),
    memories: [] as WebAssembly.Memory[],
    busySeen: false,
  };
  w.__e2e = state;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration, name: e.name });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no long task API: the check below then has nothing to see */
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as {
        startTime: number;
        duration: number;
        renderStart: number;
        styleAndLayoutStart: number;
        scripts: {
          invoker: string;
          sourceFunctionName: string;
          sourceURL: string;
          sourceCharPosition: number;
          duration: number;
          forcedStyleAndLayoutDuration: number;
        }[];
      }[]) {
        const scripts = e.scripts.map(
          (x) =>
            `${x.invoker} ${x.sourceFunctionName || '(anonymous)'} at ${x.sourceURL.split('/').pop()}:${x.sourceCharPosition} ${Math.round(x.duration)} ms${x.forcedStyleAndLayoutDuration >= 1 ? ` (forced layout ${Math.round(x.forcedStyleAndLayoutDuration)})` : ''}`,
        );
        const render =
          e.renderStart > 0
            ? `rendering ${Math.round(e.startTime + e.duration - e.renderStart)} ms (style and layout ${Math.round(e.startTime + e.duration - Math.max(e.styleAndLayoutStart, e.renderStart))})`
            : 'no rendering';
        const harnessMs = e.scripts.filter((x) => !x.sourceURL).reduce((sum, x) => sum + x.duration, 0);
        state.longFrames.push({ start: e.startTime, duration: e.duration, work: [...scripts, render].join('; '), harnessMs });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    /* no long-animation-frame API: long tasks are reported without their parts */
  }
  document.addEventListener('securitypolicyviolation', (e) => state.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      state.workersMade++;
      state.liveWorkers.add(this);
    }
    terminate() {
      state.liveWorkers.delete(this);
      super.terminate();
    }
  };
  const NativeMemory = WebAssembly.Memory;
  const Memory = function (this: unknown, descriptor: WebAssembly.MemoryDescriptor) {
    const memory = new NativeMemory(descriptor);
    state.memories.push(memory);
    return memory;
  } as unknown as typeof WebAssembly.Memory;
  Memory.prototype = NativeMemory.prototype;
  WebAssembly.Memory = Memory;
}

/** What watch() keeps on each page, as window.__e2e (the parts read from tests). */
export interface E2eState {
  longTasks: { start: number; duration: number; name: string }[];
  longFrames: { start: number; duration: number; work: string; harnessMs: number }[];
  demos: [number, number][];
  pageShare(task: { start: number; duration: number }): number;
  frameOf(task: { start: number; duration: number }): { work: string } | undefined;
}

/** Whether a long task is the page's: over 50 ms without the harness's own
 *  scripts, and the page's thread busy (CPU) for over 50 ms of it, or the
 *  trace cannot say. */
export const isPageLongTask = (t: { pageShare: number; cpuMs?: number }) => t.pageShare > 50 && (t.cpuMs === undefined || t.cpuMs > 50);

export interface Watched {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
  dialogs: string[];
  /** Long tasks that overlapped a demo run, gathered from every page load so far. */
  demoLongTasks: { url: string; start: number; duration: number; cpuMs?: number; work?: string }[];
}

/** What a test file that needs one page for all its tests holds: a server of
 *  the built site, a browser, and a watched page in it. */
export interface FileSession {
  server: Server;
  browser: Browser;
  w: Watched;
}

/** Starts the server and the browser and opens a watched page (a file's beforeAll). */
export async function openFileSession(): Promise<FileSession> {
  const server = await startServer();
  const browser = await launch();
  return { server, browser, w: await openPage(browser) };
}

/** Closes what openFileSession started, whatever of it did start (a file's afterAll). */
export async function closeFileSession(session: Partial<FileSession>): Promise<void> {
  await session.browser?.close();
  await session.server?.close();
}

/** A fresh context and page, watched (see the top of this file). */
export async function openPage(
  browser: Browser,
  options: { serviceWorkers?: 'allow' | 'block'; viewport?: { width: number; height: number } } = {},
): Promise<Watched> {
  const context = await browser.newContext({
    serviceWorkers: options.serviceWorkers ?? 'block',
    viewport: options.viewport ?? { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  await context.addInitScript(watch);
  const page = await context.newPage();
  const watched: Watched = { context, page, consoleErrors: [], pageErrors: [], requests: [], dialogs: [], demoLongTasks: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') watched.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => watched.pageErrors.push(e.message));
  context.on('request', (r) => watched.requests.push(r.url()));
  page.on('dialog', (d) => {
    watched.dialogs.push(d.message());
    void d.dismiss();
  });
  return watched;
}

/** Requests that left the given origins (blob: and data: URLs stay in the page). */
export function foreignRequests(w: Watched, origins: string[]): string[] {
  return w.requests.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:') && !origins.some((o) => new URL(u).origin === new URL(o).origin));
}

/** Console messages of CSP refusals ("Refused to …") and violation events. */
export async function cspProblems(w: Watched): Promise<string[]> {
  const events = await w.page.evaluate(() => (window as unknown as { __e2e: { violations: string[] } }).__e2e.violations).catch(() => []);
  return [...w.consoleErrors.filter((t) => /Refused to|Content Security Policy/i.test(t)), ...events];
}

/** Waits until the engine has loaded (the Run button is enabled). */
export async function waitReady(page: Page, timeout = 90_000): Promise<void> {
  await page.locator('.run-bar button.primary:not([disabled])').waitFor({ timeout });
}

/** Clicks a run button and waits until the runs have ended; the time in between is
 *  a demo window for the long-task check. Returns the page's own elapsed ms. */
export async function runAndWait(page: Page, button: RegExp | string = /^Run all|^Run (serial|threads|coroutines|pool)/, timeout = 120_000): Promise<number> {
  await page.evaluate(() => {
    const s = (window as unknown as { __e2e: { busySeen: boolean; demoStart: number; observer?: MutationObserver } }).__e2e;
    const cancel = [...document.querySelectorAll<HTMLButtonElement>('.run-bar button')].find((b) => b.textContent === 'Cancel')!;
    s.busySeen = false;
    s.demoStart = performance.now();
    s.observer?.disconnect();
    s.observer = new MutationObserver(() => {
      if (!cancel.disabled) s.busySeen = true;
    });
    s.observer.observe(cancel, { attributes: true });
  });
  await page.locator('.run-bar').getByRole('button', { name: button }).first().click();
  await page.waitForFunction(
    () => {
      const s = (window as unknown as { __e2e: { busySeen: boolean } }).__e2e;
      const cancel = [...document.querySelectorAll<HTMLButtonElement>('.run-bar button')].find((b) => b.textContent === 'Cancel')!;
      return s.busySeen && cancel.disabled;
    },
    null,
    { timeout, polling: 50 },
  );
  return page.evaluate(() => {
    const s = (window as unknown as { __e2e: { demoStart: number; demos: [number, number][] } }).__e2e;
    const end = performance.now();
    s.demos.push([s.demoStart, end]);
    return end - s.demoStart;
  });
}

/** Moves the long tasks that overlapped this page's demo runs into w.demoLongTasks
 *  (the page's own record is lost when it navigates). */
export async function collectLongTasks(w: Watched): Promise<void> {
  if (w.page.isClosed() || w.page.url() === 'about:blank') return;
  await w.page.waitForTimeout(150); // entries are delivered after the task ends
  const url = w.page.url();
  const found = await w.page
    .evaluate(() => {
      const s = (window as unknown as { __e2e?: E2eState }).__e2e;
      if (!s) return [];
      const hits = s.longTasks.filter((t) => t.duration > 50 && s.demos.some(([a, b]) => t.start < b && t.start + t.duration > a));
      s.demos = [];
      // The long animation frame that held each task says what ran in it.
      return hits.map((t) => ({ ...t, pageShare: s.pageShare(t), work: s.frameOf(t)?.work }));
    })
    .catch(() => []);
  const browser = w.context.browser();
  // Read (and restarted) at every page change, so that the trace stays small: full, it would drop what comes next.
  const cpu = browser ? await mainThreadCpuOf(browser, w.page, found) : [];
  const tasks = found.map((t, i) => ({
    url,
    start: Math.round(t.start),
    duration: Math.round(t.duration),
    cpuMs: cpu[i] === undefined ? undefined : Math.round(cpu[i]!),
    ...(t.work ? { work: t.work } : {}),
    pageShare: t.pageShare,
  }));
  // Logged, not counted: tasks long only by the harness's own scripts, and
  // tasks in which the page's thread was busy for 50 ms or less (the rest of
  // the time it waited for a core).
  const excused = tasks.filter((t) => !isPageLongTask(t));
  if (excused.length)
    appendFileSync(
      artifactPath('long-tasks.jsonl'),
      `${JSON.stringify({ at: new Date().toISOString(), load: loadavg(), excused: 'harness scripts or waiting for a core', tasks: excused })}\n`,
    );
  w.demoLongTasks.push(...tasks.filter(isPageLongTask).map(({ pageShare: _, ...t }) => t));
}

/** Navigates after keeping the current page's long-task findings. */
export async function goto(w: Watched, url: string): Promise<void> {
  await collectLongTasks(w);
  try {
    await w.page.goto(url);
  } catch (e) {
    // Playwright's message repeats the URL; keep test logs readable when it is 30 000 characters long.
    throw new Error(`navigation to ${url.length > 200 ? `${url.slice(0, 200)}… (${url.length} characters)` : url} failed: ${String(e).slice(0, 300)}`);
  }
}

/** Every long task seen, demo or not (for the report). */
export async function allLongTasks(page: Page): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(() => (window as unknown as { __e2e: { longTasks: { start: number; duration: number }[] } }).__e2e.longTasks);
}

/** The checks every page gets at the end of a test. */
export async function expectHealthyPage(w: Watched, origins: string[]): Promise<void> {
  expect(await cspProblems(w), 'Content-Security-Policy violations').toEqual([]);
  expect(w.pageErrors, 'uncaught errors on the page').toEqual([]);
  expect(foreignRequests(w, origins), 'requests to another origin').toEqual([]);
  expect(w.dialogs, 'dialogs opened by the page').toEqual([]);
  await collectLongTasks(w);
  if (w.demoLongTasks.length) {
    appendFileSync(artifactPath('long-tasks.jsonl'), `${JSON.stringify({ at: new Date().toISOString(), load: loadavg(), tasks: w.demoLongTasks })}\n`);
  }
  // The load average goes in the message: on a machine running more than its cores,
  // a 10 ms task can be stretched past 50 ms by the scheduler alone.
  expect(
    w.demoLongTasks,
    `main-thread long tasks (> 50 ms) while a demo ran (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores): ${JSON.stringify(w.demoLongTasks)}`,
  ).toEqual([]);
}

/** A results row, as the e2e tests read it (engines/page.ts, which Firefox and WebKit run too). */
export type ResultRow = Row;

/** "1.71 s", "916 ms", "3.20 ms" → milliseconds. */
export function parseWall(text: string): number {
  const m = /^([\d.,]+)\s*(s|ms)$/.exec(text.trim());
  if (!m) throw new Error(`not a wall time: ${JSON.stringify(text)}`);
  const n = Number(m[1].replace(/,/g, ''));
  return m[2] === 's' ? n * 1000 : n;
}

/** Calibration (issue 14, item 4): cpu-bound serial jobs of 100 ms, one round. A job takes its work_ms within
 *  ±5 % in every engine; measured on the wall clock, so checked only with a core to spare. */
export const CALIBRATION_QUERY = 'scenario=cpu-bound&modes=serial&jobs=3&work_ms=100&rounds=1';
export { coreToSpare } from '../shared/machine';

/** Why a serial row's "each job took …" is not 100 ms ± 5 % (empty when it is). */
export function calibrationProblem(details: string): string {
  const m = /each job took ([\d.]+) (ms|s)\b/.exec(details);
  if (!m) return `no "each job took" in ${JSON.stringify(details)}`;
  const took = Number(m[1]) * (m[2] === 's' ? 1000 : 1);
  return Math.abs(took - 100) <= 5 ? '' : `each job took ${took} ms, asked for 100 ± 5 (load ${loadavg()[0].toFixed(1)})`;
}

/** The rows of the current results table (the first one: the latest comparison). */
export async function results(page: Page): Promise<ResultRow[]> {
  return parseRows(await page.evaluate(resultCells));
}

/** Pixels of the timeline canvas painted in each state colour (counted in the page by engines/page.ts, which Firefox and WebKit run too). */
export async function timelinePixels(page: Page): Promise<Record<string, number>> {
  return page.evaluate(countTimelinePixels);
}

export function artifactPath(name: string): string {
  mkdirSync(artifacts, { recursive: true });
  return resolve(artifacts, name);
}
