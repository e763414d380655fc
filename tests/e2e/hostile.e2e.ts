// Hostile input: CSV names that are HTML or script, a huge CSV, malformed CSVs,
// absurd URL parameters and an unknown scenario id. Each gets a clear message,
// nothing from the input is rendered as HTML, no dialog opens, and the page
// stays usable (a run afterwards succeeds).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { type Server, type Watched, closeFileSession, expectHealthyPage, goto, openFileSession, results, runAndWait, waitReady } from './helpers';

let server: Server;
let browser: Browser;
let w: Watched;
beforeAll(async () => ({ server, browser, w } = await openFileSession()));
afterAll(() => closeFileSession({ server, browser }));

const injected = () => document.querySelectorAll('img[src="x"], script:not([src]), iframe, [onerror], [onload]').length;
const distanceUrl = () => `${server.url}index.html?scenario=distance-matrix&modes=serial,coroutines&read_delay_ms=0&write_delay_ms=0`;

async function upload(name: string, text: string): Promise<void> {
  await w.page.getByLabel(/or your own CSV/).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await w.page.locator('.data .data-name').filter({ hasText: name }).waitFor();
}

/** Runs the course file after a bad upload: the page must still work. */
async function stillUsable(): Promise<void> {
  await w.page.getByRole('button', { name: 'Use the course file' }).click();
  await runAndWait(w.page);
  const rows = await results(w.page);
  expect(rows.map((r) => r.mode)).toEqual(['serial', 'coroutines']);
  for (const r of rows) expect(r.details).toContain('pairs 10');
}

describe('hostile CSV files', () => {
  test('names that are HTML and script render as text; no dialog fires', async () => {
    await goto(w, distanceUrl());
    await waitReady(w.page);
    const name = '<img src=x onerror=alert(1)>.csv';
    const csv = [
      '<script>alert("name")</script>,48.05,-122.17',
      '<img src=x onerror=alert(2)>,33.78,-117.22',
      '"<b onmouseover=alert(3)>bold</b>",41.49,-81.69',
    ].join('\n');
    await upload(name, csv);
    await runAndWait(w.page);
    const rows = await results(w.page);
    expect(rows.map((r) => r.details.includes('pairs 3'))).toEqual([true, true]);
    expect(await w.page.locator('.data .data-name').innerText()).toBe(name);
    expect(await w.page.evaluate(injected)).toBe(0);
    expect(await w.page.locator('b').filter({ hasText: 'bold' }).count()).toBe(0);
    // The output CSV keeps the names as they were.
    const [download] = await Promise.all([w.page.waitForEvent('download'), w.page.getByRole('button', { name: 'Download output CSV' }).click()]);
    const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(text).toContain('<script>alert(""name"")</script>');
    expect(w.dialogs).toEqual([]);
  });

  test('a huge CSV (50 000 rows) gets the engine’s limit message', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `place ${i},${(i % 180) - 89.5},${(i % 360) - 179.5}`);
    await upload('huge.csv', `${rows.join('\n')}\n`);
    await runAndWait(w.page);
    const message = await w.page.locator('.data .error[role=alert]').innerText();
    console.log(`huge CSV: ${message}`);
    expect(message).toMatch(/more than \d+ locations \(the limit is \d+\)/);
    expect(message).toMatch(/^line \d+/);
    await stillUsable();
  });

  const malformed: [string, string, RegExp][] = [
    ['empty.csv', '', /no locations|empty/i],
    ['two-fields.csv', 'A,1,2\nB,3\n', /line 2/],
    ['not-a-number.csv', 'A,1,2\nB,north,3\n', /line 2.*latitude/],
    ['extra-field.csv', 'A,1,2,3\n', /line 1.*extra field/],
    ['nan.csv', 'A,NaN,2\nB,1,2\n', /line 1.*latitude/],
    ['huge-number.csv', 'A,1e308,2\nB,1,2\n', /line 1.*latitude/],
    ['unclosed-quote.csv', '"A,1,2\nB,1,2\n', /line 1|quote/i],
    ['binary.csv', '\u0000\u0001\u0002,\u0003,\u0004\n', /line 1/],
    ['long-name.csv', `${'x'.repeat(100_000)},1,2\nB,3,4\n`, /^(?![\s\S]{2000})/], // runs or fails, but never echoes 100 000 characters
  ];
  test.each(malformed)('malformed: %s', async (name, text, expected) => {
    await upload(name, text);
    await runAndWait(w.page);
    const errors = await w.page.locator('.data .error[role=alert]').count();
    if (name === 'long-name.csv') {
      // A 100 000-character name is valid CSV: it either runs or is refused in a short message.
      const shown = errors ? await w.page.locator('.data .error').innerText() : '';
      expect(shown.length).toBeLessThan(2000);
    } else {
      expect(errors, `no message for ${name}`).toBe(1);
      const message = await w.page.locator('.data .error[role=alert]').innerText();
      console.log(`${name}: ${message}`);
      expect(message).toMatch(expected);
      expect(message.length).toBeLessThan(400);
    }
    await stillUsable();
  });
});

