// Issue 17 in Chromium: after a producer/consumer run, hovering a consumer's
// wait on the queue draws the arrow from the put that woke it (pixels of the
// arrows' colour on the canvas) and the sentence names the producer and the item.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ARROW_COLOUR } from '../../web/src/timeline/arrows';
import { STATE_COLOURS } from '../../web/src/timeline/states';
import { AXIS_HEIGHT } from '../../web/src/timeline/draw';
import { HEADER_HEIGHT, ROW_GAP, ROW_HEIGHT } from '../../web/src/timeline/layout';
import { type FileSession, artifactPath, closeFileSession, expectHealthyPage, goto, openFileSession, runAndWait, waitReady } from './helpers';
import { openItemLists } from './engines/page';

let session: FileSession;

beforeAll(async () => {
  session = await openFileSession();
});

afterAll(async () => closeFileSession(session ?? {}));

/** Pixels of the timeline canvas in colour `hex` ("#rrggbb"), and the x (CSS px) of those on row `y` (CSS px). */
async function pixels(hex: string, y?: number): Promise<{ count: number; xs: number[] }> {
  return session.w.page.evaluate(
    ([colour, row]) => {
      const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16));
      const canvas = document.querySelector('canvas')!;
      const dpr = canvas.width / canvas.getBoundingClientRect().width;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const same = (i: number) => data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] > 0;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (same(i)) count++;
      const xs: number[] = [];
      if (row !== undefined) {
        const py = Math.round(row * dpr);
        for (let px = 0; px < canvas.width; px++) if (same((py * canvas.width + px) * 4)) xs.push(px / dpr);
      }
      return { count, xs };
    },
    [hex, y] as const,
  );
}

describe('why it waited, in Chromium', () => {
  test("hovering a consumer's wait draws the arrow from the producer's put and names the producer and the item", async () => {
    const { w, server } = session;
    // Slow producers, quick consumers: the consumers wait on an empty queue for each item.
    const query = 'scenario=producer-consumer&modes=threads&producers=2&consumers=2&items=6&queue_size=2&min_delay_ms=100&max_delay_ms=300&process_ms=20';
    await goto(w, `${server.url}index.html?${query}`);
    await waitReady(w.page);
    await runAndWait(w.page, /^Run/);
    await w.page.waitForTimeout(300); // the canvas redraws on the next animation frame
    const canvas = w.page.locator('canvas').first();
    await canvas.scrollIntoViewIfNeeded(); // the mouse only reaches what is in the viewport
    const box = (await canvas.boundingBox())!;
    expect((await pixels(ARROW_COLOUR)).count).toBe(0); // no arrows until a span is pointed at

    // Rows: the axis, the mode's header, then one row per lane; find a row whose waits on the queue
    // explain themselves as a consumer's, and hover each wait until one names its producer.
    let sentence = '';
    const seen: string[] = [];
    let arrowPixels = 0;
    search: for (let row = 0; row < 8; row++) {
      const y = AXIS_HEIGHT + HEADER_HEIGHT + row * (ROW_HEIGHT + ROW_GAP) + ROW_HEIGHT / 2;
      const { xs } = await pixels(STATE_COLOURS.blocked_on_queue, y);
      // The middle of each run of blocked pixels, at most 6 per row.
      const starts = xs.filter((x, i) => i === 0 || x - xs[i - 1] > 2);
      for (const x of starts.slice(0, 6)) {
        await w.page.mouse.move(box.x + x + 2, box.y + y);
        await w.page.waitForTimeout(150);
        const text = (await w.page.getByTestId('why-it-waited').innerText()).trim();
        seen.push(`row ${row} x ${x}: ${text.slice(0, 100)}`);
        if (/^consumer \d+ waited .* on the queue; producer \d+'s put of value \d+ at .* woke it/.test(text)) {
          sentence = text;
          arrowPixels = (await pixels(ARROW_COLOUR)).count;
          break search;
        }
      }
    }
    console.log(`why it waited: "${sentence}", arrow pixels ${arrowPixels}; hovered:\n${seen.join('\n')}`);
    await w.page.screenshot({ path: artifactPath('why-it-waited.png'), fullPage: true });
    expect(sentence).toMatch(/^consumer \d+ waited \d[\d.]* (ms|s|µs) on the queue; producer [12]'s put of value \d+ at \d[\d.]* (ms|s) woke it/);
    expect(arrowPixels).toBeGreaterThan(20);
    // The item it names is one the run processed (the results list every item).
    const value = /put of (value \d+)/.exec(sentence)![1];
    await w.page.evaluate(openItemLists); // the page makes the per-item lists once opened
    await expect
      .poll(() =>
        w.page
          .locator('.results')
          .first()
          .evaluate((e) => e.textContent ?? ''),
      )
      .toContain(`processed ${value} after`);

    // Leaving the canvas takes the arrow away again.
    await w.page.mouse.move(box.x - 20, box.y - 20);
    await w.page.waitForTimeout(200);
    expect((await pixels(ARROW_COLOUR)).count).toBe(0);

    // The control draws every hand-off of the run at once.
    await w.page.locator('.timeline label:has-text("Arrows") select').selectOption('queue');
    await w.page.waitForTimeout(200);
    expect((await pixels(ARROW_COLOUR)).count).toBeGreaterThan(arrowPixels);

    // Following an item from the keyboard: the first queue hand-off's put, then the wait it ended
    // (the replay's playhead moves to each step), then what that consumer did next.
    const why = async () => (await w.page.getByTestId('why-it-waited').innerText()).trim();
    const follow = w.page.getByRole('button', { name: /Follow the chosen span's hand-off/ });
    await follow.focus();
    await w.page.keyboard.press('Enter');
    await expect.poll(why).toMatch(/producer \d+ let consumer \d+ go on/);
    await w.page.keyboard.press('Enter');
    await expect.poll(why).toMatch(/^consumer \d+ waited .* on the queue; producer \d+'s put of value \d+ at .* woke it/);
    const step = await why();
    expect(await w.page.locator('.replay').innerText()).not.toContain('not started');
    await w.page.locator('canvas').first().focus();
    await w.page.keyboard.press('f');
    await expect.poll(why).toMatch(/^then consumer \d+ went on: /);
    console.log(`followed: "${step}", then "${(await why()).split('\n')[0]}"`);
    await w.page.keyboard.press('b');
    await expect.poll(why).toBe(step);
    await expectHealthyPage(w, [server.url]);
  });
});
