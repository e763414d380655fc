// The code panel: tabs per mode, highlighted text (never HTML), the line of a
// hovered or stepped-to span lit, a clicked line listing its spans — through the
// links store directly and through the real Timeline and Replay components.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { CodePanel } from '../../web/src/code/CodePanel';
import { buildBundle } from '../../web/src/code/extract';
import { excerpts as realBundle } from '../../web/src/code/excerpts';
import { Links, links as pageLinks } from '../../web/src/code/links';
import { focusLines } from '../../web/src/code/lookup';
import { ReplayPanel } from '../../web/src/timeline/ReplayPanel';
import { Timeline } from '../../web/src/timeline/Timeline';
import type { Scenario, Span } from '../../web/src/engine/types';
import { scenarios as shippedScenarios } from '../../web/src/scenarios';
import { SpanStore } from '../../web/src/timeline/store';
import { sleep } from './fixtures';
import { modeIds } from '../../web/src/state/modes';

const HOSTILE = '<img src=x onerror=alert(1)>';

const SOURCE = `// [excerpt sleep.serial]
// One thread: the waits add up. ${HOSTILE}
void sleep_serial(const Waits& waits) {
  thread_sleep(waits.first_us, "first wait", "sleep.serial.first");
  thread_sleep(waits.second_us, "${HOSTILE}", "sleep.serial.second");
}
// [/excerpt]
// [excerpt sleep.threads]
void sleep_threads(const Waits& waits, ThreadPool& pool) {
  auto first = pool.submit([&] { thread_sleep(waits.first_us, "first wait", "sleep.threads.wait"); });
  first.get();
}
// [/excerpt]
// [excerpt sleep.coroutines]
Task<void> wait_for(EventLoop& loop, micros d) {
  co_await sleep(loop, d);
}
// [/excerpt]
`;

const bundle = buildBundle([{ file: 'wasm/lessons/sleep/sleep_lesson.cpp', text: SOURCE }], [{ id: 'sleep', modes: modeIds(sleep) }]);

const span = (site: string, over: Partial<Span> = {}): Span => ({
  lane: 0,
  state: 'waiting_on_io',
  start_us: 0,
  end_us: 800_000,
  label: 'first wait',
  site,
  ...over,
});

function storeWith(spans: Span[], lanes = [{ id: 0, name: 'main', kind: 'thread' as const }]) {
  const store = new SpanStore();
  store.setLanes(lanes);
  store.add(spans);
  return store;
}

const litLines = (c: Element) => [...c.querySelectorAll('.code-line.lit')].map((l) => Number(l.getAttribute('data-line')));
const activeTab = (c: Element) => c.querySelector('[role=tab][aria-selected=true]')?.textContent;

afterEach(() => {
  cleanup();
  pageLinks.reset();
  vi.restoreAllMocks();
});