describe('absurd URL parameters', () => {
  const cases: [string, string, RegExp[]][] = [
    ['negative and NaN', 'scenario=sleep&threads=-3&first_ms=NaN&second_ms=-1', [/threads="-3"/, /first_ms="NaN"/, /second_ms="-1"/]],
    ['1e308 and Infinity', 'scenario=sleep&threads=1e308&first_ms=1e308&time_scale=Infinity', [/threads="1e308"/, /first_ms="1e308"/, /time_scale="Infinity"/]],
    [
      '10 000-character strings',
      `scenario=sleep&first_ms=${'9'.repeat(10_000)}&${'p'.repeat(10_000)}=1&modes=${'m'.repeat(10_000)}`,
      [/first_ms=/, /is not a parameter/, /not a mode/],
    ],
    [
      'HTML in names and values',
      'scenario=sleep&%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1&gil=%3Cscript%3Ealert(1)%3C/script%3E',
      [/<img src=x onerror=alert\(1\)>/, /gil="<script>/],
    ],
    ['an unknown scenario id', 'scenario=%3Cscript%3Ealert(1)%3C%2Fscript%3E&threads=2', [/There is no scenario called "<script>alert\(1\)<\/script>"/]],
  ];
  test.each(cases)('%s: a note names each one, defaults are used, the page runs', async (_name, query, expected) => {
    await goto(w, `${server.url}index.html?${query}`);
    await waitReady(w.page);
    const note = await w.page.locator('.note[role=status]').innerText();
    console.log(`URL ${_name}: ${note.replace(/\n/g, ' | ').slice(0, 400)}`);
    for (const e of expected) expect(note).toMatch(e);
    expect(note.length).toBeLessThan(2000); // long values are shortened, not echoed whole
    expect(await w.page.evaluate(injected)).toBe(0);
    // The defaults are in force: the sleep lesson, with its 0.8 s / 0.9 s waits unless overridden.
    expect(await w.page.getByRole('heading', { level: 2, name: /Waiting: one after the other/ }).count()).toBe(1);
    expect(Number(await w.page.getByLabel('Threads (workers)').inputValue())).toBeGreaterThanOrEqual(1);
    // Make the run short with the page's own control, then run one mode.
    await w.page.getByLabel('Time scale').fill('0.05');
    await w.page.getByLabel('Time scale').blur();
    await w.page.locator('#one-mode').selectOption('coroutines');
    await runAndWait(w.page, 'Run one');
    const rows = await results(w.page);
    expect(rows.map((r) => r.mode)).toEqual(['coroutines']);
    expect(rows[0].wallMs).toBeGreaterThan(0);
    expect(w.dialogs).toEqual([]);
  });

  test('the page stayed healthy throughout', async () => {
    await expectHealthyPage(w, [server.url]);
  });
});
