import { describe, expect, it } from 'vitest';
import { SpanStore } from '../../web/src/timeline/store';
import { hitTest, laneRects, layoutRows } from '../../web/src/timeline/layout';
import { clamp, fitAll, panBy, timeOf, xOf, zoomAt, formatTime, tickStep } from '../../web/src/timeline/viewport';
import type { Edge, Span } from '../../web/src/engine/types';
import { alternating } from './fixtures';

const span = (lane: number, start_us: number, end_us: number, state: Span['state'] = 'running', label = ''): Span => ({
  lane,
  state,
  start_us,
  end_us,
  label,
  site: '',
});

describe('span store', () => {
  it('returns exactly the spans that intersect the visible range', () => {
    const store = new SpanStore();
    store.add(alternating(0, 100, 10));
    const visible = store.lane(0)!.visible(95, 125);
    expect(visible.map((s) => s.start_us)).toEqual([90, 100, 110, 120]);
  });

  it('finds a long span that started before the window even when later spans are short', () => {
    const store = new SpanStore();
    store.add([span(0, 0, 1000, 'waiting_on_io'), span(0, 10, 20), span(0, 30, 40)]);
    expect(
      store
        .lane(0)!
        .visible(500, 600)
        .map((s) => s.start_us),
    ).toEqual([0]);
  });

  it('accepts spans out of order across progress reports', () => {
    const store = new SpanStore();
    store.add([span(1, 50, 60)]);
    store.add([span(1, 0, 10), span(1, 20, 30)]);
    expect(
      store
        .lane(1)!
        .visible(0, 100)
        .map((s) => s.start_us),
    ).toEqual([0, 20, 50]);
    expect(store.end_us).toBe(60);
    expect(store.lanes.map((l) => l.id)).toEqual([1]);
  });

  it('keeps lane names from the engine and adds lanes it has not been told about', () => {
    const store = new SpanStore();
    store.setLanes([{ id: 2, name: 'worker 2', kind: 'thread' }]);
    store.add([span(0, 0, 5)]);
    expect(store.lanes.map((l) => l.name)).toEqual(['lane 0', 'worker 2']);
  });

  it('finds edges added across progress reports, out of order, around the spans they touch', () => {
    const store = new SpanStore();
    store.add([span(0, 0, 100), span(0, 100, 200), span(1, 0, 150, 'blocked_on_queue'), span(1, 150, 300)]);
    const edge = (from_us: number, to_us: number, label: string): Edge => ({ kind: 'queue', from_lane: 0, from_us, to_lane: 1, to_us, label });
    store.addEdges([edge(150, 160, 'second')]);
    const before = store.version;
    store.addEdges([edge(50, 60, 'first')]);
    expect(store.version).toBeGreaterThan(before);
    const [first, second] = store.lane(0)!.ordered();
    expect(store.edges.around(first, store.lane(0)!).outgoing.map((e) => e.label)).toEqual(['first']);
    expect(store.edges.around(second, store.lane(0)!).outgoing.map((e) => e.label)).toEqual(['second']);
    const wait = store.lane(1)!.ordered()[0];
    expect(store.edges.around(wait, store.lane(1)!).incoming.map((e) => e.label)).toEqual(['first']);
    expect(store.edges.size).toBe(2);
    // A new round starts with none.
    store.reset([], []);
    expect(store.edges.size).toBe(0);
  });
});

describe('viewport', () => {
  it('maps time to pixels and back', () => {
    const v = { t0: 1000, t1: 2000, width: 500 };
    expect(xOf(v, 1500)).toBe(250);
    expect(timeOf(v, 250)).toBe(1500);
  });

  it('zooms around the pointer, keeping the time under it fixed', () => {
    const v = fitAll(10_000, 1000);
    const z = zoomAt(v, 250, 4, 10_000);
    expect(z.t1 - z.t0).toBeCloseTo(2500);
    expect(timeOf(z, 250)).toBeCloseTo(timeOf(v, 250));
  });

  it('never zooms below 10 µs nor pans outside the run', () => {
    const v = fitAll(10_000, 1000);
    const z = zoomAt(v, 0, 1e9, 10_000);
    expect(z.t1 - z.t0).toBe(10);
    const p = panBy(fitAll(10_000, 1000), -500, 10_000);
    expect(p.t0).toBe(0);
    const q = panBy(zoomAt(v, 0, 2, 10_000), 1e6, 10_000);
    expect(q.t1).toBe(10_000);
    expect(clamp({ t0: 0, t1: 1e12, width: 100 }, 10_000).t1).toBe(10_000);
  });

  it('formats times and picks round tick steps', () => {
    expect(formatTime(12_345)).toBe('12.3 ms');
    expect(formatTime(850)).toBe('850 µs');
    expect(formatTime(1_700_000)).toBe('1.70 s');
    expect(tickStep({ t0: 0, t1: 1_000_000, width: 900 })).toBe(100_000);
  });
});

