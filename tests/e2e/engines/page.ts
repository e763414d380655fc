// What the Firefox and WebKitGTK tests read from the page, as functions that run
// in it: each is self-contained (no closure, no import), so that puppeteer's
// evaluate and WebDriver's execute-script (which sends the source) can both run it.
// The Chromium tests (../helpers.ts) read the same things through Playwright.
import { parseWall } from '../helpers';

/** Whether the engine has loaded: the Run button is enabled. */
export function engineReady(): boolean {
  const button = document.querySelector<HTMLButtonElement>('.run-bar button.primary');
  return !!button && !button.disabled;
}

/** Clicks the Run button after arming a watch on Cancel (enabled while a run goes on), so that runEnded can tell
 *  a run that ended from one that has not started yet; returns the page's clock. */
export function clickRun(): number {
  const s = window as unknown as { __runSeen?: boolean; __runWatch?: MutationObserver };
  const cancel = [...document.querySelectorAll<HTMLButtonElement>('.run-bar button')].find((b) => b.textContent === 'Cancel')!;
  s.__runSeen = false;
  s.__runWatch?.disconnect();
  s.__runWatch = new MutationObserver(() => {
    if (!cancel.disabled) s.__runSeen = true;
  });
  s.__runWatch.observe(cancel, { attributes: true });
  document.querySelector<HTMLButtonElement>('.run-bar button.primary')!.click();
  return performance.now();
}

/** Whether the run started by clickRun has ended. */
export function runEnded(): boolean {
  const s = window as unknown as { __runSeen?: boolean };
  const cancel = [...document.querySelectorAll<HTMLButtonElement>('.run-bar button')].find((b) => b.textContent === 'Cancel')!;
  return !!s.__runSeen && cancel.disabled;
}

/** The page's status and progress text, for a message when a run does not end. */
export function statusText(): string {
  return [...document.querySelectorAll('.run-bar, [role=status], [role=alert], .error, .panel.env')].map((e) => (e.textContent ?? '').trim()).join(' | ');
}

/** The failed runs' messages under the latest comparison's results ("serial: the engine stopped …"), not
 *  the earlier runs' kept below it. */
export function runProblems(): string[] {
  const latest = document.querySelector('.results');
  return [...(latest?.querySelectorAll('p.error') ?? [])].map((e) => (e.textContent ?? '').trim()).filter((t) => t !== '');
}

export interface RawRow {
  mode: string;
  threads: string;
  wall: string;
  speedup: string;
  /** The speed-up cell's title: why a row has none. */
  speedupTitle: string;
  details: string;
}

/** The rows of the first results table (the latest comparison), as text. */
export function resultCells(): RawRow[] {
  const table = document.querySelector('.results table');
  if (!table) return [];
  const header = [...table.querySelectorAll('thead th')].map((h) => (h.textContent ?? '').trim());
  const col = (name: string) => header.findIndex((h) => h.startsWith(name));
  return [...table.querySelectorAll('tbody tr')].map((tr) => {
    const cells = [...tr.children].map((c) => (c.textContent ?? '').trim());
    const speedup = tr.children[col('speed-up')];
    return {
      mode: cells[0],
      threads: cells[col('threads')],
      wall: cells[col('wall time')],
      speedup: (speedup?.textContent ?? '').trim(),
      speedupTitle: speedup?.getAttribute('title') ?? '',
      details: cells[col('details')] ?? '',
    };
  });
}

export interface Row {
  mode: string;
  threads: number;
  wallMs: number;
  speedup: string;
  speedupTitle: string;
  details: string;
}

export const parseRows = (rows: RawRow[]): Row[] =>
  rows.map((r) => ({
    mode: r.mode,
    threads: Number(r.threads),
    wallMs: parseWall(r.wall),
    speedup: r.speedup,
    speedupTitle: r.speedupTitle,
    details: r.details,
  }));

/** What the timeline shows, as it last drew it (Timeline.tsx's data attributes): its time window in µs and how
 *  many lane names it had to cut short. */
export function timelineView(): { t0: number; t1: number; cutLabels: number } {
  const canvas = document.querySelector<HTMLCanvasElement>('.timeline canvas');
  const [t0, t1] = (canvas?.dataset.view ?? 'NaN NaN').split(' ').map(Number);
  return { t0, t1, cutLabels: Number(canvas?.dataset.cutLabels ?? Number.NaN) };
}

/** The first view shows every run whole, its end inside the plot (not on the edge), and every lane's full name. */
export function expectWholeRunsShown(view: ReturnType<typeof timelineView>, rows: Row[]): void {
  const end = Math.max(...rows.map((r) => r.wallMs)) * 1000;
  if (!(view.t0 === 0 && view.t1 > end * 1.02 && view.cutLabels === 0)) {
    throw new Error(
      `the timeline's first view is ${JSON.stringify(view)} for runs ending at ${end} µs: it must start at 0, end after them and cut no lane name`,
    );
  }
}