describe('code panel', () => {
  it('shows one tab per mode and the excerpt with its file and real line numbers', () => {
    const { container, getByRole } = render(<CodePanel scenario={sleep} bundle={bundle} store={new Links()} />);
    const panel = container.querySelector('[data-testid="code-panel"]')!;
    expect([...panel.querySelectorAll('[role=tab]')].map((t) => t.textContent)).toEqual(modeIds(sleep));
    expect(activeTab(container)).toBe('serial');
    expect(panel.querySelector('figcaption')!.textContent).toContain('wasm/lessons/sleep/sleep_lesson.cpp');
    expect(panel.querySelector('figcaption')!.textContent).toContain('lines 2–6');
    expect([...panel.querySelectorAll('.code-line .ln')].map((l) => l.textContent)).toEqual(['2', '3', '4', '5', '6']);
    fireEvent.click(getByRole('tab', { name: 'threads' }));
    expect(activeTab(container)).toBe('threads');
    expect(panel.textContent).toContain('pool.submit');
    // A mode with no excerpt says so instead of showing nothing.
    fireEvent.click(getByRole('tab', { name: 'first-completed' }));
    expect(panel.textContent).toContain('No excerpt is marked for sleep.first-completed');
  });

  it('renders the source as text: markup in the C++ is never HTML', () => {
    const { container } = render(<CodePanel scenario={sleep} bundle={bundle} store={new Links()} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain(`// One thread: the waits add up. ${HOSTILE}`);
    expect(container.textContent).toContain(`"${HOSTILE}"`);
    // Highlighted: keywords and strings get their own classes.
    const line = container.querySelector('[data-line="3"]')!;
    expect([...line.querySelectorAll('.tok-keyword')].map((t) => t.textContent)).toContain('void');
    expect([...container.querySelectorAll('[data-line="4"] .tok-string')].map((t) => t.textContent)).toContain('"sleep.serial.first"');
  });

  it('marks the lines that record spans with data-line-site', () => {
    const { container } = render(<CodePanel scenario={sleep} bundle={bundle} store={new Links()} />);
    expect([...container.querySelectorAll('[data-line-site]')].map((l) => [l.getAttribute('data-line'), l.getAttribute('data-line-site')])).toEqual([
      ['4', 'sleep.serial.first'],
      ['5', 'sleep.serial.second'],
    ]);
  });

  it("lights the line that recorded the hovered span, in that span's mode", () => {
    const store = new Links();
    const { container } = render(<CodePanel scenario={sleep} bundle={bundle} store={store} />);
    expect(litLines(container)).toEqual([]);
    act(() => store.hover({ mode: 'serial', span: span('sleep.serial.second', { label: 'second wait' }), lane: 'main' }));
    expect(litLines(container)).toEqual([5]);
    expect(container.querySelector('.code-line.lit')!.getAttribute('data-line-site')).toBe('sleep.serial.second');
    expect(container.querySelector('[role=tabpanel]')!.getAttribute('data-focus-site')).toBe('sleep.serial.second');
    expect(container.querySelector('.code-status')!.textContent).toBe(
      'main: waiting on I/O (second wait), 800 ms — recorded at line 5, highlighted (site sleep.serial.second).',
    );
    // Hovering a span of another run switches the tab to that mode.
    act(() => store.hover({ mode: 'threads', span: span('sleep.threads.wait') }));
    expect(activeTab(container)).toBe('threads');
    expect(litLines(container)).toEqual([10]);
    // Two lines with one site: the one spelling out the span's label.
    const twoWaits = buildBundle([
      {
        file: 'w.cpp',
        text: '// [excerpt sleep.threads]\nsleep(1, "first wait", "sleep.threads.wait");\nsleep(2, "second wait", "sleep.threads.wait");\n// [/excerpt]\n',
      },
    ]);
    expect(focusLines(twoWaits, 'sleep.threads', span('sleep.threads.wait', { label: 'second wait' })).found[0].lines.map((l) => l.n)).toEqual([3]);
    expect(focusLines(twoWaits, 'sleep.threads', span('sleep.threads.wait', { label: 'third wait' })).found[0].lines.map((l) => l.n)).toEqual([2, 3]);
    // Two coroutines sleeping: the one this task runs.
    const pc = buildBundle([
      {
        file: 'pc.cpp',
        text: [
          '// [excerpt sleep.coroutines]',
          'Task<void> producer(EventLoop& loop) {',
          '  co_await sleep(loop, 1);',
          '}',
          'Task<void> consumer(EventLoop& loop) {',
          '  co_await sleep(loop, 2);',
          '}',
          '// [/excerpt]',
          'void run(EventLoop& loop) { loop.spawn(producer(loop), "producer " + n); loop.spawn(consumer(loop), "consumer " + n); }',
        ].join('\n'),
      },
    ]);
    expect(focusLines(pc, 'sleep.coroutines', span('loop.sleep'), 'producer 2').found[0].lines.map((l) => l.n)).toEqual([3]);
    expect(focusLines(pc, 'sleep.coroutines', span('loop.sleep'), 'consumer 1').found[0].lines.map((l) => l.n)).toEqual([6]);
    expect(focusLines(pc, 'sleep.coroutines', span('loop.sleep'), 'someone').found[0].lines.map((l) => l.n)).toEqual([3, 6]);
    // A coroutine's sleep is recorded inside sleep(): the line calling it is lit.
    act(() => store.hover({ mode: 'coroutines', span: span('loop.sleep') }));
    expect(litLines(container)).toEqual([16]);
    expect(container.querySelector('.code-line.lit')!.getAttribute('data-line-site')).toBe('loop.sleep');
    // The tab stays on the last mode pointed at.
    act(() => store.hover(undefined));
    expect(activeTab(container)).toBe('coroutines');
    expect(litLines(container)).toEqual([]);
  });

  it('lights the coroutine a task runs for its running spans (loop.run)', () => {
    const text = `// [excerpt sleep.coroutines]
Task<void> wait_for(EventLoop& loop, micros d) {
  co_await sleep(loop, d);
}
Task<void> both_waits(EventLoop& loop) {
  co_await gather(loop, wait_for(loop, 1), wait_for(loop, 2));
}
// [/excerpt]
void run(EventLoop& loop) {
  auto main = loop.spawn(both_waits(loop), "main");
}
`;
    const b = buildBundle([{ file: 'wasm/lessons/sleep/sleep_lesson.cpp', text }], [{ id: 'sleep', modes: modeIds(sleep) }]);
    expect(b.tasks).toEqual({ main: ['both_waits'] });
    const store = new Links();
    const { container } = render(<CodePanel scenario={sleep} bundle={b} store={store} />);
    const running = span('loop.run', { state: 'running', label: '', end_us: 20 });
    act(() => store.hover({ mode: 'coroutines', span: running, lane: 'main' }));
    expect(litLines(container)).toEqual([5]);
    expect(container.querySelector('.code-status')!.textContent).toContain('in the coroutine at line 5, between two co_awaits');
    act(() => store.hover({ mode: 'coroutines', span: running, lane: 'main.gather[1]' }));
    expect(litLines(container)).toEqual([2]);
    act(() => store.hover({ mode: 'coroutines', span: running, lane: 'worker' }));
    expect(litLines(container)).toEqual([]);
  });

  it("falls back to the mode's excerpt as a whole when the span has no known site", () => {
    const store = new Links();
    const { container } = render(<CodePanel scenario={sleep} bundle={bundle} store={store} />);
    act(() => store.hover({ mode: 'threads', span: span('', { state: 'idle', label: '' }), lane: 'worker 0' }));
    expect(activeTab(container)).toBe('threads');
    expect(litLines(container)).toEqual([]);
    expect(container.querySelector('.code-block.whole')).not.toBeNull();
    expect(container.querySelector('.code-status')!.textContent).toContain('records no code site');
    // A worker running with no site of its own: the line handing it the job.
    act(() => store.hover({ mode: 'threads', span: span('', { state: 'running', label: '' }), lane: 'worker 0' }));
    expect(litLines(container)).toEqual([10]);
    expect(container.querySelector('.code-block.whole')).toBeNull();
    expect(container.querySelector('.code-status')!.textContent).toContain('ran a job handed over at line 10');
    act(() => store.hover({ mode: 'threads', span: span('sleep.threads.nowhere') }));
    expect(container.querySelector('.code-status')!.textContent).toContain('site sleep.threads.nowhere is not marked');
    // A core site no line names is explained in words.
    act(() => store.hover({ mode: 'coroutines', span: span('loop.run', { state: 'running', label: '' }), lane: 'main' }));
    expect(container.querySelector('.code-status')!.textContent).toBe(
      'main: running, 800 ms — the task ran its own code between two co_awaits; the event loop records that (site loop.run).',
    );
  });

  it('lists the spans of a clicked line: count, total time and the first few in words', () => {
    const store = new Links();
    const spans = [
      span('sleep.serial.first', { start_us: 0, end_us: 800_000, label: 'first wait' }),
      span('sleep.serial.second', { start_us: 800_000, end_us: 1_700_000, label: 'second wait' }),
    ];
    const tracks = [{ mode: 'serial', store: storeWith(spans) }];
    const { container, getByTestId } = render(<CodePanel scenario={sleep} bundle={bundle} store={store} tracks={tracks} />);
    fireEvent.click(container.querySelector('[data-line="5"]')!);
    expect(store.get().chosen).toMatchObject({ mode: 'serial', line: 5, sites: ['sleep.serial.second'] });
    const list = getByTestId('code-line-spans');
    expect(list.textContent).toContain('1 span of the serial run came from this line, 900 ms in all');
    expect(list.textContent).toContain('main waiting on I/O (second wait) from 800 ms to 1.70 s');
    expect(container.querySelector('[data-line="5"]')!.getAttribute('aria-pressed')).toBe('true');
    // The timeline outlines exactly that line's spans.
    expect(store.isChosen('serial', spans[1])).toBe(true);
    expect(store.isChosen('serial', spans[0])).toBe(false);
    // Keyboard: Enter on the line chooses it again (toggles off).
    fireEvent.keyDown(container.querySelector('[data-line="5"]')!, { key: 'Enter' });
    expect(store.get().chosen).toBeUndefined();
    // A line of a mode that did not run says how to get its spans.
    fireEvent.click(container.querySelector('[role=tab]:nth-child(2)')!);
    fireEvent.click(container.querySelector('[data-line="10"]')!);
    expect(getByTestId('code-line-spans').textContent).toContain('Run threads to see the spans this line records.');
  });

  it("opens a shared excerpt seen also and lights where the span's state begins (the GIL hand-off)", () => {
    const cpu: Scenario = { ...sleep, id: 'cpu-bound', modes: [{ id: 'threads', needs_threads: true }] };
    const gilBundle = buildBundle(
      [
        {
          file: 'wasm/lessons/cpu_bound/cpu_bound.cpp',
          text: `// [excerpt cpu-bound.threads]\n// [see also core.gil.handoff]\nvoid compute(Pool& pool) {\n  pool.post([] { work("cpu.gil.compute"); });\n}\n// [/excerpt]\n`,
        },
        {
          file: 'wasm/core/gil.cpp',
          text: `// [excerpt core.gil.handoff]\nvoid Gil::yield_to_waiter(std::string_view site) {\n  LaneState waiting(SpanState::waiting_for_gil, "waiting for the GIL", site);\n  release_and_wait();\n}\n// [/excerpt]\n`,
        },
      ],
      [{ id: 'cpu-bound', modes: ['threads'] }],
    );
    expect(gilBundle.problems).toEqual([]);
    const store = new Links();
    const { container } = render(<CodePanel scenario={cpu} bundle={gilBundle} store={store} />);
    const seeAlso = container.querySelector('details.code-see-also')!;
    expect(seeAlso.querySelector('summary')!.textContent).toBe('See also: gil.handoff (gil.cpp)');
    expect(seeAlso.hasAttribute('open')).toBe(false);
    act(() => store.hover({ mode: 'threads', span: span('cpu.gil.compute', { state: 'waiting_for_gil', label: 'waiting for the GIL' }) }));
    expect(litLines(container)).toEqual([4, 3]);
    expect(seeAlso.hasAttribute('open')).toBe(true);
    expect(seeAlso.querySelector('.code-line.lit')!.textContent).toContain('SpanState::waiting_for_gil');
  });

  it("shows the shared code entering a span's state when no line of the mode recorded the span", () => {
    const amdahl: Scenario = { ...sleep, id: 'amdahl', modes: [{ id: 'pool', needs_threads: true }] };
    const b = buildBundle(
      [
        {
          file: 'wasm/lessons/amdahl/amdahl.cpp',
          text: `// [excerpt amdahl.pool]\nvoid run(Pool& pool) {\n  pool.post([] { work("amdahl.pool.parallel"); });\n}\n// [/excerpt]\n`,
        },
        {
          file: 'wasm/core/gil.cpp',
          text: `// [excerpt core.gil.handoff]\nvoid Gil::yield_to_waiter() {\n  LaneState waiting(SpanState::waiting_for_gil, "waiting for the GIL");\n}\n// [/excerpt]\n`,
        },
      ],
      [{ id: 'amdahl', modes: ['pool'] }],
    );
    const store = new Links();
    const { container } = render(<CodePanel scenario={amdahl} bundle={b} store={store} />);
    expect(container.querySelector('details.code-see-also')).toBeNull();
    act(() => store.hover({ mode: 'pool', span: span('', { state: 'waiting_for_gil', label: '' }), lane: 'pool worker 1' }));
    const seeAlso = container.querySelector('details.code-see-also')!;
    expect(seeAlso.hasAttribute('open')).toBe(true);
    expect(litLines(container)).toEqual([3]);
    act(() => store.hover({ mode: 'pool', span: span('amdahl.pool.parallel', { state: 'running' }) }));
    expect(container.querySelector('details.code-see-also')).toBeNull();
    expect(litLines(container)).toEqual([3]);
  });

  it('is collapsed in a <details> on the embed page', () => {
    const { container } = render(<CodePanel scenario={sleep} bundle={bundle} store={new Links()} compact />);
    const details = container.querySelector('[data-testid="code-panel"] details')!;
    expect(details).not.toBeNull();
    expect(details.hasAttribute('open')).toBe(false);
    expect(details.querySelector('summary')!.textContent).toBe('The code that ran');
  });

  it('has every mode of every shipped scenario, from the real sources', () => {
    for (const scenario of shippedScenarios) {
      const { container, getByRole, unmount } = render(<CodePanel scenario={scenario} bundle={realBundle} store={new Links()} />);
      for (const mode of modeIds(scenario)) {
        fireEvent.click(getByRole('tab', { name: mode }));
        const lines = container.querySelectorAll('.code-line');
        expect(lines.length, `${scenario.id}.${mode}`).toBeGreaterThan(0);
        expect(container.textContent).not.toContain('No excerpt is marked');
        expect(container.querySelector('figcaption')!.textContent).toMatch(/^wasm\//);
      }
      unmount();
    }
  });
});

describe('code panel with the timeline and the replay', () => {
  beforeEach(() => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    vi.spyOn(HTMLCanvasElement.prototype, 'getBoundingClientRect').mockReturnValue({
      left: 0,
      top: 0,
      right: 720,
      bottom: 100,
      width: 720,
      height: 100,
      x: 0,
      y: 0,
      toJSON() {},
    } as DOMRect);
  });

  const scenario: Scenario = { ...sleep };

  it('hovering a span in the timeline lights the line with its site; leaving clears it', async () => {
    const store = storeWith([
      span('sleep.serial.first', { start_us: 0, end_us: 800_000 }),
      span('sleep.serial.second', { start_us: 800_000, end_us: 1_700_000, label: 'second wait' }),
    ]);
    const tracks = [{ mode: 'serial', store }];
    const { container } = render(
      <div>
        <Timeline tracks={tracks} wall={new Map([['serial', 1700]])} />
        <CodePanel scenario={scenario} bundle={bundle} tracks={tracks} />
      </div>,
    );
    const canvas = container.querySelector('canvas')!;
    await new Promise((r) => setTimeout(r, 50)); // the frame loop lays out the rows
    // jsdom lays nothing out, so the timeline takes its narrow layout: a 76 px label
    // column, then 524 px for 1.7 s. x = 76 + 450 is at about 1.46 s (the second wait).
    fireEvent.pointerMove(canvas, { clientX: 76 + 450, clientY: 20 + 22 + 5 });
    await waitFor(() => expect(litLines(container)).toEqual([5]));
    fireEvent.pointerMove(canvas, { clientX: 76 + 100, clientY: 20 + 22 + 5 });
    await waitFor(() => expect(litLines(container)).toEqual([4]));
    fireEvent.pointerLeave(canvas);
    await waitFor(() => expect(litLines(container)).toEqual([]));
  });

  it('stepping the replay to an event lights the line of its span', async () => {
    const store = storeWith([
      span('sleep.serial.first', { start_us: 0, end_us: 800_000 }),
      span('sleep.serial.second', { start_us: 800_000, end_us: 1_700_000, label: 'second wait' }),
    ]);
    const tracks = [{ mode: 'serial', store }];
    let playhead: number | undefined;
    const { container, getByRole } = render(
      <div>
        <ReplayPanel
          tracks={tracks}
          version="1"
          end_us={1_700_000}
          playhead={playhead}
          onPlayhead={(t) => {
            playhead = t;
          }}
        />
        <CodePanel scenario={scenario} bundle={bundle} tracks={tracks} />
      </div>,
    );
    fireEvent.click(getByRole('button', { name: 'Next event' }));
    // First event: main starts the first wait.
    await waitFor(() => expect(litLines(container)).toEqual([4]));
    expect(pageLinks.get().step?.span.site).toBe('sleep.serial.first');
  });
});