describe('hit testing', () => {
  it('finds the span under the pointer in the right lane of the right mode', () => {
    const serial = new SpanStore();
    serial.setLanes([{ id: 0, name: 'main', kind: 'thread' }]);
    serial.add([span(0, 0, 800, 'waiting_on_io', 'first wait'), span(0, 800, 1700, 'waiting_on_io', 'second wait')]);
    const threads = new SpanStore();
    threads.setLanes([
      { id: 0, name: 'worker 0', kind: 'thread' },
      { id: 1, name: 'worker 1', kind: 'thread' },
    ]);
    threads.add([span(0, 0, 800, 'waiting_on_io', 'first'), span(1, 0, 900, 'waiting_on_io', 'second')]);
    const { rows } = layoutRows([
      { mode: 'serial', store: serial },
      { mode: 'threads', store: threads },
    ]);
    const v = { t0: 0, t1: 1700, width: 1700 };
    const laneRow = (mode: string, name: string) => rows.find((r) => r.kind === 'lane' && r.track.mode === mode && r.name === name)!;
    const serialMain = laneRow('serial', 'main');
    expect(hitTest(rows, v, 1000, serialMain.y + 2)?.span.label).toBe('second wait');
    const worker1 = laneRow('threads', 'worker 1');
    expect(hitTest(rows, v, 850, worker1.y + 2)?.span.label).toBe('second');
    expect(hitTest(rows, v, 1200, worker1.y + 2)).toBeUndefined();
    expect(hitTest(rows, v, 10, rows[0].y + 2)).toBeUndefined(); // a header row
  });
});

describe('drawing 100 000 spans', () => {
  it('merges sub-pixel spans so rectangles are bounded by the width, keeping the dominant state', () => {
    const store = new SpanStore();
    const spans: Span[] = [];
    for (let lane = 0; lane < 4; lane++) spans.push(...alternating(lane, 25_000, 4));
    store.add(spans);
    expect(store.count).toBe(100_000);
    const v = fitAll(store.end_us, 800);
    let rects = 0;
    let covered = 0;
    for (const lane of store.lanes) {
      const r = laneRects(store.lane(lane.id)!, v);
      rects += r.length;
      covered += r.reduce((n, x) => n + x.spans, 0);
    }
    expect(rects).toBeLessThanOrEqual(4 * 801);
    expect(covered).toBe(100_000);

    // Zoomed in, each span gets its own rectangle and only visible spans are touched.
    const zoomed = { t0: 40_000, t1: 40_400, width: 800 };
    const r = laneRects(store.lane(0)!, zoomed);
    expect(r.length).toBe(100);
    expect(r.map((x) => x.state).slice(0, 2)).toEqual(['running', 'waiting_for_gil']);
  });

  it('colours a merged column by the state that took most of its time', () => {
    const store = new SpanStore();
    store.add([span(0, 0, 1, 'waiting_for_gil'), span(0, 1, 9, 'running'), span(0, 9, 10, 'waiting_for_gil'), span(0, 10, 1000, 'idle')]);
    const rects = laneRects(store.lane(0)!, { t0: 0, t1: 1000, width: 100 });
    expect(rects[0]).toMatchObject({ x: 0, w: 1, state: 'running', spans: 3 });
    expect(rects[1].state).toBe('idle');
  });

  it('draws moments (arrivals, rejections) as one-pixel marks in their own colour, and hovers them', () => {
    const store = new SpanStore();
    store.add([
      span(0, 100, 100, 'arrived', 'request 1'),
      span(0, 500, 500, 'rejected', 'request 2: the backlog was full'),
      span(0, 502, 502, 'rejected', 'request 3: the backlog was full'),
      span(0, 503, 503, 'arrived', 'request 4'),
    ]);
    const v = { t0: 0, t1: 1000, width: 100 };
    const rects = laneRects(store.lane(0)!, v);
    expect(rects).toEqual([
      { x: 10, w: 1, state: 'arrived', spans: 1 },
      { x: 50, w: 1, state: 'rejected', spans: 3 },
    ]);
    const { rows } = layoutRows([{ mode: 'm', store }]);
    expect(hitTest(rows, v, 10.2, rows[1].y + 2)?.span.label).toBe('request 1');
  });

  it("gives an edge that ends where one span ends and the next begins to the span it ended, as a coroutine's are", () => {
    const store = new SpanStore();
    // A coroutine's lane: a sleep, a wait on the queue right after it, the processing right after that,
    // then after a gap another span. Each wake-up is recorded in the microsecond its wait ends.
    store.add([span(1, 0, 600, 'waiting_on_io'), span(1, 600, 900, 'blocked_on_queue'), span(1, 900, 1000), span(1, 1200, 1300)]);
    store.add([span(0, 0, 2000)]);
    const edge = (kind: Edge['kind'], to_us: number, label: string): Edge => ({
      kind,
      from_lane: kind === 'timer' ? 1 : 0,
      from_us: to_us - 1,
      to_lane: 1,
      to_us,
      label,
    });
    store.addEdges([edge('timer', 600, 'timer'), edge('queue', 900, 'value 7'), edge('queue', 1200, 'after a gap')]);
    const incoming = store
      .lane(1)!
      .ordered()
      .map((s) => store.edges.around(s, store.lane(1)!).incoming.map((e) => e.label));
    expect(incoming).toEqual([['timer'], ['value 7'], [], ['after a gap']]);
  });
});
