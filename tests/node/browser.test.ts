// The engine API in Chromium, served by Vite's dev server (which sends the
// COOP/COEP headers): thread support is detected, the threads build runs on
// the page without blocking it, the single build runs in its worker, and
// processes mode starts its workers from a worker. Skipped where there is no
// Chromium (/usr/bin/chromium, or PLAYGROUND_CHROMIUM).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { root } from './helpers';
import { chromiumArgs, chromiumExecutable } from '../../scripts/lib/chromium';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const executablePath = chromiumExecutable;
const haveChromium = existsSync(executablePath);

describe.skipIf(!haveChromium)('the engine API in Chromium', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await createServer({ configFile: `${root}/vite.config.ts`, server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
    await server.listen();
    const address = server.httpServer!.address() as { port: number };
    browser = await chromium.launch({
      executablePath,
      args: [...chromiumArgs],
    });
    page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`[page] ${message.text()}`);
    });
    await page.goto(`http://127.0.0.1:${address.port}/index.html`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // The page's code is given as text: this file is transformed for Node,
  // and the page must get the import() as written.
  test('the page is isolated and detects thread support', async () => {
    const support = await page.evaluate(`(async () => {
      const { detectThreadSupport } = await import('/src/engine/index.ts');
      return { isolated: crossOriginIsolated, ...(await detectThreadSupport()) };
    })()`);
    expect(support).toEqual({ isolated: true, threads: true, reason: '' });
  });

  test.each(['threads', 'single'])('the %s build runs every kind of mode without blocking the page', async (flavour) => {
    const outcome = (await page.evaluate(`(async (flavour) => {
      const { createEngine } = await import('/src/engine/index.ts');
      const engine = await createEngine(flavour);
      // The page's own event loop keeps turning while runs go on.
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      const results = {};
      try {
        const modes = flavour === 'threads' ? ['serial', 'threads', 'coroutines'] : ['serial', 'coroutines'];
        for (const mode of modes) {
          const output = await engine.run({ scenario: 'sleep', mode, threads: 2, gil: false, params: { first_ms: 200, second_ms: 300 } });
          results[mode] = output.result.wall_ms;
        }
        const processes = await engine.run({ scenario: 'distance-matrix', mode: 'processes', threads: 2, gil: false,
          params: { read_delay_ms: 0, write_delay_ms: 0 } });
        results.processes = processes.result.pairs;
        results.processLanes = processes.lanes.filter((lane) => lane.kind === 'process').length;
        const controller = new AbortController();
        const running = engine.run({ scenario: 'sleep', mode: 'coroutines', threads: 1, gil: false,
          params: { first_ms: 5000, second_ms: 5000 } }, { signal: controller.signal });
        setTimeout(() => controller.abort(), 200);
        results.aborted = await running.then(() => 'finished', (error) => error.name);
      } finally {
        clearInterval(ticker);
        engine.dispose();
      }
      return { results, ticks };
    })(${JSON.stringify(flavour)})`)) as { results: Record<string, unknown>; ticks: number };
    expect(outcome.results.processes).toBe(10);
    expect(outcome.results.processLanes).toBe(2);
    expect(outcome.results.aborted).toBe('AbortError');
    // serial waits 0.5 s in all, the overlapping modes 0.3 s.
    expect(outcome.results.serial as number).toBeGreaterThanOrEqual(490);
    expect(outcome.results.coroutines as number).toBeLessThan(450);
    // Over about 2 s of runs, a blocked page would have ticked a handful of times.
    expect(outcome.ticks).toBeGreaterThan(50);
  });
});
