// Accessibility: axe-core (from node_modules, injected into the page) on the main
// page after a run (timeline, replay, code, results, sweep and environment panels
// all present) and on the embed page. Serious or critical violations fail.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import {
  type Server,
  type Watched,
  artifactPath,
  closeFileSession,
  expectHealthyPage,
  goto,
  openFileSession,
  openPage,
  runAndWait,
  waitReady,
} from './helpers';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: Server;
let browser: Browser;
let w: Watched;
beforeAll(async () => ({ server, browser, w } = await openFileSession()));
afterAll(() => closeFileSession({ server, browser }));

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

async function axe(page: Page | Frame, name: string): Promise<Violation[]> {
  // Evaluated through DevTools, not as a <script>: the page's CSP (rightly) refuses inline scripts.
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  writeFileSync(artifactPath(`axe-${name}.json`), JSON.stringify(found, null, 2));
  console.log(`axe ${name}: ${found.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join(', ') || 'no violations'}`);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

test('the main page after a run has no serious or critical axe violations', async () => {
  await goto(w, `${server.url}index.html?scenario=sleep&time_scale=0.1`);
  await waitReady(w.page);
  await runAndWait(w.page);
  await w.page.getByText('Embed this').click(); // open the snippet too
  expect(await axe(w.page, 'main')).toEqual([]);
});

test('the main page in dark mode at 360 px wide has none either', async () => {
  const small = await openPage(browser, { viewport: { width: 360, height: 800 } });
  try {
    await small.page.emulateMedia({ colorScheme: 'dark' });
    await goto(small, `${server.url}index.html?scenario=distance-matrix&read_delay_ms=0&write_delay_ms=0&modes=serial,pool`);
    await waitReady(small.page);
    await runAndWait(small.page);
    expect(await axe(small.page, 'main-dark-360')).toEqual([]);
    await expectHealthyPage(small, [server.url]);
  } finally {
    await small.context.close();
  }
});

test('the embed page has no serious or critical axe violations', async () => {
  await goto(w, `${server.url}embed.html?scenario=sleep&time_scale=0.1`);
  await waitReady(w.page);
  await runAndWait(w.page);
  expect(await axe(w.page, 'embed')).toEqual([]);
  await expectHealthyPage(w, [server.url]);
});
