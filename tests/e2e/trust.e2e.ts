// Issue 14 in the page: each mode is compared with like (the fib modes with
// their serial twins), the details column speaks the lesson's language with
// units (no checksums or step counts), the event-loop lesson shows the
// course's asyncio and uvloop figures as reference rows, and the results
// table fits a 1280 px and a 360 px page (narrow, each row a block of labelled lines), where the timeline's first view shows
// the whole run with whole lane names. Screenshots in test-results/.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  CALIBRATION_QUERY,
  type Server,
  type Watched,
  artifactPath,
  calibrationProblem,
  coreToSpare,
  expectHealthyPage,
  goto,
  launch,
  openPage,
  results,
  runAndWait,
  startServer,
  waitReady,
} from './helpers';
import { expectWholeRunsShown, timelineView } from './engines/page';

let server: Server;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** How far the results table is wider than the box it sits in (px; 0 when it fits). */
const tableOverflow = (w: Watched) =>
  w.page
    .locator('.results .table-wrap')
    .first()
    .evaluate((wrap) => Math.max(0, wrap.scrollWidth - wrap.clientWidth));

describe('results a learner can trust', () => {
  const cpuUrl = () =>
    `${server.url}index.html?scenario=cpu-bound&modes=serial,recursive-serial,recursive-coroutines,iterative-serial,iterative-coroutines&jobs=2&work_ms=100&fib_n=20`;

  test('at 1280 px: fib modes against their serial twins, details in words and units, the table fits', async () => {
    const w = await openPage(browser);
    try {
      await goto(w, cpuUrl());
      await waitReady(w.page);
      await runAndWait(w.page);
      const rows = Object.fromEntries((await results(w.page)).map((r) => [r.mode, r]));
      expect(Object.keys(rows)).toEqual(['serial', 'recursive-serial', 'recursive-coroutines', 'iterative-serial', 'iterative-coroutines']);
      const cells = await w.page.locator('.results table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent ?? ''));
      expect(cells[2]).toContain('vs recursive-serial');
      expect(cells[4]).toContain('vs iterative-serial');
      expect(rows.serial.details).toMatch(/each job took \d+(\.\d+)? ms/);
      for (const row of Object.values(rows)) {
        expect(row.details).not.toMatch(/checksum|steps_per_job|resumes/);
      }
      await w.page.screenshot({ path: artifactPath('trust-cpu-bound-1280.png'), fullPage: true });
      expect(await tableOverflow(w)).toBe(0);
      // Wide, a table of columns (the narrow layout's blocks are for narrow boxes only).
      expect(
        await w.page
          .locator('.results tbody td')
          .first()
          .evaluate((td) => getComputedStyle(td).display),
      ).toBe('table-cell');
      // Wide, each "—" of the GIL column stays in its row, so the narrow layout's note is not shown.
      expect(await w.page.locator('.results .column-note').isVisible()).toBe(false);
      await expectHealthyPage(w, [server.url]);
    } finally {
      await w.context.close();
    }
  });

  test.skipIf(!coreToSpare())('calibration: a job of work_ms 100 takes 100 ms ± 5 % (3 tries)', async () => {
    const w = await openPage(browser);
    try {
      await goto(w, `${server.url}index.html?${CALIBRATION_QUERY}`);
      await waitReady(w.page);
      let problem = '';
      for (let attempt = 0; attempt < 3; attempt++) {
        await runAndWait(w.page);
        problem = calibrationProblem((await results(w.page))[0].details);
        console.log(`Chromium calibration, try ${attempt + 1}: ${problem || 'within ±5 %'}`);
        if (!problem) break;
      }
      expect(problem).toBe('');
    } finally {
      await w.context.close();
    }
  });

  test('a cpu-bound comparison in rounds: each mode’s median with its range, and the machine’s ceiling beside the threads’ speed-up', async () => {
    const w = await openPage(browser);
    try {
      await goto(w, `${server.url}index.html?scenario=cpu-bound&modes=serial,threads&threads=2&gil=0&jobs=2&work_ms=40&rounds=3`);
      await waitReady(w.page);
      await runAndWait(w.page);
      const rows = Object.fromEntries((await results(w.page)).map((r) => [r.mode, r]));
      expect(Object.keys(rows)).toEqual(['serial', 'threads']);
      for (const row of Object.values(rows)) expect(row.details).toMatch(/rounds ranged [\d.]+ ms–[\d.]+ ms/);
      expect(rows.threads.details).toMatch(/speed-up ranged [\d.]+×–[\d.]+×/);
      expect(rows.threads.details).toMatch(/ceiling on this machine [\d.]+×/);
      expect(rows.serial.details).not.toContain('ceiling');
      await w.page.screenshot({ path: artifactPath('trust-rounds-1280.png'), fullPage: true });
      await expectHealthyPage(w, [server.url]);
    } finally {
      await w.context.close();
    }
  });

  test('the event loop: both ways of making the actions, and the course’s figures as labelled reference rows', async () => {
    const w = await openPage(browser);
    try {
      await goto(w, `${server.url}index.html?scenario=event-loop`);
      await waitReady(w.page);
      await runAndWait(w.page);
      const rows = await results(w.page);
      expect(rows.map((r) => r.mode)).toEqual(['coroutines', 'direct-resume', 'asyncio', 'uvloop']);
      expect(rows[2].wallMs).toBe(16_200);
      expect(rows[2].details).toContain('reference: the course');
      expect(rows[3].wallMs).toBe(11_300);
      expect(rows[0].details).toMatch(/actions per second [\d.]+ [Mk]\/s/);
      expect(rows[0].details).toContain('median of 5 rounds');
      await w.page.screenshot({ path: artifactPath('trust-event-loop-1280.png'), fullPage: true });
      expect(await tableOverflow(w)).toBe(0);
    } finally {
      await w.context.close();
    }
  });

  test('amdahl: the pool’s own speed-up against one thread in the speed-up column, not "baseline"', async () => {
    const w = await openPage(browser, { viewport: { width: 360, height: 800 } });
    try {
      await goto(w, `${server.url}index.html?scenario=amdahl&threads=2&work_ms=200&rounds=1`);
      await waitReady(w.page);
      await runAndWait(w.page);
      const [pool] = await results(w.page);
      expect(pool.speedup).toMatch(/^\d+\.\d\d×$/);
      expect(await w.page.locator('.results thead th').allTextContents()).toContain('speed-up vs one thread');
    } finally {
      await w.context.close();
    }
  });

  test('at 360 px the page does not scroll sideways', async () => {
    const w = await openPage(browser, { viewport: { width: 360, height: 800 } });
    try {
      await goto(w, cpuUrl());
      await waitReady(w.page);
      await runAndWait(w.page);
      expect(await w.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await w.page.screenshot({ path: artifactPath('trust-cpu-bound-360.png'), fullPage: true });
    } finally {
      await w.context.close();
    }
  });

  test('at 360 px each result is a block of labelled lines, every cell on screen: the speed-up and details need no sideways scroll', async () => {
    const w = await openPage(browser, { viewport: { width: 360, height: 800 } });
    try {
      await goto(w, `${server.url}index.html?scenario=cpu-bound&modes=serial,threads&threads=2&jobs=2&rounds=1&work_ms=20`);
      await waitReady(w.page);
      await runAndWait(w.page);
      expect(await tableOverflow(w)).toBe(0);
      const cells = await w.page.locator('.results tbody tr').evaluateAll((trs) =>
        trs.flatMap((tr) =>
          [...tr.children].map((cell) => {
            const box = cell.getBoundingClientRect();
            return {
              mode: tr.children[0].textContent,
              label: cell.getAttribute('data-label') ?? 'mode',
              shown: getComputedStyle(cell, '::before').content,
              left: box.left,
              right: box.right,
              width: box.width,
            };
          }),
        ),
      );
      const viewport = await w.page.evaluate(() => document.documentElement.clientWidth);
      expect(cells.length).toBeGreaterThan(2);
      for (const c of cells) {
        expect(c.width, `${c.mode} ${c.label}`).toBeGreaterThan(0);
        expect(c.left, `${c.mode} ${c.label}`).toBeGreaterThanOrEqual(0);
        expect(c.right, `${c.mode} ${c.label}`).toBeLessThanOrEqual(viewport);
        // Each value beside its column's name (the header row is out of sight, for screen readers).
        if (c.label !== 'mode') expect(c.shown).toContain(c.label);
      }
      // The numbers the lesson is about, on screen where a learner scrolls down to them.
      const row = (mode: string) => w.page.locator('.results tbody tr').filter({ has: w.page.getByRole('rowheader', { name: mode, exact: true }) });
      for (const [mode, label, text] of [
        ['threads', 'speed-up vs serial', /^\d+\.\d\d×$/],
        ['threads', 'details', /GIL hand-offs \d+/],
        ['serial', 'details', /each job took [\d.]+ ms/],
      ] as const) {
        const cell = row(mode).locator(`td[data-label="${label}"]`);
        await cell.scrollIntoViewIfNeeded();
        expect(await cell.isVisible()).toBe(true);
        expect((await cell.textContent()) ?? '').toMatch(text);
        // Not clipped or covered: the point at the middle of its box is the cell's.
        expect(
          await cell.evaluate((td) => {
            const b = td.getBoundingClientRect();
            return td.contains(document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2));
          }),
        ).toBe(true);
      }
      // serial runs no threads that hold the GIL: no GIL line in its block (the cell is out of
      // sight, for screen readers), and what that means is said once, under the rows.
      expect((await row('serial').locator('td[data-label="GIL"]').boundingBox())?.width).toBeLessThanOrEqual(1);
      expect(await row('threads').locator('td[data-label="GIL"]').isVisible()).toBe(true);
      const note = w.page.locator('.results .column-note');
      expect(await note.count()).toBe(1);
      expect(await note.isVisible()).toBe(true);
      expect(await note.textContent()).toBe('A mode without a GIL line runs no threads that hold the GIL.');
      await w.page
        .locator('.results')
        .first()
        .screenshot({ path: artifactPath('trust-cpu-bound-results-360.png') });
    } finally {
      await w.context.close();
    }
  });

  test('at 360 px the timeline’s first view shows the whole run and whole lane names (as in Firefox: engines/)', async () => {
    const w = await openPage(browser, { viewport: { width: 360, height: 800 } });
    try {
      await goto(w, `${server.url}index.html?scenario=sleep&time_scale=0.25`);
      await waitReady(w.page);
      await runAndWait(w.page);
      await w.page.waitForTimeout(200); // the canvas redraws on the next animation frame
      expectWholeRunsShown(await w.page.evaluate(timelineView), await results(w.page));
      await w.page
        .locator('.timeline')
        .first()
        .screenshot({ path: artifactPath('trust-sleep-timeline-360.png') });
    } finally {
      await w.context.close();
    }
  });
});