/** Pixels of the timeline canvas painted in each state colour (../helpers.ts timelinePixels runs this in Chromium). */
/** Pixels of the timeline canvas painted in one colour ("#rrggbb": a state's, from STATE_COLOURS). */
export function pixelsOfColour(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const canvas = document.querySelector('canvas')!;
  const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  let count = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] > 0) count++;
  return count;
}

/** The x (CSS px, from the canvas's left) where each run of pixels of colour `hex` begins on the canvas's row at `y` (CSS px). */
export function colourRunStarts(hex: string, y: number): number[] {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const canvas = document.querySelector('canvas')!;
  const dpr = canvas.width / canvas.getBoundingClientRect().width;
  const py = Math.round(y * dpr);
  const data = canvas.getContext('2d')!.getImageData(0, py, canvas.width, 1).data;
  const starts: number[] = [];
  let last = -10;
  for (let px = 0; px < canvas.width; px++) {
    const i = px * 4;
    if (data[i] !== r || data[i + 1] !== g || data[i + 2] !== b || data[i + 3] === 0) continue;
    if (px - last > 2 * dpr) starts.push(px / dpr);
    last = px;
  }
  return starts;
}

/** Moves a pointer over the timeline canvas to (x, y), CSS px from its corner, as a mouse would (a pointermove event). */
export function pointAtTimeline(x: number, y: number): void {
  const canvas = document.querySelector('canvas')!;
  const box = canvas.getBoundingClientRect();
  canvas.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: box.left + x, clientY: box.top + y, pointerType: 'mouse' }));
}

/** The pointer leaves the timeline canvas. */
export function leaveTimeline(): void {
  document.querySelector('canvas')!.dispatchEvent(new PointerEvent('pointerleave', { pointerType: 'mouse' }));
}

/** The text of the latest comparison's results. */
export function latestResultsText(): string {
  return document.querySelector('.results')?.textContent ?? '';
}

/** Opens the latest results' per-item lists, which the page makes only once opened (Results.tsx PerItem). */
export function openItemLists(): void {
  for (const details of document.querySelectorAll<HTMLDetailsElement>('.results details')) {
    if (!details.open) details.querySelector('summary')?.click();
  }
}

/** The sentence under the timeline that explains the hovered span's wait (issue 17). */
export function whyItWaitedText(): string {
  return (document.querySelector<HTMLElement>('[data-testid=why-it-waited]')?.textContent ?? '').trim();
}

export function timelinePixels(): Record<string, number> {
  const colours: Record<string, [number, number, number]> = {
    running: [0x2f, 0x9e, 0x44],
    waiting_on_io: [0x3b, 0x82, 0xf6],
    waiting_for_gil: [0xe0, 0x31, 0x31],
    blocked_on_queue: [0xf0, 0x8c, 0x00],
    idle: [0x86, 0x8e, 0x96],
    starting: [0x9c, 0x5d, 0xe0],
  };
  const canvas = document.querySelector('canvas')!;
  const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  const counts: Record<string, number> = { other: 0, blank: 0 };
  for (const k of Object.keys(colours)) counts[k] = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) {
      counts.blank++;
      continue;
    }
    const hit = Object.entries(colours).find(([, [r, g, b]]) => data[i] === r && data[i + 1] === g && data[i + 2] === b);
    counts[hit ? hit[0] : 'other']++;
  }
  return counts;
}

/** What the page shows about its environment (the environment panel) and why threads are off, if they are. */
export function environmentText(): { env: string; why: string; isolated: boolean; sharedArrayBuffer: boolean } {
  return {
    env: (document.querySelector<HTMLElement>('.env')?.innerText ?? '').trim(),
    why: (document.querySelector<HTMLElement>('#threads-unavailable')?.innerText ?? '').trim(),
    isolated: crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
  };
}

/** Whether each mode's checkbox is disabled, and the title or description that says why. */
export function modeBoxes(): { mode: string; disabled: boolean; label: string }[] {
  return [...document.querySelectorAll<HTMLInputElement>('input[name=modes]')].map((box) => ({
    mode: box.value,
    disabled: box.disabled,
    label: (box.closest('label')?.textContent ?? '').trim(),
  }));
}

/** Collects the page's uncaught errors and unhandled rejections from now on (WebDriver has no event for them). */
export function watchErrors(): void {
  const w = window as unknown as { __errors?: string[] };
  if (w.__errors) return;
  const errors: string[] = [];
  w.__errors = errors;
  window.addEventListener('error', (e) => errors.push(String(e.message)));
  window.addEventListener('unhandledrejection', (e) => errors.push(`unhandled rejection: ${String(e.reason)}`));
}

export function pageErrors(): string[] {
  return (window as unknown as { __errors?: string[] }).__errors ?? [];
}
