// A chosen line's spans: counted and described from the run's store, and outlined
// on the timeline canvas — only the spans of that line, only in the visible window.
import { describe, expect, it } from 'vitest';
import { Links } from '../../web/src/code/links';
import { describeSpan, spansOf } from '../../web/src/code/spans';
import { drawChosenSpans } from '../../web/src/code/timeline-marks';
import type { Span } from '../../web/src/engine/types';
import { layoutRows } from '../../web/src/timeline/layout';
import { SpanStore } from '../../web/src/timeline/store';

function run(): SpanStore {
  const store = new SpanStore();
  store.setLanes([
    { id: 0, name: 'worker 0', kind: 'thread' },
    { id: 1, name: 'worker 1', kind: 'thread' },
  ]);
  const spans: Span[] = [];
  // 100 jobs over two lanes, alternating with GIL waits; added out of time order.
  for (let i = 99; i >= 0; i--) {
    spans.push({ lane: i % 2, state: 'running', start_us: i * 100, end_us: i * 100 + 60, label: `job ${i}`, site: 'cpu.gil.compute' });
    spans.push({ lane: i % 2, state: 'waiting_for_gil', start_us: i * 100 + 60, end_us: i * 100 + 100, label: '', site: '' });
  }
  store.add(spans);
  return store;
}

describe('spans of a chosen line', () => {
  it('counts them, sums their time and keeps the earliest few', () => {
    const r = spansOf([{ mode: 'threads', store: run() }], 'threads', ['cpu.gil.compute'], 3);
    expect(r.count).toBe(100);
    expect(r.total_us).toBe(6000);
    expect(r.first.map(({ span, lane }) => [span.label, lane])).toEqual([
      ['job 0', 'worker 0'],
      ['job 1', 'worker 1'],
      ['job 2', 'worker 0'],
    ]);
    expect(describeSpan(r.first[1].span, r.first[1].lane)).toBe('worker 1 running (job 1) from 100 µs to 160 µs');
  });

  it('finds nothing for another mode or another site', () => {
    const tracks = [{ mode: 'threads', store: run() }];
    expect(spansOf(tracks, 'serial', ['cpu.gil.compute']).count).toBe(0);
    expect(spansOf(tracks, 'threads', ['cpu.serial.compute']).count).toBe(0);
    expect(spansOf(tracks, 'threads', []).count).toBe(0);
  });
});

describe('outlines on the timeline', () => {
  function recorder() {
    const rects: Array<[number, number, number, number]> = [];
    const ctx = { save() {}, restore() {}, strokeRect: (...r: [number, number, number, number]) => void rects.push(r), strokeStyle: '', lineWidth: 0 };
    return { ctx: ctx as unknown as CanvasRenderingContext2D, rects };
  }

  it("outlines the chosen line's spans in the window, and nothing without a choice", () => {
    const tracks = [
      { mode: 'threads', store: run() },
      { mode: 'serial', store: run() },
    ];
    const { rows } = layoutRows(tracks);
    const store = new Links();
    const view = { t0: 0, t1: 1000, width: 500 };
    const none = recorder();
    expect(drawChosenSpans(none.ctx, rows, view, 100, store, '#000')).toBe(0);
    expect(none.rects).toEqual([]);

    store.choose({ mode: 'threads', excerpt: 'cpu-bound.threads', file: 'wasm/lessons/cpu_bound/cpu_bound.cpp', line: 46, sites: ['cpu.gil.compute'] });
    const some = recorder();
    // Jobs 0…9 start before 1000 µs (job 10 starts at exactly 1000: still touching the window).
    expect(drawChosenSpans(some.ctx, rows, view, 100, store, '#000')).toBe(11);
    // Job 0 on worker 0: x from 100 + 0 to 100 + 30 px, inside the first lane row of the threads track.
    const lane0 = rows.find((r) => r.kind === 'lane' && r.track.mode === 'threads' && r.laneId === 0)!;
    expect(some.rects[0]).toEqual([101, lane0.y + 20 + 1, 28, lane0.height - 2]);
    // The serial track has the same sites but was not chosen.
    expect(some.rects.every(([, y]) => y < rows.find((r) => r.kind === 'header' && r.track.mode === 'serial')!.y + 20)).toBe(true);
  });
});
