// Issue 17 in Firefox and WebKitGTK: after a producer/consumer run, hovering a
// consumer's wait on the queue draws the arrow from the put that woke it and the
// sentence names the producer and the item (the Chromium test, ../why-it-waited.e2e.ts,
// does the same with Playwright's mouse). The search runs through whichever
// driver the test has: `evaluate` runs one of page.ts's functions in the page.
import { expect } from 'vitest';
import { ARROW_COLOUR } from '../../../web/src/timeline/arrows';
import { AXIS_HEIGHT } from '../../../web/src/timeline/draw';
import { HEADER_HEIGHT, ROW_GAP, ROW_HEIGHT } from '../../../web/src/timeline/layout';
import { STATE_COLOURS } from '../../../web/src/timeline/states';
import { timelinePixels, colourRunStarts, latestResultsText, leaveTimeline, openItemLists, pixelsOfColour, pointAtTimeline, whyItWaitedText } from './page';

/** Runs a self-contained page function with JSON arguments (puppeteer's evaluate, WebDriver's execute). */
export type Evaluate = <T>(fn: (...args: never[]) => T, ...args: unknown[]) => Promise<T>;

/** Slow producers, quick consumers: the consumers wait on an empty queue for each item. */
export const WHY_QUERY = 'scenario=producer-consumer&producers=2&consumers=2&items=6&queue_size=2&min_delay_ms=100&max_delay_ms=300&process_ms=20';

const SENTENCE = /^consumer \d+ waited \d[\d.]* (ms|s|µs) on the queue; producer [12]'s put of value \d+ at \d[\d.]* (ms|s) woke it/;
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Hovers the finished run's consumers' waits until one explains itself, then leaves the canvas; checks the
 *  sentence, the arrow's pixels while hovered and none before and after. Returns the sentence. */
export async function checkWhyItWaited(evaluate: Evaluate, browser: string): Promise<string> {
  await pause(300); // the canvas redraws on the next animation frame
  expect(await evaluate(pixelsOfColour, ARROW_COLOUR)).toBe(0); // no arrows until a span is pointed at
  console.log(
    'DEBUG',
    JSON.stringify(await evaluate(timelinePixels)),
    await evaluate(() => {
      const c = document.querySelector('canvas')!;
      return `${c.width}x${c.height} ${JSON.stringify(c.getBoundingClientRect())} ${document.querySelector('.results')?.textContent?.slice(0, 300)}`;
    }),
  );
  let sentence = '';
  let arrowPixels = 0;
  const seen: string[] = [];
  // Rows: the axis, the mode's header, then one row per lane; at most 6 waits per row. Searched up to 3
  // times: the edges are indexed in a task of their own after the run ends (web/src/run/comparison.ts),
  // and Firefox once answered every hover with the placeholder on a busy machine.
  search: for (let attempt = 0; attempt < 3; attempt++, await pause(500))
    for (let row = 0; row < 8; row++) {
      const y = AXIS_HEIGHT + HEADER_HEIGHT + row * (ROW_HEIGHT + ROW_GAP) + ROW_HEIGHT / 2;
      console.log('DEBUG row', row, y, JSON.stringify(await evaluate(colourRunStarts, STATE_COLOURS.blocked_on_queue, y)), STATE_COLOURS.blocked_on_queue);
      for (const x of (await evaluate(colourRunStarts, STATE_COLOURS.blocked_on_queue, y)).slice(0, 6)) {
        await evaluate(pointAtTimeline, x + 2, y);
        await pause(150);
        const text = await evaluate(whyItWaitedText);
        seen.push(`row ${row} x ${x}: ${text.slice(0, 100)}`);
        if (SENTENCE.test(text)) {
          sentence = text;
          arrowPixels = await evaluate(pixelsOfColour, ARROW_COLOUR);
          break search;
        }
      }
    }
  console.log(`${browser}, why it waited: "${sentence}", arrow pixels ${arrowPixels}; hovered:\n${seen.join('\n')}`);
  expect(sentence).toMatch(SENTENCE);
  expect(arrowPixels).toBeGreaterThan(20);
  // The item it names is one the run processed (the results list every item).
  const processed = `processed ${/put of (value \d+)/.exec(sentence)![1]} after`;
  await evaluate(openItemLists);
  for (let i = 0; i < 20 && !(await evaluate(latestResultsText)).includes(processed); i++) await pause(100);
  expect(await evaluate(latestResultsText)).toContain(processed);
  await evaluate(leaveTimeline);
  await pause(200);
  expect(await evaluate(pixelsOfColour, ARROW_COLOUR)).toBe(0);
  return sentence;
}
